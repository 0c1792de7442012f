"""Forms that post straight to the REST API (sign-in, sign-up, sign-out, guest join).

Credentials never pass through client-side state, and the API can set the HttpOnly session cookie on the
response before redirecting back to the page."""
from __future__ import annotations

import reflex as rx


class ApiForm(rx.Component):
    library = "$/public/forms/ApiForm.jsx"
    tag = "ApiForm"
    is_default = True

    path: rx.Var[str]


def api_form(*children, path: str | rx.Var, **props) -> rx.Component:
    return ApiForm.create(*children, path=path, **props)


def field(label: str, name: str, type_: str = "text", **props) -> rx.Component:
    return rx.vstack(
        rx.el.label(label, html_for=f"f-{name}", font_weight="500", font_size="0.9rem"),
        rx.input(id=f"f-{name}", name=name, type=type_, width="100%", size="3", **props),
        spacing="1",
        width="100%",
    )


def error_callout(message: rx.Var) -> rx.Component:
    return rx.cond(message != "", rx.callout(message, icon="triangle-alert", color_scheme="red", role="alert",
                                             width="100%"))
