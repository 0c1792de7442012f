"""Whiteboard: time from a stroke in one browser (an element added to its Excalidraw scene, as a finished
rectangle drag leaves it) to that element in the other browser's scene, through the binding (writes at once, then
at most every 50 ms), the server (checked, stored, relayed) and the other page's reconcile. Two headless Chromium pages on loopback,
one clock (same machine): p50/p99 over BENCH_N strokes (default 200)."""
from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = Path(tempfile.mkdtemp(prefix="parley-bench-board-"))
os.environ["PARLEY_DATA_DIR"] = str(DATA)
os.environ.pop("DATABASE_URL", None)

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, start_app, stop_app  # noqa: E402

RUNS = int(os.environ.get("BENCH_N", 200))
READY = "window.__parleyBoard && window.__parleyBoard.ready()"
# B notes when each element first shows in its scene (its map observer runs after the binding's reconcile)
WATCH = """() => { window.__arrived = {}; const b = window.__parleyBoard;
  b.doc.getMap('whiteboard').observe(() => { for (const e of b.api.getSceneElements())
    if (!(e.id in window.__arrived)) window.__arrived[e.id] = performance.timeOrigin + performance.now(); }); }"""
STROKE = """i => { const api = window.__parleyBoard.api, id = 'bench' + i;
  const el = { id, type: 'rectangle', x: (i % 20) * 40, y: Math.floor(i / 20) * 40, width: 30, height: 30, angle: 0,
    strokeColor: '#1e1e1e', backgroundColor: 'transparent', fillStyle: 'solid', strokeWidth: 2, strokeStyle: 'solid',
    roughness: 1, opacity: 100, groupIds: [], frameId: null, roundness: null, seed: i + 1, version: 1,
    versionNonce: i + 7, isDeleted: false, boundElements: null, updated: Date.now(), link: null, locked: false };
  window.__sent = window.__sent || {};
  window.__sent[id] = performance.timeOrigin + performance.now();
  api.updateScene({ elements: [...api.getSceneElementsIncludingDeleted(), el] }); return id; }"""


def main() -> None:
    from playwright.sync_api import sync_playwright

    app = start_app(DATA)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            pages = []
            ctxs = []
            for who in ("host", "guest"):
                ctx = browser.new_context(base_url=app.page_url, viewport={"width": 1400, "height": 900})
                r = ctx.request.post("/api/auth/signup", data={"email": f"{uuid.uuid4().hex[:10]}@example.com",
                                                               "password": "bench-board-1", "display_name": who})
                assert r.status == 201, r.text()
                ctxs.append(ctx)
            sid = ctxs[0].request.post("/api/sessions", data={"problem": "two-sum"}).json()["id"]
            assert ctxs[1].request.post(f"/api/sessions/{sid}/join", data={}).status == 200
            for ctx in ctxs:
                page = ctx.new_page()
                page.goto(f"/session/{sid}", wait_until="networkidle")
                page.wait_for_function("window.__parleyRoom", timeout=90000)
                pages.append(page)
            a, b = pages
            a.locator("#view-whiteboard").click()
            for page in pages:
                page.wait_for_function(READY, timeout=60000)
            b.evaluate(WATCH)
            lat = []
            for i in range(RUNS):
                a.evaluate(STROKE, i)
                got = b.wait_for_function(f"() => window.__arrived['bench{i}']", timeout=30000, polling=1).json_value()
                lat.append(got - a.evaluate(f"window.__sent['bench{i}']"))
            browser.close()
        lat.sort()
        p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
        print(f"whiteboard stroke -> other browser's scene, {RUNS} strokes on loopback: p50 "
              f"{statistics.median(lat):.1f} ms, p99 {p99:.1f} ms, max {lat[-1]:.1f} ms")
    finally:
        stop_app(app)
        shutil.rmtree(DATA, ignore_errors=True)


if __name__ == "__main__":
    main()
