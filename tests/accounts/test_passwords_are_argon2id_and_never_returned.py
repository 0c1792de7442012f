"""Passwords (account and room) are stored as argon2id hashes and never come back in any answer."""
from sqlmodel import select

from app.auth import service as accounts
from app.db import session_scope
from app.models import InterviewSession, User
from app.sessions import service as sessions


def test_account_password_is_an_argon2id_hash(app_db):
    me = accounts.signup("Ada@Example.com", "correct horse battery", "Ada")
    with session_scope() as s:
        row = s.exec(select(User).where(User.id == me.id)).one()
    assert row.email == "ada@example.com"
    assert row.password_hash.startswith("$argon2id$")
    assert "correct horse" not in row.password_hash
    assert "password" not in str(me.private()) and "hash" not in str(me.private())


def test_room_password_is_hashed_and_never_in_views(app_db):
    host = accounts.signup("host@example.com", "host-password-1", "Host")
    view = sessions.create(host, "two-sum", "private", "s3cret-room")
    with session_scope() as s:
        row = s.get(InterviewSession, view["id"])
    assert row.password_hash.startswith("$argon2id$")
    assert "s3cret-room" not in str(view) and "argon2" not in str(view)
    assert view["requires_password"] is True


def test_sign_in_with_right_password_works_and_wrong_one_does_not(app_db):
    accounts.signup("bob@example.com", "bob-password-1", "Bob")
    assert accounts.login("BOB@example.com", "bob-password-1", "127.0.0.1").display_name == "Bob"
    import pytest

    from app.errors import Unauthorized

    with pytest.raises(Unauthorized) as wrong:
        accounts.login("bob@example.com", "nope-nope-nope", "127.0.0.1")
    with pytest.raises(Unauthorized) as unknown:
        accounts.login("nobody@example.com", "nope-nope-nope", "127.0.0.1")
    assert wrong.value.detail == unknown.value.detail  # never reveals whether the email exists


def test_signup_rejects_bad_input_with_clear_messages(app_db):
    import pytest

    from app.errors import Conflict, Invalid

    for email, password, name, needle in [("not-an-email", "long-enough-1", "A", "valid email"),
                                          ("a@example.com", "short", "A", "at least 8"),
                                          ("a@example.com", "long-enough-1", "   ", "Display name"),
                                          ("a@example.com", "long-enough-1", "x" * 41, "40 characters")]:
        with pytest.raises(Invalid, match=needle):
            accounts.signup(email, password, name)
    accounts.signup("a@example.com", "long-enough-1", "A")
    with pytest.raises(Conflict, match="already exists"):
        accounts.signup("A@example.com", "long-enough-2", "B")
