"""Chat messages of a room: plain text (never Markdown or HTML; the UI renders it as a text node)."""
from __future__ import annotations

from datetime import datetime

from sqlmodel import select

from app.config import settings
from app.db import session_scope
from app.errors import Invalid
from app.models import ChatMessage

HISTORY = 200


def _public(m: ChatMessage) -> dict:
    return {"id": m.id, "author_id": m.user_id, "author": m.author_name, "body": m.body,
            "at": m.created_at.isoformat()}


def clean(body: object) -> str:
    if not isinstance(body, str):
        raise Invalid("A chat message is text.", error="invalid_message")
    body = body.replace("\r\n", "\n").strip()
    if not body:
        raise Invalid("The message is empty.", error="empty_message")
    if len(body) > settings.chat_max_length:
        raise Invalid(f"Messages are limited to {settings.chat_max_length} characters.", error="message_too_long")
    return body


def post(session_id: str, user_id: int, author_name: str, body: object) -> dict:
    """Store a message under the sender's verified identity; returns it as every member will see it."""
    text = clean(body)
    with session_scope() as s:
        m = ChatMessage(session_id=session_id, user_id=user_id, author_name=author_name[:80], body=text)
        s.add(m)
        s.flush()
        return _public(m)


def history(session_id: str, limit: int = HISTORY, since: datetime | None = None) -> list[dict]:
    """The last `limit` messages; with `since`, only those posted from then on (what a participant may see)."""
    with session_scope() as s:
        q = select(ChatMessage).where(ChatMessage.session_id == session_id)
        if since is not None:
            q = q.where(ChatMessage.created_at >= since)
        rows = s.exec(q.order_by(ChatMessage.id.desc()).limit(limit)).all()
        return [_public(m) for m in reversed(rows)]
