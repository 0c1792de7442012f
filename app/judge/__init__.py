"""The judge: runs a submission against a problem's tests in ONE sandboxed process and compares outputs on the
server. Expected outputs never enter the sandbox."""
from app.judge.service import judge, languages

__all__ = ["judge", "languages"]
