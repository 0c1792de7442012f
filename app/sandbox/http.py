"""Piston v2-compatible HTTP API: GET /api/v2/runtimes, POST /api/v2/execute. Piston clients work unchanged;
our extra fields (status, wall_time, cpu_time, memory) are ignored by them."""
from __future__ import annotations

import json
from typing import Any, Awaitable, Callable, Optional

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from app.config import settings
from app.sandbox import execute, runtimes
from app.sandbox.errors import BadRequest, SandboxBusy, SandboxError
from app.sandbox.types import ExecRequest, ExecResult, File, StageResult

# The app replaces this with its "signed-in user" dependency; it returns a key for the per-user rate limit.
UserKeyDependency = Callable[..., Awaitable[Optional[str]]]


async def no_auth() -> Optional[str]:
    return None


def error(status: int, message: str, **headers: str) -> JSONResponse:
    return JSONResponse({"message": message, "error": message}, status_code=status, headers=headers or None)


def _stage(s: StageResult | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {"stdout": s.stdout, "stderr": s.stderr, "output": s.stdout + s.stderr, "code": s.code,
            "signal": s.signal, "status": s.status, "wall_time": s.wall_time_ms, "cpu_time": s.cpu_time_ms,
            "memory": s.memory_kb * 1024, "truncated": s.truncated}


def to_piston(r: ExecResult) -> dict[str, Any]:
    body: dict[str, Any] = {"language": r.language, "version": r.version, "status": r.status}
    body["run"] = _stage(r.run) or {"stdout": "", "stderr": "", "output": "", "code": None, "signal": None,
                                    "status": r.status}
    if r.compile is not None:
        body["compile"] = _stage(r.compile)
    if r.run is not None:
        body.update(wall_time=r.run.wall_time_ms, cpu_time=r.run.cpu_time_ms, memory=r.run.memory_kb * 1024)
    return body


def parse_request(data: Any) -> ExecRequest:
    """Piston's request body → ExecRequest, with a message naming the field that is wrong."""
    if not isinstance(data, dict):
        raise BadRequest("request body must be a JSON object")
    if not isinstance(data.get("language"), str) or not data["language"]:
        raise BadRequest("language: required string")
    files = data.get("files")
    if not isinstance(files, list) or not files:
        raise BadRequest("files: required non-empty list of {name, content}")
    parsed = []
    for i, f in enumerate(files):
        if not isinstance(f, dict) or not isinstance(f.get("content"), str):
            raise BadRequest(f"files[{i}].content: required string")
        encoding = f.get("encoding") or "utf8"
        parsed.append(File(str(f.get("name") or ""), f["content"], "utf8" if encoding == "utf-8" else str(encoding)))
    args = data.get("args", [])
    if not isinstance(args, list) or not all(isinstance(a, str) for a in args):
        raise BadRequest("args: must be a list of strings")
    stdin = data.get("stdin", "")
    if not isinstance(stdin, str):
        raise BadRequest("stdin: must be a string")

    def limit(name: str, scale: float = 1) -> Optional[int]:
        v = data.get(name)
        if v is None:
            return None
        if not isinstance(v, (int, float)) or isinstance(v, bool):
            raise BadRequest(f"{name}: must be a number")
        return -1 if v < 0 else int(v * scale)

    return ExecRequest(language=data["language"], version=str(data.get("version") or "*"), files=parsed,
                       stdin=stdin, args=args, run_timeout_ms=limit("run_timeout"),
                       compile_timeout_ms=limit("compile_timeout"),
                       run_memory_mb=(lambda b: None if b is None else (b if b < 0 else max(1, b // (1024 * 1024))))(
                           limit("run_memory_limit")))


def build_router(user_key: UserKeyDependency = no_auth) -> APIRouter:
    router = APIRouter(prefix="/api/v2", tags=["execute (Piston v2)"])

    @router.get("/runtimes")
    async def list_runtimes(_: Optional[str] = Depends(user_key)) -> list[dict]:
        return runtimes()

    @router.post("/execute")
    async def run(request: Request, key: Optional[str] = Depends(user_key)):
        size = int(request.headers.get("content-length") or 0)
        if size > settings.max_request_bytes:
            return error(413, f"request body is {size} bytes, over the {settings.max_request_bytes}-byte limit")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > settings.max_request_bytes:
                return error(413, f"request body is over the {settings.max_request_bytes}-byte limit")
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError) as e:
            return error(400, f"malformed JSON: {e}")
        try:
            result = await execute(parse_request(data), user_key=key)
        except SandboxBusy as e:
            return error(429, str(e), **{"Retry-After": str(e.retry_after)})
        except SandboxError as e:
            return error(e.status_code, str(e))
        return to_piston(result)

    return router
