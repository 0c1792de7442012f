"""When a person practised: submits per local day (their time zone), the year's heatmap and their streaks.

Days are grouped in SQL (one row per active day, however many submits); the zone's offset changes (DST) are
applied per row by a CASE over the transitions of the period, so a submit at 23:30 local time is counted on
that local day in winter and in summer alike."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone, tzinfo

from sqlalchemy import func, select

from app.db import session_scope
from app.models import CodeRun
from app.progress.queries import local_day, offset_at, own_runs
from app.progress.zones import offset_segments

HEATMAP_DAYS = 365


def active_days(user_id: int, tz: tzinfo) -> dict[date, int]:
    """{local day: number of submits} over all of `user_id`'s practice."""
    mine = (own_runs(user_id), CodeRun.kind == "submit")
    with session_scope() as s:
        first, last = s.exec(select(func.min(CodeRun.created_at), func.max(CodeRun.created_at)).where(*mine)).one()
        if first is None:
            return {}
        segments = offset_segments(tz, first, last)
        day = local_day(CodeRun.created_at, offset_at(CodeRun.created_at, segments)).label("day")
        days = select(day).where(*mine).subquery()
        rows = s.exec(select(days.c.day, func.count()).group_by(days.c.day)).all()
    return {date.fromisoformat(d): n for d, n in rows}


def today_in(tz: tzinfo, now: datetime | None = None) -> date:
    return (now or datetime.now(timezone.utc)).astimezone(tz).date()


def streaks(days: dict[date, int], today: date) -> dict[str, int]:
    """`current`: consecutive active days ending today, or yesterday when today has none yet; `longest` ever."""
    active = {d for d, n in days.items() if n > 0}
    current, d = 0, today if today in active else today - timedelta(days=1)
    while d in active:
        current, d = current + 1, d - timedelta(days=1)
    longest = run = 0
    previous = None
    for d in sorted(active):
        run = run + 1 if previous is not None and d - previous == timedelta(days=1) else 1
        longest, previous = max(longest, run), d
    return {"current": current, "longest": longest}


def _level(n: int, top: int) -> int:
    """0 for no submit, then 1-4 by quarters of the busiest day shown (which is 4)."""
    if n <= 0:
        return 0
    return max(1, min(4, -(-4 * n // max(top, 1))))


def heatmap(days: dict[date, int], today: date) -> dict:
    """The last HEATMAP_DAYS local days ending today, as week columns (Sunday first) with month labels.

    Each cell: `date`, `count`, `level` (0-4), `label` (the text alternative), `week` and `weekday`."""
    start = today - timedelta(days=HEATMAP_DAYS - 1)
    counts = [(start + timedelta(days=i), days.get(start + timedelta(days=i), 0)) for i in range(HEATMAP_DAYS)]
    top = max((n for _, n in counts), default=0)
    lead = (start.weekday() + 1) % 7  # Sunday = row 0
    cells, months = [], []
    for i, (d, n) in enumerate(counts):
        week, weekday = (lead + i) // 7, (lead + i) % 7
        if d.day == 1 or (i == 0 and d.day <= 15):  # a first month with under two weeks shown has no room
            months.append({"week": week, "label": d.strftime("%b")})
        noun = "submission" if n == 1 else "submissions"
        cells.append({"date": d.isoformat(), "count": n, "level": _level(n, top), "week": week,
                      "weekday": weekday, "label": f"{n} {noun} on {d.strftime('%a %b')} {d.day}, {d.year}"})
    return {"start": start.isoformat(), "end": today.isoformat(), "weeks": cells[-1]["week"] + 1,
            "cells": cells, "months": months, "total": sum(n for _, n in counts),
            "active_days": sum(1 for _, n in counts if n)}
