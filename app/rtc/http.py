"""REST endpoints for call recordings; every rule lives in `app.rtc.recordings`."""
from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse
from pydantic import BaseModel

from app.auth.http import check_origin, current_user
from app.auth.service import Me
from app.errors import TooLarge
from app.rtc import recordings

MAX_CHUNK = 16 * 1024 * 1024


class StartBody(BaseModel):
    mime_type: str = "video/webm"


def build_router() -> APIRouter:
    r = APIRouter(prefix="/api/sessions/{session_id}/recordings", tags=["recordings"])

    @r.post("", status_code=201, summary="Host: start a recording")
    async def start(session_id: str, body: StartBody, request: Request,
                    me: Optional[Me] = Depends(current_user)) -> dict:
        check_origin(request)
        return await run_in_threadpool(recordings.start, me, session_id, body.mime_type)

    @r.post("/{recording_id}/chunks", summary="Append chunk `seq` (raw bytes)")
    async def chunk(session_id: str, recording_id: str, seq: int, request: Request,
                    me: Optional[Me] = Depends(current_user)) -> dict:
        check_origin(request)
        data = bytearray()
        async for part in request.stream():
            data += part
            if len(data) > MAX_CHUNK:
                raise TooLarge(f"A chunk is limited to {MAX_CHUNK // (1024 * 1024)} MB.", error="chunk_too_large")
        return await run_in_threadpool(recordings.append, me, session_id, recording_id, seq, bytes(data))

    @r.post("/{recording_id}/finish", summary="Finish a recording")
    async def finish(session_id: str, recording_id: str, request: Request,
                     me: Optional[Me] = Depends(current_user)) -> dict:
        check_origin(request)
        return await run_in_threadpool(recordings.finish, me, session_id, recording_id)

    @r.get("", summary="The session's recordings (members only)")
    async def listing(session_id: str, me: Optional[Me] = Depends(current_user)) -> list[dict]:
        return await run_in_threadpool(recordings.list_for, me, session_id)

    @r.get("/{recording_id}", summary="Play or download a recording (members only)")
    async def file(session_id: str, recording_id: str, download: bool = False,
                   me: Optional[Me] = Depends(current_user)) -> FileResponse:
        path, mime = await run_in_threadpool(recordings.file_for, me, session_id, recording_id)
        ext = "mp4" if mime == "video/mp4" else "webm"
        return FileResponse(path, media_type=mime, filename=f"parley-{session_id}-{recording_id}.{ext}",
                            content_disposition_type="attachment" if download else "inline")

    return r
