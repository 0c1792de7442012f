"""The gate /session/{id} shows each kind of visitor, for each kind of room (the page renders exactly it)."""
import pytest

from app.auth import service as accounts
from app.sessions import service as sessions


@pytest.fixture
def people(app_db):
    return {"anon": None,
            "stranger": accounts.signup("s@example.com", "stranger-pass", "Stranger"),
            "host": accounts.signup("h@example.com", "host-password", "Host"),
            "participant": accounts.signup("p@example.com", "partic-pass", "Participant")}


def _gates(people, sid, invite=None):
    return {a: (sessions.access(me, sid, invite).gate, sessions.access(me, sid, invite).role)
            for a, me in people.items()}


def test_public_room(people):
    sid = sessions.create(people["host"], "two-sum")["id"]
    assert _gates(people, sid) == {"anon": ("login", None), "stranger": ("join", None),
                                   "host": ("room", "host"), "participant": ("join", None)}
    sessions.join(people["participant"], sid)
    assert _gates(people, sid) == {"anon": ("full", None), "stranger": ("full", None),
                                   "host": ("room", "host"), "participant": ("room", "participant")}
    sessions.end(people["host"], sid)
    assert _gates(people, sid) == {"anon": ("ended", None), "stranger": ("ended", None),
                                   "host": ("ended", "host"), "participant": ("ended", "participant")}


def test_private_rooms(people):
    pw = sessions.create(people["host"], "two-sum", "private", "pass-word")
    inv = sessions.create(people["host"], "two-sum", "private")
    invite = inv["invite_path"].split("invite=")[1]
    assert _gates(people, pw["id"])["stranger"] == ("password", None)
    assert _gates(people, pw["id"])["anon"] == ("password", None)
    assert _gates(people, inv["id"])["stranger"] == ("invite", None)
    assert _gates(people, inv["id"], "bad-token")["anon"] == ("invite", None)
    assert _gates(people, inv["id"], invite)["anon"] == ("login", None)
    assert _gates(people, inv["id"], invite)["stranger"] == ("join", None)
    assert sessions.summary(inv["id"]) == {"id": inv["id"], "visibility": "private", "requires_password": False}
    assert sessions.summary(inv["id"], invite)["problem"]["slug"] == "two-sum"


def test_unknown_room(people):
    assert {g for g, _ in _gates(people, "doesnotexist").values()} == {"not_found"}
