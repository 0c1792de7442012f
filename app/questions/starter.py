"""Starter code for every judge language from a signature, the way LeetCode writes it (`class Solution` in
Python, Java and C++, a `var f = function` in JavaScript), using the harnesses' own type names."""
from __future__ import annotations

from app.judge.harness.cpp import CTYPE
from app.judge.harness.java import JTYPE

_PY_SCALAR = {"integer": "int", "long": "int", "double": "float", "boolean": "bool", "string": "str",
              "character": "str", "ListNode": "Optional[ListNode]", "TreeNode": "Optional[TreeNode]", "void": "None"}
_JS_SCALAR = {"integer": "number", "long": "number", "double": "number", "boolean": "boolean", "string": "string",
              "character": "character", "ListNode": "ListNode", "TreeNode": "TreeNode"}
_BY_VALUE = {"int", "long long", "double", "bool", "char", "ListNode*", "TreeNode*"}


def _element(t: str) -> str | None:
    if t.endswith("[]"):
        return t[:-2]
    if t.startswith("list<") and t.endswith(">"):
        return t[5:-1]
    return None


def _py(t: str) -> str:
    inner = _element(t)
    return f"List[{_py(inner)}]" if inner else _PY_SCALAR[t]


def _js(t: str) -> str:
    inner = _element(t)
    return f"{_js(inner)}[]" if inner else _JS_SCALAR[t]


def python(method: str, params: list[dict], returns: str) -> str:
    args = "".join(f", {p['name']}: {_py(p['type'])}" for p in params)
    return f"class Solution:\n    def {method}(self{args}) -> {_py(returns)}:\n        \n"


def javascript(method: str, params: list[dict], returns: str) -> str:
    doc = "".join(f" * @param {{{_js(p['type'])}}} {p['name']}\n" for p in params)
    ret = "void" if returns == "void" else _js(returns)
    names = ", ".join(p["name"] for p in params)
    return f"/**\n{doc} * @return {{{ret}}}\n */\nvar {method} = function({names}) {{\n    \n}};\n"


def java(method: str, params: list[dict], returns: str) -> str:
    args = ", ".join(f"{JTYPE[p['type']]} {p['name']}" for p in params)
    ret = "void" if returns == "void" else JTYPE[returns]
    return f"class Solution {{\n    public {ret} {method}({args}) {{\n        \n    }}\n}}\n"


def cpp(method: str, params: list[dict], returns: str) -> str:
    def arg(p: dict) -> str:
        t = CTYPE[p["type"]]
        return f"{t} {p['name']}" if t in _BY_VALUE or t == "string" else f"{t}& {p['name']}"
    ret = "void" if returns == "void" else CTYPE[returns]
    return (f"class Solution {{\npublic:\n    {ret} {method}({', '.join(arg(p) for p in params)}) {{\n        \n"
            f"    }}\n}};\n")


def for_every_language(method: str, params: list[dict], returns: str) -> dict[str, str]:
    return {lang: make(method, params, returns) for lang, make in
            (("python", python), ("javascript", javascript), ("java", java), ("cpp", cpp))}
