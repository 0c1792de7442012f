"""Landing page: what Parley is, and the two ways in (practise alone, interview together)."""
import reflex as rx

from app.components.layout import card, page

FEATURES = [
    ("users", "One editor, two people", "Both of you type in the same document with live, named cursors."),
    ("video", "See and hear each other", "A built-in peer-to-peer call with screen sharing and recording."),
    ("shield-check", "A judge you can trust", "Code runs in a local sandbox; tests are compared on the server."),
    ("message-square", "Chat and reactions", "Persisted chat, presence, and a timer everyone shares."),
    ("book-open", "Practise alone", "LeetCode-style problems with exactly LeetCode's signatures."),
    ("server", "Yours to run", "Two commands, no SaaS accounts. Switch to Postgres, Stream or Clerk by configuration."),
]


def feature(icon: str, title: str, body: str) -> rx.Component:
    return card(
        rx.vstack(
            rx.icon(icon, size=22, color=rx.color("accent", 10)),
            rx.heading(title, size="4"),
            rx.text(body, color_scheme="gray", size="2"),
            spacing="2",
        )
    )


def index() -> rx.Component:
    return page(
        rx.vstack(
            rx.badge("Self-hosted · open source", variant="soft", size="2"),
            rx.heading("Live coding interviews and pair practice", size="9", weight="bold"),
            rx.text(
                "Parley puts two people in one room: a shared editor, a call, a chat, and a judge that runs "
                "the code safely on your own machine.",
                size="5",
                color_scheme="gray",
                max_width="720px",
            ),
            rx.hstack(
                rx.link(rx.button("Start an interview", size="3"), href="/dashboard"),
                rx.link(rx.button("Practise a problem", size="3", variant="soft"), href="/problems"),
                rx.link(rx.button("Sign in", size="3", variant="outline"), href="/login"),
                spacing="3",
                wrap="wrap",
            ),
            spacing="5",
            padding_y="3rem",
        ),
        rx.grid(
            *[feature(*f) for f in FEATURES],
            columns=rx.breakpoints(initial="1", sm="2", md="3"),
            spacing="4",
            width="100%",
        ),
    )
