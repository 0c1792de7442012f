"""/session/{id}: the gate (invite landing, password prompt, full, ended) and, for members, the room.

Names typed by people are rendered as text nodes only, so markup in them stays inert."""
import reflex as rx

from app.components.a11y import scroll_region
from app.components.forms import api_form, error_callout, field
from app.components.layout import card, page
from app.components.panels import handle, panel, panel_group
from app.components.problem_view import statement_panel, verdict_view
from app.components.review import notes_panel, scorecard_panel
from app.components.room import (call, collab_editor, elapsed, room_channel, stream_call, stream_chat_panel,
                                 view_switch, whiteboard)
from app.config import settings
from app.state.assessments import TakeHomeState as T
from app.state.auth import AuthState
from app.state.room import LANGS, REACTIONS, RoomState as R
from app.state.session import SessionState as S


def _message(title: str, body: str | rx.Var, icon: str = "info", *extra: rx.Component) -> rx.Component:
    return rx.center(card(rx.vstack(rx.hstack(rx.icon(icon), rx.heading(title, size="5"), align="center"),
                                    rx.text(body, color_scheme="gray"), *extra, spacing="3"),
                          max_width="520px"), padding_top="3rem")


def _summary() -> rx.Component:
    return rx.cond(S.problem_title != "",
                   rx.text("Problem: ", rx.text.strong(S.problem_title), " · host ", rx.text.strong(S.host_name)))


def _guest_form(with_password: bool) -> rx.Component:
    """Anonymous visitors join as guests: the API creates the guest, sets the cookie, and joins."""
    return api_form(
        rx.vstack(
            field("Your name", "display_name", required=True, max_length=40, placeholder="How the host will see you"),
            field("Room password", "password", "password", required=True) if with_password else rx.fragment(),
            rx.el.input(type="hidden", name="invite", value=S.invite),
            rx.button("Join as guest", type="submit", size="3", width="100%"),
            spacing="3",
            width="100%",
        ),
        path="/api/sessions/" + S.session_id + "/guest",
        aria_label="Join as guest",
    )


def _landing() -> rx.Component:
    return rx.center(card(rx.vstack(
        rx.heading("Join the interview", size="6"),
        _summary(),
        rx.cond(S.invited_label != "", rx.text(S.invited_label, id="invited-as")),
        error_callout(S.error),
        rx.cond(
            AuthState.signed_in,
            rx.vstack(
                rx.cond(S.gate == "password",
                        field("Room password", "room-password", "password", value=S.password,
                              on_change=S.set_password)),
                rx.button("Join session", on_click=S.join, loading=S.busy, size="3", width="100%"),
                width="100%",
            ),
            rx.vstack(
                rx.cond(S.gate == "password", _guest_form(True), _guest_form(False)),
                rx.text("Have an account? ", rx.link("Sign in", href="/login?next=/session/" + S.session_id),
                        size="2"),
                width="100%",
            ),
        ),
        spacing="4",
        width="100%",
    ), max_width="460px"), padding_top="3rem")


CONNECTION = (("connected", "green", "Connected"), ("reconnecting", "amber", "Reconnecting…"),
              ("offline", "red", "Offline"), ("closed", "gray", "Closed"))


def _connection() -> rx.Component:
    return rx.match(R.connection, *[(k, rx.badge(rx.icon("circle", size=10), label, color_scheme=color,
                                                 variant="soft", id="connection", aria_label=f"Connection: {label}"))
                                    for k, color, label in CONNECTION])


def _person(p) -> rx.Component:
    return rx.badge(
        rx.icon("circle", size=9, color=rx.cond(p["connected"], "var(--green-9)", "var(--gray-8)")),
        rx.text(p["name"], as_="span"),
        rx.match(p["role"], ("host", " · host"), ("participant", " · candidate"), ("interviewer", " · interviewer"),
                 ("observer", " · observer"), ""),
        rx.cond(p["visible"], rx.fragment(), rx.text(" · on another tab", as_="span", weight="bold")),
        color_scheme=rx.cond(p["visible"], "gray", "amber"), variant="surface", class_name="presence",
    )


def _header() -> rx.Component:
    return rx.hstack(
        rx.heading(S.problem_title, size="4"),
        rx.badge(S.role_label, color_scheme="gray"),
        _connection(),
        rx.badge(rx.icon("timer", size=12), elapsed(since=R.started_at), variant="outline"),
        rx.hstack(rx.foreach(R.people, _person), spacing="2", wrap="wrap", aria_label="Who is here"),
        rx.cond((S.role == "host") & R.partner_away,
                rx.callout("The candidate is on another tab", icon="eye-off", color_scheme="amber", size="1")),
        rx.spacer(),
        rx.cond(S.role == "host",
                rx.hstack(
                    rx.input(value=S.invite_url, read_only=True, width="16rem", aria_label="Invite link",
                             id="invite-link"),
                    rx.button(rx.icon("copy", size=16), "Copy invite link", on_click=S.copy_invite, variant="soft"),
                    rx.menu.root(
                        rx.menu.trigger(rx.button(rx.icon("user-plus", size=16), "Invite to the panel",
                                                  variant="soft")),
                        rx.menu.content(
                            rx.menu.item("Copy an interviewer invite", on_click=S.copy_role_invite("interviewer")),
                            rx.menu.item("Copy an observer invite", on_click=S.copy_role_invite("observer")))),
                    rx.button("End session", on_click=S.end, color_scheme="red"),
                    spacing="2"),
                rx.button("Leave", on_click=S.leave, variant="soft")),
        width="100%", align="center", wrap="wrap", spacing="3",
    )


def _toolbar() -> rx.Component:
    return rx.hstack(
        view_switch(session_id=R.session_id, token=R.token, on_view=R.view_changed),
        rx.select.root(
            rx.select.trigger(aria_label="Language"),
            rx.select.content(*[rx.select.item(l["label"], value=l["label"]) for l in LANGS]),
            value=R.language_label, on_change=R.choose_language),
        rx.text("shared: both of you edit this code", size="1", color_scheme="gray"),
        rx.spacer(),
        rx.hstack(*[rx.icon_button(rx.text(e), variant="ghost", on_click=R.react(e), aria_label=f"React {e}",
                                   size="1") for e in REACTIONS[:5]], spacing="1"),
        rx.cond(S.watches, rx.badge("Observing: read-only", color_scheme="gray"), rx.fragment(
            rx.button(rx.cond(R.running_by != "", rx.spinner(size="1"), rx.icon("play", size=14)), "Run",
                      variant="soft", on_click=R.run("run"), disabled=R.running_by != ""),
            rx.button(rx.icon("send", size=14), "Submit", on_click=R.run("submit"), disabled=R.running_by != "",
                      color_scheme="green"))),
        align="center", spacing="3", padding="0.5rem", width="100%",
    )


def _run_row(r) -> rx.Component:
    return rx.table.row(
        rx.table.cell(r["time"]), rx.table.cell(r["by"]), rx.table.cell(r["kind"]), rx.table.cell(r["language"]),
        rx.table.cell(rx.badge(r["verdict"], color_scheme=rx.cond(r["verdict"] == "accepted", "green", "red"))),
        rx.table.cell(r["score"]),
        rx.table.cell(rx.button("Show", size="1", variant="ghost", on_click=R.show_run(r["id"]))),
    )


def _output() -> rx.Component:
    return rx.tabs.root(
        rx.tabs.list(rx.tabs.trigger("Output", value="output"),
                     rx.tabs.trigger("Run history (", R.runs.length(), ")", value="runs")),
        rx.tabs.content(scroll_region(rx.vstack(
            rx.cond(R.running_by != "", rx.hstack(rx.spinner(), rx.text(R.running_by, " is running the code…"))),
            rx.cond((R.verdict == "") & (R.running_by == ""),
                    rx.text("Run or Submit: both of you see the result here.", color_scheme="gray")),
            verdict_view(R.verdict, R.summary, R.compile_output, R.tests),
            spacing="3", padding="0.75rem", width="100%", align="start"), label="Output"),
            value="output", height="calc(100% - 40px)"),
        rx.tabs.content(scroll_region(rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                           ["Time (UTC)", "By", "Kind", "Language", "Verdict", "Tests", ""]])),
            rx.table.body(rx.foreach(R.runs, _run_row)), size="1", width="100%"), label="Run history"),
            value="runs", height="calc(100% - 40px)"),
        value=R.tab, on_change=R.set_tab, height="100%",
    )


def _chat_message(m) -> rx.Component:
    return rx.box(
        rx.hstack(rx.text(m["author"], weight="bold", size="2"), rx.text(m["time"], size="1", color_scheme="gray"),
                  align="baseline", spacing="2"),
        rx.text(m["body"], size="2", white_space="pre-wrap", word_break="break-word", class_name="chat-body"),
        width="100%", class_name="chat-message",
    )


def _chat() -> rx.Component:
    return rx.vstack(
        scroll_region(rx.vstack(rx.foreach(R.messages, _chat_message), spacing="2", width="100%", padding="0.5rem"),
                      label="Chat history", role="log", id="chat-log", flex="1", height="auto", width="100%"),
        rx.form(rx.hstack(
            rx.input(value=R.draft, on_change=R.set_draft, placeholder="Message…", aria_label="Chat message",
                     max_length=settings.chat_max_length, width="100%"),
            rx.button("Send", type="submit"), width="100%"), on_submit=R.send_chat, width="100%",
            reset_on_submit=False),
        height="100%", width="100%", spacing="2",
    )


def _recordings(rows) -> rx.Component:
    """Recorded calls, playable and downloadable by the room's two members."""
    return rx.vstack(
        rx.cond(rows.length() == 0, rx.text("No recordings yet.", size="2", color_scheme="gray")),
        rx.foreach(rows, lambda r: rx.vstack(
            rx.el.video(src=r["url"], controls=True, preload="metadata", width="100%", class_name="recording"),
            rx.hstack(rx.text(r["when"], " UTC · ", r["size"], size="1", color_scheme="gray"),
                      rx.link("Download", href=r["download"], size="1"), spacing="3"),
            width="100%", spacing="1")),
        padding="0.5rem", width="100%", spacing="3", aria_label="Recordings",
    )


def _panel_tabs() -> rx.Component:
    """The panel's private notes and scorecard: rendered only for the roles the server gave (notes for the host,
    interviewers and, their own, observers; the scorecard and review links without observers). They talk REST only,
    so nothing of them travels on the room's sockets or sits in anyone's Reflex state."""
    return rx.fragment(
        rx.tabs.content(scroll_region(rx.vstack(
            notes_panel(session_id=S.session_id, new_tab_links=True, live=True),
            rx.cond(S.reviews, rx.hstack(
                rx.link("Playback", href="/session/" + S.session_id + "/playback", is_external=True, size="1"),
                rx.link("Report", href="/session/" + S.session_id + "/report", is_external=True, size="1"),
                spacing="3", padding_x="0.5rem")), spacing="1", width="100%"),
            label="Notes"), value="notes", height="calc(100% - 40px)"),
        rx.cond(S.reviews, rx.tabs.content(scroll_region(scorecard_panel(session_id=S.session_id), label="Scorecard"),
                                           value="scorecard", height="calc(100% - 40px)")),
    )


def _side() -> rx.Component:
    return rx.vstack(
        rx.box(rx.cond(R.video_provider == "stream", stream_call(
                   api_key=R.stream_video["api_key"], token=R.stream_video["token"],
                   user_id=R.stream_video["user_id"], user_name=R.stream_video["user_name"],
                   call_type=R.stream_video["call_type"], call_id=R.stream_video["call_id"], role=R.my_role,
                   base_url=R.stream_video["base_url"]),
                   call(session_id=R.session_id, token=R.token, role=R.my_role, on_recorded=R.load_recordings)),
               id="video-area", width="100%"),
        rx.tabs.root(
            rx.tabs.list(
                rx.tabs.trigger("Chat", rx.cond(R.unread > 0, rx.badge(R.unread, color_scheme="red", radius="full",
                                                                       margin_left="6px", id="unread")),
                                value="chat"),
                rx.tabs.trigger("People", value="people"),
                rx.tabs.trigger("Recordings", value="recordings"),
                rx.cond(S.takes_notes, rx.tabs.trigger("Notes", value="notes")),
                rx.cond(S.reviews, rx.tabs.trigger("Scorecard", value="scorecard")),
                size=rx.cond(S.takes_notes, "1", "2")),
            rx.tabs.content(rx.cond(R.chat_provider == "stream", stream_chat_panel(
                api_key=R.stream["api_key"], token=R.stream["token"], user_id=R.stream["user_id"],
                user_name=R.stream["user_name"], channel_type=R.stream["channel_type"],
                channel_id=R.stream["channel_id"], theme=rx.color_mode_cond("light", "dark"),
                base_url=R.stream["base_url"]), _chat()),
                value="chat", height="calc(100% - 40px)"),
            rx.tabs.content(rx.vstack(rx.foreach(R.people, _person), padding="0.5rem"), value="people"),
            rx.tabs.content(scroll_region(_recordings(R.recordings), label="Recordings"), value="recordings",
                            height="calc(100% - 40px)"),
            rx.cond(S.takes_notes, _panel_tabs()),
            value=R.side, on_change=R.set_side, flex="1", min_height="0", width="100%"),
        height="100%", spacing="2", padding="0.5rem",
    )


def _review_links() -> rx.Component:
    """The ended session, for its host: where the report, the playback and the (still editable) scorecard are."""
    return rx.hstack(
        rx.link(rx.button(rx.icon("file-text", size=14), "Report, scorecard and notes"),
                href="/session/" + S.session_id + "/report"),
        rx.link(rx.button(rx.icon("play", size=14), "Playback", variant="soft"),
                href="/session/" + S.session_id + "/playback"),
        spacing="3", wrap="wrap", id="review-links")


def _take_home() -> rx.Component:
    """A take-home's clock is the server's: the moment it submits, and the candidate's Hand in now."""
    return rx.cond(T.ends_at != "", rx.callout(
        rx.hstack(rx.text("Take-home: the server submits your code automatically at ", rx.text.strong(T.ends_at),
                          " UTC, whether this page is open or not. Submit as often as you like before then."),
                  rx.cond(T.role == "candidate", rx.button("Hand in now", size="1", color_scheme="green",
                                                           on_click=T.hand_in)),
                  align="center", spacing="3", wrap="wrap"),
        icon="timer", color_scheme="blue", width="100%", id="take-home-banner"))


def _room() -> rx.Component:
    """Problem | shared editor over output | video and chat, in resizable panels."""
    return rx.vstack(
        room_channel(session_id=R.session_id, token=R.token, on_event=R.on_event, on_status=R.set_channel_status,
                     on_token_expired=R.refresh_token),
        _header(),
        _take_home(),
        error_callout(S.error),
        rx.cond(R.notice != "", rx.callout(R.notice, icon="triangle-alert", color_scheme="amber", width="100%")),
        rx.box(
            panel_group(
                panel(statement_panel(R), default_size=26, min_size=12),
                handle(),
                panel(panel_group(
                    panel(rx.vstack(_toolbar(), rx.box(rx.fragment(collab_editor(
                        session_id=R.session_id, token=R.token, user_name=R.my_name, user_color=R.my_color,
                        theme=rx.color_mode_cond("light", "dark"), read_only=S.watches, on_status=R.set_editor_status,
                        on_language=R.language_changed, on_token_expired=R.refresh_token,
                        on_problem=R.set_notice)), flex="1", width="100%", min_height="200px", id="room-editor",
                        display=rx.cond(R.view == "whiteboard", "none", "block")),
                        rx.box(whiteboard(
                            session_id=R.session_id, token=R.token, user_name=R.my_name, user_color=R.my_color,
                            theme=rx.color_mode_cond("light", "dark"), read_only=S.watches,
                            visible=R.view == "whiteboard"), flex="1", width="100%", min_height="200px",
                            id="room-whiteboard", display=rx.cond(R.view == "whiteboard", "block", "none")),
                        height="100%", spacing="0"), default_size=62, min_size=25),
                    handle(vertical=True),
                    panel(_output(), default_size=38, min_size=12),
                    direction="vertical"), default_size=50, min_size=30),
                handle(),
                panel(_side(), default_size=24, min_size=15),
                direction="horizontal", auto_save_id="parley-room",
            ),
            height="calc(100vh - 150px)", min_height="520px", width="100%", background=rx.color("gray", 1),
            border_radius="8px",
        ),
        spacing="2", width="100%", id="room",
    )


def session() -> rx.Component:
    return page(
        rx.match(
            S.gate,
            ("loading", rx.center(rx.spinner(size="3"), padding="4rem")),
            ("room", _room()),
            ("not_found", _message("Session not found", "Check the link, or ask the host for a new invite.",
                                   "circle-help")),
            ("ended", _message("This session has ended", "The host ended this session. It can no longer be joined.",
                               "circle-stop", rx.cond(S.reviews, _review_links()),
                               rx.cond(S.recordings.length() > 0, _recordings(S.recordings)),
                               rx.link("Back to the dashboard", href="/dashboard"))),
            ("full", _message("This room is full", rx.cond(S.invited != "", "Every panel seat is taken.",
                                                              "It already has a host and a candidate."), "users",
                              rx.link("Back to the dashboard", href="/dashboard"))),
            ("invite", _message("This session is private", "You need the invite link from the host to join it.",
                                "lock")),
            _landing(),
        ),
        wide=True,
    )
