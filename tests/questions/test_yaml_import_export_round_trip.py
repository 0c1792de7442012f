"""Export gives the owner their question as a problem file (problems/FORMAT.md) with the starters generated and
the expected values computed; importing that file again makes the same question under a new slug."""
from __future__ import annotations

import yaml

from tests.questions.conftest import QUESTION, call, person, question, upload


def test_export_then_import_gives_the_same_question(app_db):
    me = person()
    gen = {"name": "many", "seed": 3, "code": "def generate(rng):\n    return {'input': {'nums': "
                                               "[rng.randint(0, 99) for _ in range(50)], 'k': 2}}\n"}
    first = upload(me, question(generators=[gen], rubric=[{"key": "speed", "label": "Speed",
                                                           "anchors": ["a", "b", "c", "d"]}])).json()
    r = call(me, "GET", f"/api/questions/{first['slug']}?format=yaml")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/yaml"), r.text
    exported = yaml.safe_load(r.text)
    assert exported["slug"] == first["slug"] and exported["title"] == QUESTION["title"]
    assert [t.get("expected") for t in exported["tests"]] == [10, -3, 0, 90, -100]
    assert set(exported["starter"]) == {"python", "javascript", "java", "cpp"}
    assert exported["generators"] == [gen] and len(exported["tests"]) == 5  # generated tests are not written out

    second = upload(me, r.text)
    assert second.status_code == 201, second.text
    second = second.json()
    assert second["slug"] != first["slug"]
    same = ("title", "difficulty", "tags", "statement", "signature", "starter", "tests", "solutions", "rubric",
            "time_limit_ms", "compare")
    assert {k: second[k] for k in same} == {k: first[k] for k in same}
    again = yaml.safe_load(call(me, "GET", f"/api/questions/{second['slug']}?format=yaml").text)
    assert {k: v for k, v in again.items() if k != "slug"} == {k: v for k, v in exported.items() if k != "slug"}
