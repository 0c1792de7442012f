"""Code execution: a local bubblewrap sandbox (default), a pool of Parley runner hosts (`RUNNER_URLS`: the local
sandbox is then never started) or an external Piston server (`PISTON_URL`, plain runs only), one interface.
Everything that runs user code in Parley goes through `execute`."""
from __future__ import annotations

import re

from app.config import settings
from app.sandbox.errors import BadRequest, RateLimited, RunInProgress, SandboxBusy, SandboxError, TooLarge
from app.sandbox.languages import LANGUAGES, find, version
from app.sandbox.types import Channel, ExecRequest, ExecResult, File, Record, Run, StageResult

__all__ = ["execute", "runtimes", "health", "ExecRequest", "ExecResult", "File", "StageResult", "Run", "Channel",
           "Record", "SandboxError", "BadRequest", "SandboxBusy", "RateLimited", "RunInProgress", "TooLarge"]

_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]{0,99}$")


def _clamp(value: int | None, maximum: int, name: str) -> int:
    if value is None or value < 0:
        return maximum
    if value == 0:
        raise BadRequest(f"{name} must be positive")
    return min(int(value), maximum)


ENCODINGS = ("utf8", "base64", "hex")


def validate(req: ExecRequest, maxima: dict | None = None, local_version: bool = True):
    """Check a request and resolve its limits: overrides may only lower the server's maxima. `maxima` lets a
    trusted server-side caller (the judge: many tests, large inputs in one run) raise those maxima.
    `local_version=False` leaves the version to the Piston server that will run it."""
    maxima = maxima or {}
    lang = find(req.language)
    if lang is None:
        known = ", ".join(sorted(LANGUAGES))
        raise BadRequest(f"unknown language {req.language!r}; known languages: {known}")
    if local_version and req.version not in ("*", "", None) and req.version != version(lang) and \
            not version(lang).startswith(req.version):
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
    data_total += _validate_runs(req.runs)
    if data_total > max_data:
        raise BadRequest(f"data files are {data_total} bytes, over the {max_data}-byte limit")
    limits = {"run_timeout_ms": _clamp(req.run_timeout_ms, maxima.get("run_timeout_ms", settings.run_timeout_ms),
                                       "run_timeout"),
              "compile_timeout_ms": _clamp(req.compile_timeout_ms, settings.compile_timeout_ms, "compile_timeout"),
              "run_memory_mb": _clamp(req.run_memory_mb, settings.run_memory_mb, "run_memory_limit")}
    limits["run_timeouts"] = [_clamp(r.run_timeout_ms, limits["run_timeout_ms"], f"runs[{i}].run_timeout")
                              for i, r in enumerate(req.runs)]
    return lang, limits


def _validate_runs(runs) -> int:
    """Check each run's files, collect names and channel; returns the bytes of data they carry (their files and
    the stdin they feed count as data)."""
    total = 0
    for i, run in enumerate(runs):
        for j, f in enumerate(run.files):
            where = f"runs[{i}].files[{j}]"
            if not f.name or not _NAME.match(f.name):
                raise BadRequest(f"{where}.name {f.name!r}: use letters, digits, '.', '_' and '-' only")
            if f.encoding not in ENCODINGS:
                raise BadRequest(f"{where}.encoding {f.encoding!r}: use one of {', '.join(ENCODINGS)}")
            try:
                total += len(f.data())
            except ValueError:
                raise BadRequest(f"{where}.content is not valid {f.encoding}") from None
        for c in run.collect:
            if not _NAME.match(c):
                raise BadRequest(f"runs[{i}].collect: bad file name {c!r}")
        total += len(run.stdin.encode())
        if run.channel is not None:
            ch = run.channel
            total += sum(len(chunk.encode()) for chunk in ch.feed)
            for name in ("first_ms", "gap_ms", "gap_cpu_ms"):
                if not isinstance(getattr(ch, name), int) or getattr(ch, name) <= 0:
                    raise BadRequest(f"runs[{i}].channel.{name} must be a positive number of milliseconds")
    return total


def trusted_ceilings() -> dict:
    """The raised maxima of a trusted server-side caller (the judge: many tests, code + harness, large inputs); a
    runner host caps what the pool asks for at its own."""
    return {"run_timeout_ms": settings.judge_timeout_ms, "max_code_bytes": 2 * settings.max_code_bytes,
            "max_data_bytes": settings.judge_max_input_bytes}


async def execute(req: ExecRequest, user_key: str | None = None, maxima: dict | None = None,
                  local: bool = False, lane: str = "practice") -> ExecResult:
    """Run one program. Raises BadRequest, SandboxBusy/RateLimited/RunInProgress; never runs user code outside the
    sandbox. `maxima` is for trusted server-side callers only (never taken from a request); `local` keeps the run
    on Parley's own sandbox (this machine's, or the runner pool with RUNNER_URLS) even with PISTON_URL set (the
    judge: it needs the files a run writes); `lane` is "room" for a room's runs (they may use the slots reserved
    for rooms) or "practice". Validation, the rate limit and one run per person apply the same with PISTON_URL or
    RUNNER_URLS (here, before anything is sent), and the resolved limits are sent."""
    from app.sandbox.pool import LANES, get_pool, limiter, one_run_per_person

    if lane not in LANES:
        raise ValueError(f"lane must be one of {LANES}")
    remote = bool(settings.piston_url) and not local
    pooled = bool(settings.runner_urls) and not remote
    lang, limits = validate(req, maxima, local_version=not (remote or pooled))
    async with one_run_per_person(user_key):
        await limiter.check(user_key)
        if pooled:
            from app.sandbox.runners import get_runners

            return await get_runners().execute(req, limits, lane, maxima or {})
        if remote:
            from app.sandbox.piston import PistonClient

            if req.runs:  # Piston has no runs or channels; the client does not forward them (yet)
                raise BadRequest("several runs in one request need the built-in sandbox (unset PISTON_URL or run "
                                 "locally)")

            return await PistonClient(settings.piston_url, token=settings.sandbox_token).execute(req, limits)
        from app.sandbox.runner import execute_in_slot

        return await get_pool().run(lambda slot: execute_in_slot(slot, req, lang, limits), lane)


async def health() -> dict:
    """The sandbox part of /health: slots in service, free now, retired since start (counts only); with
    RUNNER_URLS the sums over the runner hosts and `runners`, each one's URL, state and counts (asked now)."""
    if settings.runner_urls:
        from app.sandbox.runners import get_runners

        return await get_runners().health()
    from app.sandbox.pool import health as pool_health

    return pool_health()


def runtimes() -> list[dict]:
    from app.sandbox.languages import available

    return [{"language": l.id, "version": version(l), "aliases": list(l.aliases)}
            for l in LANGUAGES.values() if available(l)]
