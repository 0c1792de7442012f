"""A Python solution can use what LeetCode pre-imports (typing, collections, heapq, functools, itertools, bisect,
math, string, re, operator, `inf`) without importing it, even though the harness imports only what the code
names; a line number in an error stays the user's own; a solution's own `__future__` import is fine."""
from tests.judge.conftest import run_judge

USES_EVERYTHING = """class Solution:
    def twoSum(self, nums: List[int], target: int) -> List[int]:
        seen: Dict[int, int] = defaultdict(int)
        q = deque([inf]); heappush([], 1); heapify([3, 1])
        assert cast(Optional[int], 1) == 1 and Counter("aab")["a"] == 2 and OrderedDict() == {}
        assert reduce(operator.add, accumulate([1, 2])) == 4 and list(permutations([1, 2])) and lru_cache
        assert bisect.bisect_left([1, 2], 2) == 1 and math.gcd(4, 6) == 2 and string.ascii_lowercase[0] == "a"
        assert re.match("a", "a") and collections.Counter and heapq and functools and itertools and random
        for i, x in enumerate(nums):
            if target - x in seen:
                return [seen[target - x], i]
            seen[x] = i
"""


def test_the_usual_names_are_there_when_used():
    assert run_judge("two-sum", "python", USES_EVERYTHING)["verdict"] == "accepted"


def test_own_future_import_and_error_lines_are_the_users():
    code = ("from __future__ import annotations\nclass Solution:\n"
            "    def twoSum(self, nums: List[int], target: int) -> List[int]:\n        return nums[100]\n")
    r = run_judge("two-sum", "python", code, mode="run")
    assert r["verdict"] == "runtime_error"
    assert r["tests"][0]["error"] == "IndexError: list index out of range (line 4)"

