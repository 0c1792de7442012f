"""Errors point at the user's own lines, in their own file (solution.py, solution.js, Solution.java,
solution.cpp), in every language: Python syntax errors (the empty starter of every problem says the line Python
itself gives for that starter, not one shifted by the harness's prelude) and tracebacks, JavaScript syntax and
runtime errors, javac and g++ compile errors (the echoed source line is the user's), Java exceptions. No harness
file name, line or path is shown."""
import re

import pytest

from tests.judge.conftest import PROBLEMS, run_judge

HARNESS_NAMES = re.compile(r"main\.py|main\.js|Main\.java|main\.cpp|main\.go|main\.ts|ParleyJudge|parley_harness|/box|/tmp/|tests\.in")


def _shown(r) -> str:
    return "\n".join([r["compile_output"], r["stderr"]] + [str(t["error"] or "") for t in r["tests"]])


def _python_error_line(code: str) -> int | None:
    """The line Python itself names for this code's syntax error (None: it compiles)."""
    try:
        compile(code, "solution.py", "exec")
    except SyntaxError as e:
        return e.lineno
    return None


BROKEN_STARTERS = [s for s, p in sorted(PROBLEMS.items()) if _python_error_line(p.starter["python"])]


def test_most_python_starters_do_not_compile():
    assert len(BROKEN_STARTERS) >= len(PROBLEMS) - 2  # (a docstring makes reverse-string's a valid body)


@pytest.mark.parametrize("slug", BROKEN_STARTERS)
def test_empty_python_starter_names_the_users_own_line(slug):
    starter = PROBLEMS[slug].starter["python"]
    line = _python_error_line(starter)
    r = run_judge(slug, "python", starter, mode="run")
    assert r["verdict"] == "compile_error", r
    assert f'File "solution.py", line {line}' in r["compile_output"], r["compile_output"]
    assert "IndentationError" in r["compile_output"]
    assert not HARNESS_NAMES.search(_shown(r)), _shown(r)
    numbers = [int(n) for n in re.findall(r"line (\d+)", r["compile_output"])]
    assert numbers and max(numbers) <= starter.count("\n") + 1, r["compile_output"]


def test_python_traceback_names_the_line_in_a_helper():
    code = ("def helper(xs):\n    return xs[100]\n\n\nclass Solution:\n"
            "    def twoSum(self, nums, target):\n        return helper(nums)\n")
    r = run_judge("two-sum", "python", code, mode="run")
    assert r["verdict"] == "runtime_error"
    assert r["tests"][0]["error"] == "IndexError: list index out of range (line 2)"


def test_python_error_at_module_level_names_its_line():
    r = run_judge("two-sum", "python", "import math\nx = undefined_name\nclass Solution:\n    pass\n", mode="run")
    assert r["verdict"] == "runtime_error"
    assert r["tests"][0]["error"] == "NameError: name 'undefined_name' is not defined (line 2)", r["tests"]
    assert not HARNESS_NAMES.search(_shown(r)), _shown(r)


def test_javascript_syntax_error_names_the_users_line():
    code = "var twoSum = function(nums, target) {\n    const m = new Map();\n    return nums[0] +;\n};\n"
    r = run_judge("two-sum", "javascript", code, mode="run")
    assert r["verdict"] == "compile_error", r
    assert "solution.js:3" in r["compile_output"] and "SyntaxError" in r["compile_output"], r["compile_output"]
    assert "return nums[0] +;" in r["compile_output"]
    assert not HARNESS_NAMES.search(_shown(r)), _shown(r)


def test_javascript_runtime_error_names_the_users_line():
    code = "var twoSum = function(nums, target) {\n    const x = null;\n    return x.foo;\n};\n"
    r = run_judge("two-sum", "javascript", code, mode="run")
    assert r["verdict"] == "runtime_error"
    assert r["tests"][0]["error"].startswith("TypeError: ") and r["tests"][0]["error"].endswith("(line 3)"), r["tests"]


def test_javac_error_names_the_users_file_line_and_source():
    code = "class Solution {\n    public int[] twoSum(int[] nums, int target) {\n        return x;\n    }\n}\n"
    r = run_judge("two-sum", "java", code, mode="run")
    assert r["verdict"] == "compile_error"
    out = r["compile_output"]
    assert "Solution.java:3: error: cannot find symbol" in out and "        return x;" in out, out
    assert not HARNESS_NAMES.search(_shown(r)), out


def test_javac_error_on_the_first_line_echoes_the_users_line_only():
    code = "class Solution { int bad = \"text\";\n    public int[] twoSum(int[] nums, int target) { return nums; }\n}\n"
    r = run_judge("two-sum", "java", code, mode="run")
    out = r["compile_output"]
    assert r["verdict"] == "compile_error" and "Solution.java:1: error: incompatible types" in out, out
    assert "\nclass Solution { int bad = \"text\";\n" in out and "import" not in out, out
    caret = out.split("\nclass Solution { int bad = \"text\";\n", 1)[1].split("\n", 1)[0]
    assert caret.strip() == "^" and caret.index("^") == code.index('"text"'), out


def test_empty_java_starter_names_the_users_closing_brace():
    starter = PROBLEMS["two-sum"].starter["java"]
    r = run_judge("two-sum", "java", starter, mode="run")
    assert r["verdict"] == "compile_error"
    closing = starter.split("\n").index("    }") + 1
    assert f"Solution.java:{closing}: error: missing return statement" in r["compile_output"], r["compile_output"]
    assert not HARNESS_NAMES.search(_shown(r)), r["compile_output"]


def test_java_class_without_the_method_says_so_without_harness_lines():
    r = run_judge("two-sum", "java", "class Solution {\n}\n", mode="run")
    assert r["verdict"] == "compile_error"
    assert "twoSum" in r["compile_output"], r["compile_output"]
    assert not HARNESS_NAMES.search(_shown(r)), r["compile_output"]


def test_java_exception_names_the_users_line_in_a_helper_class():
    code = ("class Helper {\n    static int at(int[] a) {\n        return a[100];\n    }\n}\n"
            "class Solution {\n    public int[] twoSum(int[] nums, int target) {\n"
            "        return new int[]{Helper.at(nums)};\n    }\n}\n")
    r = run_judge("two-sum", "java", code, mode="run")
    assert r["verdict"] == "runtime_error"
    assert "ArrayIndexOutOfBoundsException" in r["tests"][0]["error"] and "(line 3)" in r["tests"][0]["error"]


def test_gpp_error_names_the_users_file_line_and_source():
    code = ("class Solution {\npublic:\n    vector<int> twoSum(vector<int>& nums, int target) {\n"
            "        return x;\n    }\n};\n")
    r = run_judge("two-sum", "cpp", code, mode="run")
    assert r["verdict"] == "compile_error"
    out = r["compile_output"]
    assert "solution.cpp:4:16: error: 'x' was not declared in this scope" in out.replace("‘", "'").replace("’", "'"), out
    assert "    4 |         return x;" in out, out
    assert not HARNESS_NAMES.search(_shown(r)), out


def test_gpp_class_without_the_method_says_so_without_harness_lines():
    r = run_judge("two-sum", "cpp", "class Solution {\npublic:\n    int other() { return 1; }\n};\n", mode="run")
    assert r["verdict"] == "compile_error"
    assert "twoSum" in r["compile_output"], r["compile_output"]
    assert not HARNESS_NAMES.search(_shown(r)), r["compile_output"]


def test_go_error_names_the_users_file_line_and_source():
    code = "func twoSum(nums []int, target int) []int {\n    seen := 0\n    return x\n}\n"
    r = run_judge("two-sum", "go", code, mode="run")
    assert r["verdict"] == "compile_error"
    out = r["compile_output"]
    assert "solution.go:2:5: seen declared but not used" in out and "solution.go:3:12: undefined: x" in out, out
    assert "    3 |     return x\n      |            ^" in out, out
    assert not HARNESS_NAMES.search(_shown(r)) and "parley" not in out and "command-line" not in out, out


def test_go_wrong_signature_says_so_without_harness_lines():
    for code in ("func other() int {\n    return 1\n}\n", "func twoSum(nums []int, target int) int {\n    return 1\n}\n"):
        r = run_judge("two-sum", "go", code, mode="run")
        assert r["verdict"] == "compile_error", r
        assert "twoSum" in r["compile_output"], r["compile_output"]
        assert not HARNESS_NAMES.search(_shown(r)), r["compile_output"]


def test_tsc_error_names_the_users_file_line_column_and_source():
    code = "function twoSum(nums: number[], target: number): number[] { return nums +; }\n"
    r = run_judge("two-sum", "typescript", code, mode="run")
    assert r["verdict"] == "compile_error"
    out = r["compile_output"]
    assert "solution.ts:1:74: error TS1109: Expression expected." in out, out
    assert not HARNESS_NAMES.search(_shown(r)) and "parley" not in out, out


def test_typescript_wrong_or_missing_method_says_so_without_harness_lines():
    for code, says in (("function other(): number {\n    return 1;\n};\n", "Cannot find name 'twoSum'"),
                       ("function twoSum(nums: number[], target: number): number {\n    return 1;\n};\n",
                        "Type 'number' is not assignable to type 'number[]'")):
        r = run_judge("two-sum", "typescript", code, mode="run")
        assert r["verdict"] == "compile_error" and says in r["compile_output"], r["compile_output"]
        assert not HARNESS_NAMES.search(_shown(r)) and "parley" not in r["compile_output"], r["compile_output"]
