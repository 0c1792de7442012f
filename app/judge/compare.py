"""Comparison modes, applied on the server to the decoded output of each test."""
from __future__ import annotations

import math
from typing import Any


def _canon(v: Any) -> Any:
    """A sortable, hashable form for order-insensitive comparisons."""
    if isinstance(v, list):
        return (0, tuple(_canon(x) for x in v))
    if v is None:
        return (1, "")
    return (2, repr(v)) if not isinstance(v, (int, float)) else (2, f"{v:020.6f}" if isinstance(v, float) else f"{v:+021d}")


def _deep_sort(v: Any) -> Any:
    if isinstance(v, list):
        return sorted((_deep_sort(x) for x in v), key=_canon)
    return v


def _floats_close(a: Any, b: Any, tol: float) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_floats_close(x, y, tol) for x, y in zip(a, b))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return math.isclose(a, b, rel_tol=tol, abs_tol=tol)
    return a == b


def matches(problem, inputs: dict, expected: Any, actual: Any) -> bool:
    mode = problem.compare
    if mode == "exact":
        return actual == expected
    if mode == "unordered":
        return isinstance(actual, list) and isinstance(expected, list) and \
            sorted(actual, key=_canon) == sorted(expected, key=_canon)
    if mode == "unordered_deep":
        return _deep_sort(actual) == _deep_sort(expected)
    if mode == "float":
        return _floats_close(expected, actual, problem.float_tolerance)
    if mode == "checker":
        scope: dict = {}
        exec(compile(problem.checker, f"{problem.slug}:checker", "exec"), scope)  # trusted repository code
        try:
            return bool(scope["check"](inputs, expected, actual))
        except Exception:
            return False
    raise ValueError(mode)
