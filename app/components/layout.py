"""Page chrome shared by every page: navigation bar, colour-mode toggle, content container."""
from __future__ import annotations

import reflex as rx

from app.components.a11y import a11y_styles
from app.components.forms import api_form
from app.state.auth import AuthState

NAV_LINKS = [("Problems", "/problems"), ("Questions", "/questions"), ("Progress", "/profile"),
             ("Dashboard", "/dashboard")]


def logo() -> rx.Component:
    return rx.link(
        rx.hstack(
            rx.icon("code-xml", size=22),
            rx.text("Parley", weight="bold", size="5"),
            align="center",
            spacing="2",
        ),
        href="/",
        underline="none",
        color_scheme="gray",
        high_contrast=True,
        aria_label="Parley home",
    )


def account_controls() -> rx.Component:
    """Signed in: name and Sign out (a form post: the API revokes the token and clears the cookie)."""
    return rx.cond(
        AuthState.signed_in,
        rx.hstack(
            rx.text(AuthState.nav_label, size="2", color_scheme="gray", max_width="14rem", truncate=True,
                    white_space="nowrap"),
            api_form(rx.button("Sign out", type="submit", variant="soft", size="2"), path="/api/auth/logout"),
            align="center",
            spacing="3",
        ),
        rx.hstack(
            rx.link("Sign in", href="/login", weight="medium"),
            rx.link(rx.button("Sign up", size="2"), href="/signup"),
            align="center",
            spacing="3",
        ),
    )


def navbar(*right: rx.Component) -> rx.Component:
    """Top bar. `right` lets pages or the auth state add account controls beside the theme toggle."""
    return rx.el.nav(
        rx.hstack(
            logo(),
            rx.hstack(
                *[rx.link(label, href=href, color_scheme="gray", high_contrast=True, weight="medium", underline="hover")
                  for label, href in NAV_LINKS],
                spacing="5",
                display=["none", "flex"],
            ),
            rx.spacer(),
            *right,
            account_controls(),
            rx.color_mode.button(aria_label="Toggle light/dark mode", variant="ghost"),
            align="center",
            spacing="5",
            width="100%",
            max_width="1400px",
            margin_x="auto",
            padding_x="1.25rem",
            height="56px",
        ),
        aria_label="Main",
        border_bottom=f"1px solid {rx.color('gray', 5)}",
        background=rx.color("gray", 1),
        position="sticky",
        top="0",
        z_index="10",
        width="100%",
    )


def page(*children: rx.Component, wide: bool = False, right: tuple[rx.Component, ...] = ()) -> rx.Component:
    """Wrap page content in the shared chrome. `wide` pages (editor, room) use the full width."""
    return rx.box(
        a11y_styles(),
        navbar(*right),
        rx.el.main(
            *children,
            width="100%",
            max_width="none" if wide else "1100px",
            margin_x="auto",
            padding="0.75rem" if wide else "2rem 1.25rem",
        ),
        min_height="100vh",
        background=rx.color("gray", 2),
    )


def card(*children: rx.Component, **props) -> rx.Component:
    return rx.card(*children, size="3", width="100%", **props)
