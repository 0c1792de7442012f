"""Python 3 harness: `class Solution` as on LeetCode, with `typing` and the usual modules available.

The user's code is `solution.py`, byte for byte what they wrote: the driver (`main.py`) compiles it itself under
that name, into a module that already holds LeetCode's names, so every line number Python reports (syntax errors,
tracebacks) is the user's own. The usual modules are imported only when the solution names them: `typing` alone
costs more than a bare interpreter start here, and nearly every solution names `List` only in annotations, which
are never evaluated (the code is compiled with `from __future__ import annotations`). A solution that does not
parse gets everything."""
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


def imports(code: str) -> list[str]:
    """The import lines this code needs (everything when it does not parse)."""
    try:
        used = _names_used(ast.parse(code))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return [f"import {', '.join(MODULES)}"] + [f"from {m} import *" for m in STARS] + list(EXTRA.values())
    return ([f"import {m}" for m in MODULES if m in used] + [f"from {m} import *" for m in STARS if used & _STAR_NAMES[m]]
            + [line for name, line in EXTRA.items() if name in used])


# The protocol (see app/judge/records.py): stdin starts with "<nonce> <n>", then one line of input tokens per test,
# each sent by the judge only after the last test's record arrived on fd 3. User code runs only after READY.
DRIVER = r'''import io, os, sys, types
import __future__
sys.setrecursionlimit(100000)
_in = open(0, "rb", buffering=1 << 16, closefd=False)
sys.stdin = io.StringIO()  # the judge's feed is not the solution's to read

def _w(line):
    b = (line + "\n").encode()
    while b:
        b = b[os.write(3, b):]

_nonce, _n = _in.readline().decode().split()
_n = int(_n)
_mod = types.ModuleType("solution")
_mod.__file__ = "solution.py"
sys.modules["solution"] = _mod
_g = _mod.__dict__
exec(compile(__PRELUDE__, "<leetcode>", "exec"), _g)  # LeetCode's names, before the user's code
_real_stdout = sys.stdout
_w(_nonce + " READY")
try:
    with open("solution.py", encoding="utf-8") as _f:
        _code = compile(_f.read(), "solution.py", "exec", flags=__future__.annotations.compiler_flag,
                        dont_inherit=True)
except (SyntaxError, ValueError) as _e:
    import traceback
    _w(_nonce + " CE #" + "".join(traceback.format_exception_only(type(_e), _e)).encode().hex())
    os._exit(2)
_pos = 0
_inp = []

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
        for v in reversed(vals): head = _g["ListNode"](v, head)
        return head
    if t == "TreeNode":
        n = int(_tok()); vals = [_tok() for _ in range(n)]
        if not vals or vals[0] == "N": return None
        node_t = _g["TreeNode"]
        root = node_t(int(vals[0])); q = [root]; i = 1; k = 0
        while i < n:
            node = q[k]; k += 1
            if vals[i] != "N": node.left = node_t(int(vals[i])); q.append(node.left)
            i += 1
            if i < n and vals[i] != "N": node.right = node_t(int(vals[i])); q.append(node.right)
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

def _line_of(e):
    """The deepest line of the user's own file in the traceback (walked by hand: a RecursionError has 10^5)."""
    line, tb = None, e.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "solution.py":
            line = tb.tb_lineno
        tb = tb.tb_next
    if line is None and isinstance(e, SyntaxError) and e.filename == "solution.py":
        line = e.lineno
    return line

_PARAMS = __PARAMS__
_RET, _JUDGE, _METHOD = __RET__, __JUDGE__, __METHOD__
_loaded = False
for _i in range(_n):
    _line = _in.readline()
    if not _line.endswith(b"\n"):
        os._exit(3)  # the judge stopped feeding
    _buf = io.StringIO()
    sys.stdout = _buf
    try:
        if not _loaded:
            exec(_code, _g)  # module-level code counts in the first test
            _loaded = True
        _inp = _line.decode().split()
        _pos = 0
        _args = [_dec(t) for _, t in _PARAMS]
        if "Solution" not in _g:
            raise NameError("name 'Solution' is not defined")
        _r = getattr(_g["Solution"](), _METHOD)(*_args)
        sys.stdout = _real_stdout
        _val = _args[[n for n, _ in _PARAMS].index(_JUDGE)] if _JUDGE else _r
        _typ = dict(_PARAMS)[_JUDGE] if _JUDGE else _RET
        _w(" ".join([_nonce, str(_i), "OK", "#" + _buf.getvalue()[:2000].encode().hex()] + _enc(_val, _typ)))
    except BaseException as _e:
        sys.stdout = _real_stdout
        _where = _line_of(_e)
        _msg = f"{type(_e).__name__}: {_e}" + (f" (line {_where})" if _where else "")
        if isinstance(_e, SystemExit): _msg = "SystemExit: the program called exit() while being judged"
        _w(" ".join([_nonce, str(_i), "ERR", "#" + _buf.getvalue()[:2000].encode("utf-8", "replace").hex(),
                     "#" + _msg.encode("utf-8", "replace").hex()]))
        if not _loaded:
            os._exit(1)  # the module did not load: no test can run
_w(_nonce + " END " + str(_n))
for _s in (sys.stdout, sys.stderr):  # then leave at once: no atexit hook or thread of the user's holds it up
    try:
        _s.flush()
    except BaseException:
        pass
os._exit(0)
'''


def files(problem, code: str) -> tuple[list[tuple[str, str]], str]:
    """(files, main file name): the driver, and the user's code as they wrote it."""
    params = [(p["name"], p["type"]) for p in problem.params]
    driver = (DRIVER.replace("__PARAMS__", repr(params)).replace("__RET__", repr(problem.returns))
              .replace("__JUDGE__", repr(problem.judge_param)).replace("__METHOD__", repr(problem.method))
              .replace("__PRELUDE__", repr("\n".join(imports(code)) + "\n" + NODES)))
    return [("main.py", driver), ("solution.py", code)], "main.py"
