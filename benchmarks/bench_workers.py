"""Two app workers on one Redis (the scale-out layout): keystroke -> peer at 100 rooms when the two people of each
room sit on different workers vs on the same one (same run, same load generator), and the RSS of each worker with
its rooms and sockets. Target: across workers p50 <= 2x in-worker, p99 <= 25 ms."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_collab import DATA, group_pids, make_rooms, rss_kb, run_load  # noqa: E402  (sets PARLEY_DATA_DIR)

from tests.conftest import free_port, start_app, stop_app  # noqa: E402
from tests.redis import Redis  # noqa: E402
from tests.workers.conftest import start_second_worker  # noqa: E402

ROOMS, KEYS = 100, 20


def main() -> None:
    import shutil

    redis = Redis(free_port())
    redis.start()
    a = start_app(DATA, {"REDIS_URL": redis.url})
    b = None
    try:
        b = start_second_worker(a)
        wa, wb = (s.url.replace("http://", "ws://") + "/collab" for s in (a, b))
        pids = group_pids(a.proc.pid) + group_pids(b.proc.pid)
        rooms = make_rooms(2 * ROOMS)
        same, split = rooms[:ROOMS], rooms[ROOMS:]
        run_load([{"base": wa, "room": s, "a": x, "b": y, "base_b": wb} for s, x, y in rooms[:1]], 20, pids)  # warm-up
        one = run_load([{"base": wa, "room": s, "a": x, "b": y} for s, x, y in same], KEYS, pids)
        rss_before = {n: rss_kb(group_pids(s.proc.pid)) for n, s in (("A", a), ("B", b))}
        two = run_load([{"base": wa, "room": s, "a": x, "b": y, "base_b": wb} for s, x, y in split], KEYS, pids)
        print(f"keystroke -> peer, {ROOMS} rooms, 5 keys/s per room, two y-websocket clients per room")
        print(f"  same worker:    p50 {one['p50']:.2f} ms  p99 {one['p99']:.2f} ms")
        print(f"  across workers: p50 {two['p50']:.2f} ms  p99 {two['p99']:.2f} ms  "
              f"(p50 {two['p50'] / one['p50']:.2f}x, p99 {two['p99'] / one['p99']:.2f}x)")
        print(f"  RSS per worker after the runs ({ROOMS} rooms each now idle): "
              + ", ".join(f"{n} {kb / 1024:.0f} MB" for n, kb in rss_before.items()))
    finally:
        if b is not None:
            stop_app(b)
        stop_app(a)
        redis.stop()
        shutil.rmtree(DATA, ignore_errors=True)


if __name__ == "__main__":
    main()
