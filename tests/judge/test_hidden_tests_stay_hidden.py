"""Hidden tests show only pass counts; expected outputs never enter the sandbox."""
import app.judge.service as service
from tests.judge.conftest import PROBLEMS, run_judge


def test_hidden_rows_carry_no_data():
    r = run_judge("two-sum", "python", "class Solution:\n    def twoSum(self, nums, target):\n        print('dbg')\n        return [0, 1]\n")
    hidden = [t for t in r["tests"] if t["hidden"]]
    assert hidden and all(t["input"] is None and t["expected"] is None and t["output"] is None
                          and t["stdout"] is None for t in hidden)
    visible = [t for t in r["tests"] if not t["hidden"]]
    assert visible[0]["stdout"] == "dbg\n" and visible[0]["input"] == "nums = [2,7,11,15], target = 9"


def test_run_uses_only_visible_tests():
    p = PROBLEMS["two-sum"]
    r = run_judge("two-sum", "python", p.solutions["python"], mode="run")
    assert r["total"] == len(p.visible_tests()) and r["verdict"] == "accepted"


def test_expected_values_are_not_in_the_sandbox_files(monkeypatch):
    seen = []
    real = service.execute

    async def spy(req, **kw):
        seen.append(req)
        return await real(req, **kw)

    monkeypatch.setattr(service, "execute", spy)
    r = run_judge("maximum-depth-of-binary-tree", "python", PROBLEMS["maximum-depth-of-binary-tree"].solutions["python"])
    assert r["verdict"] == "accepted"
    data = "\n".join(f.content for f in seen[0].files)
    # The generated chain's expected depth (10000) appears nowhere; node values are within [-100, 100].
    assert " 10000" not in data and "10000\n" not in data


def test_custom_input_runs_user_code_and_shows_reference_expected():
    r = run_judge("two-sum", "python", "class Solution:\n    def twoSum(self, nums, target):\n        return [0, 2]\n",
                  mode="run", custom_input="[1,5,3]\n4")
    assert r["total"] == 1
    t = r["tests"][0]
    assert t["expected"] == "[0,2]" and t["output"] == "[0,2]" and r["verdict"] == "accepted"


def test_custom_input_errors_are_clear():
    import pytest

    from app.judge.service import JudgeError

    with pytest.raises(JudgeError, match="2 line"):
        run_judge("two-sum", "python", "x", mode="run", custom_input="[1,2]")
    with pytest.raises(JudgeError, match="not valid JSON"):
        run_judge("two-sum", "python", "x", mode="run", custom_input="[1,2\n3")
