"""Interview room at /session/[id] (gate and room come from the sessions and room services)."""
import reflex as rx

from app.components.layout import card, page


def session() -> rx.Component:
    return page(
        rx.heading("Interview session", size="7", margin_bottom="1rem"),
        card(rx.text("Open an invite link to join a session.", color_scheme="gray")),
    )
