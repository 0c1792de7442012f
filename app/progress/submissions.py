"""A person's past submissions, and one run's page: code, language, verdict and per-test results.

Who may open a run: its author for practice runs; for a run made in a room, that room's members as the rooms
service defines them (the host always, the participant for runs since they joined; someone who left no longer).
Anyone else, and any id that does not exist, gets the same 404. Hidden tests are reported as counts only,
whatever the stored result holds."""
from __future__ import annotations

from collections import Counter
from datetime import datetime, tzinfo

from sqlalchemy import exists, or_
from sqlmodel import select

from app.config import settings
from app.db import session_scope
from app.errors import NotFound
from app.judge import languages as judge_languages
from app.models import CodeRun, InterviewSession, Participant, Problem, User
from app.progress.queries import own_runs
from app.sessions import live

_LABELS = {l["id"]: l["label"] for l in judge_languages()}
MAX_ID_DIGITS = 18
VISIBLE_FIELDS = ("input", "expected", "output", "stdout", "error")


def local_text(at: datetime, tz: tzinfo) -> str:
    return at.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def language_label(language: str) -> str:
    return _LABELS.get(language, language)


def _still_visible(user_id: int):
    """Practice runs, and runs in a room where `user_id` is still the participant and that came after they
    joined (what the room itself would show them)."""
    in_room = exists().where(InterviewSession.id == CodeRun.session_id, InterviewSession.participant_id == user_id,
                             Participant.session_id == InterviewSession.id, Participant.user_id == user_id,
                             CodeRun.created_at >= Participant.joined_at)
    return or_(CodeRun.session_id.is_(None), in_room)


def _item(run: CodeRun, problem: Problem | None, tz: tzinfo) -> dict:
    return {"id": run.id, "kind": run.kind, "language": run.language, "language_label": language_label(run.language),
            "verdict": run.verdict, "passed": run.passed, "total": run.total, "in_room": run.session_id is not None,
            "at": run.created_at.astimezone(tz).isoformat(), "at_text": local_text(run.created_at, tz),
            "problem": ({"slug": problem.slug, "title": problem.title, "difficulty": problem.difficulty}
                        if problem else None)}


def recent(user_id: int, tz: tzinfo, before: int | None = None, limit: int | None = None) -> dict:
    """`user_id`'s submits, newest first, a page at a time: `before` is the previous page's `next_before`."""
    limit = max(1, min(limit or settings.progress_page_size, settings.progress_page_size))
    with session_scope() as s:
        q = (select(CodeRun, Problem).join(Problem, Problem.id == CodeRun.problem_id, isouter=True)
             .where(own_runs(user_id), CodeRun.kind == "submit", _still_visible(user_id)))
        if before is not None:
            q = q.where(CodeRun.id < before)
        rows = s.exec(q.order_by(CodeRun.id.desc()).limit(limit + 1)).all()
    items = [_item(run, problem, tz) for run, problem in rows[:limit]]
    return {"items": items, "next_before": items[-1]["id"] if len(rows) > limit else None}


def _parse_id(run_id: object) -> int:
    text = str(run_id)
    if not (text.isascii() and text.isdigit()) or len(text) > MAX_ID_DIGITS:
        raise NotFound("No such submission.", error="submission_not_found")
    return int(text)


def _may_see(run: CodeRun, viewer_id: int) -> bool:
    if run.session_id is None:
        return run.user_id == viewer_id
    facts = live.room_facts(run.session_id)
    if facts is None or viewer_id not in (facts["host_id"], facts["participant_id"]):
        return False
    since = live.visible_since(facts, viewer_id)
    return since is None or run.created_at >= since


def _tests(result: dict) -> tuple[list[dict], dict]:
    """Visible rows as strings for the page; hidden rows only counted (their stored fields are never read)."""
    visible, hidden = [], Counter()
    for t in result.get("tests") or []:
        if not isinstance(t, dict):
            continue
        status = str(t.get("status") or "")
        if t.get("hidden", True) is not False:
            hidden[status] += 1
            continue
        row = {k: ("" if t.get(k) is None else str(t.get(k))) for k in VISIBLE_FIELDS}
        visible.append(row | {"number": str(int(t.get("index", len(visible))) + 1), "status": status,
                              "label": status.replace("_", " "), "time_ms": str(t.get("time_ms") or 0)})
    counts = {"total": sum(hidden.values()), "passed": hidden.get("passed", 0),
              "by_status": dict(sorted(hidden.items()))}
    return visible, counts


def one(viewer_id: int | None, run_id: object, tz: tzinfo) -> dict:
    """The run `viewer_id` may see, as its page shows it; NotFound (404) otherwise, whether or not it exists."""
    rid = _parse_id(run_id)
    with session_scope() as s:
        found = s.exec(select(CodeRun, Problem, User.display_name)
                       .join(Problem, Problem.id == CodeRun.problem_id, isouter=True)
                       .join(User, User.id == CodeRun.user_id).where(CodeRun.id == rid)).first()
    if found is None or viewer_id is None or not _may_see(found[0], viewer_id):
        raise NotFound("No such submission.", error="submission_not_found")
    run, problem, author = found
    result = run.result if isinstance(run.result, dict) else {}
    tests, hidden = _tests(result)
    return _item(run, problem, tz) | {
        "code": run.code, "by": author, "mine": run.user_id == viewer_id, "session_id": run.session_id,
        "runtime_ms": result.get("runtime_ms") if isinstance(result.get("runtime_ms"), (int, float)) else None,
        "compile_output": str(result.get("compile_output") or ""), "tests": tests, "hidden": hidden}
