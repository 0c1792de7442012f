"""LeetCode's Go code names standard packages without importing them: the judge imports exactly the known ones the
code names in code (not in a comment or a string), never one the code imports or declares itself, keeps each
import used, and puts the user's code behind a line directive so their lines and columns stay theirs."""
from app.judge.harness.go import solution_file


def test_named_packages_are_imported_and_kept_used():
    out = solution_file("func f(a []int) int {\n    sort.Ints(a)\n    return int(math.Sqrt(float64(a[0])))\n}\n")
    assert out.startswith('package main; import ("math"; "sort"); /*line solution.go:1:1*/func f(')
    assert out.endswith("var _ = math.Abs\nvar _ = sort.Ints\n")


def test_names_in_comments_and_strings_are_not_imports():
    out = solution_file('// strings.Builder\nfunc f() string {\n    return "sort.Ints" + `math.Pi`\n}\n')
    assert out.startswith("package main; /*line solution.go:1:1*/")
    assert "import" not in out


def test_the_codes_own_imports_and_declarations_are_left_alone():
    own = solution_file('import (\n    "sort"\n    str "strings"\n)\n'
                        'func f(a []int) { sort.Ints(a); _ = str.ToUpper("") }\n')
    assert own.startswith("package main; /*line solution.go:1:1*/import (")
    declared = solution_file("type heap []int\nfunc (h heap) Len() int { return len(h) }\n"
                             "func f(h heap) int { return heap.Len(h) }\n")
    assert "container/heap" not in declared


def test_a_whole_go_file_is_taken_as_written():
    code = 'package main\n\nimport "sort"\n\nfunc f(a []int) { sort.Ints(a) }\n'
    assert solution_file(code) == "/*line solution.go:1:1*/" + code
