"""Dashboard: create-session form, my active session, public sessions to join, recent sessions, stats."""
import reflex as rx

from app.components.forms import error_callout
from app.components.layout import card, page
from app.state.dashboard import DashboardState as D

VISIBILITY = ["Public", "Private, password", "Private, invite link only"]


def _stat(label: str, value) -> rx.Component:
    return card(rx.vstack(rx.text(label, size="2", color_scheme="gray"), rx.heading(value, size="7"), spacing="1"))


def _stats() -> rx.Component:
    st = D.stats
    return rx.grid(
        _stat("Sessions hosted", st["hosted"]),
        _stat("Sessions joined", st["joined"]),
        _stat("Problems solved", st["solved"]),
        card(rx.vstack(rx.text("Solved by difficulty", size="2", color_scheme="gray"),
                       rx.hstack(rx.badge("Easy ", st["Easy"], color_scheme="green"),
                                 rx.badge("Medium ", st["Medium"], color_scheme="amber"),
                                 rx.badge("Hard ", st["Hard"], color_scheme="red")), spacing="2")),
        columns=rx.breakpoints(initial="2", md="4"),
        spacing="3",
        width="100%",
    )


def _select(items, value, on_change, label: str) -> rx.Component:
    """A select whose trigger carries the accessible name (rx.select's high-level form drops aria-label)."""
    return rx.select.root(
        rx.select.trigger(aria_label=label, width="100%"),
        rx.select.content(rx.foreach(items, lambda t: rx.select.item(t, value=t))),
        value=value, on_change=on_change,
    )


def _create() -> rx.Component:
    return card(rx.vstack(
        rx.heading("Start an interview", size="4"),
        rx.hstack(
            rx.vstack(rx.text("Problem", size="2", weight="medium"),
                      _select(D.problem_titles, D.problem_title, D.set_problem_title, "Problem"), width="100%"),
            rx.vstack(rx.text("Who can join", size="2", weight="medium"),
                      _select(VISIBILITY, D.visibility, D.set_visibility, "Who can join"), width="100%"),
            width="100%",
            spacing="3",
        ),
        rx.cond(D.visibility == "Private, password",
                rx.input(placeholder="Room password (4+ characters)", type="password", value=D.password,
                         on_change=D.set_password, aria_label="Room password", width="100%")),
        error_callout(D.error),
        rx.button("Create session", on_click=D.create, loading=D.creating, size="3"),
        spacing="3",
        width="100%",
    ))


def _session_row(s: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(s["title"]),
        rx.table.cell(s["host"]),
        rx.table.cell(s["difficulty"]),
        rx.table.cell(rx.link(rx.button("Join", size="1"), href="/session/" + s["id"])),
    )


def _public() -> rx.Component:
    return card(rx.vstack(
        rx.hstack(rx.heading("Public sessions", size="4"), rx.badge("live", color_scheme="green", variant="soft")),
        rx.cond(D.public.length() > 0,
                rx.table.root(
                    rx.table.header(rx.table.row(*[rx.table.column_header_cell(h)
                                                   for h in ("Problem", "Host", "Difficulty", "")])),
                    rx.table.body(rx.foreach(D.public, _session_row)),
                    width="100%", id="public-sessions"),
                rx.text("No public sessions are waiting right now.", color_scheme="gray")),
        width="100%",
    ))


def _history_row(s: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.link(s["title"], href="/session/" + s["id"])),
        rx.table.cell(s["role"]),
        rx.table.cell(s["partner"]),
        rx.table.cell(s["duration"]),
        rx.table.cell(s["status"]),
        rx.table.cell(s["verdict"]),
    )


def _history() -> rx.Component:
    return card(rx.vstack(
        rx.heading("Recent sessions", size="4"),
        rx.cond(D.history.length() > 0,
                rx.table.root(
                    rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                                   ("Problem", "Role", "Partner", "Duration", "Status", "Verdict")])),
                    rx.table.body(rx.foreach(D.history, _history_row)), width="100%"),
                rx.text("Your sessions will appear here.", color_scheme="gray")),
        width="100%",
    ))


def dashboard() -> rx.Component:
    return page(
        rx.vstack(
            rx.heading("Dashboard", size="7"),
            rx.cond(D.active_id != "",
                    rx.callout(rx.hstack(rx.text("You are in a live session: ", D.active_title),
                                         rx.link("Rejoin", href="/session/" + D.active_id, weight="bold")),
                               icon="radio", color_scheme="green", width="100%")),
            _stats(),
            _create(),
            _public(),
            _history(),
            spacing="4",
            width="100%",
        )
    )
