"""The session page: the gate (password, invite landing, full, ended) and the room's header controls."""
from __future__ import annotations

import asyncio

import reflex as rx

from app.config import settings
from app.errors import ParleyError
from app.room import events
from app.sessions import roles, service as sessions
from app.state.assessments import TakeHomeState
from app.state.auth import AuthState, query, viewer
from app.state.room import RoomState, recording_rows


ROLE_LABELS = {"host": "You are the host", "participant": "You are the candidate",
               "interviewer": "You are an interviewer", "observer": "You are observing"}


class SessionState(rx.State):
    session_id: str = ""
    gate: str = "loading"  # loading | room | login | join | password | invite | full | ended | not_found
    role: str = ""
    invited: str = ""  # before joining: the seat the invite in hand gives
    info: dict = {}
    status: str = ""
    invite: str = ""
    invite_url: str = ""
    error: str = ""
    password: str = ""
    busy: bool = False
    recordings: list[dict] = []

    @rx.var
    def problem_title(self) -> str:
        return (self.info.get("problem") or {}).get("title", "")

    @rx.var
    def host_name(self) -> str:
        return (self.info.get("host") or {}).get("display_name", "")

    @rx.var
    def participant_name(self) -> str:
        return ((self.info.get("participant") or {}) or {}).get("display_name", "")

    @rx.var
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, "")

    @rx.var
    def invited_label(self) -> str:
        return {"interviewer": "You are invited as an interviewer.",
                "observer": "You are invited to observe: you will see and hear everything, and edit nothing."
                }.get(self.invited, "")

    @rx.var
    def reviews(self) -> bool:
        """Notes (shared), scorecard, playback and report: the host and interviewers."""
        return self.role in roles.REVIEWERS

    @rx.var
    def takes_notes(self) -> bool:
        return self.role in roles.NOTE_TAKERS

    @rx.var
    def watches(self) -> bool:
        return self.role == roles.ROLE_OBSERVER

    @rx.var
    def requires_password(self) -> bool:
        return bool(self.info.get("requires_password"))

    @rx.event
    async def load(self):
        auth = await self.get_state(AuthState)
        await auth.refresh()
        self.session_id = self.router.page.params.get("id", "")
        self.invite = query(self, "invite")
        self.error = query(self, "error")
        self.password = ""
        await self._reload()

    async def _reload(self):
        me = await viewer(self)
        access = await asyncio.to_thread(sessions.access, me, self.session_id, self.invite or None)
        self.gate, self.role, self.invited = access.gate, access.role or "", access.invited or ""
        if access.role:
            self.info = await asyncio.to_thread(sessions.get, me, self.session_id)
        else:
            self.info = await asyncio.to_thread(sessions.summary, self.session_id, self.invite or None) or {}
        self.status = self.info.get("status", "")
        origin = (settings.public_url or self.router.page.host or "").rstrip("/")
        self.invite_url = f"{origin}{self.info['invite_path']}" if self.info.get("invite_path") else ""
        self.recordings = await recording_rows(me, self.session_id) if access.role else []
        if self.gate == "room" and self.status != "ended":
            room = await self.get_state(RoomState)
            await room.enter(self.session_id, self.info)
            take_home = await self.get_state(TakeHomeState)
            await take_home.enter(self.session_id)

    @rx.event
    def set_password(self, v: str):
        self.password = v

    @rx.event
    async def join(self):
        """Signed-in people join here; guests go through the API form (it sets their cookie)."""
        me = await viewer(self)
        self.busy, self.error = True, ""
        try:
            await asyncio.to_thread(sessions.join, me, self.session_id, self.password or None, self.invite or None,
                                    self.router.session.client_ip or None)
        except ParleyError as e:
            self.error = e.detail
        finally:
            self.busy, self.password = False, ""
        await self._reload()

    @rx.event
    async def leave(self):
        me = await viewer(self)
        try:
            await asyncio.to_thread(sessions.leave, me, self.session_id)
            await events.member_left(self.session_id, me.id)
        except ParleyError as e:
            self.error = e.detail
            return
        return rx.redirect("/dashboard")

    @rx.event
    async def end(self):
        me = await viewer(self)
        try:
            await asyncio.to_thread(sessions.end, me, self.session_id)
            await events.room_ended(self.session_id)
        except ParleyError as e:
            self.error = e.detail
        await self._reload()

    @rx.event
    def copy_invite(self):
        return [rx.set_clipboard(self.invite_url), rx.toast.success("Invite link copied")]

    @rx.event
    async def copy_role_invite(self, role: str):
        """The host copies a link that seats an interviewer or an observer."""
        me = await viewer(self)
        try:
            grant = await asyncio.to_thread(sessions.create_invite, me, self.session_id, role)
        except ParleyError as e:
            return rx.toast.error(e.detail)
        origin = (settings.public_url or self.router.page.host or "").rstrip("/")
        return [rx.set_clipboard(origin + grant["invite_path"]), rx.toast.success(f"{role.title()} invite link copied")]
