"""A real sandbox server (`python -m app.sandbox serve`) on a free loopback port, started with a planted secret
in its environment, plus a client helper and a background /health prober."""
from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import threading
import time

import httpx
import pytest

from tests.conftest import ROOT, free_port

PLANTED = "planted-secret-4f1e9c-should-never-leak"


class Sandbox:
    def __init__(self, url: str, data_dir: str, pid: int):
        self.url, self.pid = url, pid
        self.data_dir = data_dir
        self.client = httpx.Client(base_url=url, timeout=120)

    def execute(self, language: str, code: str, **kw) -> dict:
        body = {"language": language, "version": "*", "files": [{"name": kw.pop("name", ""), "content": code}], **kw}
        r = self.client.post("/api/v2/execute", json=body)
        assert r.status_code == 200, r.text
        return r.json()


def server_command(port: int, user: int | None = None) -> list[str]:
    """`python -m app.sandbox serve` on `port`; with `user`, as that unprivileged uid (Debian's python3.11 with
    this venv's packages: the venv's own interpreter lives under /root, which only root may enter)."""
    if user is None:
        return [sys.executable, "-m", "app.sandbox", "serve", "--port", str(port)]
    return ["/usr/bin/setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", "--",
            "/usr/bin/python3.11", "-m", "app.sandbox", "serve", "--port", str(port)]


def server_env(data, user: int | None = None, **extra: str) -> dict:
    env = {**os.environ, "PARLEY_DATA_DIR": str(data), "PARLEY_SECRET": PLANTED, "PLANTED_SECRET": PLANTED,
           "RUNS_PER_MINUTE": "100000", **extra}
    if user is not None:
        env["PYTHONPATH"] = os.pathsep.join([sysconfig.get_paths()["purelib"], str(ROOT)])
    return env


def start_server(data, user: int | None = None, **extra_env: str) -> tuple[subprocess.Popen, Sandbox]:
    """`python -m app.sandbox serve` on a free loopback port, with a secret planted in its environment."""
    port = free_port()
    proc = subprocess.Popen(server_command(port, user), cwd=ROOT, env=server_env(data, user, **extra_env))
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        if proc.poll() is not None:
            pytest.fail(f"sandbox server exited with {proc.returncode}")
        try:
            if httpx.get(url + "/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("sandbox server did not start")
    return proc, Sandbox(url, str(data), proc.pid)


@pytest.fixture(scope="session")
def sandbox_server(tmp_path_factory):
    data = tmp_path_factory.mktemp("sandbox-data")
    (data / "parley.db").write_text("app database contents")
    proc, server = start_server(data)
    yield server
    proc.terminate()
    proc.wait(timeout=20)


class HealthProbe(threading.Thread):
    """GET /health every 50 ms while hostile programs run; records the worst latency and any failure."""

    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.url, self.worst, self.failures, self.count = url, 0.0, [], 0
        self._halt = threading.Event()

    def run(self) -> None:
        with httpx.Client(timeout=10) as c:
            deadline = time.monotonic() + 900  # bounded even if the suite never stops it
            while not self._halt.is_set() and time.monotonic() < deadline:
                t = time.monotonic()
                try:
                    if c.get(self.url + "/health").status_code != 200:
                        self.failures.append("non-200")
                except httpx.HTTPError as e:
                    self.failures.append(repr(e))
                self.worst = max(self.worst, time.monotonic() - t)
                self.count += 1
                time.sleep(0.05)

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=15)


def sandbox_uid_processes(server, grace: float = 5.0) -> list[str]:
    """Processes running as one of that server's slot uids once the kernel has finished tearing a killed tree
    down (a fork bomb takes a moment to die): there must be none between runs but the boxes the server
    says are waiting for the next run (one per slot at most: bwrap, a child of the server, with its init and the
    waiter)."""
    from app.sandbox.slots import slot_uids

    uids = set(slot_uids(server.pid))
    deadline = time.monotonic() + grace
    while True:
        boxes = set(httpx.get(server.url + "/health", timeout=10).json()["boxes"])
        out = subprocess.run(["ps", "-eo", "uid=,pid=,ppid=,stat=,comm="], capture_output=True, text=True).stdout
        rows = [l.split() for l in out.splitlines() if l.split() and int(l.split()[0]) in uids]
        left = [" ".join(r) for r in rows if int(r[1]) not in boxes]
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.1)
