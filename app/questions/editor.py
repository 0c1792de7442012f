"""The question editor's form, as plain data: the fields the page edits (strings, lists of rows), turned into a
question file mapping for app.questions.service and back, and each service error placed next to the field that
caused it. Expected values are never typed: the reference solution computes them on save, shown for review."""
from __future__ import annotations

import json
import re
from typing import Any

import yaml

from app.problems.bank import COMPARES, DIFFICULTIES, LANGUAGES, TYPES
from app.questions.spec import QuestionInvalid
from app.questions.starter import for_every_language

PARAM_TYPES = sorted(TYPES - {"void"})
RETURN_TYPES = sorted(TYPES)
EDITOR_COMPARES = [c for c in COMPARES if c != "checker"]
KEPT = ("examples", "constraints", "generators", "wrong", "slow", "float_tolerance")  # no widget; kept as they were
_INDEX = re.compile(r"^tests\[(\d+)\]")


def blank() -> dict[str, Any]:
    return {"title": "", "difficulty": DIFFICULTIES[0], "tags": "", "time_limit_ms": "1000", "compare": "exact",
            "statement": "", "method": "solve", "params": [{"name": "nums", "type": "integer[]"}],
            "returns": "integer", "starter": {}, "ref_language": "python", "ref_code": "",
            "tests": [{"input": "", "hidden": False, "expected": ""}], "rubric": "", "kept": {}}


def _input_text(params: list[dict], values: dict) -> str:
    return "\n".join(json.dumps(values.get(p["name"]), separators=(",", ":")) for p in params)


def from_spec(spec: dict) -> dict[str, Any]:
    """The form of a stored question (its file as a mapping)."""
    sig = spec.get("signature") or {}
    params = [{"name": p["name"], "type": p["type"]} for p in sig.get("params") or []]
    solutions = spec.get("solutions") or {}
    ref = "python" if "python" in solutions else next(iter(solutions), "python")
    return {"title": spec.get("title", ""), "difficulty": spec.get("difficulty", DIFFICULTIES[0]),
            "tags": ", ".join(spec.get("tags") or []), "time_limit_ms": str(spec.get("time_limit_ms", 1000)),
            "compare": spec.get("compare", "exact"), "statement": spec.get("statement", ""),
            "method": sig.get("method", ""), "params": params, "returns": sig.get("return", "integer"),
            "starter": dict(spec.get("starter") or {}), "ref_language": ref, "ref_code": solutions.get(ref, ""),
            "tests": [{"input": _input_text(params, t.get("input") or {}), "hidden": bool(t.get("hidden")),
                       "expected": json.dumps(t.get("expected"), separators=(",", ":"))}
                      for t in spec.get("tests") or []],
            "rubric": yaml.safe_dump(spec["rubric"], sort_keys=False) if spec.get("rubric") else "",
            "kept": {k: spec[k] for k in KEPT if spec.get(k) is not None}}


def starters(form: dict) -> dict[str, str]:
    """Starter code for every language from the form's signature ({} while the signature is unfinished)."""
    params = form["params"]
    if not str(form["method"]).isidentifier() or any(not str(p["name"]).isidentifier() or p["type"] not in TYPES
                                                     for p in params) or form["returns"] not in TYPES:
        return {}
    return for_every_language(form["method"], params, form["returns"])


def _inputs(form: dict, i: int, text: str) -> dict:
    lines = [l for l in text.strip().splitlines() if l.strip()]
    names = [p["name"] for p in form["params"]]
    if len(lines) != len(names):
        raise QuestionInvalid(f"tests[{i}].input", f"one JSON value per parameter, one per line: "
                                                   f"{len(names)} line(s) ({', '.join(names)}), got {len(lines)}")
    out = {}
    for name, line in zip(names, lines):
        try:
            out[name] = json.loads(line)
        except ValueError as e:
            raise QuestionInvalid(f"tests[{i}].input.{name}", f"not valid JSON ({e.msg})") from None
    return out


def to_mapping(form: dict) -> dict:
    """The question file the form describes; QuestionInvalid for what only the form can get wrong."""
    try:
        limit = int(str(form["time_limit_ms"]).strip())
    except ValueError:
        raise QuestionInvalid("time_limit_ms", "must be a whole number of milliseconds") from None
    data: dict[str, Any] = {
        "title": form["title"].strip(), "difficulty": form["difficulty"],
        "tags": [t.strip() for t in form["tags"].split(",") if t.strip()], "time_limit_ms": limit,
        "statement": form["statement"], "compare": form["compare"],
        "signature": {"method": form["method"].strip(), "params": [{"name": p["name"].strip(), "type": p["type"]}
                                                                   for p in form["params"]],
                      "return": form["returns"]},
        "solutions": {form["ref_language"]: form["ref_code"]} if form["ref_code"].strip() else {},
        "starter": {k: v for k, v in form["starter"].items() if k in LANGUAGES and v.strip()},
        "tests": [{"input": _inputs(form, i, t["input"]), **({"hidden": True} if t["hidden"] else {})}
                  for i, t in enumerate(form["tests"])],
        **form.get("kept", {}),
    }
    if form["rubric"].strip():
        try:
            data["rubric"] = yaml.safe_load(form["rubric"])
        except yaml.YAMLError:
            raise QuestionInvalid("rubric", "is not valid YAML (a list of {key, label, anchors})") from None
    if not data["title"]:
        raise QuestionInvalid("title", "missing")
    return data


def error_place(field: str) -> str:
    """Which part of the form a service error belongs next to: a test row (`tests.3`), the signature, the
    solution, or the field itself."""
    m = _INDEX.match(field)
    if m:
        return f"tests.{m.group(1)}"
    head = re.split(r"[.\[]", field, maxsplit=1)[0]
    return {"solutions": "solution", "generators": "tests", "(yaml)": "form", "(root)": "form",
            "(file)": "form"}.get(head, head)
