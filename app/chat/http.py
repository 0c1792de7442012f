"""The room's chat settings endpoint: built-in chat, or a Stream channel and user token."""
from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Depends
from fastapi.concurrency import run_in_threadpool

from app.auth.http import current_user
from app.auth.service import Me
from app.chat import stream


def build_router() -> APIRouter:
    router = APIRouter(prefix="/api/sessions", tags=["sessions"])

    @router.get("/{session_id}/chat", summary="Chat settings: built-in, or a Stream channel and user token")
    async def chat(session_id: str, me: Optional[Me] = Depends(current_user)) -> dict:
        return await run_in_threadpool(stream.settings_for, me, session_id)

    return router
