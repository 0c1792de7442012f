"""A runtime error reports the exception and the line in the user's own code."""
from tests.judge.conftest import run_judge


def test_python_exception_and_line():
    code = "class Solution:\n    def twoSum(self, nums, target):\n        x = 1\n        return nums[100]\n"
    r = run_judge("two-sum", "python", code, mode="run")
    assert r["verdict"] == "runtime_error"
    assert r["tests"][0]["error"] == "IndexError: list index out of range (line 4)"


def test_java_exception_and_line():
    code = "class Solution {\n    public int[] twoSum(int[] nums, int target) {\n        return new int[]{nums[100]};\n    }\n}"
    r = run_judge("two-sum", "java", code, mode="run")
    assert r["verdict"] == "runtime_error"
    assert "ArrayIndexOutOfBoundsException" in r["tests"][0]["error"] and "(line 3)" in r["tests"][0]["error"]


def test_compile_error_is_reported():
    r = run_judge("two-sum", "cpp", "class Solution { public: vector<int> twoSum(vector<int>& n, int t) { return x; } };")
    assert r["verdict"] == "compile_error" and "x" in r["compile_output"]


def test_java_solution_with_its_own_imports_is_accepted():
    code = ("import java.util.HashMap;\nimport java.util.Map;\n\nclass Solution {\n"
            "    public int[] twoSum(int[] nums, int target) {\n        Map<Integer, Integer> m = new HashMap<>();\n"
            "        for (int i = 0; ; i++) { if (m.containsKey(target - nums[i])) return new int[]{m.get(target - nums[i]), i};"
            " m.put(nums[i], i); }\n    }\n}")
    assert run_judge("two-sum", "java", code)["verdict"] == "accepted"


def test_javascript_function_declaration_is_accepted():
    code = "function twoSum(nums, target) { const m = {}; for (let i = 0; i < nums.length; i++) { if (m[target - nums[i]] !== undefined) return [m[target - nums[i]], i]; m[nums[i]] = i; } }"
    assert run_judge("two-sum", "javascript", code)["verdict"] == "accepted"
