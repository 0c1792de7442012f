"""Judge one submission: build the harness, compile once, then run the visible tests in one sandboxed process and
the hidden ones in a second that never shows anything but statuses (so nothing the user sees comes from a process
that held hidden data), and compare each output here on the server. Each test's input is fed only after the
last test's result came back, and its time is the supervisor's: the slot's CPU counter and wall clock as its
result arrived (see app/judge/records.py), so nothing inside the program decides a verdict."""
from __future__ import annotations

import base64
import json
import logging
import secrets
from typing import Any

from app.config import settings
from app.judge import codec, diagnostics, records
from app.judge.compare import matches
from app.judge.harness import GENERATORS
from app.problems import lookup
from app.problems.bank import Problem, TestCase
from app.sandbox import Channel, ExecRequest, File, Run, execute, trusted_ceilings
from app.sandbox.errors import SandboxError

log = logging.getLogger(__name__)

LANGUAGE_INFO = [
    {"id": "python", "label": "Python 3", "monaco": "python"},
    {"id": "javascript", "label": "JavaScript", "monaco": "javascript"},
    {"id": "java", "label": "Java", "monaco": "java"},
    {"id": "cpp", "label": "C++", "monaco": "cpp"},
    {"id": "typescript", "label": "TypeScript", "monaco": "typescript"},
    {"id": "go", "label": "Go", "monaco": "go"},
]
STDOUT_CAP = 2000


class JudgeError(ValueError):
    """The submission cannot be judged as asked (unknown problem or language, bad custom input)."""


def languages() -> list[dict]:
    return [dict(l) for l in LANGUAGE_INFO]


def format_input(problem: Problem, inputs: dict) -> str:
    return ", ".join(f"{p['name']} = {codec.to_leetcode(inputs[p['name']])}" for p in problem.params)


def parse_custom_input(problem: Problem, text: str) -> dict:
    """LeetCode's custom test format: one JSON value per parameter, one per line."""
    lines = [l for l in text.strip().splitlines() if l.strip()]
    if len(lines) != len(problem.params):
        raise JudgeError(f"custom input needs {len(problem.params)} line(s), one per parameter "
                         f"({', '.join(p['name'] for p in problem.params)}); got {len(lines)}")
    out = {}
    for p, line in zip(problem.params, lines):
        try:
            out[p["name"]] = json.loads(line)
        except ValueError as e:
            raise JudgeError(f"custom input for {p['name']}: not valid JSON ({e.msg})") from e
        try:
            codec.encode(out[p["name"]], p["type"])
        except (TypeError, ValueError) as e:
            raise JudgeError(f"custom input for {p['name']}: does not fit type {p['type']}") from e
    return out


_libraries: dict[str, list[File] | None] = {}


async def _library(language: str, lane: str = "practice") -> list[File] | None:
    """The compiled files of a harness's LIBRARY (Java's class files, C++'s object), built once in the sandbox and
    then sent with every submission (javac and g++ then compile only the user's code and a small call). None (the
    build failed): the harness sends the library's source instead. The build may take the judge's budget: a
    loaded machine compiles the C++ codec's templates in seconds."""
    gen = GENERATORS[language]
    if not getattr(gen, "LIBRARY", None):
        return None
    if language not in _libraries:  # two first submissions may both build it: same result
        res = await execute(ExecRequest(language, [File(n, c) for n, c in gen.LIBRARY.items()],
                                        collect=list(gen.LIBRARY_OUTPUTS), run_timeout_ms=settings.judge_timeout_ms),
                            local=True, lane=lane, maxima={"run_timeout_ms": settings.judge_timeout_ms})
        built = [File(n, base64.b64encode(res.files[n]).decode(), "base64")
                 for n in gen.LIBRARY_OUTPUTS if n in res.files]
        _libraries[language] = built if res.status == "ok" and len(built) == len(gen.LIBRARY_OUTPUTS) else None
    return _libraries[language]


def reference_language(problem: Problem) -> str:
    """The reference solution that answers custom input: Python where there is one (fastest to start)."""
    return "python" if "python" in problem.solutions else next(iter(problem.solutions))


def _tokens(problem: Problem, t: TestCase) -> str:
    if t.tokens is None:  # a bank test is encoded once (a 10^4-element input costs milliseconds every submit)
        t.tokens = " ".join(tok for p in problem.params for tok in codec.encode(t.input[p["name"]], p["type"]))
    return t.tokens


async def _run(problem: Problem, language: str, code: str, groups: list[list[TestCase]], user_key: str | None,
               lane: str = "practice"):
    """Compile once and run each group of tests in its own process; (the result, one Report per run started)."""
    library = await _library(language, lane)
    gen = GENERATORS[language]
    files, _main = gen.files(problem, code, **({"library": True} if library else {}))
    limit = problem.time_limit_ms
    gap_ms = int(limit * settings.judge_wall_factor)
    runs, nonces = [], []
    for tests in groups:
        nonce = secrets.token_hex(16)
        nonces.append(nonce)
        runs.append(Run(stdin=f"{nonce} {len(tests)}\n",
                        run_timeout_ms=settings.judge_startup_ms + gap_ms * len(tests) + 1000,
                        channel=Channel(feed=[_tokens(problem, t) + "\n" for t in tests],
                                        first_ms=settings.judge_startup_ms, gap_ms=gap_ms, gap_cpu_ms=limit)))
    req = ExecRequest(language=language, files=[File(n, c) for n, c in files] + (library or []),
                      run_timeout_ms=settings.judge_timeout_ms, runs=runs)
    maxima = trusted_ceilings()  # trusted: many tests, code + harness
    res = await execute(req, user_key=user_key, maxima=maxima, local=True, lane=lane)
    needs_full = getattr(gen, "needs_full", None)
    if (needs_full and res.compile is not None and res.compile.status != "ok"
            and needs_full(files[0][1], res.compile.stderr)):  # a name the fast prelude lacks: the full one
        files, _main = gen.files(problem, code, full=True, **({"library": True} if library else {}))
        req.files = [File(n, c) for n, c in files] + (library or [])
        res = await execute(req, maxima=maxima, local=True, lane=lane)  # the same submission: counted once
    return res, [records.read(stage.records, nonce, len(tests), problem.judged_type)
                 for stage, nonce, tests in zip(res.runs, nonces, groups)]


class ReferenceFailed(JudgeError):
    """A reference solution could not answer: `test` is the index of the test it failed on (None: compile)."""

    def __init__(self, message: str, test: int | None = None):
        super().__init__(message)
        self.test = test


async def reference_answers(problem: Problem, language: str, tests: list[TestCase],
                            user_key: str | None = None) -> list[Any]:
    """What the reference solution in `language` returns on each test, run in the sandbox like any submission
    (an uploaded question's expected values come from it). ReferenceFailed names the first test it failed."""
    res, (report,) = await _run(problem, language, problem.solutions[language], [tests], user_key)
    if res.compile is not None and res.compile.status != "ok":
        text = diagnostics.for_user(language, res.compile.stderr + res.compile.stdout, problem.solutions[language])
        raise ReferenceFailed(f"does not compile: {text[-1000:]}")
    if report.compile_error is not None:
        raise ReferenceFailed(f"does not compile: {report.compile_error[-1000:]}")
    values = []
    stage = res.runs[0] if res.runs else None
    for k in range(len(tests)):
        o = report.outcomes[k] if k < len(report.outcomes) else None
        if o is None:
            raise ReferenceFailed(_stopped(stage, True)[1] if stage else "the run did not start", k)
        if not o.ok:
            raise ReferenceFailed(o.error or "runtime error", k)
        if o.cpu_ms > problem.time_limit_ms:
            raise ReferenceFailed(f"took {o.cpu_ms:.0f} ms (limit {problem.time_limit_ms} ms)", k)
        values.append(o.value)
    return values


def _stopped(stage, show: bool) -> tuple[str, str]:
    """(status, error) of the test a run stopped in without answering."""
    status = {"time_limit": "time_limit", "memory_limit": "memory_limit",
              "output_limit": "output_limit"}.get(stage.status, "runtime_error")
    if status != "runtime_error":
        return status, status.replace("_", " ") + " exceeded"
    why = f": killed by {stage.signal}" if stage.signal else ""
    last = stage.stderr.strip().splitlines()[-1:] if show else []
    return status, "the program stopped before finishing this test" + (f": {last[0][:300]}" if last else why)


def _rows(problem: Problem, items: list[tuple[int, TestCase]], stage, report, custom_ref_ok: bool | None):
    """One run's rows (hidden ones keep their status only, see judge). A test the run stopped in is the run's
    failure; the tests after it, or after a record that could not be read, are skipped."""
    limit, factor = problem.time_limit_ms, settings.judge_wall_factor
    rows, failed, stopped = [], False, stage is None
    for k, (index, t) in enumerate(items):
        row: dict[str, Any] = {"index": index, "hidden": t.hidden, "status": "skipped", "time_ms": None,
                               "error": None, "input": None, "expected": None, "output": None, "stdout": None}
        o = report.outcomes[k] if report is not None and k < len(report.outcomes) else None
        if not stopped and o is None:
            stopped = True
            if not failed:
                row["status"], row["error"] = _stopped(stage, not t.hidden)
        elif not stopped:
            row["time_ms"] = round(o.cpu_ms, 2)
            if o.malformed or not o.ok:
                row["status"], row["error"] = "runtime_error", o.error
                stopped = o.malformed
            elif o.cpu_ms > limit:
                row["status"], row["error"] = "time_limit", f"took {o.cpu_ms:.0f} ms (limit {limit} ms)"
            elif o.wall_ms > limit * factor:
                row["status"], row["error"] = "time_limit", (f"took {o.wall_ms:.0f} ms of wall-clock time "
                                                             f"(limit {limit * factor:.0f} ms)")
            elif custom_ref_ok is False:  # custom input the reference could not answer: nothing to compare
                row["status"] = "passed"
            else:
                row["status"] = "passed" if matches(problem, t.input, t.expected, o.value) else "wrong_answer"
            row["output"] = codec.to_leetcode(o.value) if o.ok else None
            row["stdout"] = o.stdout[:STDOUT_CAP]
        failed = failed or row["status"] not in ("passed", "skipped")
        rows.append(row)
    if rows and not stopped and rows[-1]["status"] == "passed" and (not report.complete or stage.status != "ok"):
        status, _ = _stopped(stage, False)
        rows[-1]["status"] = status
        rows[-1]["error"] = "the program did not end cleanly after its last test" + (
            f" ({stage.status.replace('_', ' ')})" if stage.status != "ok" else "")
    return rows


def _result(mode: str, language: str, total: int, verdict: str = "accepted", **kw) -> dict[str, Any]:
    return {"verdict": verdict, "passed": 0, "total": total, "runtime_ms": 0.0, "compile_output": "", "stderr": "",
            "tests": [], "mode": mode, "language": language, **kw}


async def judge(slug: str, language: str, code: str, mode: str = "run", custom_input: str | None = None,
                user_key: str | None = None, lane: str = "practice") -> dict:
    """The verdict and per-test rows. Raises only JudgeError (the request cannot be judged) and SandboxError
    (busy, rate limited): anything unexpected is logged and answered as an `internal_error` result, so a caller
    waiting on the judge always gets an answer. `lane` "room" for a room's Run/Submit (it may use the sandbox
    slots held for rooms), else "practice"."""
    problem = lookup.problem(slug)
    if problem is None:
        raise JudgeError(f"unknown problem {slug!r}")
    if language not in GENERATORS:
        raise JudgeError(f"unsupported language {language!r}; choose one of {', '.join(GENERATORS)}")
    try:
        size = len(code.encode())
    except UnicodeEncodeError:  # lone surrogates: a browser can send them
        raise JudgeError("the code contains characters that are not valid text") from None
    if size > settings.max_code_bytes:
        raise JudgeError(f"code is over the {settings.max_code_bytes}-byte limit")
    try:
        return await _judge(problem, language, code, mode, custom_input, user_key, lane)
    except (JudgeError, SandboxError):
        raise
    except Exception:
        log.exception("judge failed: problem %s, language %s, mode %s", slug, language, mode)
        total = 1 if custom_input is not None and mode == "run" else len(
            problem.tests if mode == "submit" else problem.visible_tests())
        return _result(mode, language, total, "internal_error",
                       compile_output="The judge failed on this run (logged on the server). Please try again.")


async def _judge(problem: Problem, language: str, code: str, mode: str, custom_input: str | None,
                 user_key: str | None, lane: str) -> dict:
    custom_ref_ok = None
    if custom_input is not None and mode == "run":
        inputs = parse_custom_input(problem, custom_input)
        ref_language = reference_language(problem)
        _res, (ref,) = await _run(problem, ref_language, problem.solutions[ref_language],
                                  [[TestCase(inputs, None, False)]], None, lane)
        custom_ref_ok = bool(ref.outcomes) and ref.outcomes[0].ok
        groups = [[(0, TestCase(inputs, ref.outcomes[0].value if custom_ref_ok else None, False))]]
    else:
        indexed = list(enumerate(problem.tests))
        groups = [[it for it in indexed if not it[1].hidden]]
        if mode == "submit":
            groups.append([it for it in indexed if it[1].hidden])
        groups = [g for g in groups if g]
    res, reports = await _run(problem, language, code, [[t for _, t in g] for g in groups], user_key, lane)
    out = _result(mode, language, sum(len(g) for g in groups))
    if res.compile is not None and res.compile.status != "ok":
        text = diagnostics.for_user(language, res.compile.stderr + res.compile.stdout, code)
        if res.compile.status != "compile_error":
            text += f"[the compiler stopped: {res.compile.status.replace('_', ' ')}]\n"
        out.update(verdict="compile_error", compile_output=text[-8000:])
        return out
    shown = not groups[0][0][1].hidden  # the first run is the visible tests': its stderr and compile errors show
    if shown and reports and reports[0].compile_error is not None:
        out.update(verdict="compile_error", compile_output=reports[0].compile_error[-8000:])
        return out
    if shown and res.runs:
        out["stderr"] = res.runs[0].stderr[-4000:]
    rows, verdict = [], None
    for i, group in enumerate(groups):
        stage = res.runs[i] if i < len(res.runs) else None
        report = reports[i] if i < len(reports) else None
        for row, (_, t) in zip(_rows(problem, group, stage, report, custom_ref_ok), group):
            if verdict is None and row["status"] not in ("passed", "skipped"):
                verdict = row["status"]
            if t.hidden:  # status only: anything else could carry what the hidden process saw
                row.update(time_ms=None, output=None, stdout=None,
                           error=None if row["status"] in ("passed", "skipped") else row["status"].replace("_", " "))
            else:
                row.update(input=format_input(problem, t.input),
                           expected=None if t.expected is None else codec.to_leetcode(t.expected))
            rows.append(row)
    rows.sort(key=lambda r: r["index"])
    out.update(verdict=verdict or "accepted", tests=rows, passed=sum(r["status"] == "passed" for r in rows),
               runtime_ms=round(sum(r["time_ms"] or 0 for r in rows if not r["hidden"]), 2))
    return out
