"""The room's client pieces, bundled from npm: the shared editor (Monaco + yjs + y-monaco + y-websocket), the
room channel (chat, presence, runs, reactions) and the elapsed-time clock. See assets/room/*.jsx."""
from __future__ import annotations

import reflex as rx
from reflex_base.event import EventHandler, passthrough_event_spec

from app.collab import whiteboard as board_rules
from app.components.monaco import MONACO_DEPS
from app.config import settings

YJS_DEPS = ["yjs@13.6.33", "y-websocket@3.1.0", "y-monaco@0.1.6"]
EXCALIDRAW_DEPS = ["@excalidraw/excalidraw@0.18.1"]


class CollabEditor(rx.NoSSRComponent):
    library = "$/public/room/CollabEditor.jsx"
    tag = "CollabEditor"
    is_default = True
    lib_dependencies: list[str] = MONACO_DEPS + YJS_DEPS

    session_id: rx.Var[str]
    token: rx.Var[str]
    user_name: rx.Var[str]
    user_color: rx.Var[str]
    theme: rx.Var[str]
    font_size: rx.Var[int]
    read_only: rx.Var[bool]  # observers watch (the server drops their edits whatever the browser does)

    on_status: EventHandler[passthrough_event_spec(str)]
    on_language: EventHandler[passthrough_event_spec(str)]
    on_token_expired: EventHandler[lambda: []]
    on_problem: EventHandler[passthrough_event_spec(str)]


class RoomChannel(rx.NoSSRComponent):
    library = "$/public/room/RoomChannel.jsx"
    tag = "RoomChannel"
    is_default = True

    session_id: rx.Var[str]
    token: rx.Var[str]

    on_event: EventHandler[passthrough_event_spec(dict)]
    on_status: EventHandler[passthrough_event_spec(str)]
    on_token_expired: EventHandler[lambda: []]


class Elapsed(rx.NoSSRComponent):
    library = "$/public/room/RoomChannel.jsx"
    tag = "Elapsed"
    since: rx.Var[str]


class Call(rx.NoSSRComponent):
    """The built-in WebRTC call (assets/room/Call.jsx), signalled at /rtc/{session_id}."""
    library = "$/public/room/Call.jsx"
    tag = "Call"
    is_default = True

    session_id: rx.Var[str]
    token: rx.Var[str]
    role: rx.Var[str]

    on_recorded: EventHandler[lambda: []]


collab_editor = CollabEditor.create
call = Call.create
room_channel = RoomChannel.create
elapsed = Elapsed.create


class StreamChatPanel(rx.NoSSRComponent):
    """Chat through Stream (stream-chat-react), used only when the server has Stream keys."""
    library = "$/public/room/StreamChatPanel.jsx"
    tag = "StreamChatPanel"
    is_default = True
    lib_dependencies: list[str] = ["stream-chat@9.53.0", "stream-chat-react@14.12.0"]

    api_key: rx.Var[str]
    token: rx.Var[str]
    user_id: rx.Var[str]
    user_name: rx.Var[str]
    channel_type: rx.Var[str]
    channel_id: rx.Var[str]
    theme: rx.Var[str]
    base_url: rx.Var[str]  # empty: Stream's own edge


stream_chat_panel = StreamChatPanel.create


class StreamCall(rx.NoSSRComponent):
    """The call through Stream Video (@stream-io/video-react-sdk), used only when the server has Stream keys."""
    library = "$/public/room/StreamCall.jsx"
    tag = "StreamCall"
    is_default = True
    lib_dependencies: list[str] = ["@stream-io/video-react-sdk@1.43.1"]

    api_key: rx.Var[str]
    token: rx.Var[str]
    user_id: rx.Var[str]
    user_name: rx.Var[str]
    call_type: rx.Var[str]
    call_id: rx.Var[str]
    role: rx.Var[str]
    base_url: rx.Var[str]  # empty: Stream's own edge


stream_call = StreamCall.create


class Whiteboard(rx.NoSSRComponent):
    """The shared whiteboard (assets/whiteboard/Whiteboard.jsx): Excalidraw on the room's Yjs document."""
    library = "$/public/whiteboard/Whiteboard.jsx"
    tag = "Whiteboard"
    is_default = True
    lib_dependencies: list[str] = EXCALIDRAW_DEPS + YJS_DEPS[:2]

    session_id: rx.Var[str]
    token: rx.Var[str]
    user_name: rx.Var[str]
    user_color: rx.Var[str]
    theme: rx.Var[str]
    asset_path: rx.Var[str]
    element_types: rx.Var[list[str]]
    max_element_bytes: rx.Var[int]
    read_only: rx.Var[bool]
    visible: rx.Var[bool]


class ViewSwitch(rx.NoSSRComponent):
    """Code | Whiteboard, shared by everyone in the room (assets/whiteboard/ViewSwitch.jsx)."""
    library = "$/public/whiteboard/ViewSwitch.jsx"
    tag = "ViewSwitch"
    is_default = True
    lib_dependencies: list[str] = YJS_DEPS[:2]

    session_id: rx.Var[str]
    token: rx.Var[str]

    on_view: EventHandler[passthrough_event_spec(str)]


def whiteboard(**props) -> rx.Component:
    """The board with the server's own limits, so the browser never writes an element the server would refuse."""
    return Whiteboard.create(asset_path=settings.excalidraw_asset_path, element_types=sorted(board_rules.TYPES),
                             max_element_bytes=settings.whiteboard_max_element_bytes, **props)


view_switch = ViewSwitch.create
