"""An editor update that does not decode, or decodes and then fails inside the CRDT (a real one that makes yrs
panic, found by fuzzing), is refused before it is stored or relayed, and the live document is put back to what
is stored; a database that already holds such updates (written before this check) opens with them skipped; a room
whose storage cannot be read closes the socket with 1011 instead of an unhandled error. Real databases."""
from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from pycrdt import Doc, Text

from app.collab import rooms, store
from tests.collab.conftest import open_room, yjs
from tests.conftest import run_async

_STATE, _PANICS = (bytes.fromhex(line) for line in
                   (Path(__file__).parent / "data" / "update_that_panics_on_apply.hex").read_text().split())


def _text(doc: Doc) -> str:
    return str(doc.get("code:python", type=Text))


def _edit(doc: Doc, text: str) -> bytes:
    before = doc.get_state()
    doc.get("code:python", type=Text).insert(0, text)
    return doc.get_update(before)


@pytest.mark.parametrize("database", ["app_db", "app_db_pg"])
def test_refused_updates_are_not_stored_not_relayed_and_leave_the_document_as_stored(database, request):
    request.getfixturevalue(database)

    async def go():
        await store.append("r-bad", _STATE)
        room = await rooms.open_room("r-bad", lambda: rooms.Seed({}, "python"))
        told: list[bytes] = []

        async def peer_send(msg: bytes):
            told.append(msg)
        author = rooms.Client(send=lambda m: asyncio.sleep(0), user_id=1, name="a")
        peer = rooms.Client(send=peer_send, user_id=2, name="b")
        room.clients |= {author, peer}
        before = _text(room.doc)
        for bad in (b"\x01\x02\x03", _STATE[:-7], b"\xff" * 40):
            with pytest.raises(rooms.BadUpdate, match="does not decode"):
                await room.apply(bad, author)
        with pytest.raises(rooms.BadUpdate, match="does not apply"):
            await room.apply(_PANICS, author)
        await peer.outbox.flush()
        assert store.load("r-bad") == [_STATE] and told == []
        assert _text(room.doc) == before == _text(store.replay([_STATE]))
        local = Doc()
        local.apply_update(room.doc.get_update())
        await room.apply(_edit(local, "still works\n"), author)  # the room goes on
        await peer.outbox.flush()  # relayed through the peer's outbox
        assert _text(room.doc).startswith("still works\n") and len(told) == 1 and len(store.load("r-bad")) == 2
        rooms.release(room, author)
        rooms.release(room, peer)
    run_async(go())


def test_a_database_holding_bad_updates_opens_with_them_skipped(app_db, caplog):
    async def go():
        for u in (_STATE, b"\x01\x02\x03", _PANICS):  # as a database written before the check might
            await store.append("r-old", u)
        room = await rooms.open_room("r-old", lambda: rooms.Seed({}, "python"))
        assert _text(room.doc) == _text(store.replay([_STATE]))
        c = rooms.Client(send=lambda m: asyncio.sleep(0), user_id=1, name="a")
        room.clients.add(c)
        local = Doc()
        local.apply_update(room.doc.get_update())
        await room.apply(_edit(local, "healed\n"), c)
        rooms.release(room, c)
    run_async(go())
    assert sum("skipped a stored update" in r.getMessage() for r in caplog.records) == 2


def test_a_room_whose_storage_cannot_be_read_closes_the_socket_with_1011(app_server):
    room = open_room(app_server.url)
    token = room.token("guest")
    db = sqlite3.connect(app_server.data_dir / "parley.db")
    try:
        db.execute("ALTER TABLE doc_snapshots RENAME TO doc_snapshots_away")  # what a load reads first
        db.commit()
        answer = yjs("refused", room.ws_base + "/collab", room.id, token)
    finally:
        db.execute("ALTER TABLE doc_snapshots_away RENAME TO doc_snapshots")
        db.commit()
        db.close()
    assert answer["code"] == 1011 and "could not be opened" in answer["reason"], answer
    assert "def twoSum" in yjs("read", room.ws_base + "/collab", room.id, token)["code"]["code:python"]
