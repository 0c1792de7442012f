"""Code execution: a local bubblewrap sandbox (default) or an external Piston server (`PISTON_URL`), one
interface. Everything that runs user code in Parley goes through `execute`."""
from __future__ import annotations

import re

from app.config import settings
from app.sandbox.errors import BadRequest, RateLimited, SandboxBusy, SandboxError, TooLarge
from app.sandbox.languages import LANGUAGES, find, version
from app.sandbox.types import ExecRequest, ExecResult, File, StageResult

__all__ = ["execute", "runtimes", "ExecRequest", "ExecResult", "File", "StageResult", "SandboxError",
           "BadRequest", "SandboxBusy", "RateLimited", "TooLarge"]

_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]{0,99}$")


def _clamp(value: int | None, maximum: int, name: str) -> int:
    if value is None or value < 0:
        return maximum
    if value == 0:
        raise BadRequest(f"{name} must be positive")
    return min(int(value), maximum)


ENCODINGS = ("utf8", "base64", "hex")


def validate(req: ExecRequest, maxima: dict | None = None):
    """Check a request and resolve its limits: overrides may only lower the server's maxima. `maxima` lets a
    trusted server-side caller (the judge: many tests, large inputs in one run) raise those maxima."""
    maxima = maxima or {}
    lang = find(req.language)
    if lang is None:
        known = ", ".join(sorted(LANGUAGES))
        raise BadRequest(f"unknown language {req.language!r}; known languages: {known}")
    if req.version not in ("*", "", None) and req.version != version(lang) and not version(lang).startswith(req.version):
        raise BadRequest(f"{lang.id} version {req.version!r} is not installed (have {version(lang)})")
    if not req.files:
        raise BadRequest("files: at least one file with content is required")
    code_total = data_total = 0
    ext = lang.source[lang.source.rfind("."):]
    for i, f in enumerate(req.files):
        if not f.name:
            f.name = lang.source if i == 0 else f"file{i}{ext}"
        if not _NAME.match(f.name):
            raise BadRequest(f"files[{i}].name {f.name!r}: use letters, digits, '.', '_' and '-' only")
        if f.encoding not in ENCODINGS:
            raise BadRequest(f"files[{i}].encoding {f.encoding!r}: use one of {', '.join(ENCODINGS)}")
        try:
            size = len(f.data())
        except ValueError:
            raise BadRequest(f"files[{i}].content is not valid {f.encoding}") from None
        if i == 0 or f.name.endswith(ext):  # source code; anything else is data (test input, binaries)
            code_total += size
        else:
            data_total += size
    max_code = maxima.get("max_code_bytes", settings.max_code_bytes)
    if code_total > max_code:
        raise BadRequest(f"code is {code_total} bytes, over the {max_code}-byte limit")
    max_data = maxima.get("max_data_bytes", settings.max_request_bytes)
    if data_total > max_data:
        raise BadRequest(f"data files are {data_total} bytes, over the {max_data}-byte limit")
    if len({f.name for f in req.files}) != len(req.files):
        raise BadRequest("files: names must be unique")
    for c in req.collect:
        if not _NAME.match(c):
            raise BadRequest(f"collect: bad file name {c!r}")
    limits = {"run_timeout_ms": _clamp(req.run_timeout_ms, maxima.get("run_timeout_ms", settings.run_timeout_ms),
                                       "run_timeout"),
              "compile_timeout_ms": _clamp(req.compile_timeout_ms, settings.compile_timeout_ms, "compile_timeout"),
              "run_memory_mb": _clamp(req.run_memory_mb, settings.run_memory_mb, "run_memory_limit")}
    return lang, limits


async def execute(req: ExecRequest, user_key: str | None = None, maxima: dict | None = None,
                  local: bool = False) -> ExecResult:
    """Run one program. Raises BadRequest, SandboxBusy/RateLimited; never runs user code outside the sandbox.
    `maxima` is for trusted server-side callers only (never taken from a request); `local` keeps the run on
    this machine's sandbox even with PISTON_URL set (the judge: it needs the files a run writes)."""
    if settings.piston_url and not local:
        from app.sandbox.piston import PistonClient

        return await PistonClient(settings.piston_url).execute(req)
    from app.sandbox.pool import get_pool, limiter
    from app.sandbox.runner import execute_in_slot

    lang, limits = validate(req, maxima)
    limiter.check(user_key)
    return await get_pool().run(lambda slot: execute_in_slot(slot, req, lang, limits))


def runtimes() -> list[dict]:
    from app.sandbox.languages import available

    return [{"language": l.id, "version": version(l), "aliases": list(l.aliases)}
            for l in LANGUAGES.values() if available(l)]
