"""Dashboard: create a session, rejoin mine, join public ones (refreshed while the page is open),
the interviews I ran (with their recommendation), recent sessions and stats."""
from __future__ import annotations

import asyncio
import time

import reflex as rx

from app.assessments import service as assessments
from app.config import settings
from app.errors import ParleyError
from app.problems.catalog import list_problems
from app.questions import service as questions
from app.review import interviews
from app.review.report import RECOMMENDATION_TEXT
from app.sessions import listing
from app.sessions import service as sessions
from app.state.auth import AuthState, viewer

POLL_SECONDS = 3
POLL_FOR_SECONDS = 30 * 60  # a forgotten tab stops polling by itself


def _public_row(v: dict) -> dict[str, str]:
    return {"id": v["id"], "title": v["problem"]["title"], "difficulty": v["problem"]["difficulty"],
            "host": v["host"]["display_name"]}


def _history_row(v: dict) -> dict[str, str]:
    return {"id": v["id"], "title": v["problem"]["title"], "role": v["role"], "partner": v.get("partner") or "—",
            "duration": f"{v['duration_s'] // 60} min", "status": v["status"],
            "verdict": (v.get("final_verdict") or "—").replace("_", " ")}


def _interview_row(v: dict) -> dict[str, str]:
    return {"id": v["id"], "title": v["problem"]["title"], "date": v["started_at"][:10],
            "candidate": v["candidate"] or "—", "status": v["status"],
            "recommendation": RECOMMENDATION_TEXT.get(v["recommendation"] or "", "—"),
            "verdict": (v["final_verdict"] or "—").replace("_", " "),
            "report": v["links"]["report"], "playback": v["links"]["playback"]}


def _take_home_row(v: dict, origin: str) -> dict[str, str]:
    used = v["time_used_seconds"]
    return {"id": v["id"], "title": v["problem"]["title"], "minutes": str(v["time_limit_minutes"]),
            "candidate": v["candidate"] or "—", "status": v["status"].replace("_", " "),
            "verdict": (v["final_verdict"] or "—").replace("_", " "),
            "used": "—" if used is None else f"{used // 60} min {used % 60:02d} s",
            "invite": origin + v["invite_path"], "report": (v["links"] or {}).get("report", ""),
            "playback": (v["links"] or {}).get("playback", "")}


class DashboardState(rx.State):
    problems: list[dict] = []
    problem: str = ""
    visibility: str = "Public"
    password: str = ""
    error: str = ""
    creating: bool = False
    active_id: str = ""
    active_title: str = ""
    public: list[dict[str, str]] = []
    history: list[dict[str, str]] = []
    interviews: list[dict[str, str]] = []  # the sessions I hosted that a candidate joined
    stats: dict[str, int] = {"hosted": 0, "joined": 0, "solved": 0, "Easy": 0, "Medium": 0, "Hard": 0}
    polling_until: float = 0
    take_homes: list[dict[str, str]] = []  # the assessments I created
    take_home_minutes: str = "60"
    take_home_error: str = ""

    @rx.var
    def problem_titles(self) -> list[str]:
        return [p["title"] for p in self.problems]

    @rx.var
    def problem_title(self) -> str:
        return next((p["title"] for p in self.problems if p["slug"] == self.problem), "")

    @rx.event
    async def load(self):
        auth = await self.get_state(AuthState)
        await auth.refresh()
        if not auth.signed_in:
            return rx.redirect("/login?next=/dashboard")
        me = await viewer(self)
        self.problems = await asyncio.to_thread(list_problems, me.id) + [
            {"slug": q["slug"], "title": f"{q['title']} (question{'' if q['mine'] else ' by ' + q['owner']})"}
            for q in await asyncio.to_thread(questions.mine, me)]
        if not self.problem and self.problems:
            self.problem = self.problems[0]["slug"]
        active = await asyncio.to_thread(listing.active_for, me) or {}
        self.active_id, self.active_title = active.get("id", ""), (active.get("problem") or {}).get("title", "")
        self.history = [_history_row(v) for v in await asyncio.to_thread(listing.mine, me)]
        self.interviews = [_interview_row(v) for v in await asyncio.to_thread(interviews.ran_by, me)]
        st = await asyncio.to_thread(listing.stats, me)
        self.stats = {"hosted": st["hosted"], "joined": st["joined"], "solved": st["solved"],
                      **st["solved_by_difficulty"]}
        self.public = [_public_row(v) for v in await asyncio.to_thread(listing.list_public, me)]
        await self._load_take_homes(me)
        self.error = ""
        if self.polling_until < time.time():
            self.polling_until = time.time() + POLL_FOR_SECONDS
            return DashboardState.poll_public

    @rx.event(background=True)
    async def poll_public(self):
        """Keep the public list live while the dashboard is open (bounded: stops by itself)."""
        while True:
            await asyncio.sleep(POLL_SECONDS)
            async with self:
                if time.time() > self.polling_until or self.router.page.path.rstrip("/") != "/dashboard":
                    self.polling_until = 0
                    return
                me = await viewer(self)
            if me is None:
                return
            rows = [_public_row(v) for v in await asyncio.to_thread(listing.list_public, me)]
            async with self:
                self.public = rows

    @rx.event
    def set_problem_title(self, title: str):
        self.problem = next((p["slug"] for p in self.problems if p["title"] == title), self.problem)

    def _origin(self) -> str:
        return (settings.public_url or self.router.page.host or "").rstrip("/")

    async def _load_take_homes(self, me) -> None:
        self.take_homes = [_take_home_row(v, self._origin()) for v in await asyncio.to_thread(assessments.mine, me)]

    @rx.event
    def set_take_home_minutes(self, v: str):
        self.take_home_minutes = v

    @rx.event
    async def create_take_home(self):
        me = await viewer(self)
        self.take_home_error = ""
        try:
            minutes = int(self.take_home_minutes.strip())
        except ValueError:
            self.take_home_error = "The time limit is a whole number of minutes."
            return
        try:
            await asyncio.to_thread(assessments.create, me, self.problem, minutes)
        except ParleyError as e:
            self.take_home_error = e.detail
            return
        await self._load_take_homes(me)

    @rx.event
    def set_visibility(self, v: str):
        self.visibility = v

    @rx.event
    def set_password(self, v: str):
        self.password = v

    @rx.event
    async def create(self):
        me = await viewer(self)
        vis = {"Public": ("public", None), "Private, password": ("private", self.password),
               "Private, invite link only": ("private", None)}[self.visibility]
        self.creating, self.error = True, ""
        try:
            view = await asyncio.to_thread(sessions.create, me, self.problem, vis[0], vis[1])
        except ParleyError as e:
            self.error = e.detail
            return
        finally:
            self.creating = False
        self.password = ""
        return rx.redirect(f"/session/{view['id']}")
