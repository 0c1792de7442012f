"""Whatever a program writes where the harness writes its result records (the right nonce with garbage fields,
huge numbers, >4300-digit integers, bad hex, bytes that are not UTF-8, negative or lying counts, unknown test
indexes, duplicates, a missing END, a flood), the verdict is a clear `runtime_error` (or `internal_error`,
`output_limit` for the flood) with a reason on the row, never an exception out of `judge()` (the practice page
catches only JudgeError/SandboxError and would leave its spinner turning). Forged text from the hidden run is
never shown. And `judge()` turns any unexpected failure into an `internal_error` result, logged."""
import logging
import re
import shutil

import pytest
import yaml

from tests.conftest import ROOT
from tests.judge.conftest import PROBLEMS, run_judge

# Finds the harness's nonce and result channel as an attacker would: in the harness's own globals.
FORGER = r'''
import os, sys
_m = sys.modules["__main__"]
_NONCE = next(v for v in vars(_m).values() if isinstance(v, str) and len(v) == 32 and
              all(c in "0123456789abcdef" for c in v))
_FDS = {3} | {v for k, v in vars(_m).items() if isinstance(v, int) and k.endswith("fd") and v > 2}
_LINES = __LINES__

def _forge():
    for fd in sorted(_FDS):
        for line in _LINES:
            try:
                os.write(fd, line.replace(b"NONCE", _NONCE.encode()))
            except OSError:
                pass
    os._exit(0)

class Solution:
    def twoSum(self, nums, target):
        _forge()
'''

BIG = "9" * 5000
FORGERIES = {
    "bad_hex": [b"NONCE 0 OK #zz 2 0 1\n", b"NONCE 0 OK 1 #zz 2 0 1\n"],
    "huge_time_field": [b"NONCE 0 OK " + BIG.encode() + b" #00 2 0 1\n"],
    "huge_integer_value": [b"NONCE 0 OK #00 2 " + BIG.encode() + b" 1\n"],
    "not_utf8": [b"NONCE 0 OK #\xff\xfe 2 0 1\n", b"NONCE 0 OK 1 #\xff\xfe 2 0 1\n"],
    "not_utf8_string": [b"NONCE 0 ERR #00 #fffe\n"],
    "negative_count": [b"NONCE 0 OK #00 -2 0 1\n", b"NONCE 0 OK 1 #00 -2 0 1\n"],
    "lying_count": [b"NONCE 0 OK #00 99999999999999999999 0 1\n"],
    "unknown_index": [b"NONCE 99 OK #00 2 0 1\n"],
    "garbage_status": [b"NONCE 0 MAYBE #00 2 0 1\n"],
    "trailing_tokens": [b"NONCE 0 OK #00 2 0 1 7 7 7\n"],
    "duplicates": [b"NONCE 0 OK #00 2 0 1\n", b"NONCE 0 OK #00 2 0 1\n"],
    "end_too_early": [b"NONCE END 11\n"],
    "flood": "[b'x' * (1 << 20)] * 24",  # 24 MiB, built in the sandbox
}


@pytest.mark.parametrize("name", list(FORGERIES))
def test_forged_record_gives_a_clear_failure(name):
    lines = FORGERIES[name]
    code = FORGER.replace("__LINES__", lines if isinstance(lines, str) else repr(lines))
    r = run_judge("two-sum", "python", code, mode="run")
    assert r["verdict"] in ("runtime_error", "internal_error", "output_limit"), r
    failing = [t for t in r["tests"] if t["status"] not in ("passed", "skipped")]
    assert failing and failing[0]["error"], r["tests"]


MISSING_END = r'''
import os, sys
_m = sys.modules["__main__"]
class Solution:
    def twoSum(self, nums, target):
        seen = {}
        for i, x in enumerate(nums):
            if target - x in seen:
                ans = [seen[target - x], i]
                break
            seen[x] = i
        if _m._i == _m._n - 1:  # the last test: write its (correct) record ourselves and leave before END
            old = hasattr(_m, "_rfile")
            fd = _m._fd if old else 3
            os.write(fd, f"{_m._nonce} {_m._i} OK {'1 ' if old else ''}# 2 {ans[0]} {ans[1]}\n".encode())
            os._exit(0)
        return ans
'''


def test_a_run_that_leaves_without_its_end_record_is_a_runtime_error():
    r = run_judge("two-sum", "python", MISSING_END)
    assert r["verdict"] == "runtime_error", [(t["status"], t["error"]) for t in r["tests"]]


HIDDEN_FORGER = r'''
import os, sys
_m = sys.modules["__main__"]
class Solution:
    def twoSum(self, nums, target):
        if len(nums) > 1000:  # only the big hidden test: forge a compile error and an error carrying its input
            text = " ".join(map(str, nums[:200])).encode().hex()
            for fd in {3, getattr(_m, "_fd", 3)}:
                os.write(fd, f"{_m._nonce} CE #{text}\n{_m._nonce} {_m._i} ERR #{text} #{text}\n".encode())
            os._exit(0)
        seen = {}
        for i, x in enumerate(nums):
            if target - x in seen:
                return [seen[target - x], i]
            seen[x] = i
'''


def test_forged_text_from_the_hidden_run_is_never_shown():
    r = run_judge("two-sum", "python", HIDDEN_FORGER)
    assert r["verdict"] == "runtime_error"
    big = next(t for t in PROBLEMS["two-sum"].tests if len(t.input["nums"]) > 1000).input["nums"]
    shown = " ".join(str(v) for v in (r["compile_output"], r["stderr"], *[x for t in r["tests"] for x in t.values()]))
    assert " ".join(map(str, big[:6])) not in shown and " ".join(map(str, big[:6])).encode().hex() not in shown


@pytest.fixture
def broken_checker_problem(tmp_path, monkeypatch):
    """two-sum judged by a checker that does not compile (a problem author's mistake the loader lets through)."""
    from app.problems import bank

    d = yaml.safe_load((ROOT / "problems" / "two-sum.yaml").read_text())
    d.update(compare="checker", checker="def check(inputs, expected, actual:\n    return True\n")
    (tmp_path / "two-sum.yaml").write_text(yaml.safe_dump(d))
    problem = bank.parse(tmp_path / "two-sum.yaml")
    monkeypatch.setattr(bank, "get", lambda slug: problem if slug == "two-sum" else None)  # what lookup reads
    yield problem
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_an_unexpected_failure_is_an_internal_error_result_not_an_exception(broken_checker_problem, caplog):
    with caplog.at_level(logging.ERROR):
        r = run_judge("two-sum", "python", PROBLEMS["two-sum"].solutions["python"], mode="run")
    assert r["verdict"] == "internal_error" and r["passed"] == 0, r
    assert r["compile_output"] and not re.search(r"Traceback|File \"", r["compile_output"])
    assert any("two-sum" in rec.getMessage() for rec in caplog.records if rec.levelno >= logging.ERROR)


def test_code_that_is_not_valid_text_is_a_judge_error():
    """A browser can send lone surrogates; they are refused with a message, not an exception out of judge()."""
    from app.judge.service import JudgeError

    with pytest.raises(JudgeError, match="not valid text"):
        run_judge("two-sum", "python", "class Solution:\n    pass  # \ud800\n", mode="run")
