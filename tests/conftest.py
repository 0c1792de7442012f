"""Shared fixtures: a throw-away migrated database, the production app on a free port, and Playwright
driving Debian's Chromium with independent browser contexts (one per user) that record every request."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = os.environ.get("PARLEY_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
]

# Tests never touch the developer's data: everything below points at a temp dir before app modules import.
_SESSION_DATA = Path(tempfile.mkdtemp(prefix="parley-test-"))
os.environ.setdefault("PARLEY_DATA_DIR", str(_SESSION_DATA))
os.environ.pop("DATABASE_URL", None) if "PARLEY_TEST_KEEP_DB_URL" not in os.environ else None
# Take-homes short enough for a browser test to wait out (a 2-minute limit), swept every second.
os.environ.setdefault("ASSESSMENT_MIN_MINUTES", "2")
os.environ.setdefault("ASSESSMENT_SWEEP_SECONDS", "1")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def migrated_db(tmp_path, monkeypatch) -> str:
    """A fresh SQLite database at Alembic head; returns its URL."""
    from app import db

    url = f"sqlite:///{tmp_path / 'test.db'}"
    db.upgrade(url)
    return url


def _use_database(monkeypatch, url: str) -> str:
    """Point the app's services at `url` (with the problem bank loaded) for one test."""
    from app.config import settings
    from app.problems.store import seed

    monkeypatch.setattr(settings, "database_url", url)
    seed()
    return url


@pytest.fixture
def app_db(migrated_db, monkeypatch) -> str:
    """Services running in-process against a fresh, seeded SQLite database."""
    return _use_database(monkeypatch, migrated_db)


@pytest.fixture
def app_db_pg(postgres_db, monkeypatch) -> str:
    """Services running in-process against a fresh, seeded PostgreSQL database."""
    return _use_database(monkeypatch, postgres_db)


@dataclass
class AppServer:
    url: str
    port: int
    data_dir: Path
    proc: subprocess.Popen
    log: Path
    env: dict = field(default_factory=dict)

    @property
    def page_url(self) -> str:
        """Browsers use `localhost`: the name Reflex gives its WebSocket, so the session cookie goes with it."""
        return f"http://localhost:{self.port}"

    def get(self, path: str, **kw) -> httpx.Response:
        return httpx.get(self.url + path, timeout=30, **kw)


def _wait_ready(url: str, proc: subprocess.Popen, log: Path, timeout: float, page: bool = True) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"app exited with {proc.returncode}:\n{log.read_text()[-4000:]}")
        try:
            if httpx.get(url + "/health", timeout=2).status_code == 200 and (
                    not page or httpx.get(url + "/", timeout=5).status_code == 200):
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"app not ready after {timeout}s:\n{log.read_text()[-4000:]}")


def start_app(data_dir: Path, extra_env: dict | None = None, port: int | None = None) -> AppServer:
    """Migrate + seed a fresh data dir, then `reflex run --env prod` on one free loopback port."""
    port = port or free_port()
    env = {**os.environ, "PARLEY_DATA_DIR": str(data_dir), "CI": "true", **(extra_env or {})}
    env.pop("DATABASE_URL", None) if "DATABASE_URL" not in (extra_env or {}) else None
    subprocess.run([sys.executable, "-m", "app.manage", "prepare"], cwd=ROOT, env=env, check=True)
    log = data_dir / "server.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "reflex", "run", "--env", "prod", "--frontend-port", str(port),
         "--backend-port", str(port), "--backend-host", "127.0.0.1"],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
    )
    server = AppServer(f"http://127.0.0.1:{port}", port, data_dir, proc, log, env)
    try:
        _wait_ready(server.url, proc, log, timeout=float(os.environ.get("PARLEY_APP_START_TIMEOUT", 300)))
    except Exception:
        stop_app(server)
        raise
    return server


def stop_app(server: AppServer, sig: int = signal.SIGTERM) -> None:
    """Stop the server's whole process group (reflex starts granian workers under it)."""
    if server.proc.poll() is None:
        try:
            os.killpg(server.proc.pid, sig)
        except ProcessLookupError:
            pass
        try:
            server.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.proc.pid, signal.SIGKILL)
            server.proc.wait(timeout=10)


def restart_app(server: AppServer, sig: int = signal.SIGTERM) -> None:
    """Stop the server (e.g. SIGKILL) and start it again in place: same data dir, same port. A second server on
    another port would rebuild .web and point every page of the first at the wrong port."""
    stop_app(server, sig)
    fresh = start_app(server.data_dir, port=server.port)
    server.proc, server.log = fresh.proc, fresh.log


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed test that used the shared server shows the end of its log: CI keeps nothing else."""
    outcome = yield
    report = outcome.get_result()
    server = getattr(item, "funcargs", {}).get("app_server")
    if report.failed and report.when == "call" and isinstance(server, AppServer):
        try:
            report.sections.append(("app server log (last 4000 characters)",
                                    server.log.read_text(errors="replace")[-4000:]))
        except OSError:
            pass


@pytest.fixture(scope="session")
def app_server() -> AppServer:
    data_dir = Path(tempfile.mkdtemp(prefix="parley-app-"))
    server = start_app(data_dir)
    yield server
    stop_app(server)
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make setup` (installs Debian's chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@dataclass
class Recorded:
    """What one browser context did: every request URL and every console error."""
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def foreign_requests(self, origin: str) -> list[str]:
        own = urlparse(origin)
        out = []
        for u in self.requests:
            p = urlparse(u)
            if p.scheme in ("data", "blob", "about", "chrome-extension"):
                continue
            if (p.hostname, p.port) != (own.hostname, own.port):
                out.append(u)
        return out


@pytest.fixture
def new_context(browser, app_server):
    """Factory for independent browser contexts (separate cookies = separate users), each recording."""
    made = []

    def make(**kw):
        ctx = browser.new_context(base_url=app_server.page_url, viewport={"width": 1400, "height": 900}, **kw)
        rec = Recorded()
        ctx.on("request", lambda r: rec.requests.append(r.url))

        def watch(page):
            page.on("console", lambda m: rec.console_errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: rec.console_errors.append(str(e)))

        ctx.on("page", watch)
        ctx.recorded = rec
        made.append(ctx)
        return ctx

    yield make
    for c in made:
        c.close()


def signed_up(new_context, name: str, **context_kw):
    """A new browser context (a new person) with an account of its own, signed in through the API."""
    ctx = new_context(**context_kw)
    r = ctx.request.post("/api/auth/signup", data={"email": f"{uuid.uuid4().hex[:10]}@example.com",
                                                   "password": "browser-person-1", "display_name": name})
    assert r.status == 201, r.text()
    return ctx


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture(scope="session")
def postgres():
    """A running throw-away PostgreSQL; skips LOUDLY only where it cannot start."""
    from tests.postgres import Postgres, PostgresUnavailable

    pg = _started(lambda: Postgres(free_port()), PostgresUnavailable, "PostgreSQL")
    yield pg
    pg.stop()


def _started(make, unavailable: type[Exception], what: str):
    """A throw-away server made and started, or the test skipped LOUDLY (only where it cannot start)."""
    try:
        server = make()
        server.start()
    except unavailable as e:
        print(f"\n!!! {what} tests SKIPPED: {e} !!!\n", file=sys.stderr)
        pytest.skip(f"{what} unavailable: {e}")
    return server


@pytest.fixture
def postgres_db(postgres, request) -> str:
    """A fresh database in the shared cluster, migrated to head; returns its SQLAlchemy URL."""
    from app import db

    name = "t_" + "".join(c if c.isalnum() else "_" for c in request.node.name.lower())[:50] + f"_{free_port()}"
    url = postgres.create_database(name)
    db.upgrade(url)
    return url


async def next_message(ws, kind: str, timeout: float = 60) -> dict:
    """The next JSON message of `kind` on a WebSocket client, skipping the others (presence and the like)."""
    import asyncio
    import json

    async def find():
        while True:
            m = json.loads(await ws.recv())
            if isinstance(m, dict) and m.get("type") == kind:
                return m
    return await asyncio.wait_for(find(), timeout)


def leave_through_api(me, sid: str) -> int:
    """In-process (with `app_db`): `me` leaves the room through the REST door the page's Leave uses."""
    from tests import asgi_app

    async def go():
        async with asgi_app.client("127.0.0.1", me) as c:
            return (await c.post(f"/api/sessions/{sid}/leave", json={})).status_code
    return run_async(go())


def run_async(coro):
    """Run a coroutine to completion on a fresh loop in its own thread: Playwright's sync API keeps an event loop
    running in the main thread for the whole session once a browser test has run."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def two_person_room(guest_name: str = "Gus") -> tuple:
    """In-process (with `app_db`): a signed-up host, a guest who joined, and their public two-sum session id."""
    from app.auth import service as auth
    from app.sessions import service as sessions

    host = auth.signup(f"h{time.monotonic_ns()}@example.com", "room-host-pw-1", "Hana")
    guest = auth.create_guest(guest_name)
    sid = sessions.create(host, "two-sum")["id"]
    sessions.join(guest, sid)
    return host, guest, sid


@pytest.fixture(scope="session")
def redis_server():
    """A running throw-away Redis (Debian's redis-server); skips LOUDLY only where it cannot start."""
    from tests.redis import Redis, RedisUnavailable

    r = _started(lambda: Redis(free_port()), RedisUnavailable, "Redis")
    yield r
    r.stop()
