"""The interviewer's toolkit in the browser, bundled from npm: playback (Monaco + yjs replaying the session's edit
history), private notes and the scorecard (REST only: never the room's sockets or Reflex state), and Markdown that
never renders HTML. See assets/playback/*.jsx and assets/review/*.jsx."""
from __future__ import annotations

import reflex as rx
from reflex_base.event import EventHandler

from app.components.monaco import MONACO_DEPS
from app.components.room import EXCALIDRAW_DEPS, YJS_DEPS
from app.config import settings

MARKDOWN_DEPS = ["react-markdown@10.1.0", "remark-gfm@4.0.1"]


class Playback(rx.NoSSRComponent):
    library = "$/public/playback/Playback.jsx"
    tag = "Playback"
    is_default = True
    lib_dependencies: list[str] = MONACO_DEPS + YJS_DEPS[:1] + EXCALIDRAW_DEPS

    session_id: rx.Var[str]
    theme: rx.Var[str]
    asset_path: rx.Var[str]


class NotesPanel(rx.NoSSRComponent):
    library = "$/public/review/NotesPanel.jsx"
    tag = "NotesPanel"
    is_default = True
    lib_dependencies: list[str] = MARKDOWN_DEPS

    session_id: rx.Var[str]
    new_tab_links: rx.Var[bool]  # in the room: a timestamp link opens playback without leaving the room
    live: rx.Var[bool]  # "Insert timestamp" only while the session runs (after the end, "now" is no moment of it)

    on_saved: EventHandler[lambda: []]


class ScorecardPanel(rx.NoSSRComponent):
    library = "$/public/review/ScorecardPanel.jsx"
    tag = "ScorecardPanel"
    is_default = True

    session_id: rx.Var[str]

    on_saved: EventHandler[lambda: []]


class Markdown(rx.NoSSRComponent):
    """Typed Markdown shown as Markdown, with raw HTML as text and images as their alt text."""
    library = "$/public/review/Markdown.jsx"
    tag = "Markdown"
    is_default = True
    lib_dependencies: list[str] = MARKDOWN_DEPS

    source: rx.Var[str]
    new_tab: rx.Var[bool]
    empty: rx.Var[str]


class BoardSvg(rx.NoSSRComponent):
    """The final whiteboard as SVG (assets/whiteboard/BoardSvg.jsx)."""
    library = "$/public/whiteboard/BoardSvg.jsx"
    tag = "BoardSvg"
    is_default = True
    lib_dependencies: list[str] = EXCALIDRAW_DEPS

    elements: rx.Var[str]  # JSON list of the checked elements
    asset_path: rx.Var[str]


def playback(**props) -> rx.Component:
    return Playback.create(asset_path=settings.excalidraw_asset_path, **props)


def board_svg(**props) -> rx.Component:
    return BoardSvg.create(asset_path=settings.excalidraw_asset_path, **props)


notes_panel = NotesPanel.create
scorecard_panel = ScorecardPanel.create
safe_markdown = Markdown.create


def toolkit_gate(tail: str, content: rx.Component) -> rx.Component:
    """The toolkit pages' gate: `content` for the session's interviewers, a refusal (and no data) for anyone else."""
    from app.components.layout import card
    from app.state.review import ReviewState as V

    def message(icon: str, title: str, body, *extra) -> rx.Component:
        return rx.center(card(rx.vstack(rx.hstack(rx.icon(icon), rx.heading(title, size="5"), align="center"),
                                        rx.text(body, color_scheme="gray"), *extra, spacing="3"),
                              max_width="520px", id="toolkit-refusal"), padding_top="3rem")

    return rx.match(
        V.gate,
        ("loading", rx.center(rx.spinner(size="3"), padding="4rem")),
        ("ok", content),
        ("login", message("lock", "Sign in to see this", "Only the session's interviewers can see this.",
                          rx.link("Sign in", href="/login?next=/session/" + V.session_id + tail))),
        ("not_found", message("circle-help", "Session not found", "Check the link.")),
        message("shield-x", "Only the session's interviewers can see this",
                "A session's notes, scorecard, playback and report are for the people who interviewed in it.",
                rx.link("Back to the dashboard", href="/dashboard")),
    )
