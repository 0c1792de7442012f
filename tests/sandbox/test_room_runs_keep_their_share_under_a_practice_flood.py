"""Fair capacity: 30 `while True: pass` practice submits from 10 accounts at once; each person gets one run at a
time (the rest are refused at once, saying a run is in progress), practice runs use only the slots not reserved
for rooms, and a room's Run (lane "room") still finishes within one run's time of its normal latency, measured
first in the same test."""
import asyncio
import statistics
import time

import pytest

from app.config import settings
from app.judge import judge
from app.problems import get
from app.sandbox import RunInProgress
from app.sandbox.runner import warm_boxes
from tests.conftest import run_async

SPIN = "while True:\n    pass\n"
BUDGET_MS = 2000  # one judged run's wall-time budget in this test


@pytest.fixture
def quick_budget(monkeypatch):
    from app.sandbox import pool

    monkeypatch.setattr(settings, "judge_timeout_ms", BUDGET_MS)
    monkeypatch.setattr(pool.limiter, "per_minute", 0)


def test_a_room_run_keeps_its_pace_through_a_practice_flood(quick_budget):
    if settings.workers < 2:
        pytest.skip("needs two sandbox slots (one reserved for rooms); this machine has one core")
    solution = get("two-sum").solutions["python"]

    async def room_run() -> float:
        t = time.monotonic()
        r = await judge("two-sum", "python", solution, mode="submit", user_key="user:room-host", lane="room")
        assert r["verdict"] == "accepted", r
        return time.monotonic() - t

    async def practice(i: int, t0: float):
        try:
            r = await judge("two-sum", "python", SPIN, mode="submit", user_key=f"user:flood{i % 10}")
            return "judged", r["verdict"], time.monotonic() - t0
        except RunInProgress as e:
            return "refused", str(e), time.monotonic() - t0

    async def scenario():
        async with warm_boxes():
            await room_run()  # warm-up: the first run after a new event loop cleans slots left by others
            normal = statistics.median([await room_run() for _ in range(3)])
            t0 = time.monotonic()
            flood = [asyncio.create_task(practice(i, t0)) for i in range(30)]
            await asyncio.sleep(0.5)  # the flood now holds every practice slot and waits in the queue
            during = await room_run()
            results = await asyncio.wait_for(asyncio.gather(*flood), timeout=240)
            return normal, during, results

    normal, during, results = run_async(scenario())
    refused = [r for r in results if r[0] == "refused"]
    judged = [r for r in results if r[0] == "judged"]
    print(f"\nroom run alone {normal * 1000:.0f} ms, during the flood {during * 1000:.0f} ms; "
          f"{len(judged)} practice runs judged (last after {max(r[2] for r in judged):.1f} s), "
          f"{len(refused)} refused (slowest refusal {max(r[2] for r in refused) * 1000:.0f} ms)")
    assert during <= normal + BUDGET_MS / 1000, (normal, during)
    assert len(judged) == 10 and len(refused) == 20, results
    assert all(r[1] == "time_limit" for r in judged), judged
    assert all("already in progress" in r[1] for r in refused), refused[:2]
    assert max(r[2] for r in refused) < 1.0, "a refusal waited instead of answering at once"
