"""Load and validate problem files. A malformed file is rejected with the file and field named."""
from __future__ import annotations

import hashlib
import random
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from app.collab import whiteboard
from app.config import ROOT
from app.problems import rubric as rubrics

PROBLEMS_DIR = ROOT / "problems"
DIFFICULTIES = ("Easy", "Medium", "Hard")
COMPARES = ("exact", "unordered", "unordered_deep", "float", "checker")
SCALARS = ("integer", "long", "double", "boolean", "string", "character")
TYPES = set(SCALARS) | {"integer[]", "integer[][]", "string[]", "character[]", "character[][]", "long[]",
                        "double[]", "boolean[]", "list<integer>", "list<string>", "list<list<integer>>",
                        "list<list<string>>", "ListNode", "ListNode[]", "TreeNode", "void"}
LANGUAGES = ("python", "javascript", "java", "cpp", "typescript", "go")  # every problem has starter + reference in these


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
    rubric: list[dict] | None = None  # the scorecard's criteria; None: the default rubric
    whiteboard: list[dict] = field(default_factory=list)  # the starter drawing a new room's board opens with
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


@dataclass(frozen=True)
class Rules:
    """What a problem must carry. The bank's files are trusted repository content with every language's starter and
    reference and at least 10 tests; an uploaded question needs one reference in any language, may leave starters
    (generated) and expected values (computed by the reference, in the sandbox) out, and its generators are only
    checked here: they run in the sandbox (app.questions), never in this process."""
    trusted: bool = True
    all_languages: bool = True
    min_tests: int = 10
    expected_required: bool = True


BANK = Rules()
UPLOAD = Rules(trusted=False, all_languages=False, min_tests=1, expected_required=False)


def parse(path: Path) -> Problem:
    file = path.name
    raw = path.read_text()
    try:
        d = yaml.safe_load(raw)
    except yaml.YAMLError as e:
        raise ProblemError(file, "(yaml)", str(e).splitlines()[0]) from e
    if isinstance(d, dict) and isinstance(d.get("slug"), str) and d["slug"] != path.stem:
        raise ProblemError(file, "slug", f"{d['slug']!r} must match the file name {path.stem!r}")
    p = from_mapping(d, file, BANK, hashlib.sha256(raw.encode()).hexdigest())
    p.path = str(path)
    return p


def _signature(d: dict, file: str) -> tuple[str, list[dict], str, str | None]:
    sig = _req(d, "signature", dict, file)
    method = _req(sig, "method", str, file, "signature.")
    if not method.isidentifier():
        raise ProblemError(file, "signature.method", "must be an identifier (letters, digits, _)")
    params = _req(sig, "params", list, file, "signature.")
    for i, p in enumerate(params):
        if not isinstance(p, dict) or not isinstance(p.get("name"), str) or p.get("type") not in TYPES - {"void"}:
            raise ProblemError(file, f"signature.params[{i}]", f"needs a name and a type from {sorted(TYPES)}")
        if not p["name"].isidentifier():
            raise ProblemError(file, f"signature.params[{i}].name", "must be an identifier (letters, digits, _)")
    names = [p["name"] for p in params]
    if len(set(names)) != len(names):
        raise ProblemError(file, "signature.params", "parameter names must be unique")
    returns = _req(sig, "return", str, file, "signature.")
    if returns not in TYPES:
        raise ProblemError(file, "signature.return", f"unknown type {returns!r}")
    judge_param = sig.get("judge_param")
    if returns == "void" and judge_param not in names:
        raise ProblemError(file, "signature.judge_param", "a void method needs the name of the judged parameter")
    return method, [{"name": p["name"], "type": p["type"]} for p in params], returns, judge_param


def _code_map(d: dict, key: str, file: str, required: bool) -> dict[str, str]:
    value = d.get(key)
    if value is None and not required:
        return {}
    if not isinstance(value, dict):
        raise ProblemError(file, key, "missing" if value is None else "must be a mapping of language to code")
    for lang, code in value.items():
        if not isinstance(code, str):
            raise ProblemError(file, f"{key}.{lang}", "must be code (a string)")
    return dict(value)


def _tests(d: dict, names: list[str], file: str, rules: Rules) -> list[TestCase]:
    tests: list[TestCase] = []
    for i, t in enumerate(_req(d, "tests", list, file)):
        if not isinstance(t, dict) or not isinstance(t.get("input"), dict) or (
                rules.expected_required and "expected" not in t):
            raise ProblemError(file, f"tests[{i}]", "needs input (mapping)" + (
                " and expected" if rules.expected_required else ""))
        if sorted(t["input"]) != sorted(names):
            raise ProblemError(file, f"tests[{i}].input", f"keys must be exactly {names}")
        tests.append(TestCase(t["input"], t.get("expected"), bool(t.get("hidden", False))))
    return tests


def _generated(d: dict, names: list[str], file: str, rules: Rules) -> list[TestCase]:
    """The bank's generators, run here (trusted repository content); for uploads only their shape is checked."""
    gens = d.get("generators") or []
    if not isinstance(gens, list):
        raise ProblemError(file, "generators", "must be a list of {name, seed, code}")
    out = []
    for i, g in enumerate(gens):
        if not isinstance(g, dict) or not isinstance(g.get("code"), str):
            raise ProblemError(file, f"generators[{i}].code", "missing")
        if not isinstance(g.get("seed", i), int) or isinstance(g.get("seed", i), bool):
            raise ProblemError(file, f"generators[{i}].seed", "must be an integer")
        if not rules.trusted:
            continue
        scope: dict[str, Any] = {}
        try:
            exec(compile(g["code"], f"{file}:generators[{i}]", "exec"), scope)  # trusted repository content
            made = scope["generate"](random.Random(g.get("seed", i)))
        except Exception as e:
            raise ProblemError(file, f"generators[{i}]", f"failed: {e!r}") from e
        if not isinstance(made, dict) or sorted(made.get("input", {})) != sorted(names) or "expected" not in made:
            raise ProblemError(file, f"generators[{i}]", "generate() must return {input: {...}, expected: ...}")
        out.append(TestCase(made["input"], made["expected"], True))
    return out


def _number(d: dict, key: str, default, file: str, low: float, high: float):
    value = d.get(key, default)
    if value is None:
        value = default
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not low <= value <= high:
        raise ProblemError(file, key, f"must be a number from {low} to {high}")
    return value


def from_mapping(d: Any, file: str, rules: Rules = BANK, content_hash: str = "") -> Problem:
    """A problem from its parsed YAML mapping, every rule of problems/FORMAT.md checked; ProblemError names the
    field. Starters an upload leaves out stay empty here (the caller generates them)."""
    if not isinstance(d, dict):
        raise ProblemError(file, "(root)", "must be a mapping")
    slug = _req(d, "slug", str, file) if rules.trusted else str(d.get("slug") or "")
    difficulty = _req(d, "difficulty", str, file)
    if difficulty not in DIFFICULTIES:
        raise ProblemError(file, "difficulty", f"must be one of {DIFFICULTIES}")
    method, params, returns, judge_param = _signature(d, file)
    compare = d.get("compare", "exact")
    if compare not in COMPARES:
        raise ProblemError(file, "compare", f"must be one of {COMPARES}")
    if compare == "checker" and not rules.trusted:
        raise ProblemError(file, "compare", "checker is for the bundled bank only (its Python would run on the "
                                            "server); use exact, unordered, unordered_deep or float")
    if d.get("checker") is not None and not rules.trusted:
        raise ProblemError(file, "checker", "uploaded questions cannot carry a checker (it would run on the server)")
    if compare == "checker" and not isinstance(d.get("checker"), str):
        raise ProblemError(file, "checker", "compare: checker needs Python source defining check()")
    starter = _code_map(d, "starter", file, rules.all_languages)
    solutions = _code_map(d, "solutions", file, True)
    for key, mapping in (("starter", starter), ("solutions", solutions)):
        for lang in mapping:
            if lang not in LANGUAGES and not rules.trusted:  # the bank also keeps typescript and go
                raise ProblemError(file, f"{key}.{lang}", f"unknown language; use {', '.join(LANGUAGES)}")
    for lang in LANGUAGES if rules.all_languages else ():
        if not isinstance(starter.get(lang), str):
            raise ProblemError(file, f"starter.{lang}", "missing")
        if not isinstance(solutions.get(lang), str):
            raise ProblemError(file, f"solutions.{lang}", "missing")
    if not solutions:
        raise ProblemError(file, "solutions", f"a reference solution is needed (in one of {', '.join(LANGUAGES)})")
    names = [p["name"] for p in params]
    tests = _tests(d, names, file, rules) + _generated(d, names, file, rules)
    rubric = None
    if d.get("rubric") is not None:
        try:
            rubric = rubrics.validate(d["rubric"])
        except ValueError as e:
            raise ProblemError(file, "rubric", str(e)) from None
    if len(tests) < rules.min_tests:
        raise ProblemError(file, "tests", f"at least {rules.min_tests} tests needed (visible + hidden + generated), "
                                          f"found {len(tests)}")
    if not any(not t.hidden for t in tests):
        raise ProblemError(file, "tests", "at least one visible test is needed")
    try:
        board = whiteboard.starter(d.get("whiteboard"))
    except whiteboard.InvalidElement as e:
        where, _, reason = str(e).partition(": ")
        raise ProblemError(file, where, reason) from None
    tags = d.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise ProblemError(file, "tags", "must be a list of strings")
    for key in ("examples", "constraints"):
        if not isinstance(d.get(key) or [], list):
            raise ProblemError(file, key, "must be a list")
    return Problem(
        slug=slug, number=int(d.get("number") or 0), title=_req(d, "title", str, file), difficulty=difficulty,
        tags=list(tags), time_limit_ms=int(_number(d, "time_limit_ms", 1000, file, 1, 60_000)),
        statement=_req(d, "statement", str, file), examples=list(d.get("examples") or []),
        constraints=[str(c) for c in d.get("constraints") or []], method=method, params=params, returns=returns,
        judge_param=judge_param, compare=compare,
        float_tolerance=float(_number(d, "float_tolerance", 1e-5, file, 0, 1)),
        checker=d.get("checker"), starter=starter, solutions=solutions, wrong=dict(d.get("wrong") or {}),
        slow=dict(d.get("slow") or {}), tests=tests, rubric=rubric, whiteboard=board, content_hash=content_hash)


_loading = threading.Lock()


def load_all(directory: str | None = None) -> dict[str, Problem]:
    """Parsed once per process (generators run, so it takes seconds): callers that arrive while it is being
    parsed wait for that one parse instead of each starting their own (twenty rooms opening at once after a
    start used to fill the thread pool with twenty parses, and the worker stopped answering)."""
    with _loading:
        return _load_all(directory)


@lru_cache(maxsize=4)
def _load_all(directory: str | None) -> dict[str, Problem]:
    d = Path(directory) if directory else PROBLEMS_DIR
    return {p.slug: p for p in (parse(f) for f in sorted(d.glob("*.yaml")))}


async def warm() -> None:
    """Lifespan task: parse the bank at start-up, off the event loop, before the first room needs it."""
    import asyncio

    await asyncio.to_thread(load_all)


def get(slug: str) -> Problem | None:
    return load_all().get(slug)
