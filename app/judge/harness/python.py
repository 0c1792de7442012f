"""Python 3 harness: `class Solution` as on LeetCode, with `typing` and the usual modules pre-imported."""
from __future__ import annotations

PRELUDE = '''from typing import *
import collections, heapq, math, bisect, itertools, functools, string, re, random, operator
from collections import *
from heapq import *
from functools import *
from itertools import *
from math import inf


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
    return [_dec(elem) for _ in range(int(_tok()))]

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
    offset = PRELUDE.count("\n")
    driver = (DRIVER.replace("__PARAMS__", repr(params)).replace("__RET__", repr(problem.returns))
              .replace("__JUDGE__", repr(problem.judge_param)).replace("__METHOD__", repr(problem.method))
              .replace("__OFFSET__", str(offset)))
    return [("main.py", driver), ("solution.py", PRELUDE + code)], "main.py"
