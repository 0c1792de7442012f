"""REST endpoints for questions of your own; every rule lives in `app.questions.service`.

Import and replace take the question file itself (`content-type: application/yaml`, problems/FORMAT.md), export
gives it back (`?format=yaml`, owner only). A question the caller may not see answers 404 like one that never was."""
from __future__ import annotations

from typing import Literal, Optional

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel

from app.auth.http import UnsupportedType, check_origin, current_user, read_body
from app.auth.service import Me
from app.config import settings
from app.errors import TooLarge, TooMany
from app.questions import service
from app.questions.spec import QuestionInvalid, parse_yaml
from app.sandbox.errors import SandboxBusy

YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml")
EXAMPLE = """title: Add Two Numbers
difficulty: Easy
statement: Return `a + b`.
signature: {method: add, params: [{name: a, type: integer}, {name: b, type: integer}], return: integer}
solutions:
  python: |
    class Solution:
        def add(self, a, b):
            return a + b
tests:
  - {input: {a: 1, b: 2}}
  - {input: {a: -5, b: 5}, hidden: true}
"""


class ShareBody(BaseModel):
    shared: bool


async def _yaml_body(request: Request):
    """The uploaded file, size-capped while it streams, parsed safely."""
    check_origin(request)
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype not in YAML_TYPES:
        raise UnsupportedType("Send the question file as YAML (content-type: application/yaml).")
    raw = bytearray()
    async for part in request.stream():
        raw += part
        if len(raw) > settings.question_max_bytes:
            raise TooLarge(f"The question file is over the {settings.question_max_bytes}-byte limit.",
                           error="question_too_large")
    try:
        text = bytes(raw).decode("utf-8")
    except UnicodeDecodeError:
        raise QuestionInvalid("(file)", "is not UTF-8 text") from None
    return await run_in_threadpool(parse_yaml, text)


async def _sandboxed(coro):
    """The sandbox's refusals (busy, one run at a time, the rate limit) as 429 with Retry-After."""
    try:
        return await coro
    except SandboxBusy as e:
        raise TooMany(str(e), retry_after=e.retry_after, error="busy") from None


def build_router() -> APIRouter:
    router = APIRouter(prefix="/api/questions", tags=["questions"])

    @router.post("", status_code=201, summary="Import a question file (YAML, problems/FORMAT.md) → its slug",
                 openapi_extra={"requestBody": {"content": {"application/yaml": {"example": EXAMPLE}}}})
    async def create(request: Request, me: Optional[Me] = Depends(current_user)) -> dict:
        service._author(me)  # refuse before reading or running anything
        data = await _yaml_body(request)
        return await _sandboxed(service.create(me, data))

    @router.get("", summary="My questions and those shared with everyone")
    async def mine(me: Optional[Me] = Depends(current_user)) -> list[dict]:
        return await run_in_threadpool(service.mine, me)

    @router.get("/{slug}", summary="One question (`?format=yaml`: its file, owner only)")
    async def get(slug: str, format: Literal["json", "yaml"] = Query("json"),
                  me: Optional[Me] = Depends(current_user)):
        if format == "yaml":
            text = await run_in_threadpool(service.export_yaml, me, slug)
            return PlainTextResponse(text, media_type="application/yaml",
                                     headers={"content-disposition": f'attachment; filename="{slug}.yaml"'})
        return await run_in_threadpool(service.get, me, slug)

    @router.put("/{slug}", summary="Replace a question with a new file (owner only)")
    async def replace(slug: str, request: Request, me: Optional[Me] = Depends(current_user)) -> dict:
        service._author(me)
        data = await _yaml_body(request)
        return await _sandboxed(service.update(me, slug, data))

    @router.patch("/{slug}", summary='Share with everyone on this instance or not: {"shared": true}')
    async def share(slug: str, request: Request, me: Optional[Me] = Depends(current_user)) -> dict:
        data, _ = await read_body(request)
        body = ShareBody.model_validate({k: v for k, v in data.items() if k == "shared"})
        return await run_in_threadpool(service.share, me, slug, body.shared)

    @router.delete("/{slug}", summary="Delete a question (owner only)")
    async def delete(slug: str, me: Optional[Me] = Depends(current_user)) -> dict:
        return await run_in_threadpool(service.delete, me, slug)

    return router
