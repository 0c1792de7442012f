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


def test_go_panic_names_the_users_line():
    code = "func twoSum(nums []int, target int) []int {\n    x := 1\n    return []int{nums[100] + x}\n}\n"
    r = run_judge("two-sum", "go", code, mode="run")
    assert r["verdict"] == "runtime_error"
    assert r["tests"][0]["error"] == "panic: runtime error: index out of range [100] with length 4 (line 3)", r["tests"]


def test_go_solution_using_the_usual_packages_without_imports_is_accepted():
    """LeetCode's Go code names sort, strings, ... without importing them; a solution that imports its own is fine
    too (a package named only in a comment or a string is not imported)."""
    code = ("// strings.Builder is not used here\nfunc twoSum(nums []int, target int) []int {\n"
            "    idx := make([]int, len(nums))\n    for i := range idx { idx[i] = i }\n"
            "    sort.Slice(idx, func(a, b int) bool { return nums[idx[a]] < nums[idx[b]] })\n"
            "    _ = \"math.Abs\"\n"
            "    for i, j := 0, len(idx)-1; i < j; {\n        s := nums[idx[i]] + nums[idx[j]]\n"
            "        if s == target { return []int{idx[i], idx[j]} }\n        if s < target { i++ } else { j-- }\n"
            "    }\n    return nil\n}\n")
    assert run_judge("two-sum", "go", code)["verdict"] == "accepted"
    own = 'import (\n    "sort"\n)\n\n' + code
    assert run_judge("two-sum", "go", own)["verdict"] == "accepted"


def test_typescript_exception_names_the_users_line_through_the_source_map():
    code = ("interface Pair { a: number; b: number }\n\nfunction twoSum(nums: number[], target: number): number[] {\n"
            "    const p: Pair = null;\n    return [p.a];\n};\n")
    r = run_judge("two-sum", "typescript", code, mode="run")
    assert r["verdict"] == "runtime_error"
    assert r["tests"][0]["error"].startswith("TypeError: ") and r["tests"][0]["error"].endswith("(line 5)"), r["tests"]
