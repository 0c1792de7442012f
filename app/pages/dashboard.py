"""Dashboard: create and join interview sessions (filled in by the sessions service)."""
import reflex as rx

from app.components.layout import card, page


def dashboard() -> rx.Component:
    return page(
        rx.heading("Dashboard", size="7", margin_bottom="1rem"),
        card(
            rx.vstack(
                rx.heading("Interview sessions", size="4"),
                rx.text("Sign in to host a session, or open an invite link to join one.", color_scheme="gray"),
                rx.link(rx.button("Sign in"), href="/login"),
            )
        ),
    )
