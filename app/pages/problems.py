"""/problems: the bank, filterable by difficulty and tag, searchable by title."""
import reflex as rx

from app.components.layout import card, page
from app.components.problem_view import difficulty_badge
from app.state.problems import ProblemListState as S

DIFF_COLOR = {"Easy": "green", "Medium": "amber", "Hard": "red"}


def row(r) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.cond(r["solved"], rx.icon("circle-check", color=rx.color("green", 10), size=18,
                                                   aria_label="Solved"), rx.text(""))),
        rx.table.cell(rx.link(r["title"], href="/problems/" + r["slug"].to(str), weight="medium")),
        rx.table.cell(difficulty_badge(r["difficulty"])),
        rx.table.cell(rx.text(r["tag_text"], color_scheme="gray", size="2")),
    )


def problems() -> rx.Component:
    return page(
        rx.heading("Problems", size="7", margin_bottom="1rem"),
        card(
            rx.hstack(
                rx.input(placeholder="Search by title", value=S.query, on_change=S.set_query, width="260px",
                         aria_label="Search by title"),
                rx.select(["All", "Easy", "Medium", "Hard"], value=S.difficulty, on_change=S.set_difficulty,
                          aria_label="Difficulty"),
                rx.select(S.tags, value=S.tag, on_change=S.set_tag, aria_label="Tag"),
                spacing="3", wrap="wrap", margin_bottom="1rem",
            ),
            rx.table.root(
                rx.table.header(rx.table.row(
                    rx.table.column_header_cell("", width="40px"), rx.table.column_header_cell("Title"),
                    rx.table.column_header_cell("Difficulty"), rx.table.column_header_cell("Tags"))),
                rx.table.body(rx.foreach(S.visible, row)),
                width="100%",
            ),
            rx.cond(S.visible.length() == 0, rx.text("No problem matches.", color_scheme="gray", padding="1rem")),
        ),
    )
