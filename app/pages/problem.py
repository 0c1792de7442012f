"""/problems/[slug]: solo practice — statement, bundled Monaco editor, Run/Submit, per-test results."""
import reflex as rx

from app.components.layout import page
from app.components.monaco import monaco_editor
from app.components.panels import confetti, handle, panel, panel_group
from app.components.problem_view import statement_panel, verdict_view
from app.state.problems import LANGS, PracticeState as S


def toolbar() -> rx.Component:
    return rx.hstack(
        rx.select([l["label"] for l in LANGS], value=S.language_label, on_change=S.set_language_label,
                  aria_label="Language"),
        rx.hstack(rx.text("Font", size="2"), rx.slider(default_value=[14], min=11, max=22, width="90px",
                                                      on_value_commit=S.set_font_size, aria_label="Font size"),
                  align="center"),
        rx.button(rx.icon("rotate-ccw", size=14), "Reset", variant="ghost", on_click=S.reset_code,
                  aria_label="Reset to starter code"),
        rx.spacer(),
        rx.button(rx.cond(S.running, rx.spinner(size="1"), rx.icon("play", size=14)), "Run", variant="soft",
                  on_click=S.run, disabled=S.running),
        rx.button(rx.icon("send", size=14), "Submit", on_click=S.submit, disabled=S.running, color_scheme="green"),
        align="center", spacing="3", padding="0.5rem", width="100%",
    )


def results_panel() -> rx.Component:
    return rx.scroll_area(
        rx.vstack(
            rx.hstack(
                rx.checkbox("Custom input", checked=S.use_custom, on_change=S.set_use_custom),
                rx.text("one JSON value per parameter, one per line", size="1", color_scheme="gray"),
                align="center"),
            rx.cond(S.use_custom, rx.text_area(value=S.custom_input, on_change=S.set_custom_input, rows="3",
                                               width="100%", font_family="monospace", aria_label="Custom input")),
            rx.cond(S.running, rx.hstack(rx.spinner(), rx.text("Running in the sandbox…"))),
            verdict_view(S.verdict, S.summary, S.compile_output, S.tests),
            spacing="3", padding="0.75rem", width="100%", align="start",
        ),
        height="100%", type="auto",
    )


def problem() -> rx.Component:
    return page(
        confetti(fire=S.confetti),
        rx.cond(
            S.found,
            rx.box(
                panel_group(
                    panel(statement_panel(S), default_size=38, min_size=20),
                    handle(),
                    panel(
                        panel_group(
                            panel(rx.vstack(
                                toolbar(),
                                rx.box(rx.fragment(monaco_editor(
                                    editor_id="solo", value=S.code, language=S.monaco_language,
                                    theme=rx.color_mode_cond("light", "dark"), font_size=S.font_size,
                                    on_change=S.set_code, on_run=S.run, key=S.editor_key)),
                                    flex="1", width="100%", min_height="200px"),
                                height="100%", spacing="0"), default_size=62, min_size=25),
                            handle(vertical=True),
                            panel(results_panel(), default_size=38, min_size=15),
                            direction="vertical",
                        ),
                        default_size=62, min_size=30,
                    ),
                    direction="horizontal", auto_save_id="parley-solo",
                ),
                height="calc(100vh - 80px)", background=rx.color("gray", 1), border_radius="8px",
            ),
            rx.center(rx.text("No such problem."), padding="4rem"),
        ),
        wide=True,
    )
