"""Room passwords resist guessing: a full room answers "full" before any password is looked at (a right guess is
not confirmed by a different answer); attempts are limited per person, per room and per client address and
counted BEFORE the argon2 verify, so 30 concurrent wrong guesses get at most the limit verified (SQLite and
PostgreSQL); both front doors (REST join and the guest form) pass the caller's address down; a room password
has at least 8 characters, and the dashboard's form says so."""
from __future__ import annotations

import sqlite3
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from app.auth import passwords
from app.auth import service as accounts
from app.config import settings
from app.errors import Conflict, Forbidden, Invalid, TooMany
from app.sessions import service as sessions
from tests import asgi_app
from tests.conftest import run_async

N = 30
PERSON, ROOM, ADDRESS = 5, 7, 6  # distinct, so each scenario shows which limit held


@pytest.fixture
def verified(monkeypatch) -> list[str]:
    """Every password that reached the (real) argon2 verify."""
    calls: list[str] = []
    real = passwords.verify_password

    def counting(stored, password):
        calls.append(password)
        return real(stored, password)

    monkeypatch.setattr(passwords, "verify_password", counting)
    monkeypatch.setattr(settings, "room_password_max_failures", PERSON)
    monkeypatch.setattr(settings, "room_password_max_per_room", ROOM)
    monkeypatch.setattr(settings, "room_password_max_per_address", ADDRESS)
    return calls


def _host():
    return accounts.signup(f"h{uuid.uuid4().hex[:8]}@example.com", "host-password-1", "Host")


def _pw_room(host, password: str = "right-password") -> str:
    return sessions.create(host, "two-sum", "private", password)["id"]


def _stampede(attempts: list[tuple]) -> list[str]:
    """Run every (me, room, password, address) join at the same instant; the outcome of each."""
    barrier = threading.Barrier(len(attempts))

    def one(a):
        me, sid, password, address = a
        barrier.wait(timeout=60)
        try:
            return sessions.join(me, sid, password, address=address)["role"]
        except Forbidden as e:
            return e.error
        except TooMany:
            return "rate_limited"

    with ThreadPoolExecutor(len(attempts)) as pool:
        return list(pool.map(one, attempts))


def _guessing(verified: list[str]) -> None:
    host = _host()
    # one after another: exactly the limit is verified, then 429 without looking at the password
    me, sid = accounts.create_guest("Slow"), _pw_room(host)
    out = [_stampede([(me, sid, f"guess-{i:04d}", f"10.5.0.{i}")])[0] for i in range(PERSON + 2)]
    assert out == ["wrong_password"] * PERSON + ["rate_limited"] * 2 and len(verified) == PERSON, (out, verified)

    verified.clear()
    # one person, 30 guesses at once (each from its own address, so only the person limit applies)
    me = accounts.create_guest("Mallory")
    sid = _pw_room(host)
    out = _stampede([(me, sid, f"guess-{i:04d}", f"10.0.0.{i}") for i in range(N)])
    assert set(out) <= {"wrong_password", "rate_limited"} and out.count("rate_limited") >= N - PERSON, out
    assert len(verified) <= PERSON, f"{len(verified)} guesses verified, limit {PERSON}"
    figures = {"person": len(verified)}

    # thirty people (thirty addresses), one room: the room's limit holds
    verified.clear()
    sid = _pw_room(host)
    out = _stampede([(accounts.create_guest(f"g{i}"), sid, f"guess-{i:04d}", f"10.1.0.{i}") for i in range(N)])
    assert set(out) <= {"wrong_password", "rate_limited"}, out
    assert len(verified) <= ROOM, f"{len(verified)} guesses verified, limit {ROOM}"
    figures["room"] = len(verified)

    # thirty people behind one address, thirty rooms: the address's limit holds
    verified.clear()
    rooms = [_pw_room(host) for _ in range(N)]
    out = _stampede([(accounts.create_guest(f"a{i}"), rooms[i], f"guess-{i:04d}", "10.2.0.1") for i in range(N)])
    assert set(out) <= {"wrong_password", "rate_limited"}, out
    assert len(verified) <= ADDRESS, f"{len(verified)} guesses verified, limit {ADDRESS}"
    figures["address"] = len(verified)
    print(f"\n{N} concurrent wrong guesses, verified: {figures} (limits {PERSON}/{ROOM}/{ADDRESS})")

    # the right password from a fresh person and address still gets in where the room's budget is left
    verified.clear()
    sid = _pw_room(host)
    assert sessions.join(accounts.create_guest("Ok"), sid, "right-password", address="10.3.0.1")["role"] == \
        "participant"


def test_concurrent_guesses_are_counted_before_verifying_on_sqlite(app_db, verified):
    _guessing(verified)


def test_concurrent_guesses_are_counted_before_verifying_on_postgresql(app_db_pg, verified):
    _guessing(verified)


def test_a_full_room_answers_full_before_looking_at_the_password(app_db, verified):
    host = _host()
    sid = _pw_room(host)
    assert sessions.join(accounts.create_guest("First"), sid, "right-password", address="10.4.0.1")["role"] == \
        "participant"
    verified.clear()
    late = accounts.create_guest("Late")
    answers = []
    for guess in ("right-password", "wrong-password", ""):
        with pytest.raises(Conflict) as e:
            sessions.join(late, sid, guess, address="10.4.0.2")
        answers.append((e.value.status, e.value.error, e.value.detail))
    assert len(set(answers)) == 1 and answers[0][1] == "room_full", answers  # one answer, right or wrong
    assert verified == []  # and no password was even looked at


def test_a_room_password_has_at_least_eight_characters(app_db):
    host = _host()
    assert settings.room_password_min_length == 8
    with pytest.raises(Invalid) as e:
        sessions.create(host, "two-sum", "private", "seven77")
    assert e.value.error == "invalid_password" and "8" in e.value.detail
    assert sessions.create(host, "two-sum", "private", "eight888")["requires_password"] is True


def test_the_rest_front_doors_count_attempts_per_client_address(app_db, verified, monkeypatch):
    monkeypatch.setattr(settings, "room_password_max_per_address", 3)
    host = _host()
    rooms = [_pw_room(host) for _ in range(6)]

    async def go():
        statuses = []
        for i in range(3):  # three people at one address, three rooms: all verified, all wrong
            async with asgi_app.client("10.9.0.1", accounts.create_guest(f"p{i}")) as c:
                statuses.append((await c.post(f"/api/sessions/{rooms[i]}/join", json={"password": "nope-nope"})
                                 ).status_code)
        async with asgi_app.client("10.9.0.1", accounts.create_guest("p3")) as c:  # the address is spent: REST join
            r = await c.post(f"/api/sessions/{rooms[3]}/join", json={"password": "right-password"})
            statuses.append(r.status_code)
            assert r.json()["error"] == "rate_limited" and r.json()["detail"]
        async with asgi_app.client("10.9.0.1") as c:  # ... and the guest form
            r = await c.post(f"/api/sessions/{rooms[4]}/guest",
                             json={"display_name": "New", "password": "right-password"})
            statuses.append(r.status_code)
            assert "parley_session" not in r.headers.get("set-cookie", "")
        async with asgi_app.client("10.9.0.2") as c:  # another address is not affected
            r = await c.post(f"/api/sessions/{rooms[5]}/guest",
                             json={"display_name": "Other", "password": "right-password"})
            statuses.append(r.status_code)
        return statuses

    assert run_async(go()) == [403, 403, 403, 429, 429, 200]
    assert len(verified) == 4


def _signed_up_context(new_context):
    ctx = new_context()
    r = ctx.request.post("/api/auth/signup", data={"email": f"{uuid.uuid4().hex[:10]}@example.com",
                                                   "password": "pw-browser-1", "display_name": "Pia"})
    assert r.status == 201, r.text()
    return ctx


def test_the_dashboard_says_a_room_password_needs_eight_characters(new_context, app_server):
    page = _signed_up_context(new_context).new_page()
    page.goto("/dashboard", wait_until="networkidle")
    page.get_by_label("Who can join").click()
    page.get_by_role("option", name="Private, password").click()
    page.get_by_label("Room password").fill("short")
    page.get_by_role("button", name="Create session").click()
    page.get_by_role("alert").filter(has_text="at least 8 characters").wait_for(timeout=30000)
    assert "/dashboard" in page.url


def test_the_room_pages_join_counts_the_attempt_against_the_callers_address(new_context, app_server):
    host = httpx.Client(base_url=app_server.url, timeout=30)
    host.post("/api/auth/signup", json={"email": f"{uuid.uuid4().hex[:10]}@example.com",
                                        "password": "pw-host-pass", "display_name": "Hal"}).raise_for_status()
    sid = host.post("/api/sessions", json={"problem": "two-sum", "visibility": "private",
                                           "password": "right-password"}).json()["id"]
    db = app_server.data_dir / "parley.db"

    def attempts() -> dict[str, int]:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as c:
            return dict(c.execute("SELECT key, count(*) FROM login_attempts WHERE key LIKE 'room-pw:%' "
                                  "GROUP BY key").fetchall())

    before = attempts()
    page = _signed_up_context(new_context).new_page()
    page.goto(f"/session/{sid}", wait_until="networkidle")
    page.get_by_label("Room password").fill("wrong-guess")
    page.get_by_role("button", name="Join session").click()
    page.get_by_role("alert").filter(has_text="Wrong room password").wait_for(timeout=30000)
    deadline = time.monotonic() + 10
    while attempts().get("room-pw:ip:127.0.0.1", 0) == before.get("room-pw:ip:127.0.0.1", 0):
        assert time.monotonic() < deadline, attempts()
        time.sleep(0.2)
    assert attempts().get(f"room-pw:room:{sid}") == 1
