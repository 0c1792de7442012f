"""/submissions/[id]: one run's code, language, verdict and per-test results (hidden tests as counts). The
code is shown in a <pre>: read-only, selectable, and keyboard-scrollable."""
import reflex as rx

from app.components.layout import card, page
from app.components.problem_view import verdict_view
from app.state.submission import SubmissionState as S

FOCUS = {"outline": f"2px solid {rx.color('accent', 8)}", "outline_offset": "2px"}


def _found() -> rx.Component:
    return rx.vstack(
        rx.link("← Progress", href="/profile", size="2"),
        rx.hstack(rx.heading(rx.link(S.title, href="/problems/" + S.slug, underline="hover"), size="7"),
                  rx.badge(S.difficulty, variant="soft", high_contrast=True,  # on the page's grey: AA contrast
                           color_scheme=rx.match(S.difficulty, ("Easy", "green"), ("Medium", "amber"),
                                                 ("Hard", "red"), "gray")),
                  align="center", spacing="3", wrap="wrap"),
        rx.text(S.kind, " · ", S.language, " · ", S.at, " (", S.zone, ")",
                rx.cond(S.runtime != "", rx.fragment(" · ", S.runtime)), color_scheme="gray", id="submission-meta"),
        rx.cond(S.room, rx.callout("Run in an interview session by " + S.by + ".", icon="users", size="1")),
        card(rx.vstack(
            rx.heading("Code", as_="h2", size="4"),
            rx.el.pre(rx.el.code(S.code), id="submission-code", tab_index=0, aria_label="Submitted code",
                      role="region",
                      style={"whiteSpace": "pre", "overflowX": "auto", "fontFamily": "ui-monospace, monospace",
                             "fontSize": "13px", "background": rx.color("gray", 3), "padding": "12px",
                             "borderRadius": "6px", "margin": 0, "width": "100%", "maxHeight": "70vh",
                             "overflowY": "auto"},
                      _focus_visible=FOCUS),
            spacing="3", width="100%")),
        card(rx.vstack(
            rx.heading("Result", as_="h2", size="4"),
            verdict_view(S.verdict, S.summary, S.compile_output, S.tests),
            rx.cond(S.hidden != "", rx.text(S.hidden, id="hidden-tests", weight="medium")),
            spacing="3", width="100%", align="start")),
        spacing="4", width="100%", align="start",
    )


def _missing() -> rx.Component:
    return rx.center(rx.vstack(
        rx.heading("No such submission", size="6"),
        rx.text("It does not exist, or it is not yours to see."),
        rx.link("Back to your progress", href="/profile"),
        align="center", spacing="3"), padding="4rem")


def submission() -> rx.Component:
    return page(rx.cond(S.loaded, rx.cond(S.found, _found(), _missing()),
                        rx.hstack(rx.spinner(), rx.text("Loading…"), role="status")))
