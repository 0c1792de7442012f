"""`python -m app.judge --problem SLUG --language LANG FILE [--json] [--run]`: judge a file like Submit does;
exit status 0 only when accepted."""
from __future__ import annotations

import argparse
import asyncio
import json
import sys

from app.judge.service import JudgeError, judge
from app.sandbox.errors import SandboxError


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m app.judge")
    ap.add_argument("--problem", required=True)
    ap.add_argument("--language", required=True)
    ap.add_argument("file")
    ap.add_argument("--json", action="store_true", help="print the full result as JSON")
    ap.add_argument("--run", action="store_true", help="visible tests only (like Run) instead of all (Submit)")
    args = ap.parse_args(argv)
    try:
        code = open(args.file, encoding="utf-8").read()
        result = asyncio.run(judge(args.problem, args.language, code, mode="run" if args.run else "submit"))
    except (OSError, JudgeError, SandboxError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"{result['verdict']}: {result['passed']}/{result['total']} tests passed")
        if result["compile_output"]:
            print(result["compile_output"])
        for t in result["tests"]:
            if t["status"] not in ("passed", "skipped"):
                where = f"test {t['index'] + 1}" + (" (hidden)" if t["hidden"] else f": {t['input']}")
                print(f"  {t['status']} on {where}" + (f"\n    expected {t['expected']}, got {t['output']}"
                                                       if t["expected"] and t["output"] else "") +
                      (f"\n    {t['error']}" if t["error"] else ""))
                break
    return 0 if result["verdict"] == "accepted" else 1


if __name__ == "__main__":
    sys.exit(main())
