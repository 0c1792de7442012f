"""Integrity signals for a session's report: how often and how long the candidate was on another tab, their large
pastes, and how close their final code is to any other solution of the same problem and language (other sessions'
final code and practice submissions), MOSS-style (app.integrity.similarity)."""
from __future__ import annotations

from sqlmodel import select

from app.config import settings
from app.db import session_scope
from app.integrity.similarity import similarity
from app.models import CodeRun, InterviewSession, User

POOL = 500  # most recent other solutions compared (each comparison is ~a millisecond)


def _away(events: list[dict], candidates: set[int], end_ms: int | None) -> tuple[int, float]:
    count, total, since = 0, 0.0, {}
    for e in events:
        if e["by_id"] not in candidates:
            continue
        if e["kind"] == "tab_away":
            count += 1
            since[e["by_id"]] = e["t_ms"]
        elif e["kind"] == "tab_back" and e["by_id"] in since:
            total += (e["t_ms"] - since.pop(e["by_id"])) / 1000
    if end_ms is not None:  # still away when the session ended
        total += sum(max(0, end_ms - t) for t in since.values()) / 1000
    return count, round(total, 1)


def closest(session_id: str, problem_id: int, language: str, code: str, starter: str) -> dict | None:
    """The most similar other solution of this problem in this language: `{score, kind, id, by}`, or None."""
    with session_scope() as s:
        others = s.exec(select(InterviewSession.id, InterviewSession.final_code, User.display_name)
                        .join(User, User.id == InterviewSession.host_id)
                        .where(InterviewSession.problem_id == problem_id, InterviewSession.id != session_id,
                               InterviewSession.final_code.is_not(None))
                        .order_by(InterviewSession.created_at.desc()).limit(POOL)).all()
        runs = s.exec(select(CodeRun.id, CodeRun.code, User.display_name).join(User, User.id == CodeRun.user_id)
                      .where(CodeRun.problem_id == problem_id, CodeRun.language == language,
                             CodeRun.kind == "submit", CodeRun.session_id.is_(None))
                      .order_by(CodeRun.id.desc()).limit(POOL)).all()
    best = None
    candidates = [("session", sid, (fc or {}).get(language, ""), f"session hosted by {host}") for sid, fc, host in others]
    candidates += [("submission", rid, rcode, name) for rid, rcode, name in runs]
    for kind, ident, other, by in candidates:
        if not other:
            continue
        score = similarity(code, other, language, base=starter)
        if score is not None and (best is None or score > best["score"]):
            best = {"score": round(score, 3), "kind": kind, "id": ident, "by": by}
    return best


def signals(session_id: str, facts: dict, events: list[dict], final: dict, starters: dict[str, str],
            end_ms: int | None) -> dict:
    candidates = {p["user_id"] for p in facts["people"] if p["role"] == "participant"}
    count, seconds = _away(events, candidates, end_ms)
    pastes = [{"t_ms": e["t_ms"], "by": e["by"], "chars": e.get("chars"), "language": e.get("language"),
               "playback": f"/session/{session_id}/playback?t={e['t_ms']}"}
              for e in events if e["kind"] == "paste"]
    language = final.get("language")
    code = final.get("code", {}).get(language or "", "")
    match = closest(session_id, facts["problem"]["id"], language, code, starters.get(language, "")) \
        if language and code else None
    return {"tab_away_count": count, "tab_away_s": seconds, "pastes": pastes,
            "similarity": {"language": language, "best": match["score"] if match else None,
                           "flagged": bool(match and match["score"] >= settings.similarity_flag),
                           "match": match if match and match["score"] >= settings.similarity_flag else None}}
