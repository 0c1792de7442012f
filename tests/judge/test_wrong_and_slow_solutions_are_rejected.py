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
    # Linear by nature (tree depth); the naive solution is linear and fast at LeetCode's sizes (the binary searches);
    # the output itself is exponential, so every solution does that much work (subsets, permutations); the O(n log n)
    # bit loop is still fast at n = 10^5 (counting-bits); LeetCode's sizes are so small (n <= 5000, a 10x10 grid) that
    # the naive solution passes as it does on LeetCode (the list and tree walks, rotting-oranges, replace-words).
    assert {s for s, p in PROBLEMS.items() if not p.slow} <= {
        "maximum-depth-of-binary-tree", "binary-search", "search-in-rotated-sorted-array",
        "find-minimum-in-rotated-sorted-array", "subsets", "permutations", "counting-bits", "reverse-linked-list",
        "merge-two-sorted-lists", "remove-nth-node-from-end-of-list", "invert-binary-tree", "same-tree",
        "binary-tree-level-order-traversal", "construct-binary-tree-from-preorder-and-inorder-traversal",
        "rotting-oranges", "replace-words"}
