"""The toolkit's pages (playback, report): the gate, decided by `review_facts` before anything is loaded, and the
report's content, for the session's interviewers only. Anyone else gets the refusal and no data. The notes and
scorecard editors and the playback component fetch over REST themselves (the same gate answers there)."""
from __future__ import annotations

import asyncio
import json
from datetime import datetime

import reflex as rx

from app.errors import Forbidden, NotFound, ParleyError, Unauthorized
from app.review import notes, report, scorecard
from app.sessions.service import review_facts
from app.state.auth import AuthState, viewer

LANG_LABELS = {"python": "Python 3", "java": "Java", "cpp": "C++", "javascript": "JavaScript", "typescript": "TypeScript",
               "go": "Go"}


def clock(ms: int) -> str:
    sign, ms = ("-" if ms < 0 else ""), abs(int(ms))
    return f"{sign}{ms // 60000:02d}:{ms // 1000 % 60:02d}"


def when(iso: str | None) -> str:
    return datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M UTC") if iso else "—"


def duration(seconds: int) -> str:
    h, rest = divmod(max(0, int(seconds)), 3600)
    return (f"{h} h " if h else "") + f"{rest // 60} min {rest % 60} s"


def _criteria(card: dict) -> list[dict[str, str]]:
    rows = []
    for c in card["criteria"]:
        score = card["scores"].get(c["key"])
        rows.append({"key": c["key"], "label": c["label"], "score": f"{score}/4" if score else "—",
                     "anchor": c["anchors"][score - 1] if score else "not scored"})
    return rows


class ReviewState(rx.State):
    session_id: str = ""
    gate: str = "loading"  # loading | ok | login | forbidden | not_found
    refusal: str = ""
    title: str = ""
    difficulty: str = ""
    status: str = ""
    started: str = ""
    ended: str = ""
    duration: str = ""
    people: list[dict[str, str]] = []
    final_code: list[dict[str, str]] = []
    whiteboard: str = "[]"  # the final board's elements (JSON), drawn as SVG in the browser
    final_verdict: str = ""
    runs: list[dict[str, str]] = []
    criteria: list[dict[str, str]] = []
    recommendation: str = ""
    summary: str = ""
    notes: str = ""
    tab_away: str = ""
    pastes: list[dict[str, str]] = []
    similarity: str = ""
    similarity_flagged: bool = False
    editing: bool = False

    @rx.var
    def api_base(self) -> str:
        return rx.config.get_config().api_url.rstrip("/")

    def _clear(self) -> None:
        self.gate, self.refusal, self.title, self.difficulty, self.status = "loading", "", "", "", ""
        self.started = self.ended = self.duration = self.final_verdict = ""
        self.people, self.final_code, self.runs, self.criteria, self.pastes = [], [], [], [], []
        self.whiteboard = "[]"
        self.recommendation = self.summary = self.notes = self.tab_away = self.similarity = ""
        self.similarity_flagged = self.editing = False

    async def _facts(self) -> dict | None:
        """The gate: the session's facts for its interviewers; for anyone else the refusal, and nothing else."""
        auth = await self.get_state(AuthState)
        await auth.refresh()
        self._clear()
        self.session_id = self.router.page.params.get("id", "")
        try:
            facts = await asyncio.to_thread(review_facts, await viewer(self), self.session_id)
        except Unauthorized:
            self.gate = "login"
            return None
        except NotFound:
            self.gate = "not_found"
            return None
        except Forbidden as e:
            self.gate, self.refusal = "forbidden", e.detail
            return None
        self.title, self.difficulty = facts["problem"]["title"], facts["problem"]["difficulty"]
        self.status = facts["status"]
        return facts

    @rx.event
    async def load_playback(self):
        if await self._facts() is not None:
            self.gate = "ok"

    @rx.event
    async def load_report(self):
        if await self._facts() is None:
            return
        try:
            data = await asyncio.to_thread(report.build, await viewer(self), self.session_id)
        except ParleyError as e:  # lost access in between (signed out, say)
            self._clear()
            self.gate, self.refusal = "forbidden", e.detail
            return
        self._show(data)
        self.gate = "ok"

    def _show(self, data: dict) -> None:
        sid = data["id"]
        self.started, self.ended = when(data["started_at"] or data["created_at"]), when(data["ended_at"])
        self.duration = duration(data["duration_s"])
        self.people = [{"name": p["name"], "role": "interviewer" if p["role"] == "host" else "candidate",
                        "joined": when(p["joined_at"]), "left": when(p["left_at"])} for p in data["people"]]
        self.final_code = [{"language": LANG_LABELS.get(lang, lang), "code": code}
                           for lang, code in data["final_code"].items()]
        self.whiteboard = json.dumps(data["whiteboard"])
        self.final_verdict = report.VERDICTS.get(data["final_verdict"] or "", data["final_verdict"] or "—")
        self.runs = [{"time": clock(r["t_ms"]), "by": r["by"], "kind": r["kind"],
                      "language": LANG_LABELS.get(r["language"], r["language"]),
                      "verdict": report.VERDICTS.get(r["verdict"], r["verdict"] or "—"),
                      "accepted": "yes" if r["verdict"] == "accepted" else "",
                      "tests": f"{r['passed']}/{r['total']}",
                      "playback": f"/session/{sid}/playback?t={r['t_ms']}"} for r in data["runs"]]
        self._card(data["scorecard"])
        self.notes = data["notes"]
        sig = data["signals"]
        self.tab_away = f"{sig['tab_away_count']} time{'s' if sig['tab_away_count'] != 1 else ''}, " \
                        f"{sig['tab_away_s']} s away in all"
        self.pastes = [{"time": clock(x["t_ms"]), "by": x["by"] or "—", "chars": str(x["chars"]),
                        "language": LANG_LABELS.get(x["language"], x["language"] or ""), "playback": x["playback"]}
                       for x in sig["pastes"]]
        simi = sig["similarity"]
        self.similarity_flagged = bool(simi["flagged"] and simi["match"])
        if self.similarity_flagged:
            m = simi["match"]
            self.similarity = f"{round(m['score'] * 100)}% similar to {m['kind']} {m['id']} ({m['by']})"
        elif simi["best"] is not None:
            self.similarity = f"No close match: the closest other solution is {round(simi['best'] * 100)}% similar"
        else:
            self.similarity = "No other solution of this problem to compare with"

    def _card(self, card: dict) -> None:
        self.criteria = _criteria(card)
        self.recommendation = report.RECOMMENDATION_TEXT.get(card["recommendation"] or "", "—")
        self.summary = card["summary"]

    @rx.event
    async def refresh_review(self):
        """After the editors saved: re-read the scorecard and the notes (through the same gate)."""
        if self.gate != "ok":
            return
        me = await viewer(self)
        try:
            card = await asyncio.to_thread(scorecard.get, me, self.session_id)
            text = await asyncio.to_thread(notes.get, me, self.session_id)
        except ParleyError as e:
            self._clear()
            self.gate, self.refusal = "forbidden", e.detail
            return
        self._card(card)
        self.notes = text["markdown"]

    @rx.event
    def toggle_editing(self):
        self.editing = not self.editing
