"""Progress queries at scale on SQLite: BENCH_N runs (default 200 000; kind run/submit, two verdicts, 700 days)
over 2 000 people and the whole problem bank, each row with ~1 KB of code and a 20-test result like the judge
stores, plus BENCH_HEAVY (20 000) runs of one very busy person. Prints the median of 5 timings of: the problems
table's full acceptance count and its between-counts update (runs stored since), my marks, the whole problems
list, and the profiles of that busy person and of a typical one."""
from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = Path(tempfile.mkdtemp(prefix="parley-bench-progress-"))
os.environ["PARLEY_DATA_DIR"] = str(DATA)
os.environ.pop("DATABASE_URL", None)

from app import db  # noqa: E402
from app.config import settings  # noqa: E402

N = int(os.environ.get("BENCH_N", 200_000))
HEAVY = int(os.environ.get("BENCH_HEAVY", 20_000))  # extra runs of one very busy person (user 1)
USERS = 2000


def fill(path: Path) -> None:
    random.seed(7)
    c = sqlite3.connect(path)
    day0 = "2025-01-01 00:00:00.000000"
    c.executemany("INSERT INTO users (display_name, is_guest, created_at, last_seen_at) VALUES (?, 0, ?, ?)",
                  [(f"u{i}", day0, day0) for i in range(USERS)])
    pids = [r[0] for r in c.execute("SELECT id FROM problems")]
    code = "class Solution:\n" + "    # a line of a typical solution, about forty bytes\n" * 20
    result = json.dumps({"verdict": "accepted", "tests": [{"index": i, "hidden": True, "status": "passed"}
                                                           for i in range(20)]})
    base, batch = datetime(2025, 1, 1), []
    for i in range(N + HEAVY):
        at = base + timedelta(seconds=random.randint(0, 700 * 86400))
        batch.append((random.randint(1, USERS) if i < N else 1, random.choice(pids), "python", random.choice(("run", "submit")),
                      code, random.choice(("accepted", "wrong_answer")), 5, 10, result,
                      at.strftime("%Y-%m-%d %H:%M:%S.%f")))
        if len(batch) == 20_000 or i == N + HEAVY - 1:
            c.executemany("INSERT INTO code_runs (user_id, problem_id, language, kind, code, verdict, passed, "
                          "total, result, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch)
            batch = []
    c.commit()
    c.close()


def timed(fn) -> float:
    fn()
    out = []
    for _ in range(5):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return statistics.median(out)


def main() -> None:
    url = f"sqlite:///{DATA / 'bench.db'}"
    db.upgrade(url)
    settings.database_url = url
    from app.problems.store import seed

    seed()
    t = time.perf_counter()
    fill(DATA / "bench.db")
    size = (DATA / "bench.db").stat().st_size >> 20
    print(f"{N + HEAVY} runs stored in {time.perf_counter() - t:.0f} s; database {size} MB")

    from app.problems.catalog import list_problems
    from app.progress import summary, table
    from app.progress.zones import parse_zone

    c = sqlite3.connect(DATA / "bench.db")
    busiest, runs = c.execute("SELECT user_id, count(*) FROM code_runs GROUP BY user_id ORDER BY 2 DESC").fetchone()
    c.close()
    settings.progress_acceptance_cache_seconds = 0
    full = timed(table.acceptance)
    settings.progress_acceptance_cache_seconds = 3600
    table.acceptance()
    rows = [
        ("problems' acceptance, full count", full),
        ("problems' acceptance, between full counts", timed(table.acceptance)),
        ("my solved/attempted marks", timed(lambda: table.marks(busiest))),
        ("problems list (marks + acceptance)", timed(lambda: list_problems(busiest))),
        (f"profile of a very busy person ({runs} runs, Europe/Paris)",
         timed(lambda: summary.profile(busiest, parse_zone("Europe/Paris")))),
        ("profile of a typical person", timed(lambda: summary.profile(2, parse_zone("Europe/Paris")))),
    ]
    for label, ms in rows:
        print(f"{label:<58} {ms:8.1f} ms")
    shutil.rmtree(DATA, ignore_errors=True)


if __name__ == "__main__":
    main()
