"""REST endpoints for progress: my profile, my submissions a page at a time, and one submission (404 unless the
caller may see it). `tz` is the caller's time zone (IANA name or UTC offset; default UTC)."""
from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Depends, Query
from fastapi.concurrency import run_in_threadpool

from app.auth.http import require_user
from app.auth.service import Me
from app.progress import submissions, summary
from app.progress.zones import parse_zone

TZ = Query("UTC", description="IANA time zone (Europe/Paris) or UTC offset (UTC+05:30)")


def build_router() -> APIRouter:
    router = APIRouter(prefix="/api", tags=["progress"])

    @router.get("/progress", summary="My progress: solved, acceptance, streaks, activity, attempted, recent")
    async def progress(tz: str = TZ, me: Me = Depends(require_user)) -> dict:
        zone = parse_zone(tz)
        return await run_in_threadpool(summary.profile, me.id, zone)

    @router.get("/submissions", summary="My submissions, newest first (`before` = the previous page's next_before)")
    async def mine(tz: str = TZ, before: Optional[int] = Query(None, ge=1, le=2**62),
                   me: Me = Depends(require_user)) -> dict:
        zone = parse_zone(tz)
        return await run_in_threadpool(submissions.recent, me.id, zone, before)

    @router.get("/submissions/{run_id}", summary="One submission: code, language, verdict, per-test results")
    async def one(run_id: str, tz: str = TZ, me: Me = Depends(require_user)) -> dict:
        zone = parse_zone(tz)
        return await run_in_threadpool(submissions.one, me.id, run_id, zone)

    return router
