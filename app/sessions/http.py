"""REST endpoints for interview sessions; every rule lives in `app.sessions.service`."""
from __future__ import annotations

from typing import Literal, Optional

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from app.auth.http import as_guest_if_needed, client_address, current_user, read_body
from app.auth.service import Me
from app.config import settings
from app.room import events
from app.sessions import listing, service


class CreateBody(BaseModel):
    problem: str = Field(description="Problem slug, e.g. two-sum")
    visibility: Literal["public", "private"] = "public"
    password: Optional[str] = Field(None, description="Private rooms only; omit for invite-link-only")
    language: Optional[str] = Field(None, description="Starting language (default python)")


class InviteBody(BaseModel):
    role: Literal["interviewer", "observer"] = Field(description="The seat the link gives")


class JoinBody(BaseModel):
    password: Optional[str] = None
    invite: Optional[str] = None


def base_url(request: Request) -> str:
    return (settings.public_url or str(request.base_url)).rstrip("/")


def with_invite_url(request: Request, view: dict) -> dict:
    """The view with its invite as a full URL (on PUBLIC_URL when set), for whoever may see the invite."""
    if "invite_path" in view:
        view["invite_url"] = base_url(request) + view["invite_path"]
    return view


def build_router() -> APIRouter:
    router = APIRouter(prefix="/api/sessions", tags=["sessions"])

    @router.post("", status_code=201, summary="Create a session (→ id, invite URL)")
    async def create(body: CreateBody, request: Request, me: Optional[Me] = Depends(current_user)) -> dict:
        view = await run_in_threadpool(service.create, me, body.problem, body.visibility, body.password,
                                       body.language)
        return with_invite_url(request, view)

    @router.get("", summary="Public sessions waiting for a participant")
    async def list_public(me: Optional[Me] = Depends(current_user)) -> list[dict]:
        return await run_in_threadpool(listing.list_public, me)

    @router.get("/mine", summary="My recent sessions, with partner, duration and verdict")
    async def mine(me: Optional[Me] = Depends(current_user)) -> list[dict]:
        return await run_in_threadpool(listing.mine, me)

    @router.get("/{session_id}", summary="One session, as you may see it")
    async def get(session_id: str, request: Request, invite: Optional[str] = None,
                  me: Optional[Me] = Depends(current_user)) -> dict:
        return with_invite_url(request, await run_in_threadpool(service.get, me, session_id, invite))

    @router.post("/{session_id}/join", summary="Take the participant slot, or a panel seat with a role invite (409 full, 410 ended)")
    async def join(session_id: str, request: Request, me: Optional[Me] = Depends(current_user)) -> dict:
        data, _ = await read_body(request)
        body = JoinBody.model_validate({k: v for k, v in data.items() if k in ("password", "invite")})
        return await run_in_threadpool(service.join, me, session_id, body.password, body.invite,
                                       client_address(request))

    @router.post("/{session_id}/guest", summary="Join as a guest from an invite link (sets the cookie)")
    async def guest(session_id: str, request: Request, me: Optional[Me] = Depends(current_user)):
        """Form posts (the invite landing page) answer 303 to the room; JSON answers the session."""
        data, is_form = await read_body(request)
        return await as_guest_if_needed(
            request, me, data, is_form,
            lambda who: service.join(who, session_id, data.get("password"), data.get("invite"),
                                     client_address(request)),
            back=f"/session/{session_id}", forward=lambda _: f"/session/{session_id}")

    @router.post("/{session_id}/invites", status_code=201,
                 summary="Host only: an invite link that joins as interviewer or observer")
    async def invite(session_id: str, body: InviteBody, request: Request,
                     me: Optional[Me] = Depends(current_user)) -> dict:
        grant = await run_in_threadpool(service.create_invite, me, session_id, body.role)
        return {"invite_url": base_url(request) + grant["invite_path"], "role": grant["role"]}

    @router.post("/{session_id}/leave", summary="Leave (the participant frees the slot)")
    async def leave(session_id: str, me: Optional[Me] = Depends(current_user)) -> dict:
        view = await run_in_threadpool(service.leave, me, session_id)
        await events.member_left(session_id, me.id)
        return view

    @router.post("/{session_id}/end", summary="End the session for both (host only)")
    async def end(session_id: str, me: Optional[Me] = Depends(current_user)) -> dict:
        view = await run_in_threadpool(service.end, me, session_id)
        await events.room_ended(session_id)
        return view

    @router.get("/{session_id}/token", summary="A short-lived room token for the room's sockets")
    async def token(session_id: str, me: Optional[Me] = Depends(current_user)) -> dict:
        return await run_in_threadpool(service.room_token, me, session_id)

    return router
