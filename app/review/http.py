"""REST endpoints of the interviewer's toolkit: timeline, the code at any moment, the edit history playback replays,
private notes, the scorecard and the report. Every one answers only the session's interviewers
(`review_facts`: 401 anonymous, 403 the candidate and everyone else, also after the session ended)."""
from __future__ import annotations

import base64
from typing import Literal, Optional

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, PlainTextResponse

from app import untrusted
from app.auth.http import current_user
from app.auth.service import Me
from app.collab import history
from app.config import settings
from app.errors import ParleyError, TooLarge
from app.review import notes, report, scorecard
from app.room import timeline
from app.sessions.roles import NOTE_TAKERS
from app.sessions.service import review_facts


async def _json(request: Request) -> dict:
    limit = 4 * settings.notes_max_chars + 4096
    raw = bytearray()
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > limit:
            raise TooLarge("Request body too large.", error="body_too_large")
    try:
        data = untrusted.loads(raw or b"{}")
    except ValueError as e:
        raise ParleyError(f"Malformed JSON: {e}", error="malformed_json") from None
    if not isinstance(data, dict):
        raise ParleyError("Request body must be a JSON object.", error="malformed_json")
    return data


def _history(me: Me | None, session_id: str) -> dict:
    facts = review_facts(me, session_id)
    out = history.updates(session_id)
    for u in out["updates"]:
        u["data"] = base64.b64encode(u["data"]).decode()
    out["people"] = {str(p["user_id"]): {"name": p["name"], "role": p["role"]} for p in facts["people"]}
    out["language"] = facts["language"]
    return out


def build_router() -> APIRouter:
    r = APIRouter(prefix="/api/sessions/{session_id}", tags=["interviewer's toolkit"])

    @r.get("/timeline", summary="Everything that happened, in time order (interviewers only)")
    async def get_timeline(session_id: str, me: Optional[Me] = Depends(current_user)) -> dict:
        await run_in_threadpool(review_facts, me, session_id)
        return {"events": await run_in_threadpool(timeline.events, session_id)}

    @r.get("/code", summary="The shared code as it was `at` ms after the start (interviewers only)")
    async def get_code(session_id: str, at: Optional[int] = Query(None, description="ms from the session's start"),
                       me: Optional[Me] = Depends(current_user)) -> dict:
        await run_in_threadpool(review_facts, me, session_id)
        return await run_in_threadpool(history.code_at, session_id, at)

    @r.get("/history", summary="Every editor update with its time and author, for playback (interviewers only)")
    async def get_history(session_id: str, me: Optional[Me] = Depends(current_user)) -> dict:
        return await run_in_threadpool(_history, me, session_id)

    @r.get("/notes", summary="The panel's private notes (an observer's own)")
    async def get_notes(session_id: str, me: Optional[Me] = Depends(current_user)) -> dict:
        return await run_in_threadpool(notes.get, me, session_id)

    @r.put("/notes", summary="Save the private notes: {markdown}")
    async def put_notes(session_id: str, request: Request, me: Optional[Me] = Depends(current_user)) -> dict:
        await run_in_threadpool(review_facts, me, session_id, NOTE_TAKERS)  # who may, before the body is read
        body = await _json(request)
        return await run_in_threadpool(notes.put, me, session_id, body.get("markdown"))

    @r.get("/scorecard", summary="The rubric, scores, recommendation and summary")
    async def get_scorecard(session_id: str, me: Optional[Me] = Depends(current_user)) -> dict:
        return await run_in_threadpool(scorecard.get, me, session_id)

    @r.put("/scorecard", summary="Save {scores: {criterion: 1..4}, recommendation, summary}; 422 when out of range")
    async def put_scorecard(session_id: str, request: Request, me: Optional[Me] = Depends(current_user)) -> dict:
        await run_in_threadpool(review_facts, me, session_id)
        body = await _json(request)
        return await run_in_threadpool(scorecard.put, me, session_id, body.get("scores", {}),
                                       body.get("recommendation"), body.get("summary", ""))

    @r.get("/report", summary="The session's report as JSON, or Markdown (`format=md`)")
    async def get_report(session_id: str, format: Literal["json", "md"] = "json", download: bool = False,
                         me: Optional[Me] = Depends(current_user)):
        data = await run_in_threadpool(report.build, me, session_id)
        headers = {"Content-Disposition": f'attachment; filename="parley-report-{session_id}.{format}"'} \
            if download else None
        if format == "json":
            return JSONResponse(data, headers=headers) if download else data
        return PlainTextResponse(report.markdown(data), media_type="text/markdown; charset=utf-8", headers=headers)

    return r
