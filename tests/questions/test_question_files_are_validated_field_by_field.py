"""`POST /api/questions`: who may import, and every malformed file refused with 422 naming the field and the reason
(nothing stored), before the happy path — starters generated for every language, expected values computed by the
reference solution in the sandbox."""
from __future__ import annotations

import pytest

from tests.questions.conftest import QUESTION, REFERENCE, as_yaml, call, person, question, stored_questions, upload

BAD = [
    ("not: [valid", "(yaml)", "expected"),
    ("- just\n- a list\n", "(root)", "mapping"),
    ("a: &x [1, 2]\nb: *x\n", "(yaml)", "aliases"),
    ("title: " + "[" * 3000 + "]" * 3000, "(yaml)", ""),
    (question(title=None), "title", "missing"),
    (question(difficulty="Trivial"), "difficulty", "one of"),
    (question(tags="Array"), "tags", "list of strings"),
    (question(time_limit_ms=0), "time_limit_ms", "number from"),
    (question(signature={"method": "maxOf", "params": [{"name": "nums", "type": "vector"}], "return": "integer"}),
     "signature.params[0]", "type"),
    (question(signature={"method": "max of", "params": [], "return": "integer"}), "signature.method", "identifier"),
    (question(signature={"method": "f", "params": [{"name": "a", "type": "integer"}, {"name": "a", "type": "integer"}],
                         "return": "integer"}), "signature.params", "unique"),
    (question(signature={"method": "f", "params": [], "return": "matrix"}), "signature.return", "unknown type"),
    (question(compare="fuzzy"), "compare", "one of"),
    (question(compare="checker", checker="def check(i, e, a):\n    return True\n"), "compare", "bank only"),
    (question(checker="def check(i, e, a):\n    return True\n"), "checker", "server"),
    (question(solutions=None), "solutions", "missing"),
    (question(solutions={}), "solutions", "reference solution is needed"),
    (question(solutions={"rust": "fn main() {}"}), "solutions.rust", "unknown language"),
    (question(solutions={"python": 42}), "solutions.python", "string"),
    (question(solutions={"python": "class Solution:\n    def maxOf(self, nums, k)\n"}), "solutions.python",
     "does not compile"),
    (question(solutions={"python": "class Solution:\n    def maxOf(self, nums, k):\n        return nums[5]\n"}),
     "tests[0]", "reference solution (python) failed"),
    (question(tests=[]), "tests", "at least 1"),
    (question(tests=[{"input": {"nums": [1], "k": 1}, "hidden": True}]), "tests", "visible"),
    (question(tests=[{"input": {"nums": [1]}}]), "tests[0].input", "keys must be exactly"),
    (question(tests=[{"input": {"nums": "abc", "k": 1}}]), "tests[0].input.nums", "does not fit type integer[]"),
    (question(tests=[{"input": {"nums": [1], "k": 1}, "expected": "one"}]), "tests[0].expected", "does not fit"),
    (question(tests=[{"input": {"nums": [1], "k": 1}, "expected": 2}]), "tests[0].expected",
     "reference solution (python) returns 1"),
    (question(rubric=[{"key": "x"}]), "rubric", "label"),
    (question(generators=[{"name": "big", "code": "def generate(rng):\n    return 1 / 0\n"}]), "generators[0]",
     "ZeroDivisionError"),
    (question(generators=[{"name": "big", "code": "def generate(rng):\n    return {'input': {'nums': [1]}}\n"}]),
     "generators[0]", "exactly the keys"),
    (question(generators=[{"name": "big", "seed": "one", "code": "def generate(rng): pass"}]), "generators[0].seed",
     "integer"),
]


@pytest.mark.parametrize("body, field, reason", BAD, ids=[f"{i}-{b[1]}" for i, b in enumerate(BAD)])
def test_a_malformed_question_file_is_422_naming_the_field(app_db, body, field, reason):
    me = person()
    r = upload(me, body)
    assert r.status_code == 422, r.text
    answer = r.json()
    assert answer["error"] == "invalid_question" and answer["field"] == field, answer
    assert reason in answer["reason"], answer
    assert answer["detail"].startswith(field)
    assert stored_questions() == 0


def test_only_signed_in_non_guests_import_and_only_yaml(app_db):
    body = as_yaml(QUESTION).encode()
    r = call(None, "POST", "/api/questions", content=body, headers={"content-type": "application/yaml"})
    assert r.status_code == 401, r.text
    r = call(person(guest=True), "POST", "/api/questions", content=body, headers={"content-type": "application/yaml"})
    assert r.status_code == 403 and r.json()["error"] == "guest_cannot_author", r.text
    me = person()
    r = call(me, "POST", "/api/questions", content=body, headers={"content-type": "text/plain"})
    assert r.status_code == 403 and r.json()["error"] == "cross_site", r.text  # a form-like post without Origin
    r = call(me, "POST", "/api/questions", content=body,
             headers={"content-type": "application/yaml", "origin": "http://evil.example"})
    assert r.status_code == 403, r.text
    r = call(me, "POST", "/api/questions", json=QUESTION)
    assert r.status_code == 415, r.text
    r = call(me, "POST", "/api/questions", content=b"title: x\n" + b"#" * (1024 * 1024),
             headers={"content-type": "application/yaml"})
    assert r.status_code == 413 and r.json()["error"] == "question_too_large", r.text
    r = call(me, "POST", "/api/questions", content=b"title: \xff\xfe", headers={"content-type": "application/yaml"})
    assert r.status_code == 422 and r.json()["field"] == "(file)", r.text
    assert stored_questions() == 0


def test_an_imported_question_gets_starters_and_computed_expected_values(app_db):
    me = person()
    r = upload(me, QUESTION)
    assert r.status_code == 201, r.text
    q = r.json()
    assert q["slug"].startswith("max-times-k-") and q["slug"] != "max-times-k"
    assert [t["expected"] for t in q["tests"]] == [10, -3, 0, 90, -100]
    assert [t["hidden"] for t in q["tests"]] == [False, False, True, True, True]
    assert set(q["starter"]) == {"python", "javascript", "java", "cpp"}
    assert "public int maxOf(int[] nums, int k)" in q["starter"]["java"]
    assert "int maxOf(vector<int>& nums, int k)" in q["starter"]["cpp"]
    assert "def maxOf(self, nums: List[int], k: int) -> int:" in q["starter"]["python"]
    assert "var maxOf = function(nums, k)" in q["starter"]["javascript"]
    assert q["solutions"] == {"python": REFERENCE} and q["shared"] is False
    assert stored_questions() == 1
