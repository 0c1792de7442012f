"""Problem list (filled in by the problems/judge pages)."""
import reflex as rx

from app.components.layout import card, page


def problems() -> rx.Component:
    return page(
        rx.heading("Problems", size="7", margin_bottom="1rem"),
        card(rx.text("The problem bank loads with `make seed`.", color_scheme="gray")),
    )
