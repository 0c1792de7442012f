"""Read one run's result records back. Harness and judge speak a strict line protocol on the run's channel, in
lock-step with the inputs the supervisor feeds (one line of input per test, sent only after the last test's line
arrived):

    <nonce> READY                              before any of the user's code runs
    <nonce> CE #<message hex>                  instead of test 0's line: the code does not compile
    <nonce> <k> OK #<stdout hex> <value>       test k returned (value in codec tokens)
    <nonce> <k> ERR #<stdout hex> #<message>   test k raised
    <nonce> END <n>                            after the last test

The supervisor stamped every line with its clocks as it arrived; a test's time is the gap between its line and
the line before it (so start-up is in no test, and module-level code is in the first). The program owns the
channel as much as the harness does, so every line is untrusted: anything off is a clear failure of the test it
stands for, and nothing after it is believed. Reading never raises."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.judge import codec
from app.sandbox.types import Record

TEXT_CAP = 2000  # characters of a test's stdout or error message kept


@dataclass
class Outcome:
    """What the harness reported for one test, with the supervisor's measure of it."""
    ok: bool                 # it returned `value`; else `error` says what went wrong
    value: Any = None
    stdout: str = ""
    error: str = ""
    malformed: bool = False  # the line could not be read: nothing after it is trusted
    cpu_ms: float = 0.0      # the slot's CPU between this line and the last (wall time without a cgroup)
    wall_ms: float = 0.0


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)  # in test order, up to the first missing or malformed
    compile_error: str | None = None                       # the CE text
    complete: bool = False                                 # every test answered, then END, then nothing


def _text(tok: str) -> str:
    if not tok.startswith("#"):
        raise ValueError(f"{tok[:20]!r} is not hex text")
    return bytes.fromhex(tok[1:]).decode("utf-8", "replace")[:TEXT_CAP]


def _parts(rec: Record) -> list[str] | None:
    try:
        return rec.data.decode("ascii").split()
    except UnicodeDecodeError:
        return None


def _outcome(parts: list[str] | None, nonce: str, k: int, judged_type: str) -> Outcome:
    if parts is None:
        raise ValueError("not ASCII")
    if len(parts) < 4 or parts[0] != nonce:
        raise ValueError("not a result line")
    if parts[1] != str(k):
        raise ValueError(f"a result for {parts[1][:20]!r} came where test {k + 1}'s was due")
    stdout = _text(parts[3])
    if parts[2] == "OK":
        tokens = iter(parts[4:])
        try:
            value = codec.decode(tokens, judged_type)
        except StopIteration:
            raise ValueError("fewer values than its counts say") from None
        if next(tokens, None) is not None:
            raise ValueError("more values than its counts say")
        return Outcome(True, value, stdout)
    if parts[2] == "ERR" and len(parts) == 5:
        return Outcome(False, stdout=stdout, error=_text(parts[4]) or "error")
    raise ValueError(f"unknown kind {parts[2][:20]!r}")


def _gap(rec: Record, prev: Record) -> tuple[float, float]:
    wall = rec.wall_ms - prev.wall_ms
    cpu = rec.cpu_ms - prev.cpu_ms if rec.cpu_ms is not None and prev.cpu_ms is not None else wall
    return round(max(cpu, 0.0), 3), round(max(wall, 0.0), 3)


def read(records: list[Record], nonce: str, n: int, judged_type: str) -> Report:
    """The outcomes of a run of `n` tests from its channel records."""
    report = Report()
    if not records:
        return report
    if _parts(records[0]) != [nonce, "READY"]:
        report.outcomes.append(Outcome(False, malformed=True, error="the judge could not read this test's result "
                                                                    "(the program's first line is not the judge's)"))
        return report
    for k in range(n):
        if k + 1 >= len(records):
            return report
        rec, parts = records[k + 1], _parts(records[k + 1])
        if k == 0 and parts is not None and len(parts) == 3 and parts[:2] == [nonce, "CE"]:
            try:
                report.compile_error = _text(parts[2])
            except ValueError:
                report.compile_error = "the code does not compile"
            return report
        try:
            outcome = _outcome(parts, nonce, k, judged_type)
        except ValueError as e:
            outcome = Outcome(False, malformed=True, error=f"the judge could not read this test's result ({e})")
        outcome.cpu_ms, outcome.wall_ms = _gap(rec, records[k])
        report.outcomes.append(outcome)
        if outcome.malformed:
            return report
    report.complete = len(records) == n + 2 and _parts(records[n + 1]) == [nonce, "END", str(n)]
    return report
