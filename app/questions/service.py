"""People's own questions: who may do what, decided here for every front door (REST, pages).

- any signed-in account but a guest creates questions; only the owner edits, shares, exports or deletes one;
- a question is the owner's alone unless shared with the whole instance; to anyone else it does not exist (404);
- everything a question runs (generators, the reference solution) runs in the sandbox (app.questions.spec);
- each is mirrored into `problems` (app.problems.store.mirror), so sessions, runs and reports work unchanged, and
  the judge finds it through app.problems.lookup (`found`, registered by app.api).
"""
from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections import OrderedDict
from datetime import datetime

from sqlalchemy import or_
from sqlmodel import select

from app.auth.service import Me
from app.db import session_scope
from app.errors import Forbidden, NotFound, Unauthorized
from app.models import Problem as ProblemRow, Question, User, utcnow
from app.problems.bank import Problem
from app.problems.lookup import Found
from app.problems.store import mirror
from app.questions import spec as specs

_SLUG = re.compile(r"[^a-z0-9]+")
_cache: OrderedDict[str, tuple[datetime, Found]] = OrderedDict()
CACHE_SIZE = 256


def _require(me: Me | None) -> Me:
    if me is None:
        raise Unauthorized("Sign in first.", error="not_signed_in")
    return me


def _author(me: Me | None) -> Me:
    me = _require(me)
    if me.is_guest:
        raise Forbidden("Guests cannot write questions; create an account.", error="guest_cannot_author")
    return me


def new_slug(base: str) -> str:
    """The file's slug (or title) made URL-safe, with a random suffix: slugs never collide with the bank's or
    anyone's, and a stranger cannot tell from a refusal that some private question exists."""
    stem = _SLUG.sub("-", base.lower()).strip("-")[:60].strip("-") or "question"
    return f"{stem}-{secrets.token_hex(4)}"


def _hash(spec: dict, generated: list) -> str:
    return hashlib.sha256(json.dumps([spec, generated], sort_keys=True, default=str).encode()).hexdigest()


def _live(s, slug: str) -> Question | None:
    if not slug or len(slug) > 120:
        return None
    return s.exec(select(Question).where(Question.slug == slug, Question.deleted_at.is_(None))).first()


def _owned(s, me: Me, slug: str) -> Question:
    q = _live(s, slug)
    if q is None or q.owner_id != me.id:
        raise NotFound("No such question.", error="question_not_found")
    return q


def _visible(s, me: Me, slug: str) -> Question:
    q = _live(s, slug)
    if q is None or not (q.shared or q.owner_id == me.id):
        raise NotFound("No such question.", error="question_not_found")
    return q


def found(slug: str) -> Found | None:
    """app.problems.lookup's source: the judge's Problem of a live question, with who may see it (cached until
    the question changes)."""
    with session_scope() as s:
        q = _live(s, slug)
        if q is None:
            _cache.pop(slug, None)
            return None
        cached = _cache.get(slug)
        if cached is not None and cached[0] == q.updated_at:
            hit = cached[1]
            if (hit.owner_id, hit.shared) == (q.owner_id, q.shared):
                return hit
        hit = Found(specs.problem_of(q.slug, q.spec, q.generated, _hash(q.spec, q.generated)), q.owner_id, q.shared)
        _cache[slug] = (q.updated_at, hit)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
        return hit


async def create(me: Me | None, data, user_key: str | None = None) -> dict:
    me = _author(me)
    spec, generated, p = await specs.complete(data, user_key or f"user:{me.id}")
    slug = new_slug(str(data.get("slug") or p.title))
    spec["slug"] = slug
    p.slug, p.content_hash = slug, _hash(spec, generated)
    with session_scope() as s:
        row = mirror(s, p)
        q = Question(slug=slug, owner_id=me.id, problem_id=row.id, spec=spec, generated=generated)
        s.add(q)
        s.flush()
        return _owner_view(q, p)


async def update(me: Me | None, slug: str, data) -> dict:
    """Replace the question with a new file (the slug stays; a slug in the file is ignored)."""
    me = _author(me)
    with session_scope() as s:
        _owned(s, me, slug)
    spec, generated, p = await specs.complete(data, f"user:{me.id}")
    spec["slug"] = slug
    p.slug, p.content_hash = slug, _hash(spec, generated)
    with session_scope() as s:
        q = _owned(s, me, slug)  # again: it may have been deleted while the sandbox worked
        mirror(s, p, s.get(ProblemRow, q.problem_id))
        q.spec, q.generated, q.updated_at = spec, generated, utcnow()
        s.add(q)
        return _owner_view(q, p)


def share(me: Me | None, slug: str, shared: bool) -> dict:
    me = _author(me)
    with session_scope() as s:
        q = _owned(s, me, slug)
        q.shared, q.updated_at = bool(shared), utcnow()
        s.add(q)
        return {"slug": q.slug, "shared": q.shared}


def delete(me: Me | None, slug: str) -> dict:
    """Gone for everyone; its `problems` row stays for the sessions and runs that name it."""
    me = _author(me)
    with session_scope() as s:
        q = _owned(s, me, slug)
        q.deleted_at = utcnow()
        s.add(q)
    _cache.pop(slug, None)
    return {"slug": slug, "deleted": True}


def export_yaml(me: Me | None, slug: str) -> str:
    me = _require(me)
    with session_scope() as s:
        return specs.to_yaml(_owned(s, me, slug).spec)


def spec_of(me: Me | None, slug: str) -> dict:
    """The owner's file as a mapping (the editor loads it)."""
    me = _author(me)
    with session_scope() as s:
        return dict(_owned(s, me, slug).spec)


def get(me: Me | None, slug: str) -> dict:
    """The owner sees everything; anyone else (a shared question) what a candidate sees: no hidden tests, no
    solutions."""
    me = _require(me)
    with session_scope() as s:
        q = _visible(s, me, slug)
        p = specs.problem_of(q.slug, q.spec, q.generated)
        if q.owner_id == me.id:
            return _owner_view(q, p)
        return _public_view(q, p, s.get(User, q.owner_id))


def mine(me: Me | None) -> list[dict]:
    """My questions, then those others shared, newest first."""
    me = _require(me)
    with session_scope() as s:
        rows = s.exec(select(Question, User.display_name).join(User, User.id == Question.owner_id)
                      .where(Question.deleted_at.is_(None), or_(Question.owner_id == me.id, Question.shared.is_(True)))
                      .order_by(Question.updated_at.desc()).limit(500)).all()
        return [{"slug": q.slug, "title": q.spec.get("title", ""), "difficulty": q.spec.get("difficulty", ""),
                 "tags": list(q.spec.get("tags") or []), "shared": q.shared, "mine": q.owner_id == me.id,
                 "owner": name, "updated_at": q.updated_at.isoformat(),
                 "tests": len(q.spec.get("tests") or []) + len(q.generated)} for q, name in rows]


def _summary(q: Question, p: Problem) -> dict:
    return {"slug": q.slug, "title": p.title, "difficulty": p.difficulty, "tags": p.tags, "shared": q.shared,
            "statement": p.statement, "examples": p.examples, "constraints": p.constraints,
            "signature": {"method": p.method, "params": p.params, "return": p.returns},
            "starter": dict(p.starter), "time_limit_ms": p.time_limit_ms, "compare": p.compare}


def _owner_view(q: Question, p: Problem) -> dict:
    tests = [{"input": t.input, "expected": t.expected, "hidden": t.hidden} for t in p.tests]
    return {**_summary(q, p), "mine": True, "tests": tests, "solutions": dict(p.solutions), "rubric": p.rubric,
            "generated": len(q.generated), "updated_at": q.updated_at.isoformat()}


def _public_view(q: Question, p: Problem, owner: User | None) -> dict:
    return {**_summary(q, p), "mine": False, "owner": owner.display_name if owner else "",
            "tests": [{"input": t.input, "expected": t.expected, "hidden": False} for t in p.visible_tests()],
            "hidden_tests": sum(t.hidden for t in p.tests)}
