"""/problems/[slug]: solo practice — statement, bundled Monaco editor, Run/Submit, per-test results.

Anyone may read and edit; Run and Submit are offered to people with an account or a guest name (the server
refuses anonymous runs too): an anonymous visitor sees Sign in and "Continue as guest" instead."""
import reflex as rx

from app.components.a11y import labelled_select, labelled_slider, scroll_region
from app.components.forms import api_form, error_callout
from app.components.layout import page
from app.components.monaco import code_preview, monaco_editor
from app.components.panels import confetti, handle, panel, panel_group
from app.components.problem_view import statement_panel, verdict_view
from app.state.auth import AuthState
from app.state.problems import LANGS, PracticeState as S


def toolbar() -> rx.Component:
    return rx.hstack(
        labelled_select([l["label"] for l in LANGS], S.language_label, S.set_language_label, "Language"),
        rx.hstack(rx.text("Font", size="2", aria_hidden="true"),
                  labelled_slider(label="Font size", default_value=[14], min=11, max=22, width="90px",
                                  on_value_commit=S.set_font_size),
                  align="center"),
        rx.button(rx.icon("rotate-ccw", size=14), "Reset", variant="ghost", on_click=S.reset_code,
                  aria_label="Reset to starter code"),
        rx.spacer(),
        rx.cond(
            AuthState.signed_in,
            rx.hstack(
                rx.button(rx.cond(S.running, rx.spinner(size="1"), rx.icon("play", size=14)), "Run", variant="soft",
                          on_click=S.run, disabled=S.running),
                rx.button(rx.icon("send", size=14), "Submit", on_click=S.submit, disabled=S.running,
                          color_scheme="green"),
                spacing="3"),
            rx.link(rx.button(rx.icon("log-in", size=14), "Sign in to run", variant="soft"),
                    href="/login?next=" + S.page_path)),
        align="center", spacing="3", padding="0.5rem", width="100%",
    )


def identity_gate() -> rx.Component:
    """For anonymous visitors: running code needs an account or a guest name (a form post: the API sets the
    cookie and comes back here)."""
    return rx.vstack(
        rx.text("Running code needs an account or a guest name.", weight="medium"),
        error_callout(S.guest_error),
        api_form(
            rx.hstack(
                rx.input(name="display_name", placeholder="Your name", required=True, max_length=40,
                         aria_label="Your name", auto_complete="nickname"),
                rx.el.input(type="hidden", name="next", value=S.page_path),
                rx.button("Continue as guest", type="submit"),
                rx.link("Sign in", href="/login?next=" + S.page_path, weight="medium"),
                align="center", spacing="3", wrap="wrap"),
            path="/api/auth/guest",
            aria_label="Continue as guest",
        ),
        spacing="2", width="100%", align="start",
    )


def results_panel() -> rx.Component:
    return scroll_region(
        rx.vstack(
            rx.cond(~AuthState.signed_in, identity_gate()),
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
        label="Results",
    )


def _editor() -> rx.Component:
    """Monaco over a plain-text preview of the same code (shown until Monaco has painted)."""
    return rx.box(
        code_preview(code=S.code, dark=rx.color_mode_cond(False, True)),
        rx.fragment(monaco_editor(
            editor_id="solo", value=S.code, language=S.monaco_language, theme=rx.color_mode_cond("light", "dark"),
            font_size=S.font_size, on_change=S.set_code, on_run=S.run, key=S.editor_key)),
        flex="1", width="100%", min_height="200px", position="relative")


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
                                _editor(),
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
