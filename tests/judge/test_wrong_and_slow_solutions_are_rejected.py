"""Each problem's known-wrong solution gets wrong_answer and its too-slow solution gets time_limit."""
import pytest

from tests.judge.conftest import PROBLEMS, run_judge

WRONG = [(s, l) for s, p in PROBLEMS.items() for l in p.wrong]
SLOW = [(s, l) for s, p in PROBLEMS.items() for l in p.slow]


@pytest.mark.parametrize("slug,language", WRONG, ids=[f"{s}-{l}" for s, l in WRONG])
def test_wrong_solution_gets_wrong_answer(slug, language):
    r = run_judge(slug, language, PROBLEMS[slug].wrong[language])
    assert r["verdict"] == "wrong_answer", r
    assert r["passed"] < r["total"]


@pytest.mark.parametrize("slug,language", SLOW, ids=[f"{s}-{l}" for s, l in SLOW])
def test_slow_solution_gets_time_limit(slug, language):
    r = run_judge(slug, language, PROBLEMS[slug].slow[language])
    assert r["verdict"] == "time_limit", [t for t in r["tests"] if t["status"] != "passed"]


def test_every_problem_with_a_faster_solution_has_a_slow_one_on_file():
    # Linear by nature (tree depth) or where the naive solution is linear and LeetCode accepts it (binary search).
    assert {s for s, p in PROBLEMS.items() if not p.slow} <= {"maximum-depth-of-binary-tree", "binary-search"}
