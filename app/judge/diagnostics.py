"""Compiler output as the user should see it: about their own file (Solution.java, solution.cpp, solution.go) and
lines. The harnesses already make the compilers report the user's lines (javac compiles Solution.java; g++ is told
by `#line` that the user's part is solution.cpp, go by a line directive that it is solution.go), so what is left is
the judge's side: a diagnostic located in the harness loses its location and the harness source javac/g++ echo
under it, and harness names are dropped."""
from __future__ import annotations

import re

from app.judge.harness.java import HEADER_LINE

_LOC = re.compile(r"^(?P<file>[\w.\-/]+):(?P<line>\d+):(?:(?P<col>\d+):)? (?P<rest>.*)$")
_GCC_EXCERPT = re.compile(r"^\s*(\d+\s*)?\|")  # "   12 |   code" and "      |   ^~~"
_CARET = re.compile(r"^\s*\^\s*$")


def java(text: str) -> str:
    out: list[str] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line, m = lines[i], _LOC.match(lines[i])
        i += 1
        if m and m["file"] == "Solution.java":
            out.append(line)
            if m["line"] == "1" and i < len(lines) and lines[i].startswith(HEADER_LINE):
                out.append(lines[i][len(HEADER_LINE):])  # the user's first line, without LeetCode's imports
                i += 1
                if i < len(lines) and _CARET.match(lines[i]):
                    out.append(lines[i][len(HEADER_LINE):])
                    i += 1
        elif m:  # the judge's own Main.java: say what is wrong, not where in the judge
            out.append(f"Solution.java: {m['rest']} (where the judge calls your code)")
            if i < len(lines) and not _LOC.match(lines[i]):
                i += 1  # the harness's source line
            if i < len(lines) and _CARET.match(lines[i]):
                i += 1
        elif "Main.java" not in line and "Parley" not in line:
            out.append(line)
    return "\n".join(out) + ("\n" if out else "")


def cpp(text: str) -> str:
    out: list[str] = []
    skipping = False  # under a diagnostic located in the harness: its echoed source
    for line in text.splitlines():
        line = line.replace("parley_harness::", "")
        m = _LOC.match(line)
        if skipping and _GCC_EXCERPT.match(line):
            continue
        skipping = False
        if line.startswith("In file included from") or re.match(r"^\s+from ", line):
            continue
        if line.startswith("main.cpp: In "):
            continue
        if m and m["file"] == "main.cpp":
            skipping = True
            rest = m["rest"]
            if rest.startswith("note:") or rest.strip() == "required from here":
                continue
            out.append(f"solution.cpp: {rest} (where the judge calls your code)")
            continue
        line = re.sub(r"/tmp/[\w.\-]+\.o: ", "", line)  # the linker's temporary object
        line = re.sub(r"main\.cpp:\([^)]*\): ", "", line)
        line = re.sub(r"parley_harness\.(?:o|cc):\([^)]*\): ?", "the judge's code: ", line)  # its precompiled part
        line = line.replace("parley_harness.o: ", "")
        line = re.sub(r"; /tmp/[\w.\-]+\.o:", "; your code:", line)
        if "main.cpp" in line:
            continue
        out.append(line)
    return "\n".join(out) + ("\n" if out else "")


def go(text: str) -> str:
    """`go build` output: its package banner dropped, a diagnostic in the judge's main.go said without its place
    (a wrong signature shows there: the judge's call no longer type-checks)."""
    out: list[str] = []
    for line in text.splitlines():
        if line.startswith("# "):
            continue
        m = _LOC.match(line)
        if m and m["file"].endswith("main.go"):
            out.append(f"solution.go: {m['rest']} (where the judge calls your code)")
        elif "main.go" not in line and "parley" not in line:
            out.append(line)
    return "\n".join(out) + ("\n" if out else "")


_TSC = re.compile(r"^main\.ts\((?P<line>\d+),(?P<col>\d+)\): (?P<rest>.*)$")


def typescript(text: str, code: str) -> str:
    """tsc's `main.ts(line,col): ...` as `solution.ts:line:col: ...` (g++'s form, so excerpts follow), the
    driver's hand-over on the user's first line taken out of its columns; a diagnostic past the user's last line
    is in the judge's part (a wrong signature or a missing function shows there)."""
    from app.judge.harness.typescript import HEAD

    last = code.count("\n") + 1
    out: list[str] = []
    for line in text.splitlines():
        m = _TSC.match(line)
        if m is None:
            if "parley" not in line:
                out.append(line)
            continue
        n, col = int(m["line"]), int(m["col"])
        if n > last:
            rest = m["rest"].replace("parleyMethod", "the method")
            out.append(f"solution.ts: {rest} (where the judge calls your code)")
        else:
            out.append(f"solution.ts:{n}:{col - len(HEAD) if n == 1 else col}: {m['rest']}")
    return "\n".join(out) + ("\n" if out else "")


def _excerpts(text: str, code: str, file: str = "solution.cpp") -> str:
    """g++ and go echo no source for the user's file (solution.cpp is no file in the sandbox): add the user's line
    and a caret under each of its diagnostics, as g++ does."""
    src = code.split("\n")
    out: list[str] = []
    for line in text.splitlines():
        out.append(line)
        m = _LOC.match(line)
        if m and m["file"] == file and m["col"] and 0 < int(m["line"]) <= len(src):
            n, col = int(m["line"]), int(m["col"])
            out.append(f"{n:>5} | {src[n - 1]}")
            out.append(f"{'':>5} | {' ' * (col - 1)}^")
    return "\n".join(out) + ("\n" if out else "")


def for_user(language: str, text: str, code: str) -> str:
    """Compiler output about the user's own file and lines."""
    if language == "java":
        return java(text)
    if language == "cpp":
        return _excerpts(cpp(text), code)
    if language == "typescript":
        return _excerpts(typescript(text, code), code, "solution.ts")
    if language == "go":
        return _excerpts(go(text), code, "solution.go")
    return text
