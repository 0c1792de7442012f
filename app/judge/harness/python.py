"""Python 3 harness: `class Solution` as on LeetCode, with `typing` and the usual modules available.

The usual modules are imported only when the solution names them: `typing` alone costs more than a bare
interpreter start here, and nearly every solution names `List` only in annotations, which are never evaluated
(`from __future__ import annotations` heads the file). A solution that does not parse gets everything."""
from __future__ import annotations

import ast
import importlib

MODULES = ("collections", "heapq", "math", "bisect", "itertools", "functools", "string", "re", "random", "operator")
STARS = ("typing", "collections", "heapq", "functools", "itertools")  # `from X import *`, as LeetCode has them
EXTRA = {"inf": "from math import inf"}

NODES = '''

class ListNode:
    def __init__(self, val=0, next=None):
        self.val = val
        self.next = next


class TreeNode:
    def __init__(self, val=0, left=None, right=None):
        self.val = val
        self.left = left
        self.right = right
'''


def _public(module: str) -> frozenset[str]:
    m = importlib.import_module(module)
    return frozenset(getattr(m, "__all__", None) or (n for n in dir(m) if not n.startswith("_")))


_STAR_NAMES = {m: _public(m) for m in STARS}


def _names_used(tree: ast.AST) -> set[str]:
    """Every name the code reads or binds, outside annotations (which stay unevaluated strings)."""
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            skip.add(id(node.returns))
            args = node.args
            for a in [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]:
                if a is not None:
                    skip.add(id(a.annotation))
        elif isinstance(node, ast.AnnAssign):
            skip.add(id(node.annotation))
    used: set[str] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if id(node) in skip:
            continue
        if isinstance(node, ast.Name):
            used.add(node.id)
        stack.extend(ast.iter_child_nodes(node))
    return used


def prelude(code: str) -> tuple[str, str]:
    """(prelude, code): the imports this code needs, and the code with its own `__future__` lines hoisted
    into the prelude (blank lines keep its line numbers)."""
    lines = code.split("\n")
    futures = [i for i, line in enumerate(lines) if line.startswith("from __future__ import")]
    head = ["from __future__ import annotations"] + [lines[i] for i in futures]
    for i in futures:
        lines[i] = ""
    code = "\n".join(lines)
    try:
        used = _names_used(ast.parse(code))
        imports = [f"import {m}" for m in MODULES if m in used]
        imports += [f"from {m} import *" for m in STARS if used & _STAR_NAMES[m]]
        imports += [line for name, line in EXTRA.items() if name in used]
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        imports = [f"import {', '.join(MODULES)}"] + [f"from {m} import *" for m in STARS] + list(EXTRA.values())
    return "\n".join(head + imports) + "\n" + NODES, code


DRIVER = r'''import io, os, sys, time
sys.path.insert(0, os.getcwd())
sys.setrecursionlimit(100000)
_inp = open("tests.in").read().split()
os.unlink("tests.in")
_nonce, _rfile = _inp[0], _inp[1]
_fd = os.open(_rfile, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
_pos = 2
_real_stdout = sys.stdout

def _w(line):
    os.write(_fd, (line + "\n").encode())

def _tok():
    global _pos
    _pos += 1
    return _inp[_pos - 1]

def _dec(t):
    global _pos
    if t in ("integer", "long"): return int(_tok())
    if t == "double": return float(_tok())
    if t == "boolean": return _tok() == "1"
    if t in ("string", "character"): return bytes.fromhex(_tok()[1:]).decode()
    if t == "ListNode":
        vals = _dec("integer[]"); head = None
        for v in reversed(vals): head = solution.ListNode(v, head)
        return head
    if t == "TreeNode":
        n = int(_tok()); vals = [_tok() for _ in range(n)]
        if not vals or vals[0] == "N": return None
        root = solution.TreeNode(int(vals[0])); q = [root]; i = 1; k = 0
        while i < n:
            node = q[k]; k += 1
            if vals[i] != "N": node.left = solution.TreeNode(int(vals[i])); q.append(node.left)
            i += 1
            if i < n and vals[i] != "N": node.right = solution.TreeNode(int(vals[i])); q.append(node.right)
            i += 1
        return root
    if t == "character[]": return [_dec("character") for _ in range(int(_tok()))]
    elem = t[:-2] if t.endswith("[]") else t[5:-1]
    n = int(_tok())
    if elem in ("integer", "long"):  # the big inputs: one C-level pass instead of a call per element
        _pos += n
        return list(map(int, _inp[_pos - n:_pos]))
    return [_dec(elem) for _ in range(n)]

def _enc(v, t):
    if v is None and t in ("ListNode", "TreeNode"): return ["0"]
    if v is None: return ["N"]
    if t in ("integer", "long"): return [str(int(v))]
    if t == "double": return [repr(float(v))]
    if t == "boolean": return ["1" if v else "0"]
    if t in ("string", "character"): return ["#" + str(v).encode().hex()]
    if t == "ListNode":
        vals = []
        while v is not None and len(vals) < 10**6: vals.append(str(int(v.val))); v = v.next
        return [str(len(vals))] + vals
    if t == "TreeNode":
        out, q, k = [], [v], 0
        while k < len(q):
            node = q[k]; k += 1
            if node is None: out.append("N"); continue
            out.append(str(int(node.val))); q.append(node.left); q.append(node.right)
        while out and out[-1] == "N": out.pop()
        return [str(len(out))] + out
    elem = t[:-2] if t.endswith("[]") else t[5:-1]
    if elem in ("integer", "long") and all(type(x) is int for x in v): return [str(len(v))] + list(map(str, v))
    out = [str(len(v))]
    for x in v: out += _enc(x, elem)
    return out

import solution
_PARAMS = __PARAMS__
_RET, _JUDGE, _METHOD, _OFFSET = __RET__, __JUDGE__, __METHOD__, __OFFSET__
_n = int(_tok())
for _i in range(_n):
    _args = [_dec(t) for _, t in _PARAMS]
    _buf = io.StringIO()
    sys.stdout = _buf
    _t = time.perf_counter()
    try:
        _r = getattr(solution.Solution(), _METHOD)(*_args)
        _dt = time.perf_counter() - _t
        sys.stdout = _real_stdout
        _val = _args[[n for n, _ in _PARAMS].index(_JUDGE)] if _JUDGE else _r
        _typ = dict(_PARAMS)[_JUDGE] if _JUDGE else _RET
        _w(" ".join([_nonce, str(_i), "OK", str(int(_dt * 1e6)), "#" + _buf.getvalue()[:2000].encode().hex()] + _enc(_val, _typ)))
    except BaseException as _e:
        _dt = time.perf_counter() - _t
        sys.stdout = _real_stdout
        import traceback  # only on errors: importing it costs ~10 ms per run
        _tb = traceback.extract_tb(_e.__traceback__)
        _line = next((f.lineno - _OFFSET for f in reversed(_tb) if f.filename.endswith("solution.py")), None)
        _msg = f"{type(_e).__name__}: {_e}" + (f" (line {_line})" if _line else "")
        if isinstance(_e, SystemExit): _msg = "SystemExit: the program called exit() while being judged"
        _w(" ".join([_nonce, str(_i), "ERR", str(int(_dt * 1e6)), "#" + _buf.getvalue()[:2000].encode().hex(), "#" + _msg.encode().hex()]))
_w(_nonce + " END " + str(_n))
'''


def files(problem, code: str) -> tuple[list[tuple[str, str]], str]:
    """(files, main file name)."""
    params = [(p["name"], p["type"]) for p in problem.params]
    head, code = prelude(code)
    offset = head.count("\n")
    driver = (DRIVER.replace("__PARAMS__", repr(params)).replace("__RET__", repr(problem.returns))
              .replace("__JUDGE__", repr(problem.judge_param)).replace("__METHOD__", repr(problem.method))
              .replace("__OFFSET__", str(offset)))
    return [("main.py", driver), ("solution.py", head + code)], "main.py"
