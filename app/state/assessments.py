"""Take-home pages: the candidate's rules page (/assessments/[id]?invite=…) and the room's take-home banner; thin
handlers over app.assessments (the dashboard's Assessments card lives in app.state.dashboard)."""
from __future__ import annotations

import asyncio

import reflex as rx

from app.assessments import service
from app.errors import ParleyError
from app.state.auth import AuthState, query, viewer


class AssessmentState(rx.State):
    assessment_id: str = ""
    found: bool = True
    invite: str = ""
    error: str = ""
    title: str = ""
    minutes: int = 0
    languages: str = ""
    deadline: str = ""
    status: str = ""
    role: str = ""
    session_id: str = ""
    ends_at: str = ""

    @rx.event
    async def load(self):
        auth = await self.get_state(AuthState)
        await auth.refresh()
        self.assessment_id = self.router.page.params.get("id", "")
        self.invite, self.error = query(self, "invite")[:100], query(self, "error")[:300]
        me = await viewer(self)
        try:
            view = await asyncio.to_thread(service.get, me, self.assessment_id, self.invite or None)
        except ParleyError:
            self.found = False
            return
        self.found = True
        self.title, self.minutes = view["problem"]["title"], view["time_limit_minutes"]
        self.languages = ", ".join(view["languages"])
        self.deadline = (view["deadline_at"] or "")[:16].replace("T", " ")
        self.status, self.role = view["status"], view["role"]
        self.session_id, self.ends_at = view.get("session_id") or "", (view["ends_at"] or "")[:19].replace("T", " ")

    @rx.var
    def start_path(self) -> str:
        return f"/api/assessments/{self.assessment_id}/start"


class TakeHomeState(rx.State):
    """The banner of a take-home's room: when the server submits, and Hand in now for the candidate."""
    assessment_id: str = ""
    ends_at: str = ""
    role: str = ""

    async def enter(self, session_id: str):
        me = await viewer(self)
        view = await asyncio.to_thread(service.for_session, me, session_id)
        self.assessment_id = view["id"] if view else ""
        self.ends_at = (view["ends_at"] or "")[:19].replace("T", " ") if view else ""
        self.role = view["role"] if view else ""

    @rx.event
    async def hand_in(self):
        me = await viewer(self)
        try:
            await service.finish(me, self.assessment_id)
        except ParleyError as e:
            return rx.toast.error(e.detail)
        return rx.redirect(f"/assessments/{self.assessment_id}")
