"""A session's report for its interviewers: problem, people, times, final code, every run, scorecard, notes and
integrity signals, with links into playback; as JSON or as a Markdown document. Hidden tests appear only as counts."""
from __future__ import annotations

from datetime import datetime

from sqlmodel import select

from app.auth.service import Me
from app.collab import history
from app.db import session_scope
from app.integrity.signals import signals
from app.models import CodeRun, User, utcnow
from app.problems import lookup
from app.review import notes, scorecard
from app.room import timeline
from app.sessions.service import keep_final_code, review_facts

VERDICTS = {"accepted": "Accepted", "wrong_answer": "Wrong Answer", "runtime_error": "Runtime Error",
            "time_limit": "Time Limit Exceeded", "memory_limit": "Memory Limit Exceeded",
            "compile_error": "Compile Error", "internal_error": "Internal Error"}
RECOMMENDATION_TEXT = {"strong_no": "Strong no", "no": "No", "yes": "Yes", "strong_yes": "Strong yes"}


def _iso(d: datetime | None) -> str | None:
    return d.isoformat() if d else None


def _runs(session_id: str, start: datetime) -> list[dict]:
    with session_scope() as s:
        rows = s.exec(select(CodeRun, User.display_name).join(User, User.id == CodeRun.user_id)
                      .where(CodeRun.session_id == session_id).order_by(CodeRun.id)).all()
        return [{"t_ms": timeline.ms_since(start, r.created_at), "by": name, "kind": r.kind, "language": r.language,
                 "verdict": r.verdict, "passed": r.passed, "total": r.total} for r, name in rows]


def build(me: Me | None, session_id: str) -> dict:
    facts = review_facts(me, session_id)
    start = facts["started_at"] or facts["created_at"]
    end = facts["ended_at"]
    events = timeline.events(session_id)
    final = history.code_at(session_id, None)
    problem = lookup.problem(facts["problem"]["slug"])
    starters = dict(problem.starter) if problem else {}
    if facts["status"] == "ended" and facts["final_code"] is None:
        keep_final_code(session_id, final["code"])
    used = {lang: code for lang, code in final["code"].items()
            if lang == final["language"] or code.strip() != starters.get(lang, "").strip()}
    end_ms = timeline.ms_since(start, end) if end else None
    return {
        "id": session_id, "status": facts["status"], "problem": {k: facts["problem"][k] for k in ("slug", "title", "difficulty")},
        "people": [{"name": p["name"], "role": "candidate" if p["role"] == "participant" else p["role"],
                    "joined_at": _iso(p["joined_at"]), "left_at": _iso(p["left_at"])} for p in facts["people"]],
        "created_at": _iso(facts["created_at"]), "started_at": _iso(facts["started_at"]), "ended_at": _iso(end),
        "duration_s": int(((end or utcnow()) - start).total_seconds()),
        "language": final["language"], "final_code": used, "final_verdict": facts["final_verdict"],
        "whiteboard": final["board"],
        "runs": _runs(session_id, start),
        "scorecard": scorecard.view(session_id, facts["problem"]["id"]),
        "notes": notes.text(session_id, facts["host_id"]),
        "signals": signals(session_id, facts, events, final, starters, end_ms),
        "links": {"playback": f"/session/{session_id}/playback", "report": f"/session/{session_id}/report"},
    }


def _clock(ms: int) -> str:
    sign, ms = ("-" if ms < 0 else ""), abs(ms)
    return f"{sign}{ms // 60000:02d}:{ms // 1000 % 60:02d}"


def _fence(code: str) -> str:
    """A code fence longer than any run of backticks in the code, so the code cannot close it."""
    ticks = "```"
    while ticks in code:
        ticks += "`"
    return ticks


def markdown(report: dict) -> str:
    p, sc, sig = report["problem"], report["scorecard"], report["signals"]
    lines = [f"# Interview report: {p['title']} ({p['difficulty']})", "",
             f"- Session: `{report['id']}` ({report['status']})",
             f"- Started: {report['started_at'] or '—'} · Ended: {report['ended_at'] or '—'} · "
             f"Duration: {report['duration_s'] // 60} min {report['duration_s'] % 60} s",
             "- People: " + ", ".join(f"{x['name']} ({x['role']})" for x in report["people"]),
             f"- Playback: {report['links']['playback']}", "", "## Scorecard", ""]
    lines += ["| Criterion | Score | Anchor |", "|---|---|---|"]
    for c in sc["criteria"]:
        score = sc["scores"].get(c["key"])
        lines.append(f"| {c['label']} | {score or '—'} | {c['anchors'][score - 1] if score else ''} |")
    lines += ["", f"**Recommendation:** {RECOMMENDATION_TEXT.get(sc['recommendation'], '—')}", ""]
    if sc["summary"]:
        lines += [sc["summary"], ""]
    lines += ["## Runs", ""]
    if report["runs"]:
        lines += ["| Time | By | Kind | Language | Verdict | Tests |", "|---|---|---|---|---|---|"]
        lines += [f"| {_clock(r['t_ms'])} | {r['by']} | {r['kind']} | {r['language']} | "
                  f"{VERDICTS.get(r['verdict'], r['verdict'])} | {r['passed']}/{r['total']} |" for r in report["runs"]]
    else:
        lines.append("No runs.")
    lines += ["", "## Integrity signals", "",
              f"- Tab switches: {sig['tab_away_count']} (away {sig['tab_away_s']} s in all)",
              f"- Large pastes: {len(sig['pastes'])}"]
    lines += [f"  - {_clock(x['t_ms'])} {x['by']}: {x['chars']} characters ({x['playback']})" for x in sig["pastes"]]
    simi = sig["similarity"]
    if simi["match"]:
        m = simi["match"]
        lines.append(f"- Similarity: {round(m['score'] * 100)}% like {m['kind']} {m['id']} ({m['by']})")
    else:
        lines.append("- Similarity: no close match" + (f" (best {round(simi['best'] * 100)}%)" if simi["best"] else ""))
    lines += ["", "## Final code", ""]
    for lang, code in report["final_code"].items():
        fence = _fence(code)
        lines += [f"### {lang}", "", f"{fence}{lang}", code.rstrip("\n"), fence, ""]
    board = report.get("whiteboard") or []
    texts = [e["text"] for e in board if e.get("type") == "text" and isinstance(e.get("text"), str)]
    lines += ["## Whiteboard", "", f"{len(board)} element{'s' if len(board) != 1 else ''}"
              + (": " + "; ".join(t.replace("\n", " ") for t in texts) if texts else "")
              + " (drawn on the report page).", ""]
    lines += ["## Notes", "", report["notes"] or "_No notes._", ""]
    return "\n".join(lines)
