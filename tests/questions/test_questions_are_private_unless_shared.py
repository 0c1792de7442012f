"""Who may do what with a question: strangers get 404 from every door (read, export, replace, share, delete, the
REST judge, a session) until the owner shares it; shared, they see what a candidate sees and may judge code and
host sessions on it, but still cannot export, edit or delete it; a deleted question is gone for everyone. People's
questions never show in the bank's problem list."""
from __future__ import annotations

from tests.questions.conftest import QUESTION, call, person, question, upload

RIGHT = "class Solution:\n    def maxOf(self, nums, k):\n        return max(nums) * k\n"
WRONG = "class Solution:\n    def maxOf(self, nums, k):\n        return max(nums)\n"


def _doors(me, slug: str) -> dict[str, int]:
    """The status each door answers `me` for question `slug`."""
    return {
        "get": call(me, "GET", f"/api/questions/{slug}").status_code,
        "export": call(me, "GET", f"/api/questions/{slug}?format=yaml").status_code,
        "replace": upload(me, QUESTION, f"/api/questions/{slug}", "PUT").status_code,
        "share": call(me, "PATCH", f"/api/questions/{slug}", json={"shared": False}).status_code,
        "delete": call(me, "DELETE", f"/api/questions/{slug}").status_code,
        "judge": call(me, "POST", f"/api/problems/{slug}/submissions",
                      json={"language": "python", "code": RIGHT}).status_code,
        "session": call(me, "POST", "/api/sessions", json={"problem": slug}).status_code,
    }


def test_strangers_get_404_from_every_door_until_it_is_shared(app_db):
    owner, stranger = person("Olga"), person("Stan")
    slug = upload(owner, QUESTION).json()["slug"]
    doors = _doors(stranger, slug)
    assert doors == {"get": 404, "export": 404, "replace": 404, "share": 404, "delete": 404, "judge": 404,
                     "session": 400}, doors  # sessions answer an unknown problem with 400, as for any slug
    assert call(stranger, "POST", "/api/sessions", json={"problem": slug}).json()["error"] == "unknown_problem"
    assert [q["slug"] for q in call(stranger, "GET", "/api/questions").json()] == []
    assert call(None, "GET", f"/api/questions/{slug}").status_code == 401

    r = call(owner, "PATCH", f"/api/questions/{slug}", json={"shared": True})
    assert r.status_code == 200 and r.json()["shared"] is True, r.text
    seen = call(stranger, "GET", f"/api/questions/{slug}").json()
    assert seen["mine"] is False and seen["owner"] == "Olga" and "solutions" not in seen
    assert all(not t["hidden"] for t in seen["tests"]) and seen["hidden_tests"] == 3
    assert [q["slug"] for q in call(stranger, "GET", "/api/questions").json()] == [slug]
    assert call(stranger, "GET", f"/api/questions/{slug}?format=yaml").status_code == 404
    assert upload(stranger, QUESTION, f"/api/questions/{slug}", "PUT").status_code == 404
    assert call(stranger, "DELETE", f"/api/questions/{slug}").status_code == 404
    r = call(stranger, "POST", f"/api/problems/{slug}/submissions",
             json={"language": "python", "code": RIGHT, "mode": "submit"})
    assert r.status_code == 200 and r.json()["verdict"] == "accepted" and r.json()["total"] == 5, r.text
    assert all(t["input"] is None for t in r.json()["tests"] if t["hidden"])
    assert call(stranger, "POST", "/api/sessions", json={"problem": slug}).status_code == 201

    assert call(owner, "DELETE", f"/api/questions/{slug}").status_code == 200
    assert _doors(owner, slug) == {"get": 404, "export": 404, "replace": 404, "share": 404, "delete": 404,
                                   "judge": 404, "session": 400}
    assert call(stranger, "GET", f"/api/questions/{slug}").status_code == 404


def test_the_owner_judges_hosts_and_replaces_their_question(app_db):
    owner, candidate = person("Olga"), person("Cody")
    slug = upload(owner, QUESTION).json()["slug"]
    r = call(owner, "POST", f"/api/problems/{slug}/submissions",
             json={"language": "python", "code": WRONG, "mode": "submit"})
    assert r.status_code == 200 and r.json()["verdict"] == "wrong_answer", r.text
    js = "var maxOf = function(nums, k) { return Math.max(...nums) * k; };\n"
    r = call(owner, "POST", f"/api/problems/{slug}/submissions", json={"language": "javascript", "code": js,
                                                                      "mode": "submit"})
    assert r.status_code == 200 and r.json()["verdict"] == "accepted", r.text
    r = call(owner, "POST", f"/api/problems/{slug}/submissions",
             json={"language": "python", "code": RIGHT, "custom_input": "[4,8]\n3"})
    assert r.status_code == 200 and r.json()["tests"][0]["expected"] == "24", r.text

    r = call(owner, "POST", "/api/sessions", json={"problem": slug})
    assert r.status_code == 201 and r.json()["problem"]["slug"] == slug, r.text
    sid = r.json()["id"]
    assert call(candidate, "POST", f"/api/sessions/{sid}/join", json={"invite": r.json()["invite_url"].split(
        "invite=")[1]}).status_code == 200
    from app.problems.catalog import public_problem

    shown = public_problem(slug, member=True)  # what the room's statement panel shows the candidate
    assert shown["title"] == "Max Times K" and "solutions" not in shown
    assert public_problem(slug, candidate.id) is None  # outside the room it stays private

    changed = question(title="Max Times K, Revised", tests=QUESTION["tests"][:2])
    r = upload(owner, changed, f"/api/questions/{slug}", "PUT")
    assert r.status_code == 200 and r.json()["slug"] == slug and len(r.json()["tests"]) == 2, r.text
    r = call(owner, "POST", f"/api/problems/{slug}/submissions",
             json={"language": "python", "code": RIGHT, "mode": "submit"})
    assert r.json()["total"] == 2, r.text


def test_peoples_questions_stay_out_of_the_bank_list(app_db):
    from app.problems.catalog import list_problems

    owner = person()
    slug = upload(owner, QUESTION).json()["slug"]
    call(owner, "PATCH", f"/api/questions/{slug}", json={"shared": True})
    slugs = [p["slug"] for p in list_problems(owner.id)]
    assert "two-sum" in slugs and slug not in slugs
