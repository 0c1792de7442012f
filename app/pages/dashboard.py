"""Dashboard: create-session form, my active session, public sessions to join, interviews I ran, recent sessions,
stats."""
import reflex as rx

from app.components.a11y import labelled_select
from app.components.forms import error_callout
from app.components.layout import card, page
from app.config import settings
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


def _create() -> rx.Component:
    return card(rx.vstack(
        rx.heading("Start an interview", size="4"),
        rx.hstack(
            rx.vstack(rx.text("Problem", size="2", weight="medium"),
                      labelled_select(D.problem_titles, D.problem_title, D.set_problem_title, "Problem", width="100%"),
                      width="100%"),
            rx.vstack(rx.text("Who can join", size="2", weight="medium"),
                      labelled_select(VISIBILITY, D.visibility, D.set_visibility, "Who can join", width="100%"),
                      width="100%"),
            width="100%",
            spacing="3",
        ),
        rx.cond(D.visibility == "Private, password",
                rx.input(placeholder=f"Room password ({settings.room_password_min_length}+ characters)",
                         type="password", value=D.password, on_change=D.set_password, aria_label="Room password",
                         width="100%")),
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


_REC_COLOURS = {"Strong yes": "green", "Yes": "green", "No": "red", "Strong no": "red"}


def _interview_row(s: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(s["title"]),
        rx.table.cell(s["date"]),
        rx.table.cell(s["candidate"]),
        rx.table.cell(rx.badge(s["recommendation"], variant="soft",
                               color_scheme=rx.match(s["recommendation"], *_REC_COLOURS.items(), "gray"))),
        rx.table.cell(s["verdict"]),
        rx.table.cell(rx.hstack(rx.link("Report", href=s["report"]), rx.link("Playback", href=s["playback"]),
                                spacing="3")),
    )


def _interviews() -> rx.Component:
    return card(rx.vstack(
        rx.heading("Interviews I ran", size="4"),
        rx.cond(D.interviews.length() > 0,
                rx.table.root(
                    rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                                   ("Problem", "Date", "Candidate", "Recommendation", "Verdict",
                                                    "")])),
                    rx.table.body(rx.foreach(D.interviews, _interview_row)), width="100%", id="interviews"),
                rx.text("Interviews you host appear here once a candidate joins, with your recommendation.",
                        color_scheme="gray")),
        width="100%",
    ))


def _take_home_row(a: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(a["title"]), rx.table.cell(a["minutes"], " min"), rx.table.cell(a["candidate"]),
        rx.table.cell(a["status"]), rx.table.cell(a["verdict"], class_name="take-home-verdict"),
        rx.table.cell(a["used"]),
        rx.table.cell(rx.cond(a["report"] != "",
                              rx.hstack(rx.link("Report", href=a["report"]), rx.link("Playback", href=a["playback"]),
                                        spacing="3"),
                              rx.input(value=a["invite"], read_only=True, aria_label="Take-home invite link",
                                       size="1", width="14rem"))),
    )


def _assessments() -> rx.Component:
    return card(rx.vstack(
        rx.heading("Assessments", size="4"),
        rx.text("A take-home on the problem chosen above: the candidate starts the clock from the invite link and "
                "the server submits their code at the limit.", size="2", color_scheme="gray"),
        rx.hstack(
            rx.input(value=D.take_home_minutes, on_change=D.set_take_home_minutes, width="7rem",
                     aria_label="Time limit (minutes)"),
            rx.text(f"minutes ({settings.assessment_min_minutes}–{settings.assessment_max_minutes})", size="2"),
            rx.button("Create take-home", on_click=D.create_take_home, variant="soft"),
            align="center", spacing="3"),
        error_callout(D.take_home_error),
        rx.cond(D.take_homes.length() > 0, rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                           ("Problem", "Limit", "Candidate", "Status", "Final verdict", "Time used",
                                            "")])),
            rx.table.body(rx.foreach(D.take_homes, _take_home_row)), width="100%", id="assessments")),
        spacing="3", width="100%",
    ))


def dashboard() -> rx.Component:
    return page(
        rx.vstack(
            rx.heading("Dashboard", size="7"),
            rx.link("Your progress: solved problems, streaks and every submission →", href="/profile"),
            rx.cond(D.active_id != "",
                    rx.callout(rx.hstack(rx.text("You are in a live session: ", D.active_title),
                                         rx.link("Rejoin", href="/session/" + D.active_id, weight="bold")),
                               icon="radio", color_scheme="green", width="100%")),
            _stats(),
            _create(),
            _public(),
            _interviews(),
            _assessments(),
            _history(),
            spacing="4",
            width="100%",
        )
    )
