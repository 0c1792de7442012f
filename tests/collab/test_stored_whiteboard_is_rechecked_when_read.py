"""The final board handed to the report (and `GET .../code`) comes from the stored document and is checked again:
elements stored before the server checked them (or by hand) that break a rule are left out, deleted ones too.
In-process, real SQLite."""
from __future__ import annotations

from pycrdt import Doc, Map

from app.collab import history, store
from tests.conftest import run_async

GOOD = {"id": "r1", "type": "rectangle", "version": 2, "x": 0, "y": 0, "index": "a1", "isDeleted": False}


def test_the_board_read_back_holds_only_valid_live_elements(app_db):
    doc = Doc()
    board = doc.get("whiteboard", type=Map)
    with doc.transaction():
        board["r1"] = GOOD
        board["r0"] = {**GOOD, "id": "r0", "index": "a0", "type": "text", "text": "first"}
        board["gone"] = {**GOOD, "id": "gone", "isDeleted": True}
        board["embed"] = {**GOOD, "id": "embed", "type": "embeddable", "link": "https://example.com"}
        board["liar"] = {**GOOD, "id": "someone-else"}
        board["blob"] = b"\x00\x01"
    run_async(store.append("room-old", doc.get_update()))
    got = history.code_at("room-old", None)["board"]
    assert [e["id"] for e in got] == ["r0", "r1"]  # in drawing order (fractional index)
    assert got[0]["text"] == "first"
