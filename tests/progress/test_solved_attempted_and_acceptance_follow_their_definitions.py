"""Solved is an accepted *submit* (an accepted Run of the visible tests is only an attempt); attempted is any
run or submit; a person's acceptance rate is their accepted submits / submits; a problem's is everyone's. The
profile and the problems table agree, on SQLite and PostgreSQL, and nobody else's runs leak into mine."""
from __future__ import annotations

from datetime import timezone

import pytest

from tests.progress.conftest import add_run, person


@pytest.fixture(autouse=True)
def _fresh_acceptance(monkeypatch):
    from app.config import settings

    monkeypatch.setattr(settings, "progress_acceptance_cache_seconds", 0)


def _by_slug(rows):
    return {r["slug"]: r for r in rows}


def test_an_accepted_run_is_an_attempt_and_only_an_accepted_submit_solves(any_db):
    from app.problems.catalog import list_problems
    from app.progress.summary import profile

    ada, bob = person("Ada"), person("Bob")
    add_run(ada, "two-sum", kind="run", verdict="accepted")      # visible tests only: not solved
    add_run(ada, "reverse-string", kind="submit", verdict="wrong_answer")
    add_run(ada, "valid-anagram", kind="custom", verdict="accepted")
    add_run(bob, "climbing-stairs", kind="submit", verdict="accepted")

    rows = _by_slug(list_problems(ada.id))
    assert rows["two-sum"]["status"] == "attempted" and not rows["two-sum"]["solved"]
    assert rows["reverse-string"]["status"] == "attempted" and rows["valid-anagram"]["status"] == "attempted"
    assert rows["climbing-stairs"]["status"] == ""  # Bob's solve is not mine

    p = profile(ada.id, timezone.utc)
    assert p["solved"]["total"] == 0
    assert {r["slug"] for r in p["attempted_unsolved"]} == {"two-sum", "reverse-string", "valid-anagram"}
    assert p["acceptance"] == {"accepted": 0, "submits": 1, "rate": 0.0}

    add_run(ada, "two-sum", kind="submit", verdict="wrong_answer")
    add_run(ada, "two-sum", kind="submit", verdict="accepted")
    add_run(ada, "two-sum", kind="submit", verdict="accepted")  # solving twice is still one problem
    rows = _by_slug(list_problems(ada.id))
    assert rows["two-sum"]["status"] == "solved" and rows["two-sum"]["solved"]
    p = profile(ada.id, timezone.utc)
    easy = next(d for d in p["solved"]["by_difficulty"] if d["difficulty"] == "Easy")
    assert p["solved"]["total"] == 1 and easy["solved"] == 1 and easy["total"] >= 10
    assert p["solved"]["of"] == len(rows)
    assert p["acceptance"] == {"accepted": 2, "submits": 4, "rate": 0.5}
    assert {r["slug"] for r in p["attempted_unsolved"]} == {"reverse-string", "valid-anagram"}
    tags = {t["tag"]: t for t in p["tags"]}
    assert tags["Hash Table"]["solved"] == 1 and tags["Array"]["solved"] == 1 and tags["String"]["solved"] == 0
    assert tags["Hash Table"]["total"] >= 3 and p["tags"][0]["solved"] == 1  # solved tags come first


def test_problem_acceptance_counts_everyones_submits_but_not_runs(any_db):
    from app.problems.catalog import list_problems

    ada, bob, cy = person("Ada"), person("Bob"), person("Cy")
    add_run(ada, "two-sum", kind="submit", verdict="accepted")
    add_run(bob, "two-sum", kind="submit", verdict="wrong_answer")
    add_run(bob, "two-sum", kind="submit", verdict="time_limit")
    add_run(cy, "two-sum", kind="submit", verdict="accepted")
    add_run(cy, "two-sum", kind="run", verdict="accepted")
    add_run(cy, "reverse-string", kind="run", verdict="accepted")
    rows = _by_slug(list_problems(None))
    assert rows["two-sum"]["acceptance"] == "50.0%" and rows["two-sum"]["submissions"] == 4
    assert rows["reverse-string"]["acceptance"] == "—" and rows["reverse-string"]["submissions"] == 0
    assert all(r["status"] == "" for r in rows.values())  # an anonymous visitor has no marks


def test_problem_acceptance_shows_new_submits_at_once_and_recounts_every_configured_seconds(app_db, monkeypatch):
    """Between full counts only runs above the last count's highest id are added; a run committed late with a
    lower id (as PostgreSQL's sequences allow) is counted at the next full count."""
    from sqlmodel import delete

    from app.config import settings
    from app.db import session_scope
    from app.models import CodeRun
    from app.problems.catalog import list_problems

    ada = person("Ada")
    first = add_run(ada, "two-sum", kind="submit", verdict="accepted")
    gap = add_run(ada, "two-sum", kind="run", verdict="accepted")
    add_run(ada, "two-sum", kind="run", verdict="accepted")
    with session_scope() as s:
        s.exec(delete(CodeRun).where(CodeRun.id == gap))  # an id handed out, its row not committed yet
    monkeypatch.setattr(settings, "progress_acceptance_cache_seconds", 3600)
    assert _by_slug(list_problems(None))["two-sum"]["acceptance"] == "100.0%"   # a full count
    add_run(ada, "two-sum", kind="submit", verdict="wrong_answer")               # a new id: shown at once
    assert _by_slug(list_problems(None))["two-sum"]["acceptance"] == "50.0%"
    with session_scope() as s:  # the late commit, below the full count's high-water mark
        s.add(CodeRun(id=gap, user_id=ada.id, problem_id=s.get(CodeRun, first).problem_id, language="python",
                      kind="submit", code="", verdict="wrong_answer"))
    assert _by_slug(list_problems(None))["two-sum"]["submissions"] == 2         # until the next full count
    monkeypatch.setattr(settings, "progress_acceptance_cache_seconds", 0)
    row = _by_slug(list_problems(None))["two-sum"]
    assert row["submissions"] == 3 and row["acceptance"] == "33.3%"
