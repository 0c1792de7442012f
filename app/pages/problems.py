"""/problems: the bank, filterable by difficulty and tag, searchable by title."""
import reflex as rx

from app.components.a11y import labelled_select
from app.components.layout import card, page
from app.components.problem_view import difficulty_badge
from app.state.problems import ProblemListState as S

DIFF_COLOR = {"Easy": "green", "Medium": "amber", "Hard": "red"}
SR_ONLY = {"position": "absolute", "width": "1px", "height": "1px", "overflow": "hidden", "clip": "rect(0 0 0 0)",
           "whiteSpace": "nowrap"}  # read by screen readers, not shown


def row(r) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.match(
            r["status"],
            ("solved", _mark("circle-check", "green", "Solved")),
            ("attempted", _mark("circle-dashed", "amber", "Attempted")),
            rx.text(""))),
        rx.table.cell(rx.link(r["title"], href="/problems/" + r["slug"].to(str), weight="medium")),
        rx.table.cell(difficulty_badge(r["difficulty"])),
        rx.table.cell(rx.text(r["acceptance"], size="2"), title=r["submissions"].to(str) + " submissions"),
        rx.table.cell(rx.text(r["tag_text"], color_scheme="gray", size="2")),
    )


def _mark(icon: str, color: str, label: str) -> rx.Component:
    """A status icon named for screen readers (the icon itself is decoration)."""
    return rx.el.span(rx.icon(icon, color=rx.color(color, 11), size=18, aria_hidden="true"), role="img",
                      aria_label=label, title=label, style={"display": "inline-flex"})


def _filter(label: str, items, value, on_change) -> rx.Component:
    """A labelled select (the visible label is decoration: the trigger itself carries the name)."""
    return rx.hstack(rx.text(label, size="2", color_scheme="gray", aria_hidden="true"),
                     labelled_select(items, value, on_change, label), align="center", spacing="2")


def problems() -> rx.Component:
    return page(
        rx.heading("Problems", size="7", margin_bottom="1rem"),
        card(
            rx.hstack(
                rx.input(placeholder="Search by title", value=S.query, on_change=S.set_query, width="260px",
                         aria_label="Search by title"),
                _filter("Difficulty", ["All", "Easy", "Medium", "Hard"], S.difficulty, S.set_difficulty),
                _filter("Tag", S.tags, S.tag, S.set_tag),
                _filter("Status", ["All", "Solved", "Attempted", "Not tried"], S.status, S.set_status),
                spacing="3", wrap="wrap", margin_bottom="1rem",
            ),
            rx.table.root(
                rx.table.header(rx.table.row(
                    rx.table.column_header_cell(rx.el.span("Status", style=SR_ONLY),
                                                width="40px"), rx.table.column_header_cell("Title"),
                    rx.table.column_header_cell("Difficulty"), rx.table.column_header_cell("Acceptance"),
                    rx.table.column_header_cell("Tags"))),
                rx.table.body(rx.foreach(S.visible, row)),
                width="100%",
            ),
            rx.cond(S.visible.length() == 0, rx.text("No problem matches.", color_scheme="gray", padding="1rem")),
        ),
    )
