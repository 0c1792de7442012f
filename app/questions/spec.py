"""A question file, read and made whole: YAML parsed safely (no aliases: a few lines of anchors would expand to
gigabytes once stored), checked against problems/FORMAT.md by the bank's own loader under the upload rules, then
completed in the sandbox — generators run there, and the reference solution there computes every expected value
the file leaves out (and must agree with every one it gives)."""
from __future__ import annotations

import copy
from typing import Any

import yaml

from app.config import settings
from app.errors import Unprocessable
from app.judge import codec
from app.judge.compare import matches
from app.judge.service import JudgeError, ReferenceFailed, reference_answers, reference_language
from app.problems.bank import UPLOAD, Problem, ProblemError, TestCase, from_mapping
from app.questions import generators
from app.questions.starter import for_every_language

FILE = "question"
ORDER = ("slug", "title", "difficulty", "tags", "time_limit_ms", "statement", "examples", "constraints", "rubric",
         "signature", "compare", "float_tolerance", "starter", "solutions", "wrong", "slow", "tests", "generators", "whiteboard")


class QuestionInvalid(Unprocessable):
    """422 naming the field (`tests[3].input`) and the reason."""
    error = "invalid_question"

    def __init__(self, field: str, reason: str):
        super().__init__(f"{field}: {reason}")
        self.field, self.reason = field, reason

    def body(self) -> dict:
        return {**super().body(), "field": self.field, "reason": self.reason}


class _NoAliases(yaml.SafeLoader):
    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise yaml.YAMLError("aliases (*name) are not accepted in question files")
        return super().compose_node(parent, index)


def _yaml_reason(e: yaml.YAMLError) -> str:
    mark = getattr(e, "problem_mark", None)
    problem = getattr(e, "problem", None) or str(e).splitlines()[0]
    where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
    return f"{problem[:300]}{where}"


def parse_yaml(text: str) -> Any:
    if len(text.encode()) > settings.question_max_bytes:
        raise QuestionInvalid("(file)", f"over the {settings.question_max_bytes}-byte limit")
    try:
        return yaml.load(text, Loader=_NoAliases)  # noqa: S506 - a SafeLoader that also refuses aliases
    except yaml.YAMLError as e:
        raise QuestionInvalid("(yaml)", _yaml_reason(e)) from None
    except RecursionError:
        raise QuestionInvalid("(yaml)", "nested too deeply") from None


def to_yaml(spec: dict) -> str:
    return yaml.safe_dump(spec, sort_keys=False, allow_unicode=True, width=120)


def _fits(value: Any, t: str, field: str) -> None:
    try:
        codec.encode(value, t)
    except (TypeError, ValueError, AttributeError) as e:
        raise QuestionInvalid(field, f"does not fit type {t} ({type(e).__name__})") from None


def _check_inputs(p: Problem, tests: list[TestCase], where) -> None:
    for i, t in enumerate(tests):
        for q in p.params:
            _fits(t.input[q["name"]], q["type"], f"{where(i)}.input.{q['name']}")
        if t.expected is not None:
            _fits(t.expected, p.judged_type, f"{where(i)}.expected")


def _generated_tests(p: Problem, made: list[dict]) -> list[TestCase]:
    names = sorted(q["name"] for q in p.params)
    out = []
    for i, m in enumerate(made):
        if sorted(m["input"]) != names:
            raise QuestionInvalid(f"generators[{i}]", f"generate() must return input with exactly the keys {names}")
        out.append(TestCase(m["input"], m.get("expected"), True))
    return out


async def complete(data: Any, user_key: str | None) -> tuple[dict, list[dict], Problem]:
    """(spec, generated tests, problem) of a question file's mapping, or QuestionInvalid naming the field."""
    try:
        p = from_mapping(data, FILE, UPLOAD)
    except ProblemError as e:
        raise QuestionInvalid(e.field, str(e).split(": ", 2)[-1]) from None
    written = list(p.tests)
    _check_inputs(p, written, lambda i: f"tests[{i}]")
    try:
        made = await generators.run_all(list(data.get("generators") or []), user_key)
    except generators.GeneratorFailed as e:
        raise QuestionInvalid(f"generators[{e.index}]", str(e)) from None
    generated = _generated_tests(p, made)
    _check_inputs(p, generated, lambda i: f"generators[{i}]")
    if len(written) + len(generated) > settings.question_max_tests:
        raise QuestionInvalid("tests", f"at most {settings.question_max_tests} tests (written + generated)")
    p.starter = {**for_every_language(p.method, p.params, p.returns), **p.starter}
    p.tests = written + generated
    language = reference_language(p)
    try:
        values = await reference_answers(p, language, p.tests, user_key)
    except ReferenceFailed as e:
        where = "solutions." + language if e.test is None else (
            f"tests[{e.test}]" if e.test < len(written) else f"generators[{e.test - len(written)}]")
        raise QuestionInvalid(where, f"the reference solution ({language}) failed: {e}") from None
    except JudgeError as e:
        raise QuestionInvalid("solutions." + language, str(e)) from None
    for i, (t, value) in enumerate(zip(p.tests, values)):
        where = f"tests[{i}]" if i < len(written) else f"generators[{i - len(written)}]"
        if t.expected is None:
            t.expected = value
        elif not matches(p, t.input, t.expected, value):
            raise QuestionInvalid(f"{where}.expected", f"the reference solution ({language}) returns "
                                                       f"{codec.to_leetcode(value)[:200]}")
    return _spec(data, p, len(written)), [{"input": t.input, "expected": t.expected} for t in generated], p


def _spec(data: dict, p: Problem, written: int) -> dict:
    """The file as export gives it back: what was uploaded, starters generated and expected values filled in."""
    spec = {k: copy.deepcopy(data[k]) for k in ORDER if data.get(k) is not None}
    spec["starter"] = dict(p.starter)
    spec["tests"] = [{"input": t.input, "expected": t.expected, **({"hidden": True} if t.hidden else {})}
                     for t in p.tests[:written]]
    return spec


def problem_of(slug: str, spec: dict, generated: list[dict], content_hash: str = "") -> Problem:
    """The judge's Problem of a stored question (its spec was checked when it was saved)."""
    p = from_mapping({**spec, "slug": slug}, FILE, UPLOAD, content_hash)
    p.slug = slug
    p.tests += [TestCase(g["input"], g["expected"], True) for g in generated]
    return p
