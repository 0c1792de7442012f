"""Go harness: LeetCode's plain `func name(...)` in package main, with ListNode/TreeNode predefined and the usual
standard packages imported when the code names them (LeetCode's Go code has no package clause or imports).

The user's code is `solution.go`: its first line starts with the package clause and the imports it needs, then a
`/*line solution.go:1:1*/` directive, so the compiler and runtime.Caller see the user's own lines and columns. The
judge's side (`main.go`) reads the tokens with minimal hand-written codecs: no encoding/json or fmt (linking them
costs more than a whole test run), only bufio, os, runtime and strconv."""
from __future__ import annotations

import re

GOTYPE = {"integer": "int", "long": "int64", "double": "float64", "boolean": "bool", "string": "string",
          "character": "byte", "integer[]": "[]int", "integer[][]": "[][]int", "long[]": "[]int64",
          "double[]": "[]float64", "boolean[]": "[]bool", "string[]": "[]string", "character[]": "[]byte",
          "character[][]": "[][]byte", "list<integer>": "[]int", "list<string>": "[]string",
          "list<list<integer>>": "[][]int", "list<list<string>>": "[][]string", "ListNode": "*ListNode",
          "ListNode[]": "[]*ListNode", "TreeNode": "*TreeNode"}
SCALAR_READER = {"integer": "parleyInt", "long": "parleyInt64", "double": "parleyFloat", "boolean": "parleyBool",
                 "string": "parleyStr", "character": "parleyChar", "ListNode": "parleyListNode",
                 "TreeNode": "parleyTree"}

# Package name -> (import path, a symbol that keeps the import used: a name found only in a comment or a string the
# scan missed must not become "imported and not used").
PACKAGES = {"sort": ("sort", "Ints"), "strings": ("strings", "Compare"), "strconv": ("strconv", "Itoa"),
            "math": ("math", "Abs"), "bits": ("math/bits", "OnesCount"), "heap": ("container/heap", "Init"),
            "list": ("container/list", "New"), "ring": ("container/ring", "New"), "bytes": ("bytes", "Compare"),
            "unicode": ("unicode", "IsLetter"), "utf8": ("unicode/utf8", "RuneLen"), "fmt": ("fmt", "Sprint"),
            "rand": ("math/rand", "Intn"), "errors": ("errors", "New"), "os": ("os", "Exit")}

MAIN = r'''package main

import (
	"bufio"
	"os"
	"runtime"
	"strconv"
)

type ListNode struct {
	Val  int
	Next *ListNode
}

type TreeNode struct {
	Val   int
	Left  *TreeNode
	Right *TreeNode
}

var parleyT []string
var parleyP int

func parleyTok() string {
	if parleyP >= len(parleyT) {
		panic("the judge's input ended early")
	}
	parleyP++
	return parleyT[parleyP-1]
}

func parleyInt() int {
	v, err := strconv.Atoi(parleyTok())
	if err != nil {
		panic(err)
	}
	return v
}

func parleyInt64() int64 {
	v, err := strconv.ParseInt(parleyTok(), 10, 64)
	if err != nil {
		panic(err)
	}
	return v
}

func parleyFloat() float64 {
	v, err := strconv.ParseFloat(parleyTok(), 64)
	if err != nil {
		panic(err)
	}
	return v
}

func parleyBool() bool { return parleyTok() == "1" }

func parleyStr() string {
	t := parleyTok()
	b := make([]byte, (len(t)-1)/2)
	for i := range b {
		v, err := strconv.ParseUint(t[1+2*i:3+2*i], 16, 8)
		if err != nil {
			panic(err)
		}
		b[i] = byte(v)
	}
	return string(b)
}

func parleyChar() byte {
	s := parleyStr()
	if s == "" {
		return 0
	}
	return s[0]
}

func parleyList[T any](f func() T) []T {
	a := make([]T, parleyInt())
	for i := range a {
		a[i] = f()
	}
	return a
}

func parleyListNode() *ListNode {
	v := parleyList(parleyInt)
	var h *ListNode
	for i := len(v) - 1; i >= 0; i-- {
		h = &ListNode{Val: v[i], Next: h}
	}
	return h
}

func parleyTree() *TreeNode {
	v := parleyList(parleyTok)
	if len(v) == 0 || v[0] == "N" {
		return nil
	}
	num := func(s string) int { n, err := strconv.Atoi(s); if err != nil { panic(err) }; return n }
	root := &TreeNode{Val: num(v[0])}
	q := []*TreeNode{root}
	for i, k := 1, 0; i < len(v); k++ {
		nd := q[k]
		if v[i] != "N" {
			nd.Left = &TreeNode{Val: num(v[i])}
			q = append(q, nd.Left)
		}
		i++
		if i < len(v) && v[i] != "N" {
			nd.Right = &TreeNode{Val: num(v[i])}
			q = append(q, nd.Right)
		}
		i++
	}
	return root
}

func parleyHex(s []byte, v string) []byte {
	const d = "0123456789abcdef"
	s = append(s, '#')
	for i := 0; i < len(v); i++ {
		s = append(s, d[v[i]>>4], d[v[i]&15])
	}
	return s
}

// parleyW appends ' ' and the tokens of v (nil slices are empty lists, as LeetCode prints them).
func parleyW(s []byte, v interface{}) []byte {
	s = append(s, ' ')
	switch x := v.(type) {
	case int:
		return strconv.AppendInt(s, int64(x), 10)
	case int64:
		return strconv.AppendInt(s, x, 10)
	case float64:
		return strconv.AppendFloat(s, x, 'g', -1, 64)
	case bool:
		if x {
			return append(s, '1')
		}
		return append(s, '0')
	case string:
		return parleyHex(s, x)
	case byte:
		return parleyHex(s, string([]byte{x}))
	case *ListNode:
		var a []int
		for x != nil && len(a) < 1000000 {
			a = append(a, x.Val)
			x = x.Next
		}
		return parleyW(s[:len(s)-1], a)
	case *TreeNode:
		var o []string
		q := []*TreeNode{x}
		for k := 0; k < len(q); k++ {
			if q[k] == nil {
				o = append(o, "N")
				continue
			}
			o = append(o, strconv.Itoa(q[k].Val))
			q = append(q, q[k].Left, q[k].Right)
		}
		for len(o) > 0 && o[len(o)-1] == "N" {
			o = o[:len(o)-1]
		}
		s = strconv.AppendInt(s, int64(len(o)), 10)
		for _, t := range o {
			s = append(append(s, ' '), t...)
		}
		return s
	}
	s = s[:len(s)-1]
	switch x := v.(type) {
	case []int:
		return parleyWs(s, len(x), func(i int) interface{} { return x[i] })
	case []int64:
		return parleyWs(s, len(x), func(i int) interface{} { return x[i] })
	case []float64:
		return parleyWs(s, len(x), func(i int) interface{} { return x[i] })
	case []bool:
		return parleyWs(s, len(x), func(i int) interface{} { return x[i] })
	case []string:
		return parleyWs(s, len(x), func(i int) interface{} { return x[i] })
	case []byte:
		return parleyWs(s, len(x), func(i int) interface{} { return x[i] })
	case [][]int:
		return parleyWs(s, len(x), func(i int) interface{} { return x[i] })
	case [][]string:
		return parleyWs(s, len(x), func(i int) interface{} { return x[i] })
	case [][]byte:
		return parleyWs(s, len(x), func(i int) interface{} { return x[i] })
	case []*ListNode:
		return parleyWs(s, len(x), func(i int) interface{} { return x[i] })
	}
	panic("the judge cannot write this type")
}

func parleyWs(s []byte, n int, at func(int) interface{}) []byte {
	s = strconv.AppendInt(append(s, ' '), int64(n), 10)
	for i := 0; i < n; i++ {
		s = parleyW(s, at(i))
	}
	return s
}

// parleyWhere names the user's line a panic came from: the first frame in solution.go (its line directive).
func parleyWhere() string {
	pcs := make([]uintptr, 64)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(1, pcs)])
	for {
		f, more := frames.Next()
		if len(f.File) >= 11 && f.File[len(f.File)-11:] == "solution.go" {
			return " (line " + strconv.Itoa(f.Line) + ")"
		}
		if !more {
			return ""
		}
	}
}

func parleyText(e interface{}) string {
	switch x := e.(type) {
	case error:
		return x.Error()
	case string:
		return x
	case interface{ String() string }:
		return x.String()
	case int:
		return strconv.Itoa(x)
	}
	return "a value the judge cannot print"
}

func parleyOne(line string) (out []byte, msg string, ok bool) {
	defer func() {
		if e := recover(); e != nil {
			out, msg, ok = nil, "panic: "+parleyText(e)+parleyWhere(), false
		}
	}()
	parleyT, parleyP = parleyT[:0], 0
	for i := 0; i < len(line); {
		for i < len(line) && line[i] == ' ' {
			i++
		}
		j := i
		for j < len(line) && line[j] != ' ' {
			j++
		}
		if j > i {
			parleyT = append(parleyT, line[i:j])
		}
		i = j
	}
	return parleyCall(nil), "", true
}

// The protocol (see app/judge/records.py): stdin starts with "<nonce> <n>", then one line of input tokens per test,
// each sent by the judge only after the last test's record arrived on fd 3. The user's code runs only after READY
// (but for package-level initialisers and init(), which run before main: they cannot see any input).
func main() {
	ch := os.NewFile(3, "channel")
	send := func(b []byte) { ch.Write(append(b, '\n')) }
	in := bufio.NewReaderSize(os.Stdin, 1<<16)
	next := func() (string, bool) {
		l, err := in.ReadString('\n')
		if err != nil {
			return "", false
		}
		return l[:len(l)-1], true
	}
	head, ok := next()
	if !ok {
		os.Exit(3)
	}
	var nonce string
	n := 0
	for i := 0; i < len(head); i++ {
		if head[i] == ' ' {
			nonce = head[:i]
			n, _ = strconv.Atoi(head[i+1:])
			break
		}
	}
	send([]byte(nonce + " READY"))
	realOut := os.Stdout
	buf, _ := os.CreateTemp("", "stdout")
	got := make([]byte, 2000)
	for i := 0; i < n; i++ {
		line, ok := next()
		if !ok {
			os.Exit(3)
		}
		if buf != nil {
			buf.Truncate(0)
			buf.Seek(0, 0)
			os.Stdout = buf
		}
		out, msg, ok := parleyOne(line)
		os.Stdout = realOut
		printed := ""
		if buf != nil {
			k, _ := buf.ReadAt(got, 0)
			printed = string(got[:k])
		}
		rec := []byte(nonce + " " + strconv.Itoa(i))
		if ok {
			rec = append(parleyHex(append(rec, " OK "...), printed), out...)
		} else {
			rec = parleyHex(append(parleyHex(append(rec, " ERR "...), printed), ' '), msg)
		}
		send(rec)
	}
	send([]byte(nonce + " END " + strconv.Itoa(n)))
	os.Exit(0) // leave at once: no goroutine of the user's holds it up
}
'''

_NOISE = re.compile(r'//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"|`[^`]*`|\'(?:\\.|[^\'\\\n])+\'', re.S)
_IMPORT = re.compile(r'\bimport\s*(\((?P<group>[^)]*)\)|(?P<one>\w*\s*"[^"]*"))')
_SPEC = re.compile(r'(?P<alias>[\w.]+)?\s*"(?P<path>[^"]+)"')


def _imports(code: str) -> list[str]:
    """The known packages the code names (outside comments and strings) and neither imports nor declares."""
    bare = _NOISE.sub(lambda m: "" if m.group().startswith("/") else '""', code)
    have = set()
    for m in _IMPORT.finditer(code):
        for spec in _SPEC.finditer(m.group("group") or m.group("one") or ""):
            have.add(spec.group("alias") or spec.group("path").rsplit("/", 1)[-1])
    declared = set(re.findall(r"^(?:func|type|var|const)\s+(\w+)", bare, re.M))
    used = set(re.findall(r"\b([a-z]\w*)\s*\.\s*[A-Z]", bare))
    return sorted(n for n in used & PACKAGES.keys() if n not in have and n not in declared)


def _has_package_clause(code: str) -> bool:
    return re.match(r"\s*package\s+\w+", _NOISE.sub(" ", code)) is not None


def solution_file(code: str) -> str:
    """The user's code as `solution.go`, its lines and columns kept (see the module's docstring)."""
    if _has_package_clause(code):  # a whole Go file: it imports what it uses itself
        return "/*line solution.go:1:1*/" + code
    names = _imports(code)
    head = "package main; " + (f"import ({'; '.join(chr(34) + PACKAGES[n][0] + chr(34) for n in names)}); "
                                if names else "")
    keep = "".join(f"var _ = {n}.{PACKAGES[n][1]}\n" for n in names)
    return head + "/*line solution.go:1:1*/" + code + "\n" + keep


def _reader(t: str) -> str:
    if t in SCALAR_READER:
        return SCALAR_READER[t]
    elem = t[:-2] if t.endswith("[]") else t[5:-1]
    return f"func() {GOTYPE[t]} {{ return parleyList({_reader(elem)}) }}"


def files(problem, code: str):
    """(files, main file name): the judge's main.go, and solution.go (the user's code)."""
    reads = "\n".join(f"\ta{i} := {_reader(p['type'])}()" for i, p in enumerate(problem.params))
    args = ", ".join(f"a{i}" for i in range(len(problem.params)))
    if problem.returns == "void":
        idx = [p["name"] for p in problem.params].index(problem.judge_param)
        call = f"\t{problem.method}({args})\n\treturn parleyW(s, a{idx})"
    else:
        call = f"\tvar r {GOTYPE[problem.returns]} = {problem.method}({args})\n\treturn parleyW(s, r)"
    main = MAIN + f"\nfunc parleyCall(s []byte) []byte {{\n{reads}\n{call}\n}}\n"
    return [("main.go", main), ("solution.go", solution_file(code))], "main.go"
