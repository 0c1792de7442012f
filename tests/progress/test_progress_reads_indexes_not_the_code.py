"""Progress scales with the number of runs: every query the profile and the problems table make on `code_runs`
is answered from an index that covers it (SQLite's own query plan says so), so counting a person's submits,
days and solved problems, or every problem's acceptance, never reads the stored code and results; the one
query that reads whole rows is the page of recent submissions, bounded by PROGRESS_PAGE_SIZE; between full counts,
the problems' acceptance reads only the index range of runs stored since."""
from __future__ import annotations

import sqlite3
from datetime import timezone

from sqlalchemy import event

from tests.progress.conftest import add_run, person


def _statements(fn) -> list[tuple[str, tuple]]:
    from app.db import get_engine

    seen: list[tuple[str, tuple]] = []

    def capture(conn, cursor, statement, params, context, executemany):
        seen.append((statement, params))

    engine = get_engine()
    event.listen(engine, "before_cursor_execute", capture)
    try:
        fn()
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    return [(st, p) for st, p in seen if "code_runs" in st]


def test_every_code_runs_query_is_index_only_or_a_bounded_page(app_db, monkeypatch):
    from app.config import settings
    from app.problems.catalog import list_problems
    from app.progress import summary
    from app.sessions import service as sessions

    monkeypatch.setattr(settings, "progress_acceptance_cache_seconds", 0)
    ada, host = person("Ada"), person("Hana")
    sid = sessions.create(host, "two-sum")["id"]
    sessions.join(ada, sid)
    for verdict in ("accepted", "wrong_answer"):
        add_run(ada, verdict=verdict)
        add_run(ada, verdict=verdict, session_id=sid)
    statements = _statements(lambda: (summary.profile(ada.id, timezone.utc), list_problems(ada.id)))
    assert len(statements) >= 7

    db = sqlite3.connect(app_db.removeprefix("sqlite:///"))
    whole_rows, plans = [], {}
    for st, params in statements:
        plan = [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + st, params)]
        plans[st] = plan
        runs = [p for p in plan if " code_runs " in f" {p} "]
        assert runs, (st, plan)
        assert not [p for p in runs if p.startswith("SCAN code_runs") and "COVERING INDEX" not in p], (st, plan)
        if runs == ["SEARCH code_runs"] and "max(code_runs.id)" in st:
            continue  # the newest id: one step down the primary key
        if not all("COVERING INDEX" in p for p in runs):
            whole_rows.append((st, plan))
    assert len(whole_rows) == 1, whole_rows  # the recent-submissions page, by (user, kind, id), with a LIMIT
    st, plan = whole_rows[0]
    assert "ix_code_runs_user_kind_id" in " ".join(plan) and "LIMIT" in st
    tail = [p for st, p in plans.items() if "code_runs.id >" in st]  # acceptance: runs since the last full count
    assert tail and all("ix_code_runs_kind_id (kind=? AND id>?)" in " ".join(p) for p in tail), tail
