"""A submission page reports hidden tests as counts (how many passed, how many failed how), never their
inputs, expected or actual outputs, even if a stored result carried them; visible tests show in full. Checked
on a stored result and on one the real judge produced in the sandbox."""
from __future__ import annotations

from datetime import timezone

from tests.conftest import run_async
from tests.progress.conftest import add_run, person, result


def test_hidden_rows_become_counts_even_when_the_stored_result_has_their_data(app_db):
    from app.progress import submissions

    ada = person("Ada")
    res = result("wrong_answer", visible=3, hidden=5, passed=6)
    for t in res["tests"]:
        if t["hidden"]:
            t.update(input="SECRET-INPUT", expected="SECRET-EXPECTED", output="SECRET-OUT", stdout="SECRET-STDOUT",
                     error="SECRET-ERROR")
    res["tests"].append({"index": 8, "status": "passed", "input": "SECRET-NO-FLAG"})  # no flag: treated as hidden
    rid = add_run(ada, verdict="wrong_answer", res=res)
    view = submissions.one(ada.id, rid, timezone.utc)
    assert "SECRET" not in repr(view)
    assert [t["input"] for t in view["tests"]] == ["nums = [0], target = 0", "nums = [1], target = 1",
                                                   "nums = [2], target = 2"]
    assert view["hidden"] == {"total": 6, "passed": 4, "by_status": {"passed": 4, "wrong_answer": 2}}


def test_a_real_judged_submission_shows_visible_rows_and_hidden_counts(app_db, monkeypatch):
    from app.judge import judge
    from app.judge.store import save_run
    from app.problems import load_all
    from app.progress import submissions
    from app.sandbox import pool

    monkeypatch.setattr(pool.limiter, "per_minute", 0)
    ada = person("Ada")
    problem = load_all()["two-sum"]
    code = "class Solution:\n    def twoSum(self, nums, target):\n        print(nums)\n        return [0, 1]\n"
    res = run_async(judge("two-sum", "python", code, mode="submit"))
    rid = save_run(ada.id, "two-sum", "python", "submit", code, res)
    view = submissions.one(ada.id, rid, timezone.utc)
    visible = problem.visible_tests()
    hidden = [t for t in problem.tests if t.hidden]
    assert view["verdict"] == "wrong_answer" and view["code"] == code and view["language_label"].startswith("Python")
    assert len(view["tests"]) == len(visible) and view["tests"][0]["input"] == "nums = [2,7,11,15], target = 9"
    assert view["tests"][0]["stdout"].startswith("[2, 7, 11, 15]")
    assert view["hidden"]["total"] == len(hidden) and 0 <= view["hidden"]["passed"] < len(hidden)
    shown, seen = repr(view).replace(" ", ""), [str(v.input["nums"]).replace(" ", "") for v in visible]
    distinct = [s for s in (str(t.input["nums"]).replace(" ", "") for t in hidden)
                if len(s) > 12 and not any(s in v for v in seen)]
    assert distinct  # there are hidden inputs to look for; none reaches the page, printed or not
    assert not [s for s in distinct if s[:60] in shown]
