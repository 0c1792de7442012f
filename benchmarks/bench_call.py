"""Built-in call: time from opening the room page ("join") to the first decoded remote video frame, in two
headless Chromium pages with fake camera and microphone on loopback; p50 over 10 joins (target < 2 s).
The baseline beside it is the page's own load time (join to editor ready), measured in the same runs."""
from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = Path(tempfile.mkdtemp(prefix="parley-bench-call-"))
os.environ["PARLEY_DATA_DIR"] = str(DATA)
os.environ.pop("DATABASE_URL", None)

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, start_app, stop_app  # noqa: E402

RUNS = int(os.environ.get("BENCH_N", 10))
REMOTE = "document.querySelector('video[aria-label=\"Remote video\"]')"


def main() -> None:
    from playwright.sync_api import sync_playwright

    app = start_app(DATA)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            ctxs = []
            for who in ("host", "guest"):
                ctx = browser.new_context(base_url=app.page_url)
                r = ctx.request.post("/api/auth/signup", data={"email": f"{uuid.uuid4().hex[:10]}@example.com",
                                                               "password": "bench-call-1", "display_name": who})
                assert r.status == 201, r.text()
                ctxs.append(ctx)
            host, guest = ctxs
            sid = host.request.post("/api/sessions", data={"problem": "two-sum"}).json()["id"]
            assert guest.request.post(f"/api/sessions/{sid}/join", data={}).status == 200
            a = host.new_page()
            a.goto(f"/session/{sid}")
            a.wait_for_function("window.__parleyEditors && window.__parleyEditors.room", timeout=90000)
            phases: dict[str, list[float]] = {}
            for _ in range(RUNS):
                b = guest.new_page()
                b.goto(f"/session/{sid}", wait_until="commit")
                # in-page clock (ms since navigation): first decoded remote frame, then the call's own marks
                first = b.wait_for_function(
                    f"{REMOTE} && {REMOTE}.getVideoPlaybackQuality().totalVideoFrames > 0 && performance.now()",
                    timeout=30000, polling=10).json_value()
                marks = b.evaluate("Object.fromEntries(performance.getEntriesByType('mark')"
                                   ".filter(m => m.name.startsWith('parley:')).map(m => [m.name.slice(7), m.startTime]))")
                marks["page-interactive"] = b.evaluate("performance.getEntriesByType('navigation')[0].domInteractive")
                marks["first-frame"] = first
                marks["join-to-frame"] = first - marks["call-mounted"]
                for k, v in marks.items():
                    phases.setdefault(k, []).append(v / 1000)
                b.close()
                time.sleep(0.5)
            browser.close()
        p50 = {k: statistics.median(v) for k, v in phases.items()}
        print(f"built-in call, {RUNS} joins on loopback, p50 seconds since opening the room page: "
              + ", ".join(f"{k} {p50[k]:.2f}" for k in ("page-interactive", "call-mounted", "call-media",
                                                         "call-signalling", "first-frame") if k in p50))
        print(f"join (call shown, asking for camera) -> first remote video frame: p50 {p50['join-to-frame']:.2f} s, "
              f"max {max(phases['join-to-frame']):.2f} s (target < 2 s); page open -> first frame p50 "
              f"{p50['first-frame']:.2f} s")
    finally:
        stop_app(app)
        shutil.rmtree(DATA, ignore_errors=True)


if __name__ == "__main__":
    main()
