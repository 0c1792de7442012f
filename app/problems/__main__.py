"""`python -m app.problems check` validates every problem file (naming file and field on error);
`python -m app.problems seed` loads them into the database (idempotent)."""
from __future__ import annotations

import sys
from pathlib import Path

from app.problems.bank import PROBLEMS_DIR, ProblemError, parse


def check(directory: Path = PROBLEMS_DIR) -> int:
    files = sorted(directory.glob("*.yaml"))
    bad = 0
    for f in files:
        try:
            p = parse(f)
            print(f"ok   {f.name}: {len(p.tests)} tests ({len(p.visible_tests())} visible)")
        except ProblemError as e:
            bad += 1
            print(f"FAIL {e}", file=sys.stderr)
    print(f"{len(files) - bad} valid, {bad} invalid")
    return 1 if bad or not files else 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["check"]:
        return check(Path(argv[1]) if len(argv) > 1 else PROBLEMS_DIR)
    if argv[:1] == ["seed"]:
        from app.problems.store import seed

        changed, unchanged = seed()
        print(f"problem bank: {changed} loaded or updated, {unchanged} unchanged")
        return 0
    print("usage: python -m app.problems check [DIR] | seed", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
