"""REST endpoints for take-home assessments; every rule lives in `app.assessments.service`."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from app.assessments import service
from app.auth.http import as_guest_if_needed, current_user, read_body
from app.auth.service import Me
from app.sessions.http import with_invite_url


class CreateBody(BaseModel):
    problem: str = Field(description="Problem slug (the bank, a shared question or your own)")
    time_limit_minutes: int = Field(description="From ASSESSMENT_MIN_MINUTES (15) to ASSESSMENT_MAX_MINUTES (240)")
    languages: Optional[list[str]] = Field(None, description="Languages allowed (default: every judge language)")
    deadline_at: Optional[datetime] = Field(None, description="Last moment it may be started (ISO 8601)")


def build_router() -> APIRouter:
    router = APIRouter(prefix="/api/assessments", tags=["assessments"])

    @router.post("", status_code=201, summary="Create a take-home (→ id, invite URL)")
    async def create(body: CreateBody, request: Request, me: Optional[Me] = Depends(current_user)) -> dict:
        view = await run_in_threadpool(service.create, me, body.problem, body.time_limit_minutes, body.languages,
                                       body.deadline_at)
        return with_invite_url(request, view)

    @router.get("", summary="The take-homes I created: candidate, status, final verdict, time used, report")
    async def mine(request: Request, me: Optional[Me] = Depends(current_user)) -> list[dict]:
        return [with_invite_url(request, v) for v in await run_in_threadpool(service.mine, me)]

    @router.get("/{assessment_id}", summary="One take-home as you may see it (`invite`: its rules)")
    async def get(assessment_id: str, request: Request, invite: Optional[str] = None,
                  me: Optional[Me] = Depends(current_user)) -> dict:
        return with_invite_url(request, await run_in_threadpool(service.get, me, assessment_id, invite))

    @router.post("/{assessment_id}/start", summary="Start the clock (once): `{invite, display_name?}`")
    async def start(assessment_id: str, request: Request, me: Optional[Me] = Depends(current_user)):
        """An anonymous caller becomes a guest named `display_name`. A form post answers 303 to the room (or back
        to the rules page with the error); JSON answers the assessment."""
        data, is_form = await read_body(request)
        return await as_guest_if_needed(
            request, me, data, is_form, lambda who: service.start(who, assessment_id, data.get("invite")),
            back=f"/assessments/{assessment_id}", forward=lambda view: f"/session/{view['session_id']}")

    @router.post("/{assessment_id}/finish", summary="Hand in now (the candidate): the code is submitted")
    async def finish(assessment_id: str, request: Request, me: Optional[Me] = Depends(current_user)) -> dict:
        await read_body(request)
        return await service.finish(me, assessment_id)

    return router
