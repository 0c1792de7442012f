"""How a problem and a judge result look, shared by solo practice and the interview room.

User output is shown verbatim in text nodes and <pre>, so whatever a program prints stays inert. Statements are
Markdown rendered WITHOUT raw HTML (Reflex's markdown adds rehype-raw by default, which would turn `<img onerror>`
or `<script>` in a problem file into live markup): HTML in a statement is shown as text."""
from __future__ import annotations

import reflex as rx

from app.components.a11y import scroll_region


def difficulty_badge(d) -> rx.Component:
    return rx.badge(d, color_scheme=rx.match(d, ("Easy", "green"), ("Medium", "amber"), ("Hard", "red"), "gray"),
                    variant="soft")


def pre(*children) -> rx.Component:
    """Preformatted text (user output is shown verbatim and inert)."""
    return rx.el.pre(*children, style={"whiteSpace": "pre-wrap", "fontFamily": "ui-monospace, monospace",
                                       "fontSize": "12px", "background": rx.color("gray", 3), "padding": "6px 8px",
                                       "borderRadius": "6px", "margin": 0, "width": "100%"})


VERDICT_TEXT = (("accepted", "Accepted"), ("wrong_answer", "Wrong Answer"), ("runtime_error", "Runtime Error"),
                ("time_limit", "Time Limit Exceeded"), ("memory_limit", "Memory Limit Exceeded"),
                ("compile_error", "Compile Error"), ("internal_error", "Internal Error"))


def statement_panel(S) -> rx.Component:
    """`S` is any state with title, difficulty, tags, statement, examples and constraints."""
    return scroll_region(
        rx.vstack(
            rx.heading(S.title, size="6"),
            rx.hstack(difficulty_badge(S.difficulty), rx.foreach(S.tags, lambda t: rx.badge(t, variant="outline")),
                      wrap="wrap", spacing="2"),
            rx.markdown(S.statement, use_raw=False),
            rx.foreach(S.examples, lambda ex, i: rx.box(
                rx.text("Example ", i + 1, weight="bold"),
                pre("Input: ", ex["input"], "\nOutput: ", ex["output"]),
                rx.cond(ex["explanation"], rx.text("Explanation: ", ex["explanation"], size="2")),
                width="100%")),
            rx.text("Constraints", weight="bold"),
            rx.unordered_list(rx.foreach(S.constraints, lambda c: rx.list_item(rx.code(c)))),
            spacing="3", padding="1rem", align="start",
        ),
        label="Problem statement",
    )


def test_row(t) -> rx.Component:
    return rx.table.row(
        rx.table.cell(t["number"]),
        rx.table.cell(rx.badge(t["label"], color_scheme=rx.cond(t["status"] == "passed", "green", "red"))),
        rx.table.cell(rx.cond(t["hidden"] == "True", rx.text("hidden", color_scheme="gray"),
                              rx.code(t["input"]))),
        rx.table.cell(rx.cond(t["expected"] != "", rx.code(t["expected"]))),
        rx.table.cell(rx.cond(t["output"] != "", rx.code(t["output"]))),
        rx.table.cell(rx.vstack(rx.cond(t["error"], rx.text(t["error"], color_scheme="red", size="1")),
                                rx.cond(t["stdout"], pre(t["stdout"])))),
        rx.table.cell(rx.cond(t["time_ms"] != "", rx.fragment(t["time_ms"], " ms"))),  # hidden tests: no time
    )


def verdict_view(verdict, summary, compile_output, tests) -> rx.Component:
    """The verdict headline, compiler output and per-test table of one judge result."""
    return rx.fragment(
        rx.cond(verdict != "",
                rx.hstack(rx.heading(rx.match(verdict, *VERDICT_TEXT, verdict), size="5",
                                     color=rx.cond(verdict == "accepted", rx.color("green", 11), rx.color("red", 11)),
                                     id="verdict"),
                          rx.text(summary, color_scheme="gray"), align="center", spacing="3")),
        rx.cond(compile_output != "", pre(compile_output)),
        rx.cond(tests.length() > 0, rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                           ["#", "Result", "Input", "Expected", "Output", "Details", "Time"]])),
            rx.table.body(rx.foreach(tests, test_row)), size="1", width="100%")),
    )
