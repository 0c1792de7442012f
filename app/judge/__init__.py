"""The judge: compiles a submission once and runs its visible tests in one sandboxed process and its hidden tests in
another, feeding one test at a time and timing each with clocks outside the program; outputs are compared on the
server. Expected outputs never enter the sandbox."""
from app.judge.service import judge, languages

__all__ = ["judge", "languages"]
