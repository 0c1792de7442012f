"""Rooms nobody has used for the configured time end themselves; rooms with live sockets are kept;
ending runs the live features' close hooks."""
from datetime import timedelta

from sqlalchemy import update

from app.auth import service as accounts
from app.db import session_scope
from app.models import InterviewSession, utcnow
from app.room import events
from app.sessions import listing
from app.sessions import service as sessions
from app.room import sweep
from tests.conftest import run_async


def _age(sid: str, minutes: int) -> None:
    with session_scope() as s:
        s.exec(update(InterviewSession).where(InterviewSession.id == sid)
               .values(last_activity_at=utcnow() - timedelta(minutes=minutes)))


def test_idle_rooms_end_and_live_ones_stay(app_db, monkeypatch):
    host = accounts.signup("h@example.com", "host-password", "Host")
    idle, live, fresh = (sessions.create(host, "two-sum")["id"] for _ in range(3))
    _age(idle, 31)
    _age(live, 31)
    closed: list[str] = []

    async def close(room: str) -> None:
        closed.append(room)

    events.on_end(close)
    monkeypatch.setattr(events, "_live", [lambda: {live}])
    try:
        ended = run_async(sweep.sweep())
    finally:
        events._on_end.remove(close)
    assert ended == [idle] and closed == [idle]
    assert sessions.get(host, idle)["status"] == "ended"
    assert sessions.get(host, live)["status"] == "waiting" and sessions.get(host, fresh)["status"] == "waiting"
    with session_scope() as s:  # the live room's activity was refreshed by the sweep
        assert s.get(InterviewSession, live).last_activity_at > utcnow() - timedelta(minutes=1)


def test_history_names_partner_duration_and_verdict(app_db):
    host = accounts.signup("h@example.com", "host-password", "Host")
    guest = accounts.create_guest("Grace")
    sid = sessions.create(host, "two-sum")["id"]
    sessions.join(guest, sid)
    from app.judge.store import save_run

    save_run(guest.id, "two-sum", "python", "submit", "code", {"verdict": "accepted", "passed": 3, "total": 3},
             session_id=sid)
    sessions.end(host, sid)
    [row] = listing.mine(host)
    assert row["partner"] == "Grace" and row["final_verdict"] == "accepted" and row["duration_s"] >= 0
    assert listing.mine(guest)[0]["partner"] == "Host"
    st = listing.stats(guest)
    assert st["solved"] == 1 and st["solved_by_difficulty"]["Easy"] == 1 and st["joined"] == 1
    assert listing.stats(host)["hosted"] == 1
