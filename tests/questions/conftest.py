"""Question tests run the REST app in-process (tests/asgi_app.py) against a real migrated, seeded database and the
real sandbox: every generator and reference solution below really runs in a box."""
from __future__ import annotations

import uuid

import pytest
import yaml

from tests.asgi_app import client
from tests.conftest import run_async

REFERENCE = """class Solution:
    def maxOf(self, nums: List[int], k: int) -> int:
        return max(nums) * k
"""
QUESTION = {
    "slug": "max-times-k",
    "title": "Max Times K",
    "difficulty": "Easy",
    "tags": ["Array"],
    "time_limit_ms": 1000,
    "statement": "Return the **largest** element of `nums` times `k`.",
    "signature": {"method": "maxOf", "params": [{"name": "nums", "type": "integer[]"},
                                                {"name": "k", "type": "integer"}], "return": "integer"},
    "compare": "exact",
    "solutions": {"python": REFERENCE},
    "tests": [{"input": {"nums": [1, 5, 3], "k": 2}},
              {"input": {"nums": [-1], "k": 3}, "expected": -3},
              {"input": {"nums": [7, 7], "k": 0}, "hidden": True},
              {"input": {"nums": [2, 9, 4], "k": 10}, "hidden": True},
              {"input": {"nums": [100], "k": -1}, "hidden": True}],
}


def question(**changes) -> dict:
    d = yaml.safe_load(yaml.safe_dump(QUESTION))
    for k, v in changes.items():
        if v is None:
            d.pop(k, None)
        else:
            d[k] = v
    return d


def as_yaml(d: dict) -> str:
    return yaml.safe_dump(d, sort_keys=False)


def person(name: str = "Quinn", guest: bool = False):
    from app.auth import service as auth

    if guest:
        return auth.create_guest(name, address="127.0.0.1")
    return auth.signup(f"{name.lower()}-{uuid.uuid4().hex[:8]}@example.com", "questions-pw-1", name)


def call(me, method: str, path: str, **kw):
    async def go():
        async with client("127.0.0.1", me) as c:
            return await c.request(method, path, **kw)
    return run_async(go())


def upload(me, d: dict | str, path: str = "/api/questions", method: str = "POST"):
    body = d if isinstance(d, str) else as_yaml(d)
    return call(me, method, path, content=body.encode(), headers={"content-type": "application/yaml"})


def stored_questions() -> int:
    from sqlmodel import select

    from app.db import session_scope
    from app.models import Question

    with session_scope() as s:
        return len(s.exec(select(Question)).all())


@pytest.fixture(autouse=True)
def _no_rate_limit(monkeypatch):
    from app.sandbox import pool

    monkeypatch.setattr(pool.limiter, "per_minute", 0)
