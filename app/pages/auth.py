"""Sign-in and sign-up pages: plain forms posting to /api/auth/*, which set the HttpOnly cookie."""
import reflex as rx

from app.components.forms import api_form, error_callout, field
from app.components.layout import card, page
from app.state.auth import AuthState


def _shell(title: str, *body: rx.Component) -> rx.Component:
    return page(rx.center(card(rx.vstack(rx.heading(title, size="6"), *body, spacing="4", width="100%"),
                               max_width="420px"), padding_top="3rem"))


def login() -> rx.Component:
    return _shell(
        "Sign in",
        error_callout(AuthState.form_error),
        api_form(
            rx.vstack(
                field("Email", "email", "email", default_value=AuthState.form_email, required=True,
                      auto_complete="email", key=AuthState.form_email),
                field("Password", "password", "password", required=True, auto_complete="current-password"),
                rx.el.input(type="hidden", name="next", value=AuthState.next_path),
                rx.button("Sign in", type="submit", size="3", width="100%"),
                spacing="3",
                width="100%",
            ),
            path="/api/auth/login",
            aria_label="Sign in",
        ),
        rx.text("New here? ", rx.link("Create an account", href="/signup"), size="2"),
    )


def signup() -> rx.Component:
    return _shell(
        "Create an account",
        rx.cond(AuthState.is_guest,
                rx.text("You are a guest: your sessions and runs move to the new account.", size="2",
                        color_scheme="gray")),
        error_callout(AuthState.form_error),
        api_form(
            rx.vstack(
                field("Display name", "display_name", default_value=AuthState.form_name, required=True,
                      max_length=40, auto_complete="nickname", key=AuthState.form_name),
                field("Email", "email", "email", default_value=AuthState.form_email, required=True,
                      auto_complete="email", key=AuthState.form_email),
                field("Password (8+ characters)", "password", "password", required=True, min_length=8,
                      auto_complete="new-password"),
                rx.el.input(type="hidden", name="next", value=AuthState.next_path),
                rx.button("Create account", type="submit", size="3", width="100%"),
                spacing="3",
                width="100%",
            ),
            path="/api/auth/signup",
            aria_label="Create an account",
        ),
        rx.text("Already have an account? ", rx.link("Sign in", href="/login"), size="2"),
    )
