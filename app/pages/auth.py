"""Sign-in and sign-up pages (forms come with the accounts service)."""
import reflex as rx

from app.components.layout import card, page


def login() -> rx.Component:
    return page(rx.center(card(rx.heading("Sign in", size="6"), max_width="420px")))


def signup() -> rx.Component:
    return page(rx.center(card(rx.heading("Create an account", size="6"), max_width="420px")))
