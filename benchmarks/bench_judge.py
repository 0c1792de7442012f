"""Judge latency, measured side by side in this process with the sandbox warm as in the app: 20 small tests in
one sandboxed process against one test (target <= 1.5x), and the real two-sum submit (11 tests incl. a
10^4-element input) against one hello-world run of the same language."""
from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PARLEY_DATA_DIR", tempfile.mkdtemp(prefix="parley-bench-"))
os.environ["RUNS_PER_MINUTE"] = "0"

from app.judge import judge  # noqa: E402
from app.judge.service import _run  # noqa: E402
from app.problems.bank import TestCase  # noqa: E402
from app.problems import get  # noqa: E402
from app.sandbox import ExecRequest, File, execute  # noqa: E402
from app.sandbox.runner import warm_boxes  # noqa: E402

N = int(os.environ.get("BENCH_N", 10))
HELLO = {"python": "print('hi')",
         "java": "public class Main { public static void main(String[] a) { System.out.println(\"hi\"); } }",
         "javascript": "console.log('hi')", "cpp": "#include <cstdio>\nint main(){ puts(\"hi\"); }"}


async def timed(coro_fn, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        await coro_fn()
        out.append((time.perf_counter() - t) * 1000)
        await asyncio.sleep(0.05)  # runs arrive apart, as clicks do (not timed): the next box is built between
    return out


async def main() -> None:
    async with warm_boxes():  # as the app runs: each slot's next sandbox is built between runs
        await compare()


async def compare() -> None:
    p = get("two-sum")
    small = next(t for t in p.tests if len(str(t.input)) < 200)
    print(f"two-sum: one test vs 20 small tests in one sandboxed process; submit ({len(p.tests)} tests, incl. a "
          f"10^4-element input) vs one hello-world run; p50 of {N}, ms")
    print(f"{'language':<11} {'1 test':>7} {'20 tests':>9} {'ratio':>6} | {'hello':>7} {'submit':>7} {'ratio':>6}")
    for lang in ("python", "java", "javascript", "cpp"):
        def tests(n: int):
            async def go():
                _res, records = await _run(p, lang, p.solutions[lang], [TestCase(small.input, small.expected, False)
                                                                          for _ in range(n)], None)
                assert len(records) == n and all(r.get("ok") for r in records.values()), records
            return go

        async def hello():
            r = await execute(ExecRequest(lang, [File("", HELLO[lang])]))
            assert r.status == "ok", r

        async def submit():
            r = await judge("two-sum", lang, p.solutions[lang], mode="submit")
            assert r["verdict"] == "accepted", r

        one, twenty = tests(1), tests(20)
        for warm_up in (hello, submit, one, twenty):  # page cache, first compile of the harness
            await warm_up()
        times: dict = {f: [] for f in (one, twenty, hello, submit)}
        for _ in range(N):  # interleaved, so drift in the machine's speed hits all alike
            for f in times:
                times[f] += await timed(f, 1)
        o, t, h, s = (statistics.median(times[f]) for f in (one, twenty, hello, submit))
        print(f"{lang:<11} {o:7.1f} {t:9.1f} {t / o:5.2f}x | {h:7.1f} {s:7.1f} {s / h:5.2f}x")


if __name__ == "__main__":
    asyncio.run(main())
