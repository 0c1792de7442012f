"""Every reference solution of every problem file is accepted, in every language, on every test.

The selected cases are judged once, two at a time (the machine's cores; compiles dominate: TypeScript and C++
spend most of a submit in the compiler), on the room lane that may use every sandbox slot; each test then checks
its own verdict."""
import asyncio

import pytest

from app.judge.harness import GENERATORS
from tests.conftest import run_async
from tests.judge.conftest import PROBLEMS

CASES = [(slug, lang) for slug, p in PROBLEMS.items() for lang in p.solutions if lang in GENERATORS]
PARALLEL = 2


@pytest.fixture(scope="module")
def verdicts(request):
    wanted = [item.callspec.params["slug"] + "\0" + item.callspec.params["language"]
              for item in request.session.items if item.originalname == "test_reference_solution_is_accepted"]

    async def judge_all():
        from app.judge import judge

        gate = asyncio.Semaphore(PARALLEL)

        async def one(key):
            slug, lang = key.split("\0")
            async with gate:
                try:
                    return key, await judge(slug, lang, PROBLEMS[slug].solutions[lang], mode="submit", lane="room")
                except Exception as e:  # (busy, a sandbox failure): that case fails, not every case
                    return key, e
        return dict(await asyncio.gather(*(one(k) for k in wanted)))

    from app.sandbox import pool

    saved, pool.limiter.per_minute = pool.limiter.per_minute, 0
    try:
        return run_async(judge_all())
    finally:
        pool.limiter.per_minute = saved


@pytest.mark.parametrize("slug,language", CASES, ids=[f"{s}-{l}" for s, l in CASES])
def test_reference_solution_is_accepted(slug, language, verdicts):
    r = verdicts[slug + "\0" + language]
    if isinstance(r, Exception):
        raise r
    failing = [t for t in r["tests"] if t["status"] != "passed"]
    assert r["verdict"] == "accepted", (r["compile_output"], r["stderr"], failing[:2])
    assert r["passed"] == r["total"] == len(PROBLEMS[slug].tests)


def test_every_problem_has_a_reference_in_every_judged_language():
    assert all(set(GENERATORS) <= set(p.solutions) for p in PROBLEMS.values())
