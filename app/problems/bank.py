"""Load and validate problem files. A malformed file is rejected with the file and field named."""
from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from app.config import ROOT

PROBLEMS_DIR = ROOT / "problems"
DIFFICULTIES = ("Easy", "Medium", "Hard")
COMPARES = ("exact", "unordered", "unordered_deep", "float", "checker")
SCALARS = ("integer", "long", "double", "boolean", "string", "character")
TYPES = set(SCALARS) | {"integer[]", "integer[][]", "string[]", "character[]", "character[][]", "long[]",
                        "double[]", "boolean[]", "list<integer>", "list<string>", "list<list<integer>>",
                        "list<list<string>>", "ListNode", "ListNode[]", "TreeNode", "void"}
LANGUAGES = ("python", "javascript", "java", "cpp")  # every problem has starter + reference in these


class ProblemError(ValueError):
    def __init__(self, file: str, field: str, message: str):
        super().__init__(f"{file}: {field}: {message}")
        self.file, self.field = file, field


@dataclass
class TestCase:
    input: dict[str, Any]
    expected: Any
    hidden: bool
    tokens: str | None = field(default=None, repr=False, compare=False)  # harness encoding of `input`, on first use


@dataclass
class Problem:
    slug: str
    number: int
    title: str
    difficulty: str
    tags: list[str]
    time_limit_ms: int
    statement: str
    examples: list[dict]
    constraints: list[str]
    method: str
    params: list[dict]
    returns: str
    judge_param: str | None
    compare: str
    float_tolerance: float
    checker: str | None
    starter: dict[str, str]
    solutions: dict[str, str]
    wrong: dict[str, str]
    slow: dict[str, str]
    tests: list[TestCase] = field(default_factory=list)
    content_hash: str = ""
    path: str = ""

    @property
    def judged_type(self) -> str:
        if self.judge_param:
            return next(p["type"] for p in self.params if p["name"] == self.judge_param)
        return self.returns

    def visible_tests(self) -> list[TestCase]:
        return [t for t in self.tests if not t.hidden]


def _req(d: dict, key: str, typ, file: str, where: str = ""):
    if key not in d or d[key] is None:
        raise ProblemError(file, where + key, "missing")
    if not isinstance(d[key], typ):
        raise ProblemError(file, where + key, f"must be {getattr(typ, '__name__', typ)}")
    return d[key]


def parse(path: Path) -> Problem:
    file = path.name
    raw = path.read_text()
    try:
        d = yaml.safe_load(raw)
    except yaml.YAMLError as e:
        raise ProblemError(file, "(yaml)", str(e).splitlines()[0]) from e
    if not isinstance(d, dict):
        raise ProblemError(file, "(root)", "must be a mapping")
    slug = _req(d, "slug", str, file)
    if slug != path.stem:
        raise ProblemError(file, "slug", f"{slug!r} must match the file name {path.stem!r}")
    difficulty = _req(d, "difficulty", str, file)
    if difficulty not in DIFFICULTIES:
        raise ProblemError(file, "difficulty", f"must be one of {DIFFICULTIES}")
    sig = _req(d, "signature", dict, file)
    method = _req(sig, "method", str, file, "signature.")
    params = _req(sig, "params", list, file, "signature.")
    for i, p in enumerate(params):
        if not isinstance(p, dict) or not isinstance(p.get("name"), str) or p.get("type") not in TYPES - {"void"}:
            raise ProblemError(file, f"signature.params[{i}]", f"needs a name and a type from {sorted(TYPES)}")
    returns = _req(sig, "return", str, file, "signature.")
    if returns not in TYPES:
        raise ProblemError(file, "signature.return", f"unknown type {returns!r}")
    judge_param = sig.get("judge_param")
    if returns == "void" and judge_param not in [p["name"] for p in params]:
        raise ProblemError(file, "signature.judge_param", "a void method needs the name of the judged parameter")
    compare = d.get("compare", "exact")
    if compare not in COMPARES:
        raise ProblemError(file, "compare", f"must be one of {COMPARES}")
    if compare == "checker" and not isinstance(d.get("checker"), str):
        raise ProblemError(file, "checker", "compare: checker needs Python source defining check()")
    starter = _req(d, "starter", dict, file)
    solutions = _req(d, "solutions", dict, file)
    for lang in LANGUAGES:
        if not isinstance(starter.get(lang), str):
            raise ProblemError(file, f"starter.{lang}", "missing")
        if not isinstance(solutions.get(lang), str):
            raise ProblemError(file, f"solutions.{lang}", "missing")
    names = [p["name"] for p in params]
    tests: list[TestCase] = []
    for i, t in enumerate(_req(d, "tests", list, file)):
        if not isinstance(t, dict) or not isinstance(t.get("input"), dict) or "expected" not in t:
            raise ProblemError(file, f"tests[{i}]", "needs input (mapping) and expected")
        if sorted(t["input"]) != sorted(names):
            raise ProblemError(file, f"tests[{i}].input", f"keys must be exactly {names}")
        tests.append(TestCase(t["input"], t["expected"], bool(t.get("hidden", False))))
    for i, g in enumerate(d.get("generators") or []):
        if not isinstance(g, dict) or not isinstance(g.get("code"), str):
            raise ProblemError(file, f"generators[{i}].code", "missing")
        scope: dict[str, Any] = {}
        try:
            exec(compile(g["code"], f"{file}:generators[{i}]", "exec"), scope)  # trusted repository content
            made = scope["generate"](random.Random(g.get("seed", i)))
        except Exception as e:
            raise ProblemError(file, f"generators[{i}]", f"failed: {e!r}") from e
        if not isinstance(made, dict) or sorted(made.get("input", {})) != sorted(names) or "expected" not in made:
            raise ProblemError(file, f"generators[{i}]", "generate() must return {input: {...}, expected: ...}")
        tests.append(TestCase(made["input"], made["expected"], True))
    if len(tests) < 10:
        raise ProblemError(file, "tests", f"at least 10 tests needed (visible + hidden + generated), found {len(tests)}")
    if not any(not t.hidden for t in tests):
        raise ProblemError(file, "tests", "at least one visible test is needed")
    return Problem(
        slug=slug, number=int(d.get("number") or 0), title=_req(d, "title", str, file), difficulty=difficulty,
        tags=list(d.get("tags") or []), time_limit_ms=int(d.get("time_limit_ms", 1000)),
        statement=_req(d, "statement", str, file), examples=list(d.get("examples") or []),
        constraints=[str(c) for c in d.get("constraints") or []], method=method, params=params, returns=returns,
        judge_param=judge_param, compare=compare, float_tolerance=float(d.get("float_tolerance", 1e-5)),
        checker=d.get("checker"), starter=starter, solutions=solutions, wrong=dict(d.get("wrong") or {}),
        slow=dict(d.get("slow") or {}), tests=tests, content_hash=hashlib.sha256(raw.encode()).hexdigest(),
        path=str(path))


@lru_cache(maxsize=1)
def load_all(directory: str | None = None) -> dict[str, Problem]:
    d = Path(directory) if directory else PROBLEMS_DIR
    return {p.slug: p for p in (parse(f) for f in sorted(d.glob("*.yaml")))}


def get(slug: str) -> Problem | None:
    return load_all().get(slug)
