"""The room keeps every update on disk before relaying it, writes a snapshot past a threshold (so a load replays
a short tail) without deleting any update or changing the text, and refuses growth past the document size limit
(in-process, real database)."""
from __future__ import annotations

import asyncio

import pytest
from pycrdt import Doc, Text
from sqlmodel import func, select

from app.collab import rooms, store
from app.config import settings
from app.db import session_scope
from app.models import DocUpdate
from tests.conftest import run_async


def _edit(base: Doc, text: str) -> bytes:
    before = base.get_state()
    base.get("code:python", type=Text).insert(len(str(base.get("code:python", type=Text))), text)
    return base.get_update(before)


@pytest.mark.parametrize("database", ["app_db", "app_db_pg"])
def test_every_update_is_stored_before_peers_see_it_and_a_snapshot_keeps_the_text(database, request):
    request.getfixturevalue(database)
    async def go():
        seen: list[int] = []
        room = await rooms.open_room("r-compact", lambda: rooms.Seed({"python": "start\n"}, "python"))
        author = rooms.Client(send=lambda m: asyncio.sleep(0), user_id=1, name="a")

        async def peer_send(_msg: bytes):
            seen.append(len(store.load("r-compact")))  # what is on disk when the peer is told
        peer = rooms.Client(send=peer_send, user_id=2, name="b")
        room.clients |= {author, peer}
        local = Doc()
        local.apply_update(room.doc.get_update())
        edits = rooms.SNAPSHOT_EVERY + 20
        for i in range(edits):
            await room.apply(_edit(local, f"{i},"), author)
        await peer.outbox.flush()
        assert len(seen) == edits and all(n >= 2 for n in seen[:5])  # the seed plus the update being relayed
        for _ in range(200):  # the snapshot is written off the keystroke path
            if not room.snapshotting:
                break
            await asyncio.sleep(0.05)
        rows = store.load("r-compact")
        assert len(rows) < 30  # the snapshot and the updates after it
        with session_scope() as s:  # and the history playback needs is all still there
            kept = s.exec(select(func.count()).select_from(DocUpdate).where(DocUpdate.room == "r-compact")).one()
        assert kept == edits + 1
        rebuilt = Doc()
        for u in rows:
            rebuilt.apply_update(u)
        assert str(rebuilt.get("code:python", type=Text)) == str(local.get("code:python", type=Text))
        rooms.release(room, author)
        rooms.release(room, peer)
    run_async(go())


def test_a_document_past_the_size_limit_refuses_growth(app_db, monkeypatch):
    monkeypatch.setattr(settings, "collab_max_doc_bytes", 4000)

    async def go():
        room = await rooms.open_room("r-big", lambda: rooms.Seed({"python": ""}, "python"))
        c = rooms.Client(send=lambda m: asyncio.sleep(0), user_id=1, name="a")
        room.clients.add(c)
        local = Doc()
        local.apply_update(room.doc.get_update())
        await room.apply(_edit(local, "x" * 1000), c)
        with pytest.raises(rooms.DocumentTooLarge):
            await room.apply(_edit(local, "y" * 5000), c)
        assert "y" not in str(room.doc.get("code:python", type=Text))
        assert len(store.load("r-big")) == 2
        rooms.release(room, c)
    run_async(go())
