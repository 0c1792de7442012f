"""/assessments/[id]?invite=…: a take-home's rules and its Start button (a form post: an anonymous candidate
becomes a guest and the API sets the cookie); the clock starts on the server when it is pressed."""
import reflex as rx

from app.components.forms import api_form, error_callout
from app.components.layout import card, page
from app.state.assessments import AssessmentState as A
from app.state.auth import AuthState


def _rules() -> rx.Component:
    return rx.vstack(
        rx.heading("Take-home: ", A.title, size="6"),
        rx.unordered_list(
            rx.list_item("You have ", rx.text.strong(A.minutes, " minutes"), " from the moment you press Start. "
                         "The clock is kept by the server: reloading, another device or your computer's clock "
                         "do not stop it."),
            rx.list_item("At the limit your code is submitted automatically, even if this page is closed."),
            rx.list_item("Run your code against the visible tests or your own input, and submit as often as you "
                         "like; the hidden tests are judged but never shown."),
            rx.list_item("Languages: ", A.languages),
            rx.cond(A.deadline != "", rx.list_item("Start before ", A.deadline, " UTC.")),
            rx.list_item("You can start only once."),
        ),
        spacing="3", align="start", width="100%")


def _start() -> rx.Component:
    return api_form(
        rx.vstack(
            rx.cond(~AuthState.signed_in,
                    rx.input(name="display_name", placeholder="Your name", required=True, max_length=40,
                             aria_label="Your name", auto_complete="nickname")),
            rx.el.input(type="hidden", name="invite", value=A.invite),
            rx.button(rx.icon("play", size=14), "Start the clock", type="submit", size="3", color_scheme="green"),
            spacing="3", align="start"),
        path=A.start_path, aria_label="Start the assessment")


def assessment() -> rx.Component:
    return page(card(rx.cond(
        A.found,
        rx.vstack(
            _rules(),
            error_callout(A.error),
            rx.match(
                A.status,
                ("not_started", rx.cond(A.role == "host", rx.text("You wrote this assessment: send the invite link "
                                                                  "to a candidate."), _start())),
                ("in_progress", rx.vstack(rx.text("Started. The server submits at ", rx.text.strong(A.ends_at),
                                                  " UTC."),
                                          rx.link(rx.button("Continue"), href="/session/" + A.session_id))),
                ("expired", rx.text("The deadline to start this assessment has passed.")),
                rx.text("This assessment has been submitted. Thank you!", weight="medium", id="assessment-done"),
            ),
            spacing="4", width="100%", align="start"),
        rx.vstack(rx.heading("Assessment not found", size="6"),
                  rx.text("Check the link, or ask for a new one.")))))
