"""SQL building blocks shared by the progress queries: which runs are a person's practice, and the local day of a
UTC timestamp (SQLite and PostgreSQL spell date arithmetic differently; both get one construct)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, and_, case, literal, not_, or_, select
from sqlalchemy.exc import CompileError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

from app.models import CodeRun, InterviewSession


def own_runs(user_id: int) -> ColumnElement[bool]:
    """`code_runs` rows that are `user_id`'s practice: theirs, outside rooms they host."""
    hosted = select(InterviewSession.id).where(InterviewSession.host_id == user_id)
    return and_(CodeRun.user_id == user_id, or_(CodeRun.session_id.is_(None), not_(CodeRun.session_id.in_(hosted))))


class local_day(FunctionElement):
    """`YYYY-MM-DD` of a UTC timestamp column shifted by `offset_seconds` (an SQL integer expression)."""
    type = String()
    inherit_cache = True
    name = "local_day"


@compiles(local_day, "sqlite")
def _sqlite_local_day(element, compiler, **kw):
    ts, offset = list(element.clauses)
    return f"date({compiler.process(ts, **kw)}, printf('%d seconds', {compiler.process(offset, **kw)}))"


@compiles(local_day, "postgresql")
def _pg_local_day(element, compiler, **kw):
    ts, offset = list(element.clauses)
    return (f"to_char(({compiler.process(ts, **kw)} AT TIME ZONE 'UTC') + "
            f"CAST({compiler.process(offset, **kw)} AS INTEGER) * INTERVAL '1 second', 'YYYY-MM-DD')")


@compiles(local_day)
def _other_local_day(element, compiler, **kw):
    raise CompileError(f"progress: local days are computed for SQLite and PostgreSQL, not {compiler.dialect.name}")


def offset_at(column, segments: list[tuple[datetime | None, int]]) -> ColumnElement[int]:
    """The zone's UTC offset (seconds) in force at each row's `column`, from `zones.offset_segments`."""
    if len(segments) == 1:
        return literal(segments[0][1], Integer)
    whens = [(column < until, literal(offset, Integer)) for until, offset in segments[:-1]]
    return case(*whens, else_=literal(segments[-1][1], Integer))
