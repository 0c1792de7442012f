"""Who is looking at the page. The HttpOnly session cookie reaches the server with the app's WebSocket;
every handler re-reads it (never caches it), so signing out in another tab takes effect at once."""
from __future__ import annotations

import asyncio

import reflex as rx

from app.auth import service as accounts
from app.auth.service import Me


async def viewer(state: rx.State) -> Me | None:
    return await asyncio.to_thread(accounts.user_from_cookie_header, state.router.headers.cookie)


def query(state: rx.State, name: str, default: str = "") -> str:
    return str(state.router.url.query_parameters.get(name, default) or default)


class AuthState(rx.State):
    signed_in: bool = False
    user_name: str = ""
    is_guest: bool = False
    form_error: str = ""
    form_email: str = ""
    form_name: str = ""
    next_path: str = "/dashboard"

    @rx.var
    def nav_label(self) -> str:
        return f"{self.user_name} (guest)" if self.is_guest else self.user_name

    @rx.event
    async def refresh(self):
        me = await viewer(self)
        self.signed_in, self.user_name, self.is_guest = me is not None, me.display_name if me else "", \
            bool(me and me.is_guest)

    @rx.event
    async def load_form(self):
        """Sign-in/up pages: show the API's error and keep what was typed (never the password)."""
        await self.refresh()
        nxt = query(self, "next", "/dashboard")
        self.next_path = nxt if nxt.startswith("/") and not nxt.startswith("//") else "/dashboard"
        self.form_error, self.form_email, self.form_name = query(self, "error"), query(self, "email"), \
            query(self, "display_name")
        if self.signed_in and not self.is_guest:
            return rx.redirect(self.next_path)
