"""Client for a Piston v2 server (`PISTON_URL`): the same interface as the local runner."""
from __future__ import annotations

from typing import Any

import httpx

from app.sandbox.errors import BadRequest, SandboxBusy, SandboxError
from app.sandbox.types import ExecRequest, ExecResult, StageResult


def _stage(d: dict[str, Any] | None, compile_stage: bool = False) -> StageResult | None:
    if not d:
        return None
    code, sig = d.get("code"), d.get("signal")
    status = d.get("status")
    if status not in ("ok", "runtime_error", "time_limit", "memory_limit", "output_limit", "compile_error",
                      "internal_error"):  # real Piston: derive from code/signal
        status = "ok" if code == 0 and not sig else (
            "time_limit" if sig == "SIGKILL" else ("compile_error" if compile_stage else "runtime_error"))
    return StageResult(stdout=d.get("stdout", ""), stderr=d.get("stderr", ""), code=code, signal=sig,
                       status=status, wall_time_ms=float(d.get("wall_time") or 0),
                       cpu_time_ms=float(d.get("cpu_time") or 0), memory_kb=int(d.get("memory") or 0) // 1024,
                       truncated=bool(d.get("truncated", False)))


def request_body(req: ExecRequest, limits: dict | None = None) -> dict[str, Any]:
    """Piston's request body for `req`, with `limits` (what validate() resolved) in place of the request's own."""
    body: dict[str, Any] = {"language": req.language, "version": req.version or "*",
                            "files": [{"name": f.name, "content": f.content, "encoding": f.encoding} for f in req.files],
                            "stdin": req.stdin, "args": list(req.args)}
    limits = limits or {}
    run_ms = limits.get("run_timeout_ms", req.run_timeout_ms)
    compile_ms = limits.get("compile_timeout_ms", req.compile_timeout_ms)
    memory_mb = limits.get("run_memory_mb", req.run_memory_mb)
    if run_ms is not None:
        body["run_timeout"] = run_ms
    if compile_ms is not None:
        body["compile_timeout"] = compile_ms
    if memory_mb is not None:
        body["run_memory_limit"] = memory_mb * 1024 * 1024
    return body


class PistonClient:
    def __init__(self, base_url: str, timeout: float = 60.0, transport: httpx.AsyncBaseTransport | None = None,
                 token: str = ""):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.transport = transport
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}  # Parley's sandbox server; Piston ignores it

    def _client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=self.base_url, timeout=self.timeout, transport=self.transport,
                                 headers=self.headers)

    async def runtimes(self) -> list[dict]:
        async with self._client() as c:
            r = await c.get("/api/v2/runtimes")
            r.raise_for_status()
            return r.json()

    async def execute(self, req: ExecRequest, limits: dict | None = None) -> ExecResult:
        """Run `req` there; `limits` (what validate() resolved) replace the request's own when given."""
        body = request_body(req, limits)
        try:
            async with self._client() as c:
                r = await c.post("/api/v2/execute", json=body)
        except httpx.HTTPError as e:
            raise SandboxError(f"Piston server unreachable: {e}") from e
        if r.status_code == 429:
            raise SandboxBusy(r.json().get("message", "busy"), int(r.headers.get("retry-after", "1")))
        if r.status_code == 400:
            raise BadRequest(r.json().get("message", "bad request"))
        if r.status_code != 200:
            raise SandboxError(f"Piston server answered {r.status_code}: {r.text[:200]}")
        return parse_result(r.json(), req.language)


def parse_result(d: dict[str, Any], language: str) -> ExecResult:
    """A Piston answer body → ExecResult (a run after a failed compile is dropped, as the local runner has none)."""
    compile_ = _stage(d.get("compile"), True)
    run = _stage(d.get("run"))
    status = d.get("status") or (compile_.status if compile_ and compile_.status != "ok" else
                                 (run.status if run else "internal_error"))
    if compile_ and compile_.status != "ok":
        run = None
    return ExecResult(language=d.get("language", language), version=d.get("version", ""), run=run,
                      compile=compile_, status=status)
