"""Keystroke-to-peer latency of the shared editor (p50/p99 with 1, 10 and 100 concurrent rooms, two standard
y-websocket clients each, one typing 5 keys/s) and server memory per room; side by side with the reference node
server (npm @y/websocket-server) under the same load generator. Then two headless browsers with Monaco.
Targets at 100 rooms: p50 <= 5 ms, p99 <= 25 ms, p50 within 1.5x of the node server; browsers p50 <= 20 ms."""
from __future__ import annotations

import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = Path(tempfile.mkdtemp(prefix="parley-bench-collab-"))
os.environ["PARLEY_DATA_DIR"] = str(DATA)
os.environ.pop("DATABASE_URL", None)

from tests.conftest import free_port, start_app, stop_app  # noqa: E402

JS = ROOT / "tests" / "js"
LOADS = tuple(tuple(int(x) for x in l.split(":")) for l in os.environ.get("BENCH_LOADS", "1:300,10:60,100:20").split(","))  # rooms:keys per room
INTERVAL_MS = 200


def rss_kb(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def group_pids(pgid: int) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                if os.getpgid(int(d.name)) == pgid:
                    out.append(int(d.name))
            except OSError:
                pass
    return out


def make_rooms(n: int) -> list[tuple[str, str, str]]:
    """n live two-person sessions made through the services, with a room token for each person."""
    import uuid

    from app.auth import room_tokens, service as auth
    from app.sessions import service as sessions

    out = []
    for i in range(n):
        host = auth.signup(f"bench-{uuid.uuid4().hex[:10]}@example.com", "bench-password", f"Host {i}")
        guest = auth.create_guest(f"Guest {i}")
        sid = sessions.create(host, "two-sum")["id"]
        sessions.join(guest, sid)
        out.append((sid, room_tokens.issue(host.id, sid, "host", host.display_name, 3600),
                    room_tokens.issue(guest.id, sid, "participant", guest.display_name, 3600)))
    return out


def run_load(rooms: list[dict], per_room: int, pids: list[int]) -> dict:
    """Run the node load generator; sample the server's RSS while all rooms are open."""
    spec = DATA / f"rooms-{len(rooms)}-{time.monotonic_ns()}.json"
    spec.write_text(json.dumps(rooms))
    base = rss_kb(pids)
    p = subprocess.Popen(["node", str(JS / "latency.mjs"), str(spec), str(per_room), str(INTERVAL_MS)], cwd=JS,
                         stdout=subprocess.PIPE, text=True)
    peak = base
    while p.poll() is None:
        peak = max(peak, rss_kb(pids))
        time.sleep(0.2)
    out = json.loads(p.stdout.read().strip().splitlines()[-1])
    if "error" in out:
        raise RuntimeError(out["error"])
    out["kb_per_room"] = (peak - base) / len(rooms)
    return out


def browser_latency(app, n: int = 60) -> dict:
    """Two headless Chromium pages with Monaco: a keystroke in A until B's model changes (shared wall clock)."""
    import httpx
    from playwright.sync_api import sync_playwright

    from tests.conftest import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        pages, ctxs = [], []
        sid = None
        for who in ("host", "guest"):
            ctx = b.new_context(base_url=app.page_url, viewport={"width": 1400, "height": 900})
            ctxs.append(ctx)
            r = ctx.request.post("/api/auth/signup", data={"email": f"{who}-{time.monotonic_ns()}@example.com",
                                                           "password": "bench-password", "display_name": who})
            assert r.status == 201, r.text()
            if sid is None:
                sid = ctx.request.post("/api/sessions", data={"problem": "two-sum"}).json()["id"]
            else:
                assert ctx.request.post(f"/api/sessions/{sid}/join", data={}).status == 200
        for ctx in ctxs:
            page = ctx.new_page()
            page.goto(f"/session/{sid}", wait_until="networkidle")
            page.wait_for_function("window.__parleyEditors && window.__parleyEditors.room && "
                                   "window.__parleyEditors.room.getValue().includes('twoSum')", timeout=90000)
            page.evaluate("() => { window.__changes = []; window.__parleyEditors.room.onDidChangeModelContent("
                          "() => window.__changes.push(performance.timeOrigin + performance.now())); }")
            pages.append(page)
        a, peer = pages
        a.locator("#room-editor .view-lines").first.click()
        a.keyboard.press("Control+End")
        lat = []
        for i in range(n):
            before = peer.evaluate("window.__changes.length")
            a.keyboard.type("x")
            peer.wait_for_function(f"window.__changes.length > {before}", timeout=10000, polling=1)
            sent = a.evaluate("window.__changes[window.__changes.length - 1]")
            got = peer.evaluate(f"window.__changes[{before}]")
            lat.append(got - sent)
            time.sleep(0.05)
        b.close()
    lat.sort()
    return {"n": n, "p50": statistics.median(lat), "p99": lat[min(n - 1, int(0.99 * n))]}


def main() -> None:
    app = start_app(DATA)
    node_port = free_port()
    node = subprocess.Popen(["node", str(JS / "node_modules/@y/websocket-server/src/server.js")], cwd=JS,
                            env={**os.environ, "HOST": "127.0.0.1", "PORT": str(node_port)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        time.sleep(1.0)
        app_pids = group_pids(app.proc.pid)
        ws = app.url.replace("http://", "ws://") + "/collab"
        print(f"keystroke -> peer over loopback, {1000 // INTERVAL_MS} keys/s per room, two clients per room")
        print(f"{'rooms':>5} | {'Parley p50':>10} {'p99':>7} {'KB/room':>8} | {'node p50':>8} {'p99':>7} "
              f"{'KB/room':>8} | {'p50 ratio':>9}")
        all_rooms = make_rooms(max(n for n, _ in LOADS))
        run_load([{"base": ws, "room": s, "a": a, "b": b} for s, a, b in all_rooms[:1]], 20, app_pids)  # warm-up
        for n, per_room in LOADS:
            mine = run_load([{"base": ws, "room": s, "a": a, "b": b} for s, a, b in all_rooms[:n]], per_room, app_pids)
            ref = run_load([{"base": f"ws://127.0.0.1:{node_port}", "room": f"bench-{n}-{i}", "a": None, "b": None}
                            for i in range(n)], per_room, [node.pid])
            print(f"{n:>5} | {mine['p50']:>8.2f}ms {mine['p99']:>5.2f}ms {mine['kb_per_room']:>8.0f} | "
                  f"{ref['p50']:>6.2f}ms {ref['p99']:>5.2f}ms {ref['kb_per_room']:>8.0f} | "
                  f"{mine['p50'] / ref['p50']:>8.2f}x")
        br = browser_latency(app)
        print(f"two headless browsers with Monaco ({br['n']} keystrokes): p50 {br['p50']:.1f} ms, p99 {br['p99']:.1f} ms")
    finally:
        os.killpg(node.pid, signal.SIGTERM)
        node.wait(timeout=10)
        stop_app(app)
        shutil.rmtree(DATA, ignore_errors=True)


if __name__ == "__main__":
    main()
