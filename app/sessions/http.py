"""REST endpoints for interview sessions; every rule lives in `app.sessions.service`."""
from __future__ import annotations

from typing import Literal, Optional
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from app.auth import service as accounts
from app.auth.http import current_user, read_body, redirect, signed_in
from app.auth.service import Me
from app.config import settings
from app.errors import ParleyError
from app.sessions import hooks, service


class CreateBody(BaseModel):
    problem: str = Field(description="Problem slug, e.g. two-sum")
    visibility: Literal["public", "private"] = "public"
    password: Optional[str] = Field(None, description="Private rooms only; omit for invite-link-only")
    language: Optional[str] = Field(None, description="Starting language (default python)")


class JoinBody(BaseModel):
    password: Optional[str] = None
    invite: Optional[str] = None


def base_url(request: Request) -> str:
    return (settings.public_url or str(request.base_url)).rstrip("/")


def _with_invite_url(request: Request, view: dict) -> dict:
    if "invite_path" in view:
        view["invite_url"] = base_url(request) + view["invite_path"]
    return view


def build_router() -> APIRouter:
    router = APIRouter(prefix="/api/sessions", tags=["sessions"])

    @router.post("", status_code=201, summary="Create a session (→ id, invite URL)")
    async def create(body: CreateBody, request: Request, me: Optional[Me] = Depends(current_user)) -> dict:
        view = await run_in_threadpool(service.create, me, body.problem, body.visibility, body.password,
                                       body.language)
        return _with_invite_url(request, view)

    @router.get("", summary="Public sessions waiting for a participant")
    async def list_public(me: Optional[Me] = Depends(current_user)) -> list[dict]:
        return await run_in_threadpool(service.list_public, me)

    @router.get("/mine", summary="My recent sessions, with partner, duration and verdict")
    async def mine(me: Optional[Me] = Depends(current_user)) -> list[dict]:
        return await run_in_threadpool(service.mine, me)

    @router.get("/{session_id}", summary="One session, as you may see it")
    async def get(session_id: str, request: Request, invite: Optional[str] = None,
                  me: Optional[Me] = Depends(current_user)) -> dict:
        return _with_invite_url(request, await run_in_threadpool(service.get, me, session_id, invite))

    @router.post("/{session_id}/join", summary="Take the participant slot (409 full, 410 ended)")
    async def join(session_id: str, request: Request, me: Optional[Me] = Depends(current_user)) -> dict:
        data, _ = await read_body(request)
        body = JoinBody.model_validate({k: v for k, v in data.items() if k in ("password", "invite")})
        return await run_in_threadpool(service.join, me, session_id, body.password, body.invite)

    @router.post("/{session_id}/guest", summary="Join as a guest from an invite link (sets the cookie)")
    async def guest(session_id: str, request: Request, me: Optional[Me] = Depends(current_user)):
        """Form posts (the invite landing page) answer 303 to the room; JSON answers the session."""
        data, is_form = await read_body(request)
        created = None
        try:
            if me is None:
                created = me = await run_in_threadpool(accounts.create_guest, data.get("display_name"))
            view = await run_in_threadpool(service.join, me, session_id, data.get("password"), data.get("invite"))
        except ParleyError as e:
            if created is not None:
                await run_in_threadpool(accounts.delete_guest, created.id)
            if is_form:
                q = {"error": e.detail, **({"invite": data["invite"]} if data.get("invite") else {})}
                return redirect(request, f"/session/{session_id}?{urlencode(q)}")
            raise
        resp = redirect(request, f"/session/{session_id}") if is_form else JSONResponse(view)
        return signed_in(resp, me) if created is not None else resp

    @router.post("/{session_id}/leave", summary="Leave (the participant frees the slot)")
    async def leave(session_id: str, me: Optional[Me] = Depends(current_user)) -> dict:
        return await run_in_threadpool(service.leave, me, session_id)

    @router.post("/{session_id}/end", summary="End the session for both (host only)")
    async def end(session_id: str, me: Optional[Me] = Depends(current_user)) -> dict:
        view = await run_in_threadpool(service.end, me, session_id)
        await hooks.room_ended(session_id)
        return view

    @router.get("/{session_id}/chat", summary="Chat settings: built-in, or a Stream channel and user token")
    async def chat(session_id: str, me: Optional[Me] = Depends(current_user)) -> dict:
        return await run_in_threadpool(service.chat_settings, me, session_id)

    @router.get("/{session_id}/video", summary="Call settings: built-in WebRTC, or a Stream call and call token")
    async def video(session_id: str, me: Optional[Me] = Depends(current_user)) -> dict:
        return await run_in_threadpool(service.video_settings, me, session_id)

    @router.get("/{session_id}/token", summary="A short-lived room token for the room's sockets")
    async def token(session_id: str, me: Optional[Me] = Depends(current_user)) -> dict:
        return await run_in_threadpool(service.room_token, me, session_id)

    return router
