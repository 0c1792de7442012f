"""Submit latency of two-sum (all tests in one sandboxed process) against one hello-world run of the same
language, measured side by side in this process. Target: submit <= 1.5x hello."""
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
from app.problems import get  # noqa: E402
from app.sandbox import ExecRequest, File, execute  # noqa: E402

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
    return out


async def main() -> None:
    p = get("two-sum")
    print(f"two-sum submit ({len(p.tests)} tests, incl. a 10^4-element input) vs one hello-world run, p50 of {N}")
    print(f"{'language':<11} {'hello p50':>10} {'submit p50':>11} {'ratio':>7}")
    for lang in ("python", "java", "javascript", "cpp"):
        async def hello():
            r = await execute(ExecRequest(lang, [File("", HELLO[lang])]))
            assert r.status == "ok", r

        async def submit():
            r = await judge("two-sum", lang, p.solutions[lang], mode="submit")
            assert r["verdict"] == "accepted", r

        await hello(), await submit()  # warm: page cache, first compile of the harness
        hs, ss = [], []
        for _ in range(N):  # interleaved, so drift in the machine's speed hits both alike
            hs += await timed(hello, 1)
            ss += await timed(submit, 1)
        h, s = statistics.median(hs), statistics.median(ss)
        print(f"{lang:<11} {h:10.1f} {s:11.1f} {s / h:6.2f}x")


if __name__ == "__main__":
    asyncio.run(main())
