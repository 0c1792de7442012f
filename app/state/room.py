"""The live interview room: thin handlers between the room's sockets (via the components in
app/components/room.py) and what the page shows. Chat, runs and reactions go out through the room channel,
whose server stamps who sent them; what comes back is the single source of truth for both people."""
from __future__ import annotations

import asyncio
import json

import reflex as rx

from app.errors import ParleyError
from app.judge import languages as judge_languages
from app.problems.catalog import public_problem
from app.chat import stream as stream_chat
from app.rtc import recordings, stream_video
from app.sessions import service as sessions
from app.room.channel import REACTIONS
from app.state.auth import viewer
from app.state.problems import result_rows

LANGS = judge_languages()
LANG_LABELS = {l["id"]: l["label"] for l in LANGS}
LANG_IDS = {l["label"]: l["id"] for l in LANGS}
COLORS = {"host": "#2563eb", "participant": "#ea580c"}


async def recording_rows(me, session_id: str) -> list[dict]:
    """The session's recordings with play and download URLs on the backend (another port in `make run`)."""
    try:
        rows = await asyncio.to_thread(recordings.list_for, me, session_id)
    except ParleyError:
        return []
    base = rx.config.get_config().api_url.rstrip("/")
    return [{"id": r["id"], "url": f"{base}/api/sessions/{session_id}/recordings/{r['id']}",
             "download": f"{base}/api/sessions/{session_id}/recordings/{r['id']}?download=true",
             "when": r["created_at"][:16].replace("T", " "), "size": f"{r['size_bytes'] / 1e6:.1f} MB"}
            for r in rows]


def _send(message: dict):
    """Send on the room channel; JSON is a valid JS literal, so user text cannot escape into the script."""
    return rx.call_script(f"window.__parleyChannel && window.__parleyChannel.send({json.dumps(message)})")


class RoomState(rx.State):
    session_id: str = ""
    token: str = ""
    my_name: str = ""
    my_role: str = ""
    started_at: str = ""
    editor_status: str = "connecting"
    channel_status: str = "connecting"
    notice: str = ""
    language: str = "python"
    # the problem, under the names statement_panel() reads
    title: str = ""
    difficulty: str = ""
    tags: list[str] = []
    statement: str = ""
    examples: list[dict] = []
    constraints: list[str] = []
    recordings: list[dict] = []
    chat_provider: str = "builtin"  # builtin | stream
    stream: dict[str, str] = {}
    video_provider: str = "builtin"  # builtin | stream
    stream_video: dict[str, str] = {}
    # the room channel's view
    people: list[dict] = []
    messages: list[dict] = []
    draft: str = ""
    unread: int = 0
    tab: str = "output"  # output | runs
    view: str = "code"  # code | whiteboard: the document's meta.view, which the switch reports
    side: str = "chat"  # chat | people
    runs: list[dict] = []
    running_by: str = ""
    ran_by: str = ""
    verdict: str = ""
    summary: str = ""
    compile_output: str = ""
    tests: list[dict] = []
    _results: dict[str, dict] = {}  # run id -> run, so the history panel can show any earlier run

    async def enter(self, session_id: str, info: dict) -> None:
        """Called by the session page once the viewer is admitted: a room token and the problem."""
        me = await viewer(self)
        try:
            grant = await asyncio.to_thread(sessions.room_token, me, session_id)
        except ParleyError as e:
            self.notice = e.detail
            return
        if session_id != self.session_id:
            self.messages, self.runs, self.people, self.unread, self.tab = [], [], [], 0, "output"
            self.verdict, self.summary, self.compile_output, self.tests, self.ran_by = "", "", "", [], ""
        self.session_id, self.token, self.my_role = session_id, grant["token"], grant["role"]
        self.my_name = me.display_name if me else ""
        self.started_at = info.get("started_at") or info.get("created_at") or ""
        p = public_problem((info.get("problem") or {}).get("slug", ""), member=True) or {}
        self.title, self.difficulty, self.tags = p.get("title", ""), p.get("difficulty", ""), p.get("tags", [])
        self.statement, self.examples, self.constraints = p.get("statement", ""), p.get("examples", []), \
            p.get("constraints", [])
        self.notice = ""
        chat = await self._provider(stream_chat.settings_for, me, "chat")
        video = await self._provider(stream_video.settings_for, me, "call")
        await self.load_recordings()
        self.chat_provider, self.video_provider = chat["provider"], video["provider"]
        self.stream = {k: str(v) for k, v in chat.items()} if chat["provider"] == "stream" else {}
        self.stream_video = {k: str(v) for k, v in video.items()} if video["provider"] == "stream" else {}

    async def _provider(self, prepare, me, what: str) -> dict:
        """Stream settings for chat or call; Stream unreachable falls back to the built-in one, and says so."""
        try:
            return await asyncio.to_thread(prepare, me, self.session_id)
        except Exception as e:
            self.notice = f"Stream {what} is unavailable ({type(e).__name__}); using the built-in {what}."
            return {"provider": "builtin"}

    @rx.event
    async def load_recordings(self):
        self.recordings = await recording_rows(await viewer(self), self.session_id)

    @rx.var
    def my_color(self) -> str:
        return COLORS.get(self.my_role, "#7c3aed")

    @rx.var
    def language_label(self) -> str:
        return LANG_LABELS.get(self.language, self.language)

    @rx.var
    def partner_away(self) -> bool:
        return any(p["role"] != self.my_role and not p["visible"] for p in self.people)

    @rx.var
    def connection(self) -> str:
        """One word for the indicator: the worse of the two sockets."""
        states = {self.editor_status, self.channel_status}
        if "offline" in states:
            return "offline"
        if "closed" in states:
            return "closed"
        return "connected" if states == {"connected"} else "reconnecting"

    @rx.event
    async def refresh_token(self):
        me = await viewer(self)
        try:
            grant = await asyncio.to_thread(sessions.room_token, me, self.session_id)
            self.token = grant["token"]
        except ParleyError as e:
            self.notice = e.detail

    @rx.event
    def set_editor_status(self, status: str):
        self.editor_status = status

    @rx.event
    def set_channel_status(self, status: str):
        self.channel_status = status

    @rx.event
    def set_notice(self, text: str):
        self.notice = text

    @rx.event
    def language_changed(self, language: str):
        self.language = language

    @rx.event
    def choose_language(self, label: str):
        language = LANG_IDS.get(label)
        if language:
            return rx.call_script(f"window.__parleyRoom && window.__parleyRoom.setLanguage({json.dumps(language)})")

    @rx.event
    def set_draft(self, text: str):
        self.draft = text

    @rx.event
    def send_chat(self, _form: dict | None = None):
        body = self.draft.strip()
        if not body:
            return
        self.draft = ""
        return _send({"type": "chat", "body": body})

    @rx.event
    def run(self, kind: str):
        if self.running_by:
            return rx.toast.info(f"{self.running_by} is already running the code.")
        self.tab = "output"
        return _send({"type": "run", "kind": "submit" if kind == "submit" else "run"})

    @rx.event
    def react(self, emoji: str):
        if emoji in REACTIONS:
            return _send({"type": "reaction", "emoji": emoji})

    @rx.event
    def view_changed(self, view: str):
        self.view = view if view in ("code", "whiteboard") else "code"

    @rx.event
    def set_tab(self, tab: str):
        self.tab = tab

    @rx.event
    def set_side(self, side: str):
        self.side = side
        if side == "chat":
            self.unread = 0

    @rx.event
    def show_run(self, run_id: str):
        if run_id in self._results:
            self._show(self._results[run_id])
            self.tab = "output"

    def _show(self, run: dict) -> None:
        result = run.get("result") or {}
        self.ran_by = run.get("by", "")
        self.verdict = run.get("verdict", "")
        self.summary = f"{run.get('passed', 0)} / {run.get('total', 0)} tests passed · {run.get('kind')} by {self.ran_by}"
        self.compile_output = result.get("compile_output", "")
        self.tests = result_rows(result)

    @staticmethod
    def _row(run: dict) -> dict:
        return {"id": str(run["id"]), "by": run["by"], "kind": run["kind"], "language": LANG_LABELS.get(
            run["language"], run["language"]), "verdict": run["verdict"], "score": f"{run['passed']}/{run['total']}",
            "time": run["at"][11:16]}

    @staticmethod
    def _message(m: dict) -> dict:
        return {"id": str(m["id"]), "author": m["author"], "body": m["body"], "time": m["at"][11:16]}

    @rx.event
    def on_event(self, event: dict):
        """One message from the room channel (see app/sessions/channel.py for the protocol)."""
        kind = event.get("type")
        if kind == "hello":
            self.people = event.get("presence", [])
            self.messages = [self._message(m) for m in event.get("chat", [])]
            runs = event.get("runs", [])
            self._results = {str(r["id"]): r for r in runs}
            self.runs = [self._row(r) for r in reversed(runs)]
            if runs and not self.verdict:
                self._show(runs[-1])
            self.running_by = "someone" if event.get("running") else ""
        elif kind == "presence":
            before = self.partner_away
            self.people = event.get("people", [])
            if self.my_role == "host" and self.partner_away and not before:
                return rx.toast.warning("The candidate switched away from this tab.")
        elif kind in ("joined", "left"):
            verb = "joined" if kind == "joined" else "left"
            return rx.toast.info(f"{event.get('name', 'Someone')} {verb} the room.")
        elif kind == "chat":
            m = event["message"]
            self.messages = self.messages + [self._message(m)]
            if self.side != "chat" and m["author"] != self.my_name:
                self.unread += 1
        elif kind == "run_started":
            self.running_by = event.get("by", "")
            self.tab = "output"
        elif kind == "run_result":
            run = event["run"]
            self.running_by = ""
            self._show(run)
            self._results[str(run["id"])] = run
            self.runs = [self._row(run)] + self.runs[:19]
            if run["verdict"] == "accepted" and run["kind"] == "submit":
                return rx.toast.success(f"Accepted — submitted by {run['by']}")
        elif kind == "run_failed":
            self.running_by = ""
            return rx.toast.error(event.get("detail", "The run failed."))
        elif kind == "error":
            return rx.toast.error(event.get("detail", "Something went wrong."))
        elif kind == "ended":
            self.channel_status = "closed"
            return rx.redirect(f"/session/{self.session_id}")
