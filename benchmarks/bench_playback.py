"""Playback seek: the code at a random moment of a 60-minute session with 20,000 editor updates, as the
`/api/sessions/{id}/code?at=` endpoint computes it (nearest snapshot, then the updates after it), p50/p99 over 200
seeks; against replaying the whole log (no keyframes) in the same process. Then the same session in the browser:
the playback page (production build, headless Chromium) loads the history once, replays it in memory (every
character's birth and death: assets/playback/replay.js) and shows 200 random moments in Monaco (the text of that
moment, the editor's model, the authorship colours), timed in the page, alone and to the next painted frame.
Target: any moment in <= 100 ms."""
from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = Path(tempfile.mkdtemp(prefix="parley-bench-playback-"))
os.environ["PARLEY_DATA_DIR"] = str(DATA)
os.environ.pop("DATABASE_URL", None)

N, MINUTES, SEEKS = 20_000, 60, 200


def build_session() -> str:
    """A session whose document took 20,000 updates over an hour (stored as the room stores them: every update
    kept with its time and author, a snapshot every 500)."""
    from pycrdt import Doc, Text
    from sqlalchemy import insert

    from app import db
    from app.auth import service as auth
    from app.collab import store
    from app.collab.rooms import SNAPSHOT_EVERY
    from app.db import get_engine, session_scope
    from app.models import DocUpdate, InterviewSession
    from app.problems.store import seed
    from app.sessions import service as sessions

    db.upgrade()
    seed()
    host = auth.signup("bench@example.com", "bench-playback-pw", "Bench")
    sid = sessions.create(host, "two-sum")["id"]
    with session_scope() as s:
        start = s.get(InterviewSession, sid).created_at
    src = Doc()
    text = src.get("code:python", type=Text)
    made: list[bytes] = []
    src.observe(lambda e: made.append(e.update))
    text.insert(0, "class Solution:\n")
    rng = random.Random(1)
    rows = [{"room": sid, "data": made.pop(), "created_at": start, "author_id": None}]
    for i in range(N):
        n = len(text)
        if n > 40 and rng.random() < 0.3:
            at = rng.randrange(n)
            del text[at:min(n, at + 2)]
        else:
            text.insert(rng.randint(0, n), rng.choice("abcdefgh(){}:=\n "))
        rows.append({"room": sid, "data": made.pop(), "author_id": host.id,
                     "created_at": start + timedelta(milliseconds=(i + 1) * MINUTES * 60_000 // N)})
        if len(rows) == SNAPSHOT_EVERY:
            with get_engine().begin() as conn:
                conn.execute(insert(DocUpdate.__table__), rows)
            rows = []
            store.snapshot(sid)
    if rows:
        with get_engine().begin() as conn:
            conn.execute(insert(DocUpdate.__table__), rows)
    return sid


def timed(fn, *args) -> float:
    t = time.perf_counter()
    fn(*args)
    return (time.perf_counter() - t) * 1000


def browser_seeks(sid: str) -> dict:
    """Seek times in the playback component, measured in the page (ms)."""
    from playwright.sync_api import sync_playwright

    from tests.conftest import CHROMIUM, CHROMIUM_ARGS, start_app, stop_app

    app = start_app(DATA)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            ctx = browser.new_context(base_url=app.page_url, viewport={"width": 1400, "height": 900})
            r = ctx.request.post("/api/auth/login", data={"email": "bench@example.com", "password": "bench-playback-pw"})
            assert r.status == 200, r.text()
            page = ctx.new_page()
            t0 = time.perf_counter()
            page.goto(f"/session/{sid}/playback")
            page.wait_for_function("window.__parleyPlayback && window.__parleyPlayback.ready", timeout=180000)
            load = (time.perf_counter() - t0) * 1000
            out = page.evaluate("""async ([n, minutes]) => {
                const p = window.__parleyPlayback;
                let seed = 7;
                const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
                const seek = [], painted = [], replay = [];
                for (let i = 0; i < n; i++) {
                    const t = Math.floor(rnd() * minutes * 60000);
                    replay.push(p.replayOnly(t));
                    const a = performance.now();
                    seek.push(p.seek(t));
                    await new Promise(r => requestAnimationFrame(() => r()));
                    painted.push(performance.now() - a);
                }
                return {seek, painted, replay, updates: p.updates, build: p.buildMs};
            }""", [SEEKS, MINUTES])
            browser.close()
    finally:
        stop_app(app)
    out["load"] = load
    return out


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[max(0, int(len(xs) * q) - 1)]


def main() -> None:
    from app.collab import history, store

    sid = build_session()
    rng = random.Random(2)
    moments = [rng.randrange(0, MINUTES * 60_000) for _ in range(SEEKS)]
    seeks = sorted(timed(history.code_at, sid, t) for t in moments)
    from sqlmodel import select

    from app.db import session_scope
    from app.models import DocUpdate

    def replay_all():
        with session_scope() as s:
            updates = list(s.exec(select(DocUpdate.data).where(DocUpdate.room == sid).order_by(DocUpdate.id)).all())
        store.replay(updates)
    full = sorted(timed(replay_all) for _ in range(5))
    p50, p99 = statistics.median(seeks), seeks[int(len(seeks) * 0.99) - 1]
    print(f"playback seek, {N} updates over {MINUTES} min, {SEEKS} random moments:")
    print(f"  with snapshots every 500: p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {seeks[-1]:.1f} ms (target <= 100 ms)")
    print(f"  replaying the whole log:  p50 {statistics.median(full):.1f} ms "
          f"({statistics.median(full) / p50:.1f}x the keyframe seek)")
    if os.environ.get("BENCH_PLAYBACK_BROWSER", "1") == "0":
        return
    b = browser_seeks(sid)
    print(f"playback in the browser (history replayed once in memory), {b['updates']} updates, {SEEKS} random moments:")
    print(f"  page open to ready {b['load']:.0f} ms (of which replaying the history {b['build']:.0f} ms)")
    print(f"  seek (the moment's text + Monaco model + authorship colours): p50 {statistics.median(b['seek']):.1f} ms, "
          f"p99 {pct(b['seek'], 0.99):.1f} ms, max {max(b['seek']):.1f} ms (target <= 100 ms)")
    print(f"  of which the replay (text and authorship of the moment): p50 {statistics.median(b['replay']):.2f} ms, "
          f"p99 {pct(b['replay'], 0.99):.2f} ms")
    print(f"  seek to the next painted frame: p50 {statistics.median(b['painted']):.1f} ms, "
          f"p99 {pct(b['painted'], 0.99):.1f} ms")


if __name__ == "__main__":
    main()
