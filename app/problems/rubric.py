"""Scorecard rubrics: a problem file may carry its own (`rubric:`), else the default four criteria. Each criterion is
scored 1-4, with a one-line anchor per level so two interviewers mean the same thing by a 3."""
from __future__ import annotations

import re

LEVELS = (1, 2, 3, 4)
RECOMMENDATIONS = ("strong_no", "no", "yes", "strong_yes")
KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")

DEFAULT_RUBRIC = [
    {"key": "problem_solving", "label": "Problem solving", "anchors": [
        "Could not make progress even with the approach given",
        "Reached a partial or brute-force approach with heavy hints",
        "Found a working approach with light hints and could analyse it",
        "Found an optimal approach on their own and justified its complexity"]},
    {"key": "code_quality", "label": "Code quality", "anchors": [
        "Code does not run or cannot be followed",
        "Works in part; unclear names or structure",
        "Correct and readable, with minor issues",
        "Clean, idiomatic, well-structured and correct"]},
    {"key": "communication", "label": "Communication", "anchors": [
        "Silent or unclear; did not take hints",
        "Explained some steps when asked",
        "Explained the approach and trade-offs clearly",
        "Clarified the problem, drove the discussion and weighed trade-offs unprompted"]},
    {"key": "testing", "label": "Testing", "anchors": [
        "Did not test the code",
        "Ran the given examples only",
        "Tested edge cases when prompted",
        "Found and tested edge cases unprompted and fixed what they found"]},
]


def validate(rubric: object) -> list[dict]:
    """A rubric from a problem file, checked: a list of {key, label, anchors: 4 one-line strings}; ValueError names
    the criterion and the problem."""
    if not isinstance(rubric, list) or not rubric:
        raise ValueError("must be a non-empty list of criteria")
    seen = set()
    out = []
    for i, c in enumerate(rubric):
        if not isinstance(c, dict):
            raise ValueError(f"[{i}] must be a mapping with key, label, anchors")
        key, label, anchors = c.get("key"), c.get("label"), c.get("anchors")
        if not isinstance(key, str) or not KEY.match(key) or key in seen:
            raise ValueError(f"[{i}].key must be a unique snake_case name")
        if not isinstance(label, str) or not label.strip() or len(label) > 80:
            raise ValueError(f"[{i}].label must be 1-80 characters")
        if not (isinstance(anchors, list) and len(anchors) == len(LEVELS)
                and all(isinstance(a, str) and a.strip() and "\n" not in a.strip() and len(a) <= 200 for a in anchors)):
            raise ValueError(f"[{i}].anchors must be {len(LEVELS)} one-line strings (levels 1-4)")
        seen.add(key)
        out.append({"key": key, "label": label.strip(), "anchors": [a.strip() for a in anchors]})
    return out


def rubric_for(stored: list[dict] | None) -> list[dict]:
    return stored or DEFAULT_RUBRIC
