"""Dashboard: create a session, rejoin mine, join public ones (refreshed while the page is open),
recent sessions and stats."""
from __future__ import annotations

import asyncio
import time

import reflex as rx

from app.errors import ParleyError
from app.problems.catalog import list_problems
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
    stats: dict[str, int] = {"hosted": 0, "joined": 0, "solved": 0, "Easy": 0, "Medium": 0, "Hard": 0}
    polling_until: float = 0

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
        self.problems = await asyncio.to_thread(list_problems, me.id)
        if not self.problem and self.problems:
            self.problem = self.problems[0]["slug"]
        active = await asyncio.to_thread(sessions.active_for, me) or {}
        self.active_id, self.active_title = active.get("id", ""), (active.get("problem") or {}).get("title", "")
        self.history = [_history_row(v) for v in await asyncio.to_thread(sessions.mine, me)]
        st = await asyncio.to_thread(sessions.stats, me)
        self.stats = {"hosted": st["hosted"], "joined": st["joined"], "solved": st["solved"],
                      **st["solved_by_difficulty"]}
        self.public = [_public_row(v) for v in await asyncio.to_thread(sessions.list_public, me)]
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
            rows = [_public_row(v) for v in await asyncio.to_thread(sessions.list_public, me)]
            async with self:
                self.public = rows

    @rx.event
    def set_problem_title(self, title: str):
        self.problem = next((p["slug"] for p in self.problems if p["title"] == title), self.problem)

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
