"""Every reference solution of every problem file is accepted, in every language, on every test."""
import pytest

from tests.judge.conftest import PROBLEMS, run_judge

CASES = [(slug, lang) for slug, p in PROBLEMS.items() for lang in p.solutions]


@pytest.mark.parametrize("slug,language", CASES, ids=[f"{s}-{l}" for s, l in CASES])
def test_reference_solution_is_accepted(slug, language):
    r = run_judge(slug, language, PROBLEMS[slug].solutions[language])
    failing = [t for t in r["tests"] if t["status"] != "passed"]
    assert r["verdict"] == "accepted", (r["compile_output"], r["stderr"], failing[:2])
    assert r["passed"] == r["total"] == len(PROBLEMS[slug].tests)
