"""/session/{id}: the gate (invite landing, password prompt, full, ended) and, for members, the room.

Names typed by people are rendered as text nodes only, so markup in them stays inert."""
import reflex as rx

from app.components.forms import api_form, error_callout, field
from app.components.layout import card, page
from app.state.auth import AuthState
from app.state.session import SessionState as S


def _message(title: str, body: str | rx.Var, icon: str = "info", *extra: rx.Component) -> rx.Component:
    return rx.center(card(rx.vstack(rx.hstack(rx.icon(icon), rx.heading(title, size="5"), align="center"),
                                    rx.text(body, color_scheme="gray"), *extra, spacing="3"),
                          max_width="520px"), padding_top="3rem")


def _summary() -> rx.Component:
    return rx.cond(S.problem_title != "",
                   rx.text("Problem: ", rx.text.strong(S.problem_title), " · host ", rx.text.strong(S.host_name)))


def _guest_form(with_password: bool) -> rx.Component:
    """Anonymous visitors join as guests: the API creates the guest, sets the cookie, and joins."""
    return api_form(
        rx.vstack(
            field("Your name", "display_name", required=True, max_length=40, placeholder="How the host will see you"),
            field("Room password", "password", "password", required=True) if with_password else rx.fragment(),
            rx.el.input(type="hidden", name="invite", value=S.invite),
            rx.button("Join as guest", type="submit", size="3", width="100%"),
            spacing="3",
            width="100%",
        ),
        path="/api/sessions/" + S.session_id + "/guest",
        aria_label="Join as guest",
    )


def _landing() -> rx.Component:
    return rx.center(card(rx.vstack(
        rx.heading("Join the interview", size="6"),
        _summary(),
        error_callout(S.error),
        rx.cond(
            AuthState.signed_in,
            rx.vstack(
                rx.cond(S.gate == "password",
                        field("Room password", "room-password", "password", value=S.password,
                              on_change=S.set_password)),
                rx.button("Join session", on_click=S.join, loading=S.busy, size="3", width="100%"),
                width="100%",
            ),
            rx.vstack(
                rx.cond(S.gate == "password", _guest_form(True), _guest_form(False)),
                rx.text("Have an account? ", rx.link("Sign in", href="/login?next=/session/" + S.session_id),
                        size="2"),
                width="100%",
            ),
        ),
        spacing="4",
        width="100%",
    ), max_width="460px"), padding_top="3rem")


def _room() -> rx.Component:
    """The room's header; the editor, runs, chat and video fill the space below (room issue)."""
    return rx.vstack(
        rx.hstack(
            rx.heading(S.problem_title, size="5"),
            rx.badge(S.status, variant="soft"),
            rx.badge(rx.cond(S.role == "host", "You are the host", "You are the participant"), color_scheme="gray"),
            rx.spacer(),
            rx.cond(S.role == "host",
                    rx.hstack(
                        rx.input(value=S.invite_url, read_only=True, width="22rem", aria_label="Invite link",
                                 id="invite-link"),
                        rx.button(rx.icon("copy", size=16), "Copy invite link", on_click=S.copy_invite,
                                  variant="soft"),
                        rx.button("End session", on_click=S.end, color_scheme="red"),
                        spacing="2",
                    ),
                    rx.button("Leave", on_click=S.leave, variant="soft")),
            width="100%",
            align="center",
            wrap="wrap",
        ),
        error_callout(S.error),
        rx.hstack(
            rx.text("Host: ", rx.text.strong(S.host_name)),
            rx.text("Participant: ", rx.cond(S.participant_name != "", rx.text.strong(S.participant_name),
                                             rx.text("waiting…", as_="span", color_scheme="gray"))),
            spacing="5",
        ),
        spacing="3",
        width="100%",
        id="room",
    )


def session() -> rx.Component:
    return page(
        rx.match(
            S.gate,
            ("loading", rx.center(rx.spinner(size="3"), padding="4rem")),
            ("room", _room()),
            ("not_found", _message("Session not found", "Check the link, or ask the host for a new invite.",
                                   "circle-help")),
            ("ended", _message("This session has ended", "The host ended this session. It can no longer be joined.",
                               "circle-stop", rx.link("Back to the dashboard", href="/dashboard"))),
            ("full", _message("This room is full", "It already has a host and a participant.", "users",
                              rx.link("Back to the dashboard", href="/dashboard"))),
            ("invite", _message("This session is private", "You need the invite link from the host to join it.",
                                "lock")),
            _landing(),
        ),
        wide=True,
    )
