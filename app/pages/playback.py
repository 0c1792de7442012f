"""/session/{id}/playback: the session's code at any moment, for its interviewers (the gate loads nothing for
anyone else; the component fetches the history and timeline over REST, where the same gate answers)."""
import reflex as rx

from app.components.layout import page
from app.components.review import playback as playback_view, toolkit_gate
from app.state.review import ReviewState as V


def _content() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.heading("Playback: ", V.title, size="6"),
            rx.badge(V.difficulty, variant="soft"),
            rx.badge(V.status, color_scheme="gray"),
            rx.spacer(),
            rx.link("Report", href="/session/" + V.session_id + "/report"),
            rx.link("Session", href="/session/" + V.session_id),
            width="100%", align="center", spacing="3", wrap="wrap",
        ),
        playback_view(session_id=V.session_id, theme=rx.color_mode_cond("light", "dark")),
        width="100%", spacing="3",
    )


def playback() -> rx.Component:
    return page(toolkit_gate("/playback", _content()), wide=True)
