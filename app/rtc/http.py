"""REST endpoints for call recordings; every rule lives in `app.rtc.recordings`. A chunk's body is streamed
into its part file as it arrives (at most one block in memory); recordings are served with their canonical MIME
type, `nosniff` and a sandboxing CSP, so a crafted upload is never run as a page."""
from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, Response
from pydantic import BaseModel
from starlette.requests import ClientDisconnect

from app.auth.http import check_origin, current_user
from app.auth.service import Me
from app.rtc import recordings, stream_video

BLOCK = 256 * 1024  # body bytes held before they are written out
SERVED_HEADERS = {"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'; sandbox",
                  "Cache-Control": "private, no-store"}


class StartBody(BaseModel):
    mime_type: str = "video/webm"


def build_router() -> APIRouter:
    r = APIRouter(prefix="/api/sessions/{session_id}")

    @r.get("/video", summary="Call settings: built-in WebRTC, or a Stream call and call token", tags=["sessions"])
    async def video(session_id: str, me: Optional[Me] = Depends(current_user)) -> dict:
        return await run_in_threadpool(stream_video.settings_for, me, session_id)

    @r.post("/recordings", status_code=201, summary="Host: start a recording", tags=["recordings"])
    async def start(session_id: str, body: StartBody, request: Request,
                    me: Optional[Me] = Depends(current_user)) -> dict:
        check_origin(request)
        return await run_in_threadpool(recordings.start, me, session_id, body.mime_type)

    @r.post("/recordings/{recording_id}/chunks", summary="Append chunk `seq` (raw bytes)", tags=["recordings"])
    async def chunk(session_id: str, recording_id: str, seq: int, request: Request,
                    me: Optional[Me] = Depends(current_user)) -> dict:
        check_origin(request)
        length = request.headers.get("content-length")
        declared = int(length) if length and length.isdigit() else None
        upload = await run_in_threadpool(recordings.begin_chunk, me, session_id, recording_id, seq, declared)
        if isinstance(upload, dict):  # already stored: a retry
            return upload
        try:
            block = bytearray()
            async for part in request.stream():
                block += part
                if len(block) >= BLOCK:
                    await run_in_threadpool(upload.write, bytes(block))
                    block.clear()
            if block:
                await run_in_threadpool(upload.write, bytes(block))
            return await run_in_threadpool(upload.commit)
        except ClientDisconnect:  # the upload was aborted: nothing was stored, nobody is left to answer
            return Response(status_code=400)
        finally:  # an aborted, refused or failed upload leaves no part file behind
            await run_in_threadpool(upload.discard)

    @r.post("/recordings/{recording_id}/finish", summary="Finish a recording", tags=["recordings"])
    async def finish(session_id: str, recording_id: str, request: Request,
                     me: Optional[Me] = Depends(current_user)) -> dict:
        check_origin(request)
        return await run_in_threadpool(recordings.finish, me, session_id, recording_id)

    @r.get("/recordings", summary="The session's recordings (members only)", tags=["recordings"])
    async def listing(session_id: str, me: Optional[Me] = Depends(current_user)) -> list[dict]:
        return await run_in_threadpool(recordings.list_for, me, session_id)

    @r.get("/recordings/{recording_id}", summary="Play or download a recording (members only)", tags=["recordings"])
    async def file(session_id: str, recording_id: str, download: bool = False,
                   me: Optional[Me] = Depends(current_user)) -> FileResponse:
        path, mime = await run_in_threadpool(recordings.file_for, me, session_id, recording_id)
        ext = "mp4" if mime == "video/mp4" else "webm"
        return FileResponse(path, media_type=mime, filename=f"parley-{session_id}-{recording_id}.{ext}",
                            content_disposition_type="attachment" if download else "inline", headers=SERVED_HEADERS)

    return r
