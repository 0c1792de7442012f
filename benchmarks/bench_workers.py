"""Two app workers on one Redis (the scale-out layout): keystroke -> peer at 100 rooms when the two people of each
room sit on different workers vs on the same one (same run, same load generator), and the RSS of each worker with
its rooms and sockets. Target: across workers p50 <= 2x in-worker, p99 <= 25 ms. The two are run in alternating
rounds and each round's ratio is taken from its own pair, so a box whose speed drifts (steal time here) moves both
sides of a ratio alike; the figures are the medians over the rounds."""
from __future__ import annotations

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_collab import DATA, group_pids, make_rooms, rss_kb, run_load  # noqa: E402  (sets PARLEY_DATA_DIR)

from tests.conftest import free_port, start_app, stop_app  # noqa: E402
from tests.redis import Redis  # noqa: E402
from tests.workers.conftest import start_second_worker  # noqa: E402

ROOMS, KEYS, ROUNDS = 100, 20, 5


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
        rounds = []
        for _ in range(ROUNDS):
            one = run_load([{"base": wa, "room": s, "a": x, "b": y} for s, x, y in same], KEYS, pids)
            two = run_load([{"base": wa, "room": s, "a": x, "b": y, "base_b": wb} for s, x, y in split], KEYS, pids)
            rounds.append((one, two))
        rss = {n: rss_kb(group_pids(s.proc.pid)) for n, s in (("A", a), ("B", b))}
        med = lambda side, q: statistics.median(r[side][q] for r in rounds)  # noqa: E731
        ratio = lambda q: statistics.median(r[1][q] / r[0][q] for r in rounds)  # noqa: E731
        print(f"keystroke -> peer, {ROOMS} rooms, 5 keys/s per room, two y-websocket clients per room, "
              f"median of {ROUNDS} alternating rounds")
        for i, (one, two) in enumerate(rounds, 1):
            print(f"  round {i}: same p50 {one['p50']:.2f} / p99 {one['p99']:.2f} ms, across p50 {two['p50']:.2f} / "
                  f"p99 {two['p99']:.2f} ms ({two['p50'] / one['p50']:.2f}x / {two['p99'] / one['p99']:.2f}x)")
        print(f"  same worker:    p50 {med(0, 'p50'):.2f} ms  p99 {med(0, 'p99'):.2f} ms")
        print(f"  across workers: p50 {med(1, 'p50'):.2f} ms  p99 {med(1, 'p99'):.2f} ms  "
              f"(p50 {ratio('p50'):.2f}x, p99 {ratio('p99'):.2f}x, each the median of the rounds' own ratios)")
        print(f"  RSS per worker after the runs ({ROOMS} rooms each now idle): "
              + ", ".join(f"{n} {kb / 1024:.0f} MB" for n, kb in rss.items()))
    finally:
        if b is not None:
            stop_app(b)
        stop_app(a)
        redis.stop()
        shutil.rmtree(DATA, ignore_errors=True)


if __name__ == "__main__":
    main()
