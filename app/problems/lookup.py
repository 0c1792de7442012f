"""Which problem a slug names, and who may see it: the bank's files (everyone's) first, then the sources
registered with `add_source` (the questions people upload, plugged in by the composition root in app.api), so
the judge and the rooms never need to know where a problem came from."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from app.problems import bank
from app.problems.bank import Problem


@dataclass(frozen=True)
class Found:
    problem: Problem
    owner_id: int | None = None  # None: the bank's, everyone's
    shared: bool = True

    def visible_to(self, user_id: int | None) -> bool:
        return self.owner_id is None or self.shared or (user_id is not None and user_id == self.owner_id)


_sources: list[Callable[[str], Found | None]] = []


def add_source(source: Callable[[str], Found | None]) -> None:
    if source not in _sources:
        _sources.append(source)


def find(slug: str) -> Found | None:
    p = bank.get(slug)
    if p is not None:
        return Found(p)
    for source in _sources:
        found = source(slug)
        if found is not None:
            return found
    return None


def problem(slug: str) -> Problem | None:
    """For callers that have already decided access (a room admits its members; the judge behind them)."""
    found = find(slug)
    return found.problem if found else None


def visible(slug: str, user_id: int | None) -> Problem | None:
    """The problem if `user_id` may see it; None for unknown and for someone else's private question alike."""
    found = find(slug)
    return found.problem if found is not None and found.visible_to(user_id) else None
