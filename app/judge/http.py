"""The REST judge for scripts and graders: `POST /api/problems/{slug}/submissions` judges code exactly as the
practice page's Run and Submit do — same judge, same per-person limits (one run at a time, RUNS_PER_MINUTE), the
run stored as the person's — and answers the judge's JSON, hidden tests redacted to their status."""
from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool

from app import untrusted
from app.auth.http import UnsupportedType, check_origin, require_user
from app.auth.service import Me
from app.config import settings
from app.errors import NotFound, ParleyError, TooLarge, TooMany, Unprocessable
from app.judge.harness import GENERATORS
from app.judge.service import JudgeError, judge
from app.judge.store import save_run
from app.problems import lookup
from app.sandbox.errors import RateLimited, RunInProgress, SandboxBusy, SandboxError

MODES = ("run", "submit")
EXAMPLE = {"language": "python", "mode": "submit",
           "code": "class Solution:\n    def twoSum(self, nums, target):\n        return [0, 1]\n"}


def body_limit() -> int:
    """Room for the largest code JSON-escaped (each byte at worst 6 characters) plus a custom input."""
    return 6 * settings.max_code_bytes + 64 * 1024


async def _json_object(request: Request) -> dict:
    check_origin(request)  # OriginGuard already did; kept so the rule sits next to the endpoint
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype != "application/json":
        raise UnsupportedType("Send the submission as JSON (content-type: application/json).")
    limit = body_limit()
    raw = bytearray()
    async for part in request.stream():
        raw += part
        if len(raw) > limit:
            raise TooLarge(f"Request body is over the {limit}-byte limit.", error="body_too_large")
    try:
        data = untrusted.loads(bytes(raw))
    except (ValueError, UnicodeDecodeError) as e:
        raise ParleyError(f"Malformed JSON: {e}", error="malformed_json") from None
    if not isinstance(data, dict):
        raise ParleyError("Request body must be a JSON object.", error="malformed_json")
    return data


def _submission(data: dict[str, Any]) -> tuple[str, str, str, str | None]:
    """(language, code, mode, custom_input) from the body, each wrong field named."""
    language, code, mode = data.get("language"), data.get("code"), data.get("mode", "run")
    custom = data.get("custom_input")
    if not isinstance(language, str) or language not in GENERATORS:
        raise Unprocessable(f"language: must be one of {', '.join(GENERATORS)}.", error="unknown_language")
    if not isinstance(code, str):
        raise Unprocessable("code: required string.", error="invalid_code")
    if mode not in MODES:
        raise Unprocessable("mode: must be run or submit.", error="invalid_mode")
    if custom is not None and (not isinstance(custom, str) or mode != "run"):
        raise Unprocessable("custom_input: a string, with mode run only.", error="invalid_custom_input")
    try:
        size = len(code.encode())
    except UnicodeEncodeError:
        raise Unprocessable("code: contains characters that are not valid text.", error="invalid_code") from None
    if size > settings.max_code_bytes:
        raise TooLarge(f"code: {size} bytes, over the {settings.max_code_bytes}-byte limit.", error="code_too_large")
    return language, code, mode, custom


def build_router() -> APIRouter:
    router = APIRouter(prefix="/api/problems", tags=["judge"])

    @router.post("/{slug}/submissions", summary="Judge code against a problem's tests (the UI's Run / Submit)",
                 openapi_extra={"requestBody": {"content": {"application/json": {"example": EXAMPLE}}}})
    async def submit(slug: str, request: Request, me: Me = Depends(require_user)) -> dict:
        """`mode` run: the visible tests (or `custom_input`, one JSON value per parameter per line); submit: every
        test, hidden ones as their status only. 404 for a problem the caller may not see, 429 past the limits."""
        data = await _json_object(request)
        if await run_in_threadpool(lookup.visible, slug[:200], me.id) is None:
            raise NotFound(f"No such problem: {slug[:200]!r}.", error="problem_not_found")
        language, code, mode, custom = _submission(data)
        try:
            result = await judge(slug, language, code, mode=mode, custom_input=custom, user_key=f"user:{me.id}")
        except JudgeError as e:
            raise Unprocessable(str(e), error="cannot_judge") from None
        except SandboxBusy as e:
            code_ = "run_in_progress" if isinstance(e, RunInProgress) else (
                "rate_limited" if isinstance(e, RateLimited) else "busy")
            raise TooMany(str(e), retry_after=e.retry_after, error=code_) from None
        except SandboxError as e:
            raise Unprocessable(str(e), error="cannot_judge") from None
        run_id = await asyncio.to_thread(save_run, me.id, slug, language, "custom" if custom else mode, code, result)
        return {**result, "submission_id": run_id}

    return router
