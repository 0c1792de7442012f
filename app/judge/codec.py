"""A token format every harness can read and write without a JSON library: whitespace-separated tokens, strings
as `#<hex of UTF-8>`, null as `N`, lists as a count followed by the items. Types are LeetCode's names."""
from __future__ import annotations

import re
from typing import Any, Iterator


def _elem(t: str) -> str:
    if t.endswith("[]"):
        return t[:-2]
    if t.startswith("list<") and t.endswith(">"):
        return t[5:-1]
    raise ValueError(t)


def is_list(t: str) -> bool:
    return t.endswith("[]") or t.startswith("list<")


def encode(value: Any, t: str) -> list[str]:
    if t in ("integer", "long"):
        return [str(int(value))]
    if t == "double":
        return [repr(float(value))]
    if t == "boolean":
        return ["1" if value else "0"]
    if t in ("string", "character"):
        return ["#" + str(value).encode().hex()]
    if t == "ListNode":
        return encode(value or [], "integer[]")
    if t == "TreeNode":
        items = value or []
        return [str(len(items))] + ["N" if v is None else str(int(v)) for v in items]
    if is_list(t):
        out = [str(len(value))]
        for v in value:
            out += encode(v, _elem(t))
        return out
    raise ValueError(f"cannot encode type {t}")


_INT = re.compile(r"-?[0-9]{1,4300}")  # longer: no program answers that (and int() would refuse)


def _int(tok: str) -> int:
    if not _INT.fullmatch(tok):
        raise ValueError(f"{tok[:20]!r} is not an integer")
    return int(tok)


def _count(tok: str) -> int:
    n = _int(tok)
    if n < 0:
        raise ValueError(f"negative count {n}")
    return n


def decode(tokens: Iterator[str], t: str) -> Any:
    """Strictly: whatever a program wrote is untrusted, so anything off (a non-number, bad hex, a string that is
    not UTF-8, a negative count) raises ValueError, and a count larger than the values left ends in
    StopIteration."""
    if t in ("integer", "long"):
        return _int(next(tokens))
    if t == "double":
        return float(next(tokens))
    if t == "boolean":
        tok = next(tokens)
        if tok not in ("0", "1"):
            raise ValueError(f"{tok[:20]!r} is not a boolean")
        return tok == "1"
    if t in ("string", "character"):
        tok = next(tokens)
        if tok == "N":
            return None
        if not tok.startswith("#"):
            raise ValueError(f"{tok[:20]!r} is not a string")
        return bytes.fromhex(tok[1:]).decode("utf-8")  # UnicodeDecodeError is a ValueError
    if t == "ListNode":
        return decode(tokens, "integer[]")
    if t == "TreeNode":
        n = _count(next(tokens))
        items = [None if (tok := next(tokens)) == "N" else _int(tok) for _ in range(n)]
        while items and items[-1] is None:
            items.pop()
        return items
    if is_list(t):
        tok = next(tokens)
        if tok == "N":
            return None
        return [decode(tokens, _elem(t)) for _ in range(_count(tok))]
    raise ValueError(f"cannot decode type {t}")


def to_leetcode(value: Any) -> str:
    """How LeetCode prints a value: JSON with no spaces, strings double-quoted."""
    import json

    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
