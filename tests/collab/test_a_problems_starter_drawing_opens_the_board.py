"""A problem file may carry a starter drawing (`whiteboard:`, problems/FORMAT.md). The file is refused, naming the
element, when a drawing holds anything the room's board would refuse from a person (a link that runs script, a type
that loads other sites, an id used twice, too many elements); an uploaded question is held to the same rules. A new
room for the problem opens with the drawing on its board — stored like the starter code, so a late joiner and
playback at the room's first moment see it — and a room for a problem without one opens on an empty board."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from app.problems import bank
from tests.collab.conftest import open_room, yjs

ROOT = Path(__file__).resolve().parents[2]
TREE = "binary-tree-level-order-traversal"


def _two_sum() -> dict:
    return yaml.safe_load((ROOT / "problems" / "two-sum.yaml").read_text())


RECT = {"type": "rectangle", "x": 0, "y": 0, "width": 10, "height": 10}
BAD = {
    "not-a-list": ({"type": "rectangle"}, "whiteboard"),
    "not-a-mapping": (["rectangle"], "whiteboard[0]"),
    "script-link": ([RECT, {**RECT, "link": "javascript:alert(1)"}], "whiteboard[1]"),
    "embeddable": ([{**RECT, "type": "embeddable", "link": "https://example.com"}], "whiteboard[0]"),
    "image": ([{**RECT, "type": "image", "fileId": "f"}], "whiteboard[0]"),
    "id-twice": ([{**RECT, "id": "a"}, {**RECT, "id": "a"}], "whiteboard[1]"),
    "bad-id": ([{**RECT, "id": "<b>"}], "whiteboard[0]"),
    "not-finite": ([{**RECT, "x": float("inf")}], "whiteboard[0]"),
    "x-not-a-number": ([{**RECT, "x": "left"}], "whiteboard[0]"),
    "version-zero": ([{**RECT, "version": 0}], "whiteboard[0]"),
    "too-many": ([RECT] * 201, "whiteboard"),
}


@pytest.mark.parametrize("rules", [bank.BANK, bank.UPLOAD], ids=["bank", "upload"])
@pytest.mark.parametrize("name", list(BAD))
def test_a_drawing_the_board_would_refuse_is_refused_with_the_file(name, rules):
    d = _two_sum()
    d["whiteboard"], field = copy.deepcopy(BAD[name][0]), BAD[name][1]
    with pytest.raises(bank.ProblemError) as refused:
        bank.from_mapping(d, "two-sum.yaml", rules)
    assert refused.value.field == field, refused.value


def test_a_drawing_is_completed_in_file_order_and_kept_as_written():
    d = _two_sum()
    d["whiteboard"] = [RECT, {"type": "text", "x": 2, "y": 3, "text": "<script>x</script>", "id": "label"}]
    board = bank.from_mapping(d, "two-sum.yaml").whiteboard
    assert [(e["id"], e["index"], e["version"]) for e in board] == [("starter-0", "a0", 1), ("label", "a1", 1)]
    assert board[1]["text"] == "<script>x</script>"  # data, drawn as text by Excalidraw
    assert bank.from_mapping(_two_sum(), "two-sum.yaml").whiteboard == []


def test_a_new_room_opens_with_the_problems_drawing_and_keeps_it(app_server):
    expected = {e["id"]: e for e in bank.get(TREE).whiteboard}
    assert len(expected) >= 10
    room = open_room(app_server.url, problem=TREE)
    board = yjs("read", room.ws_base + "/collab", room.id, room.token("guest"))["board"]
    assert board == expected  # every element as the file has it, once
    assert "def levelOrder" in yjs("read", room.ws_base + "/collab", room.id, room.token("host"))["code"]["code:python"]
    seeded = room.host.get(f"/api/sessions/{room.id}/history").json()["updates"][0]["t_ms"]  # playback's first moment
    first = room.host.get(f"/api/sessions/{room.id}/code", params={"at": seeded})
    assert first.status_code == 200, first.text
    assert sorted(e["id"] for e in first.json()["board"]) == sorted(expected)

    plain = open_room(app_server.url)
    assert yjs("read", plain.ws_base + "/collab", plain.id, plain.token("host"))["board"] == {}
