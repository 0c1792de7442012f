"""A person's run limits count their runs on every worker (Redis), not per worker: a second run asked of the other
worker while the first still runs is refused at once (429, run in progress), and past RUNS_PER_MINUTE runs spread
over both workers the next is refused (429, rate limited) on either."""
from __future__ import annotations

import asyncio
import time
import uuid

import httpx

from tests.conftest import run_async
from tests.workers.conftest import RUNS_PER_MINUTE

SLOW = {"language": "python", "files": [{"content": "import time\ntime.sleep(2)\nprint('slow')"}]}
FAST = {"language": "python", "files": [{"content": "print('fast')"}]}


def _signed_in(workers) -> dict:
    r = httpx.post(workers.a.url + "/api/auth/signup", timeout=30,
                   json={"email": f"limits-{uuid.uuid4().hex[:8]}@example.com", "password": "runner-password",
                         "display_name": "Runner"})
    assert r.status_code == 201, r.text
    return dict(r.cookies)


def test_a_second_run_on_the_other_worker_is_refused_while_the_first_runs(workers):
    cookies = _signed_in(workers)

    async def two():
        async with httpx.AsyncClient(cookies=cookies, timeout=60) as c:
            first = asyncio.create_task(c.post(workers.a.url + "/api/v2/execute", json=SLOW))
            await asyncio.sleep(0.7)
            t = time.monotonic()
            second = await c.post(workers.b.url + "/api/v2/execute", json=FAST)
            waited, still_running = time.monotonic() - t, not first.done()
            return await first, second, waited, still_running

    first, second, waited, first_still_running = run_async(two())
    assert first.status_code == 200 and first.json()["run"]["stdout"] == "slow\n", first.text
    assert second.status_code == 429 and second.json()["error"] == "run_in_progress", second.text
    assert first_still_running, f"worker B waited for A's run ({waited:.2f}s) instead of refusing at once"
    again = httpx.post(workers.b.url + "/api/v2/execute", json=FAST, cookies=cookies, timeout=60)
    assert again.status_code == 200 and again.json()["run"]["stdout"] == "fast\n", again.text


def test_runs_per_minute_count_both_workers(workers):
    cookies = _signed_in(workers)
    for n in range(RUNS_PER_MINUTE):
        r = httpx.post((workers.a, workers.b)[n % 2].url + "/api/v2/execute", json=FAST, cookies=cookies, timeout=60)
        assert r.status_code == 200, (n, r.text)
    for server in (workers.a, workers.b):
        r = httpx.post(server.url + "/api/v2/execute", json=FAST, cookies=cookies, timeout=60)
        assert r.status_code == 429 and r.json()["error"] == "rate_limited", r.text
        assert 1 <= int(r.headers["retry-after"]) <= 61
