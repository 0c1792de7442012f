"""The editor's form (app.questions.editor) becomes the question file the service checks, and back; what only the
form can get wrong (a test input that is not one JSON value per parameter, a time limit that is no number) is
refused naming the field, and each service error is placed next to the field that caused it."""
from __future__ import annotations

import pytest

from app.questions import editor
from app.questions.spec import QuestionInvalid


def _form(**changes) -> dict:
    form = editor.blank()
    form.update(title="Sum", method="total", params=[{"name": "nums", "type": "integer[]"}], returns="integer",
                ref_code="class Solution:\n    def total(self, nums):\n        return sum(nums)\n",
                tests=[{"input": "[1,2]", "hidden": False}, {"input": "[5]", "hidden": True}], tags="Math, Array")
    form.update(changes)
    return form


def test_the_form_becomes_a_question_file_and_back():
    data = editor.to_mapping(_form())
    assert data["signature"] == {"method": "total", "params": [{"name": "nums", "type": "integer[]"}],
                                 "return": "integer"}
    assert data["tests"] == [{"input": {"nums": [1, 2]}}, {"input": {"nums": [5]}, "hidden": True}]
    assert data["tags"] == ["Math", "Array"] and data["solutions"]["python"].startswith("class Solution")
    back = editor.from_spec({**data, "tests": [dict(t, expected=3) for t in data["tests"]]})
    assert back["tests"][0] == {"input": "[1,2]", "hidden": False, "expected": "3"}
    assert back["method"] == "total" and back["tags"] == "Math, Array"


@pytest.mark.parametrize("changes, field", [
    ({"tests": [{"input": "[1,2]\n7", "hidden": False}]}, "tests[0].input"),
    ({"tests": [{"input": "[1,", "hidden": False}]}, "tests[0].input.nums"),
    ({"time_limit_ms": "fast"}, "time_limit_ms"),
    ({"title": "  "}, "title"),
    ({"rubric": "- [unclosed"}, "rubric"),
])
def test_what_only_the_form_gets_wrong_names_its_field(changes, field):
    with pytest.raises(QuestionInvalid) as e:
        editor.to_mapping(_form(**changes))
    assert e.value.field == field


def test_errors_are_placed_next_to_their_field():
    assert editor.error_place("tests[3].input.nums") == "tests.3"
    assert editor.error_place("signature.params[0]") == "signature"
    assert editor.error_place("solutions.python") == "solution"
    assert editor.error_place("generators[1]") == "tests"
    assert editor.error_place("(yaml)") == "form"
    assert editor.error_place("time_limit_ms") == "time_limit_ms"


def test_starters_follow_the_signature_and_wait_for_a_finished_one():
    made = editor.starters(_form())
    assert "def total(self, nums: List[int]) -> int:" in made["python"]
    assert editor.starters(_form(method="not a name")) == {}
