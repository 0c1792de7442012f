"""Piston v2-compatible HTTP API: GET /api/v2/runtimes, POST /api/v2/execute. Piston clients work unchanged;
our extra fields (status, wall_time, cpu_time, memory) are ignored by them.

Extension (optional, absent from Piston): `runs`, a list of runs after the one compile, each
`{"files", "stdin", "args", "collect", "run_timeout", "channel": {"feed", "first_timeout", "gap_timeout",
"gap_cpu_time"}}` (see types.Run and types.Channel; times in ms). The answer then carries `runs`, one stage per
run started, each with its collected `files` (base64) and its channel `records` ({"data": base64, "wall_time",
"cpu_time"}); `run` is the last of them and the top-level `run_timeout` is the budget of all. `collect` (top level,
without `runs`): work-dir files to send back as `files` (base64; regular files only, never through a symlink, and
at most the server's collect budget in all: see runner._collect).

Runner-pool extension (the standalone server with SANDBOX_TOKEN only, see runners.py): `"parley": {"lane",
"maxima"}` runs in that lane's slots with the judge's raised maxima (each capped at this server's own ceilings,
see sandbox.trusted_ceilings), and the body may then be as large as those maxima need."""
from __future__ import annotations

import base64
from typing import Any, Awaitable, Callable, Optional

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from app import untrusted
from app.config import settings
from app.sandbox import execute, runtimes, trusted_ceilings
from app.sandbox.errors import BadRequest, RateLimited, RunInProgress, SandboxBusy, SandboxError
from app.sandbox.pool import LANES
from app.sandbox.types import Channel, ExecRequest, ExecResult, File, Run, StageResult

# The app replaces this with its "signed-in user" dependency; it returns a key for the per-user rate limit.
UserKeyDependency = Callable[..., Awaitable[Optional[str]]]


async def no_auth() -> Optional[str]:
    return None


CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 413: "too_large", 415: "unsupported_media_type",
         429: "busy", 500: "internal_error"}


def error(status: int, message: str, code: str | None = None, **headers: str) -> JSONResponse:
    """Parley's `{"error", "detail"}`, plus Piston's `message` for Piston clients."""
    return JSONResponse({"error": code or CODES.get(status, "error"), "detail": message, "message": message},
                        status_code=status, headers=headers or None)


def _json_body(request: Request) -> bool:
    return request.headers.get("content-type", "").split(";")[0].strip().lower() == "application/json"


def _stage(s: StageResult | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {"stdout": s.stdout, "stderr": s.stderr, "output": s.stdout + s.stderr, "code": s.code,
            "signal": s.signal, "status": s.status, "wall_time": s.wall_time_ms, "cpu_time": s.cpu_time_ms,
            "memory": s.memory_kb * 1024, "truncated": s.truncated}


def _run_body(s: StageResult) -> dict[str, Any]:
    return {**_stage(s), "files": _b64(s.files),
            "records": [{"data": base64.b64encode(x.data).decode(), "wall_time": x.wall_ms, "cpu_time": x.cpu_ms}
                        for x in s.records]}


def _b64(files: dict[str, bytes]) -> dict[str, str]:
    return {n: base64.b64encode(b).decode() for n, b in files.items()}


def to_piston(r: ExecResult, runs: bool = False, files: bool = False) -> dict[str, Any]:
    """The answer body; `runs`: the request used the runs extension, so each run's stage is in `runs`; `files`:
    it collected files, sent back base64 in `files`."""
    body: dict[str, Any] = {"language": r.language, "version": r.version, "status": r.status}
    body["run"] = _stage(r.run) or {"stdout": "", "stderr": "", "output": "", "code": None, "signal": None,
                                    "status": r.status}
    if r.compile is not None:
        body["compile"] = _stage(r.compile)
    if r.run is not None:
        body.update(wall_time=r.run.wall_time_ms, cpu_time=r.run.cpu_time_ms, memory=r.run.memory_kb * 1024)
    if runs:
        body["runs"] = [_run_body(s) for s in r.runs]
    if files:
        body["files"] = _b64(r.files)
    return body


def _files(files: Any, where: str, required: bool) -> list[File]:
    if not isinstance(files, list) or (required and not files):
        raise BadRequest(f"{where}: required non-empty list of {{name, content}}" if required else
                         f"{where}: must be a list of {{name, content}}")
    parsed = []
    for i, f in enumerate(files):
        if not isinstance(f, dict) or not isinstance(f.get("content"), str):
            raise BadRequest(f"{where}[{i}].content: required string")
        encoding = f.get("encoding") or "utf8"
        parsed.append(File(str(f.get("name") or ""), f["content"], "utf8" if encoding == "utf-8" else str(encoding)))
    return parsed


def _number(d: dict, name: str, where: str = "", scale: float = 1) -> Optional[int]:
    v = d.get(name)
    if v is None:
        return None
    if not isinstance(v, (int, float)) or isinstance(v, bool):
        raise BadRequest(f"{where}{name}: must be a number")
    return -1 if v < 0 else int(v * scale)


def _strings(d: dict, name: str, where: str = "") -> list[str]:
    v = d.get(name, [])
    if not isinstance(v, list) or not all(isinstance(a, str) for a in v):
        raise BadRequest(f"{where}{name}: must be a list of strings")
    return v


def _string(d: dict, name: str, where: str = "") -> str:
    v = d.get(name, "")
    if not isinstance(v, str):
        raise BadRequest(f"{where}{name}: must be a string")
    return v


def _runs(runs: Any) -> list[Run]:
    """The `runs` extension → Run objects (see the module docstring)."""
    if runs is None:
        return []
    if not isinstance(runs, list):
        raise BadRequest("runs: must be a list of {files, stdin, args, collect, run_timeout, channel}")
    out = []
    for i, r in enumerate(runs):
        where = f"runs[{i}]."
        if not isinstance(r, dict):
            raise BadRequest(f"runs[{i}]: must be an object")
        channel = None
        if r.get("channel") is not None:
            c = r["channel"]
            if not isinstance(c, dict):
                raise BadRequest(f"{where}channel: must be an object")
            defaults = Channel()
            first, gap, gap_cpu = (_number(c, n, where + "channel.") for n in
                                   ("first_timeout", "gap_timeout", "gap_cpu_time"))
            channel = Channel(feed=_strings(c, "feed", where + "channel."),
                              first_ms=defaults.first_ms if first is None else first,
                              gap_ms=defaults.gap_ms if gap is None else gap,
                              gap_cpu_ms=defaults.gap_cpu_ms if gap_cpu is None else gap_cpu)
        out.append(Run(files=_files(r.get("files", []), where + "files", False), stdin=_string(r, "stdin", where),
                       args=_strings(r, "args", where), collect=_strings(r, "collect", where),
                       run_timeout_ms=_number(r, "run_timeout", where), channel=channel))
    return out


def parse_request(data: Any) -> ExecRequest:
    """Piston's request body → ExecRequest, with a message naming the field that is wrong."""
    if not isinstance(data, dict):
        raise BadRequest("request body must be a JSON object")
    if not isinstance(data.get("language"), str) or not data["language"]:
        raise BadRequest("language: required string")
    parsed = _files(data.get("files"), "files", True)
    args = _strings(data, "args")
    stdin = _string(data, "stdin")
    memory = _number(data, "run_memory_limit")
    return ExecRequest(language=data["language"], version=str(data.get("version") or "*"), files=parsed,
                       stdin=stdin, args=args, run_timeout_ms=_number(data, "run_timeout"),
                       compile_timeout_ms=_number(data, "compile_timeout"),
                       run_memory_mb=None if memory is None else (memory if memory < 0 else
                                                                  max(1, memory // (1024 * 1024))),
                       collect=_strings(data, "collect"), runs=_runs(data.get("runs")))


def parse_pool_extension(ext: Any) -> tuple[str, dict]:
    """The runner-pool extension → (lane, maxima), each maximum capped at this server's own ceilings."""
    if not isinstance(ext, dict):
        raise BadRequest("parley: must be an object {lane, maxima}")
    lane = ext.get("lane", "practice")
    if lane not in LANES:
        raise BadRequest(f"parley.lane: one of {', '.join(LANES)}")
    given = ext.get("maxima", {})
    if not isinstance(given, dict):
        raise BadRequest("parley.maxima: must be an object")
    maxima = {}
    for name, ceiling in trusted_ceilings().items():
        v = _number(given, name, "parley.maxima.")
        if v is not None and v > 0:
            maxima[name] = min(v, ceiling)
    return lane, maxima


def _body_limit(trusted: bool) -> int:
    """A runner host's trusted caller may send the judge's largest inputs (base64 and JSON escaping included)."""
    return settings.max_request_bytes + (2 * trusted_ceilings()["max_data_bytes"] if trusted else 0)


def build_router(user_key: UserKeyDependency = no_auth, trusted: bool = False) -> APIRouter:
    """`trusted`: every caller proved SANDBOX_TOKEN (the standalone server with a token), so the runner-pool
    extension is honoured; the app's public API never is."""
    router = APIRouter(prefix="/api/v2", tags=["execute (Piston v2)"])
    limit = _body_limit(trusted)

    @router.get("/runtimes")
    async def list_runtimes(_: Optional[str] = Depends(user_key)) -> list[dict]:
        if settings.runner_urls:  # what the runner hosts have (a web worker may have no toolchain at all)
            from app.sandbox.runners import get_runners

            return await get_runners().runtimes()
        return runtimes()

    @router.post("/execute")
    async def run(request: Request, key: Optional[str] = Depends(user_key)):
        if not _json_body(request):  # a web page's form or text/plain post is no run request
            return error(415, "send the request body as Content-Type: application/json")
        length = request.headers.get("content-length") or "0"
        size = int(length) if length.isdigit() else 0  # a bogus length is caught while reading the body
        if size > limit:
            return error(413, f"request body is {size} bytes, over the {limit}-byte limit")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                return error(413, f"request body is over the {limit}-byte limit")
        try:
            data = untrusted.loads(body)
        except (ValueError, UnicodeDecodeError) as e:
            return error(400, f"malformed JSON: {e}")
        try:
            req = parse_request(data)
            if isinstance(data, dict) and "parley" in data:
                if not trusted:
                    return error(403, "runner-pool requests need SANDBOX_TOKEN set on this sandbox server",
                                 "token_required")
                lane, maxima = parse_pool_extension(data["parley"])
                result = await execute(req, user_key=key, maxima=maxima, local=True, lane=lane)
            else:
                result = await execute(req, user_key=key)
        except SandboxBusy as e:
            code = "run_in_progress" if isinstance(e, RunInProgress) else (
                "rate_limited" if isinstance(e, RateLimited) else "busy")
            return error(429, str(e), code, **{"Retry-After": str(e.retry_after)})
        except SandboxError as e:
            return error(e.status_code, str(e))
        return to_piston(result, runs=bool(req.runs), files=bool(req.collect))

    return router
