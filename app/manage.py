"""Operator commands behind the Makefile: `python -m app.manage migrate|seed|prepare`."""
from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys

from app import db
from app.config import settings


def migrate() -> None:
    db.upgrade()
    print(f"database at head: {settings.db_url.split('@')[-1]}")


def seed() -> None:
    """Load the problem bank (idempotent). The loader lives with the problems service."""
    try:
        loader = importlib.util.find_spec("app.problems.__main__")
    except ModuleNotFoundError:
        loader = None
    if loader is None:
        print("no problem loader installed yet; skipping seed")
        return
    subprocess.run([sys.executable, "-m", "app.problems", "seed"], check=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m app.manage")
    parser.add_argument("command", choices=["migrate", "seed", "prepare"])
    args = parser.parse_args(argv)
    if args.command in ("migrate", "prepare"):
        migrate()
    if args.command in ("seed", "prepare"):
        seed()


if __name__ == "__main__":
    main()
