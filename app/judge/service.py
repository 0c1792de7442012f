"""Judge one submission: build the harness, run every selected test in one sandboxed process, read the result
records back from a file the harness names, and compare each output here on the server."""
from __future__ import annotations

import base64
import json
import secrets
from typing import Any

from app.config import settings
from app.judge import codec
from app.judge.compare import matches
from app.judge.harness import GENERATORS
from app.problems import bank
from app.problems.bank import Problem, TestCase
from app.sandbox import ExecRequest, File, execute

LANGUAGE_INFO = [
    {"id": "python", "label": "Python 3", "monaco": "python"},
    {"id": "javascript", "label": "JavaScript", "monaco": "javascript"},
    {"id": "java", "label": "Java", "monaco": "java"},
    {"id": "cpp", "label": "C++", "monaco": "cpp"},
]
STARTUP_MS = {"python": 1500, "javascript": 1500, "java": 3000, "cpp": 1500}
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


def _parse_records(problem: Problem, blob: bytes, nonce: str) -> dict[int, dict]:
    records: dict[int, dict] = {}
    for line in blob.decode("utf-8", "replace").splitlines():
        parts = line.split()
        if len(parts) < 5 or parts[0] != nonce or not parts[1].isdigit():
            continue
        idx = int(parts[1])
        rec: dict[str, Any] = {"time_ms": int(parts[3]) / 1000 if parts[3].isdigit() else 0.0,
                               "stdout": bytes.fromhex(parts[4][1:]).decode("utf-8", "replace")
                               if parts[4].startswith("#") else ""}
        try:
            if parts[2] == "OK":
                rec["value"] = codec.decode(iter(parts[5:]), problem.judged_type)
                rec["ok"] = True
            elif parts[2] == "ERR":
                rec["error"] = bytes.fromhex(parts[5][1:]).decode("utf-8", "replace")
                rec["ok"] = False
            else:
                continue
        except (ValueError, IndexError, StopIteration):
            rec = {"ok": False, "error": "the harness could not read this output", "time_ms": rec["time_ms"]}
        if idx in records:  # two answers for one test: nothing trustworthy came back for it
            records[idx] = {"ok": False, "error": "conflicting results for this test", "time_ms": 0.0}
        else:
            records[idx] = rec
    return records


_libraries: dict[str, list[File] | None] = {}


async def _library(language: str) -> list[File] | None:
    """The class files of a harness's precompiled LIBRARY, built once in the sandbox and then sent with every
    submission (javac then compiles only the user's code and a small Main). None (the build failed): send the
    library's source instead."""
    gen = GENERATORS[language]
    if not getattr(gen, "LIBRARY", None):
        return None
    if language not in _libraries:  # two first submissions may both build it: same result
        res = await execute(ExecRequest(language, [File(n, c) for n, c in gen.LIBRARY.items()],
                                        collect=list(gen.LIBRARY_OUTPUTS)), local=True)
        built = [File(n, base64.b64encode(res.files[n]).decode(), "base64")
                 for n in gen.LIBRARY_OUTPUTS if n in res.files]
        _libraries[language] = built if res.status == "ok" and len(built) == len(gen.LIBRARY_OUTPUTS) else None
    return _libraries[language]


async def _run(problem: Problem, language: str, code: str, tests: list[TestCase], user_key: str | None):
    nonce, rfile = secrets.token_hex(16), "r" + secrets.token_hex(8)
    tokens = [nonce, rfile, str(len(tests))]
    lines = [" ".join(tokens)]
    for t in tests:  # a bank test is encoded once (a 10^4-element input costs milliseconds every submit)
        if t.tokens is None:
            t.tokens = " ".join(tok for p in problem.params for tok in codec.encode(t.input[p["name"]], p["type"]))
        lines.append(t.tokens)
    library = await _library(language)
    files, _main = GENERATORS[language].files(problem, code, **({"library": True} if library else {}))
    files.append(("tests.in", "\n".join(lines) + "\n"))
    budget = min(settings.judge_timeout_ms, STARTUP_MS[language] + problem.time_limit_ms * len(tests) + 1000)
    req = ExecRequest(language=language, files=[File(n, c) for n, c in files] + (library or []),
                      run_timeout_ms=budget, collect=[rfile])
    maxima = {"run_timeout_ms": settings.judge_timeout_ms, "max_code_bytes": 2 * settings.max_code_bytes,
              "max_data_bytes": settings.judge_max_input_bytes}  # trusted: many tests, code + harness
    res = await execute(req, user_key=user_key, maxima=maxima, local=True)
    return res, _parse_records(problem, res.files.get(rfile, b""), nonce)


async def judge(slug: str, language: str, code: str, mode: str = "run", custom_input: str | None = None,
                user_key: str | None = None) -> dict:
    problem = bank.get(slug)
    if problem is None:
        raise JudgeError(f"unknown problem {slug!r}")
    if language not in GENERATORS:
        raise JudgeError(f"unsupported language {language!r}; choose one of {', '.join(GENERATORS)}")
    if len(code.encode()) > settings.max_code_bytes:
        raise JudgeError(f"code is over the {settings.max_code_bytes}-byte limit")
    if custom_input is not None and mode == "run":
        inputs = parse_custom_input(problem, custom_input)
        ref, ref_records = await _run(problem, "python", problem.solutions["python"], [TestCase(inputs, None, False)],
                                      None)
        expected = ref_records.get(0, {}).get("value") if ref_records.get(0, {}).get("ok") else None
        tests = [TestCase(inputs, expected, False)]
    else:
        tests = problem.tests if mode == "submit" else problem.visible_tests()
    res, records = await _run(problem, language, code, tests, user_key)
    out: dict[str, Any] = {"verdict": "accepted", "passed": 0, "total": len(tests), "runtime_ms": 0.0,
                           "compile_output": "", "stderr": "", "tests": [], "mode": mode, "language": language}
    if res.compile is not None and res.status == "compile_error":
        out.update(verdict="compile_error", compile_output=(res.compile.stderr + res.compile.stdout)[-8000:])
        return out
    if res.run is not None:
        out["stderr"] = res.run.stderr[-4000:]
    first_missing = True
    verdict = None
    for i, t in enumerate(tests):
        rec = records.get(i)
        row: dict[str, Any] = {"index": i, "hidden": t.hidden, "status": "passed", "time_ms": 0.0, "error": None,
                               "input": None, "expected": None, "output": None, "stdout": None}
        if rec is None:
            if first_missing:
                status = {"time_limit": "time_limit", "memory_limit": "memory_limit"}.get(res.status, "runtime_error")
                row["error"] = {"time_limit": "time limit exceeded",
                                "memory_limit": "memory limit exceeded"}.get(
                    status, "the program stopped before finishing this test" +
                    (f": {res.run.stderr.strip().splitlines()[-1]}" if res.run and res.run.stderr.strip() else ""))
                first_missing = False
            else:
                status = "skipped"
        elif not rec["ok"]:
            status, row["error"], row["time_ms"] = "runtime_error", rec["error"], rec["time_ms"]
        else:
            row["time_ms"] = rec["time_ms"]
            if rec["time_ms"] > problem.time_limit_ms:
                status, row["error"] = "time_limit", f"took {rec['time_ms']:.0f} ms (limit {problem.time_limit_ms} ms)"
            elif t.expected is None and custom_input is not None:
                status = "passed" if not ref_records.get(0, {}).get("ok") else (
                    "passed" if matches(problem, t.input, t.expected, rec["value"]) else "wrong_answer")
            else:
                status = "passed" if matches(problem, t.input, t.expected, rec["value"]) else "wrong_answer"
        row["status"] = status
        if status == "passed":
            out["passed"] += 1
        elif verdict is None and status != "skipped":
            verdict = status
        if not t.hidden:
            row.update(input=format_input(problem, t.input),
                       expected=None if t.expected is None else codec.to_leetcode(t.expected),
                       output=codec.to_leetcode(rec["value"]) if rec and rec.get("ok") else None,
                       stdout=(rec or {}).get("stdout", "")[:STDOUT_CAP] if rec else None)
        else:
            row["error"] = None if status == "passed" else row["error"] and status.replace("_", " ")
        out["runtime_ms"] += row["time_ms"]
        out["tests"].append(row)
    out["verdict"] = verdict or "accepted"
    out["runtime_ms"] = round(out["runtime_ms"], 2)
    return out
