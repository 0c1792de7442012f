"""Two standard node Yjs clients (npm yjs + y-websocket) against the running app: 1,000 random concurrent
edits each converge, a late joiner receives the full text, and the document starts from the starter code."""
from tests.collab.conftest import yjs


def test_thousand_concurrent_edits_each_converge_and_a_late_joiner_gets_it_all(room):
    answer = yjs("converge", room.ws_base + "/collab", room.id, room.token("host"), room.token("guest"), "1000")
    assert answer["equal"] and answer["late_equal"]
    assert answer["length"] > 0


def test_a_new_room_starts_with_the_starter_code_of_every_language(room):
    doc = yjs("read", room.ws_base + "/collab", room.id, room.token("guest"))
    assert doc["language"] == "python"
    assert {"code:python", "code:java", "code:cpp", "code:javascript"} <= set(doc["code"])
    assert "def twoSum" in doc["code"]["code:python"]
    assert "twoSum" in doc["code"]["code:java"]
