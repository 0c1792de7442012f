"""/session/{id}/report: everything about one interview for its interviewers: problem, people, times, every run
and submit (hidden tests only counted), scorecard, notes, integrity signals with links into playback, and the final
code. Prints cleanly (the browser's "Save as PDF"); downloads as Markdown or JSON. The scorecard and the notes stay
editable here after the session ended. Everything people typed renders as text (notes as Markdown without HTML)."""
import reflex as rx

from app.components.layout import page
from app.components.review import board_svg, notes_panel, safe_markdown, scorecard_panel, toolkit_gate
from app.state.review import ReviewState as V

PRINT_CSS = """
.report-section { width: 100%; padding: 0.75rem 0; border-top: 1px solid var(--gray-a5); }
.report-section h2 { margin: 0 0 0.5rem; }
#report-pastes { margin: 0.25rem 0; padding-left: 1.25rem; list-style: disc; }
.report-code { width: 100%; box-sizing: border-box; background: var(--gray-a3); padding: 0.75rem;
  border-radius: var(--radius-3); overflow-x: auto;
  font-family: var(--code-font-family, ui-monospace, monospace); font-size: 13px; line-height: 1.45; margin: 0; }
.report-actions a.report-download { display: inline-flex; align-items: center; gap: 0.35rem; padding: 0.3rem 0.75rem;
  border-radius: var(--radius-2); border: 1px solid var(--accent-a7); background: var(--accent-a3); color: var(--accent-11);
  text-decoration: none; font-size: var(--font-size-2); }
.report-flag { color: var(--red-11); font-weight: 600; }
@media print {
  @page { margin: 16mm; }
  nav, .no-print, button { display: none !important; }
  html, body, .radix-themes, main, main > * { background: #fff !important; color: #000 !important; }
  main { max-width: none !important; padding: 0 !important; }
  a { color: inherit !important; text-decoration: none !important; }
  .report-section, .report-code, table, tr, li, .parley-markdown pre { break-inside: avoid; page-break-inside: avoid; }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
  .report-code { white-space: pre-wrap; word-break: break-word; background: #f4f4f5 !important; border: 1px solid #ddd; }
  .rt-TableRoot, .rt-TableRootTable { box-shadow: none !important; }
}
"""


def _section(title: str, *children: rx.Component, id: str) -> rx.Component:
    return rx.el.section(rx.heading(title, size="5", as_="h2"), *children, class_name="report-section", id=id)


def _table(headers: list[str], rows, row) -> rx.Component:
    return rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
        rx.table.body(rx.foreach(rows, row)), size="1", width="100%", variant="surface")


def _download(label: str, fmt: str) -> rx.Component:
    """A file download: a document load (Reflex would otherwise route the link inside the app)."""
    return rx.el.a(rx.icon("download", size=14), label, class_name="report-download", id=f"download-{fmt}",
                   href=V.api_base + "/api/sessions/" + V.session_id + f"/report?format={fmt}&download=true",
                   custom_attrs={"reloadDocument": True, "download": ""})


def _actions() -> rx.Component:
    return rx.hstack(
        _download("Download Markdown", "md"),
        _download("Download JSON", "json"),
        rx.link(rx.button(rx.icon("play", size=14), "Open playback", variant="soft"),
                href="/session/" + V.session_id + "/playback"),
        rx.button(rx.icon("printer", size=14), "Print / Save as PDF", variant="soft",
                  on_click=rx.call_script("window.print()")),
        rx.button(rx.icon("pencil", size=14), rx.cond(V.editing, "Done editing", "Edit scorecard and notes"),
                  on_click=V.toggle_editing, variant=rx.cond(V.editing, "solid", "soft")),
        spacing="3", wrap="wrap", class_name="no-print report-actions", align="center",
    )


def _editors() -> rx.Component:
    return rx.cond(V.editing, rx.grid(
        rx.card(rx.heading("Scorecard", size="3"), scorecard_panel(session_id=V.session_id, on_saved=V.refresh_review)),
        rx.card(rx.heading("Private notes", size="3"), notes_panel(
            session_id=V.session_id, new_tab_links=False, live=V.status != "ended", on_saved=V.refresh_review)),
        columns=rx.breakpoints(initial="1", md="2"), spacing="3", width="100%", class_name="no-print",
        id="report-editors"))


def _header() -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.heading("Interview report: ", V.title, size="7", as_="h1"),
                  rx.badge(V.difficulty, variant="soft"), rx.badge(V.status, color_scheme="gray"),
                  align="center", spacing="3", wrap="wrap"),
        rx.text("Started ", rx.text.strong(V.started), " · ended ", rx.text.strong(V.ended), " · duration ",
                rx.text.strong(V.duration), " · final verdict ", rx.text.strong(V.final_verdict, id="final-verdict")),
        _actions(),
        _editors(),
        spacing="3", width="100%",
    )


def _people() -> rx.Component:
    return _section("People", _table(["Name", "Role", "Joined", "Left"], V.people, lambda p: rx.table.row(
        rx.table.cell(p["name"]), rx.table.cell(p["role"]), rx.table.cell(p["joined"]), rx.table.cell(p["left"]))),
        id="report-people")


def _scorecard() -> rx.Component:
    return _section(
        "Scorecard",
        _table(["Criterion", "Score", "Level"], V.criteria, lambda c: rx.table.row(
            rx.table.row_header_cell(c["label"]), rx.table.cell(c["score"], class_name="report-score"),
            rx.table.cell(c["anchor"]))),
        rx.text("Recommendation: ", rx.text.strong(V.recommendation, id="report-recommendation"), margin_top="0.5rem"),
        rx.cond(V.summary != "", rx.text(V.summary, white_space="pre-wrap", id="report-summary")),
        id="report-scorecard")


def _runs() -> rx.Component:
    return _section("Runs and submissions", rx.cond(
        V.runs.length() > 0,
        _table(["Time", "By", "Kind", "Language", "Verdict", "Tests passed", ""], V.runs, lambda r: rx.table.row(
            rx.table.cell(r["time"]), rx.table.cell(r["by"]), rx.table.cell(r["kind"]),
            rx.table.cell(r["language"]),
            rx.table.cell(rx.badge(r["verdict"], color_scheme=rx.cond(r["accepted"] == "yes", "green", "red"))),
            rx.table.cell(r["tests"]),
            rx.table.cell(rx.link("Playback", href=r["playback"], class_name="no-print")))),
        rx.text("No runs.", color_scheme="gray")), id="report-runs")


def _signals() -> rx.Component:
    return _section(
        "Integrity signals",
        rx.text("Tab switches: ", rx.text.strong(V.tab_away, id="report-tab-away")),
        rx.text("Large pastes: ", rx.text.strong(V.pastes.length())),
        rx.cond(V.pastes.length() > 0, rx.el.ul(rx.foreach(V.pastes, lambda x: rx.el.li(
            x["time"], " · ", x["by"], " pasted ", x["chars"], " characters (", x["language"], ")",
            rx.el.span(" · ", rx.link("see it in playback", href=x["playback"], class_name="paste-link"),
                       class_name="no-print"))), id="report-pastes")),
        rx.text("Similarity: ", rx.el.span(V.similarity, class_name=rx.cond(V.similarity_flagged, "report-flag", ""),
                                           id="report-similarity")),
        id="report-signals")


def _board() -> rx.Component:
    return _section("Whiteboard", board_svg(elements=V.whiteboard), id="report-board")


def _code() -> rx.Component:
    return _section("Final code", rx.cond(V.final_code.length() > 0, rx.foreach(V.final_code, lambda c: rx.vstack(
        rx.heading(c["language"], size="3", as_="h3"),
        rx.el.pre(rx.el.code(c["code"]), class_name="report-code"), width="100%", spacing="2")),
        rx.text("No code was written.", color_scheme="gray")), id="report-code")


def _notes() -> rx.Component:
    return _section("Notes", safe_markdown(source=V.notes, new_tab=False, empty="No notes."), id="report-notes")


def report() -> rx.Component:
    return page(
        rx.el.style(PRINT_CSS),
        toolkit_gate("/report", rx.vstack(
            _header(), _people(), _scorecard(), _runs(), _signals(), _code(), _board(), _notes(),
            spacing="2", width="100%", class_name="parley-report", id="report")),
    )
