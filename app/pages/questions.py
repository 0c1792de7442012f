"""/questions: my questions and those shared with me; /questions/[slug] (and /questions/new): the editor —
statement with a live Markdown preview, signature, starter code per language, tests (visible or hidden), a
reference solution whose outputs become the expected values (computed in the sandbox on Save), rubric, time limit
and compare mode. Each error shows next to the field that caused it."""
import reflex as rx

from app.components.forms import error_callout
from app.components.layout import card, page
from app.components.problem_view import difficulty_badge
from app.questions.editor import EDITOR_COMPARES, PARAM_TYPES, RETURN_TYPES
from app.state.questions import LANG_LABELS, QuestionEditorState as E, QuestionListState as L

MONO = {"fontFamily": "ui-monospace, monospace", "fontSize": "13px"}


def _row(r) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.link(r["title"], href="/questions/" + r["slug"].to(str), weight="medium")),
        rx.table.cell(difficulty_badge(r["difficulty"])),
        rx.table.cell(rx.text(r["tag_text"], size="2", color_scheme="gray")),
        rx.table.cell(rx.cond(r["mine"], rx.cond(r["shared"], rx.badge("Shared", color_scheme="green"),
                                                 rx.badge("Private", color_scheme="gray")),
                              rx.text("by ", r["owner"], size="2"))),
        rx.table.cell(rx.text(r["tests"].to(str), size="2")),
    )


def questions() -> rx.Component:
    return page(
        rx.hstack(rx.heading("Questions", size="7"), rx.spacer(),
                  rx.link(rx.button(rx.icon("plus", size=14), "New question"), href="/questions/new"),
                  margin_bottom="1rem", width="100%"),
        card(
            rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                               ("Title", "Difficulty", "Tags", "Sharing", "Tests")])),
                rx.table.body(rx.foreach(L.rows, _row)), width="100%"),
            rx.cond(L.rows.length() == 0, rx.text("No questions yet: write one, or import a problem file with "
                                                  "POST /api/questions.", color_scheme="gray", padding="1rem")),
        ),
    )


def _err(place: str) -> rx.Component:
    return rx.cond(E.errors[place] != "", rx.text(E.errors[place], color_scheme="red", size="2", role="alert",
                                                  id=f"error-{place}"))


def _labelled(label: str, control: rx.Component, place: str) -> rx.Component:
    return rx.vstack(rx.text(label, size="2", weight="medium"), control, _err(place), spacing="1", width="100%")


def _select(items, value, on_change, label: str) -> rx.Component:
    return rx.select.root(rx.select.trigger(aria_label=label, width="100%"),
                          rx.select.content(*[rx.select.item(t, value=t) for t in items]) if isinstance(items, list)
                          else rx.select.content(rx.foreach(items, lambda t: rx.select.item(t, value=t))),
                          value=value, on_change=on_change)


def _param(p, i) -> rx.Component:
    return rx.hstack(
        rx.input(value=p["name"], on_change=lambda v: E.set_param(i, "name", v), aria_label="Parameter name",
                 width="40%", style=MONO),
        rx.box(_select(PARAM_TYPES, p["type"], lambda v: E.set_param(i, "type", v), "Parameter type"), width="40%"),
        rx.icon_button(rx.icon("x", size=14), variant="ghost", on_click=E.remove_param(i),
                       aria_label="Remove parameter"),
        width="100%", align="center")


def _test(t, i) -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.text("Test ", i + 1, weight="medium", size="2"),
            rx.checkbox("Hidden", checked=t["hidden"] == "true", on_change=lambda v: E.set_test_hidden(i, v)),
            rx.spacer(),
            rx.icon_button(rx.icon("trash-2", size=14), variant="ghost", on_click=E.remove_test(i),
                           aria_label="Remove test"),
            width="100%", align="center"),
        rx.text_area(value=t["input"], on_change=lambda v: E.set_test_input(i, v), rows="2", width="100%",
                     placeholder="one JSON value per parameter, one per line", aria_label="Test input", style=MONO,
                     class_name="test-input"),
        rx.cond(t["expected"] != "", rx.text("Expected (from the reference): ", rx.code(t["expected"]), size="2",
                                             class_name="test-expected")),
        rx.cond(t["error"] != "", rx.text(t["error"], color_scheme="red", size="2", role="alert",
                                          class_name="test-error")),
        border=f"1px solid {rx.color('gray', 5)}", border_radius="8px", padding="0.5rem", width="100%")


def _actions() -> rx.Component:
    return rx.hstack(
        rx.button(rx.cond(E.saving, rx.spinner(size="1"), rx.icon("save", size=14)),
                  rx.cond(E.saving, "Saving… (running the reference in the sandbox)", "Save"),
                  on_click=E.save, disabled=E.saving, id="save-question"),
        rx.cond(E.slug != "", rx.hstack(
            rx.button(rx.icon("video", size=14), "Start interview", variant="soft", on_click=E.interview,
                      id="start-interview"),
            rx.checkbox("Shared with everyone on this instance", checked=E.shared, on_change=E.set_shared),
            rx.link("Export YAML", href=E.export_url, is_external=False),
            rx.button("Delete", color_scheme="red", variant="ghost", on_click=E.delete),
            spacing="4", align="center")),
        spacing="4", align="center", wrap="wrap")


def _editor() -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.heading(E.page_title, size="6"), rx.spacer(), rx.link("All questions", href="/questions"),
                  width="100%"),
        error_callout(E.errors["form"]),
        rx.cond(E.saved_note != "", rx.callout(E.saved_note, icon="check", color_scheme="green", width="100%")),
        card(rx.vstack(
            _labelled("Title", rx.input(value=E.title, on_change=lambda v: E.set_field("title", v), width="100%",
                                        aria_label="Title", id="q-title"), "title"),
            rx.grid(
                _labelled("Difficulty", _select(["Easy", "Medium", "Hard"], E.difficulty,
                                                lambda v: E.set_field("difficulty", v), "Difficulty"), "difficulty"),
                _labelled("Tags (comma-separated)", rx.input(value=E.tags, on_change=lambda v: E.set_field("tags", v),
                                                             aria_label="Tags"), "tags"),
                _labelled("Time limit (ms per test)", rx.input(value=E.time_limit_ms, aria_label="Time limit",
                                                               on_change=lambda v: E.set_field("time_limit_ms", v)),
                          "time_limit_ms"),
                _labelled("Compare", _select(EDITOR_COMPARES, E.compare, lambda v: E.set_field("compare", v),
                                             "Compare mode"), "compare"),
                columns="4", spacing="3", width="100%"),
            rx.grid(
                _labelled("Statement (Markdown)", rx.text_area(value=E.statement, rows="12", width="100%",
                                                              on_change=lambda v: E.set_field("statement", v),
                                                              aria_label="Statement", id="q-statement"), "statement"),
                rx.vstack(rx.text("Preview", size="2", weight="medium"),
                          rx.box(rx.markdown(E.statement, use_raw=False), id="q-preview", width="100%",
                                 min_height="12rem", padding="0.5rem", border_radius="8px",
                                 border=f"1px solid {rx.color('gray', 5)}"), spacing="1", width="100%"),
                columns="2", spacing="3", width="100%"),
            spacing="3", width="100%")),
        card(rx.vstack(
            rx.heading("Signature", size="4"),
            rx.grid(
                _labelled("Method", rx.input(value=E.method, on_change=lambda v: E.set_field("method", v),
                                             aria_label="Method name", id="q-method", style=MONO), "signature"),
                rx.vstack(rx.text("Returns", size="2", weight="medium"),
                          _select(RETURN_TYPES, E.returns, lambda v: E.set_field("returns", v), "Return type"),
                          spacing="1", width="100%"),
                columns="2", spacing="3", width="100%"),
            rx.text("Parameters", size="2", weight="medium"),
            rx.foreach(E.params, _param),
            rx.hstack(rx.button(rx.icon("plus", size=14), "Parameter", variant="soft", on_click=E.add_param),
                      rx.button("Generate starter code", variant="soft", on_click=E.generate_starters), spacing="3"),
            rx.text("Starter code", size="2", weight="medium"),
            rx.box(_select(list(LANG_LABELS), E.starter_language, lambda v: E.set_field("starter_language", v),
                           "Starter language"), width="12rem"),
            rx.text_area(value=E.starter_code, on_change=E.set_starter, rows="7", width="100%", style=MONO,
                         aria_label="Starter code"),
            _err("starter"),
            spacing="2", width="100%")),
        card(rx.vstack(
            rx.heading("Tests", size="4"),
            rx.text("Inputs only: the reference solution computes each expected value on Save.", size="2",
                    color_scheme="gray"),
            rx.foreach(E.tests, _test),
            _err("tests"),
            rx.button(rx.icon("plus", size=14), "Test", variant="soft", on_click=E.add_test, id="add-test"),
            spacing="2", width="100%")),
        card(rx.vstack(
            rx.heading("Reference solution", size="4"),
            rx.box(_select(list(LANG_LABELS), E.ref_language, lambda v: E.set_field("ref_language", v),
                           "Reference language"), width="12rem"),
            rx.text_area(value=E.ref_code, on_change=lambda v: E.set_field("ref_code", v), rows="10", width="100%",
                         style=MONO, aria_label="Reference solution", id="q-reference"),
            _err("solution"),
            rx.heading("Rubric (optional)", size="4"),
            rx.text_area(value=E.rubric, on_change=lambda v: E.set_field("rubric", v), rows="4", width="100%",
                         style=MONO, aria_label="Rubric", placeholder="- {key: approach, label: Approach, anchors: "
                                                                      "[..., ..., ..., ...]}"),
            _err("rubric"),
            spacing="2", width="100%")),
        _actions(),
        spacing="4", width="100%", padding_bottom="3rem")


def question_editor() -> rx.Component:
    return page(rx.cond(E.found, _editor(), rx.vstack(rx.heading("No such question", size="6"),
                                                      rx.link("All questions", href="/questions"))))
