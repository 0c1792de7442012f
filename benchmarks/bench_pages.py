"""Page load on a cold browser cache over loopback: starts `make serve` on a free loopback port (fresh data dir),
then for each page opens BENCH_LOADS (default 5) loads, each in a new browser context (empty cache, no service
worker), and times from navigation start to the moment the page's content is on screen, measured in the page
(performance.now() on the first animation frame that shows it):
  home     the hero heading;
  problem  /problems/two-sum: the starter code (`def twoSum`) in the editor area;
  room     /session/{id} as its host: the shared code (`def twoSum`) in the room's editor area.
Targets (issue #19, 4b): problem and room <= 1.5 s p50, home <= 0.8 s p50."""
from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, free_port  # noqa: E402

LOADS = int(os.environ.get("BENCH_LOADS", 5))
TARGETS = {"home": 0.8, "problem": 1.5, "room": 1.5}

# Runs in every document before its own scripts: records the first animation frame at which the check of
# `window.__benchPage` holds (what the frame shows is what gets painted).
WATCH = """(() => {
  const visible = el => { if (!el) return false; const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight &&
           getComputedStyle(el).visibility !== 'hidden'; };
  const text = e => e.textContent.replace(/\u00a0/g, ' ');  // Monaco draws spaces as no-break spaces
  const shows = (sel, t) => [...document.querySelectorAll(sel)].some(e => visible(e) && text(e).includes(t));
  const checks = {
    home: () => shows('h1', 'Live coding interviews'),
    problem: () => shows('.monaco-editor .view-lines, [data-starter-code]', 'def twoSum'),
    room: () => shows('#room-editor .view-lines, #room-editor [data-starter-code]', 'def twoSum'),
  };
  const frame = () => {
    const check = checks[window.__benchPage];
    if (window.__benchShownAt === undefined && check && check()) window.__benchShownAt = performance.now();
    if (window.__benchShownAt === undefined) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();"""


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def serve(data_dir: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "PARLEY_DATA_DIR": str(data_dir), "PORT": str(port), "HOST": "127.0.0.1"}
    env.pop("DATABASE_URL", None)
    log = (data_dir / "serve.log").open("w")
    proc = subprocess.Popen(["make", "serve", f"PORT={port}", "HOST=127.0.0.1"], cwd=ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = (data_dir / "serve.log").read_text()[-3000:]
            raise RuntimeError(f"make serve exited with {proc.returncode}: {tail}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200 and \
                    httpx.get(f"http://127.0.0.1:{port}/", timeout=5).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    stop(proc)
    raise RuntimeError("make serve not ready after 600 s")


def stop(proc: subprocess.Popen) -> None:
    """Stop `make serve`'s process group (make, reflex and its workers), by the PID this script started."""
    for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def cold_load(browser, base: str, page_name: str, path: str, prepare=None) -> float:
    """One load in a fresh context (cold cache); seconds from navigation start to the content on screen."""
    ctx = browser.new_context(base_url=base, viewport={"width": 1400, "height": 900})
    try:
        if prepare:
            prepare(ctx)  # e.g. the host's cookie: not part of the timed load
        ctx.add_init_script(f"window.__benchPage = {page_name!r};\n" + WATCH)
        page = ctx.new_page()
        page.goto(path, wait_until="commit")
        page.wait_for_function("window.__benchShownAt !== undefined", timeout=120000, polling=100)
        return page.evaluate("window.__benchShownAt") / 1000
    finally:
        ctx.close()


def main() -> None:
    from playwright.sync_api import sync_playwright

    data_dir = Path(tempfile.mkdtemp(prefix="parley-bench-pages-"))
    port = free_port()
    t = time.monotonic()
    proc = serve(data_dir, port)
    base = f"http://localhost:{port}"
    print(f"make serve ready in {time.monotonic() - t:.0f} s on {base}; load {loadavg()}")
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            host_cookie = {}

            def as_host(ctx):
                if not host_cookie:
                    r = ctx.request.post("/api/auth/signup", data={
                        "email": f"{uuid.uuid4().hex[:10]}@example.com", "password": "bench-pages-pw-1",
                        "display_name": "Bench"})
                    assert r.status == 201, r.text()
                    host_cookie["cookies"] = ctx.cookies()
                    r = ctx.request.post("/api/sessions", data={"problem": "two-sum", "visibility": "public"})
                    assert r.status == 201, r.text()
                    host_cookie["sid"] = r.json()["id"]
                else:
                    ctx.add_cookies(host_cookie["cookies"])

            # warm the server (first render of each route, the room's document), not the browser
            warm = browser.new_context(base_url=base)
            as_host(warm)
            wp = warm.new_page()
            for p in ("/", "/problems/two-sum", f"/session/{host_cookie['sid']}"):
                wp.goto(p, wait_until="networkidle")
            wp.wait_for_function("window.__parleyEditors && window.__parleyEditors.room", timeout=120000)
            warm.close()

            pages = [("home", "/", None), ("problem", "/problems/two-sum", None),
                     ("room", f"/session/{host_cookie['sid']}", as_host)]
            for name, path, who in pages:
                times = sorted(cold_load(browser, base, name, path, who) for _ in range(LOADS))
                p50 = statistics.median(times)
                verdict = "ok" if p50 <= TARGETS[name] else f"over the {TARGETS[name]} s target"
                print(f"{name:8} p50 {p50:.2f} s  min {times[0]:.2f}  max {times[-1]:.2f}  "
                      f"({LOADS} cold loads; target {TARGETS[name]} s: {verdict})")
            browser.close()
    finally:
        stop(proc)
    print(f"load after: {loadavg()}")


if __name__ == "__main__":
    main()
