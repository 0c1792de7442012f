"""A submission's page (and GET /api/submissions/{id}) shows a practice run to its author only, and a room run
to that room's members as the room itself would (the host always; the participant for runs since they joined;
not after leaving). Everyone else — strangers, other participants, made-up ids — gets the same 404 and not a
byte of the code; anonymous callers get 401."""
from __future__ import annotations

import pytest

from tests.conftest import run_async
from tests.progress.conftest import add_run, person

CODE = "class Solution:\n    def twoSum(self, nums, target):\n        return [0, 1]  # ada-secret-approach\n"


def _one(viewer, rid):
    from datetime import timezone

    from app.progress import submissions

    return submissions.one(viewer.id if viewer else None, rid, timezone.utc)


def _denied(viewer, rid):
    from app.errors import NotFound

    with pytest.raises(NotFound) as e:
        _one(viewer, rid)
    assert e.value.status == 404 and e.value.error == "submission_not_found"


def test_a_practice_run_is_its_authors_only(app_db):
    ada, eve = person("Ada"), person("Eve")
    rid = add_run(ada, code=CODE)
    assert _one(ada, rid)["code"] == CODE
    _denied(eve, rid)
    _denied(None, rid)
    for made_up in (rid + 1, 0, -1, "1 OR 1=1", "9" * 40, "", "1e3", " 1", "١"):  # last: Arabic-Indic digit one
        _denied(ada, made_up)
    assert all(i["id"] != rid for i in __import__("app.progress.submissions", fromlist=["x"]).recent(
        eve.id, __import__("datetime").timezone.utc)["items"])


def test_a_room_run_follows_the_rooms_membership(app_db):
    from app.sessions import service as sessions

    host, cand, eve, later = person("Hana"), person("Cand"), person("Eve"), person("Late")
    sid = sessions.create(host, "two-sum")["id"]
    sessions.join(cand, sid)
    by_cand = add_run(cand, code=CODE, session_id=sid)
    by_host = add_run(host, session_id=sid)
    assert _one(host, by_cand)["by"] == "Cand" and _one(cand, by_host)["by"] == "Hana"
    assert _one(cand, by_cand)["code"] == CODE
    _denied(eve, by_cand)

    sessions.leave(cand, sid)  # leaving ends access, to their own runs in the room too
    _denied(cand, by_cand)
    from datetime import timezone

    from app.progress import submissions

    assert submissions.recent(cand.id, timezone.utc)["items"] == []
    sessions.join(later, sid)  # the next participant sees nothing from before they joined
    _denied(later, by_cand)
    _denied(later, by_host)
    after = add_run(host, session_id=sid)
    assert _one(later, after)["id"] == after
    assert _one(host, by_cand)["code"] == CODE  # the host keeps the room's whole record
    sessions.end(host, sid)
    assert _one(later, after)["id"] == after and _one(host, by_cand)["id"] == by_cand


def test_the_api_answers_404_to_strangers_and_401_to_anonymous(app_db):
    from tests.asgi_app import client

    ada, eve = person("Ada"), person("Eve")
    rid = add_run(ada, code=CODE)

    async def go():
        async with client(me=ada) as mine, client(me=eve) as other, client() as anon:
            return (await mine.get(f"/api/submissions/{rid}"), await other.get(f"/api/submissions/{rid}"),
                    await other.get(f"/api/submissions/{rid + 999}"), await anon.get(f"/api/submissions/{rid}"),
                    await other.get("/api/submissions"), await other.get("/api/submissions/..%2F1"))

    own, stranger, missing, anonymous, listing, odd = run_async(go())
    assert own.status_code == 200 and own.json()["code"] == CODE and own.json()["mine"] is True
    assert stranger.status_code == 404 and stranger.json() == missing.json() == {
        "error": "submission_not_found", "detail": "No such submission."}
    assert "ada-secret" not in stranger.text and "ada-secret" not in listing.text
    assert anonymous.status_code == 401 and "ada-secret" not in anonymous.text
    assert listing.status_code == 200 and listing.json()["items"] == []
    assert odd.status_code == 404 and "ada-secret" not in odd.text
