"""The sign-in cookie's JWT: expiry, tampering, wrong key and revocation are all rejected; renewal issues
a fresh token only for tokens past half their life."""
import time

import jwt

from app.auth import cookies, room_tokens
from app.auth import service as accounts
from app.config import settings


def test_valid_token_decodes(app_db):
    me = accounts.signup("t@example.com", "token-password", "T")
    claims = cookies.decode(cookies.issue(me.id))
    assert claims.user_id == me.id and not claims.wants_renewal


def test_expired_token_is_rejected(app_db):
    me = accounts.signup("t@example.com", "token-password", "T")
    assert cookies.decode(cookies.issue(me.id, ttl=-10)) is None


def test_tampered_and_foreign_tokens_are_rejected(app_db):
    me = accounts.signup("t@example.com", "token-password", "T")
    token = cookies.issue(me.id)
    head, body, sig = token.split(".")
    assert cookies.decode(f"{head}.{body}.{sig[:-2]}{'AA' if sig[-2:] != 'AA' else 'BB'}") is None
    forged = jwt.encode({"sub": "1", "aud": cookies.AUDIENCE, "iat": int(time.time()), "exp": int(time.time()) + 60,
                         "jti": "x"}, "another-secret-that-is-32-bytes-long!", algorithm="HS256")
    assert cookies.decode(forged) is None
    none_alg = jwt.encode({"sub": str(me.id), "aud": cookies.AUDIENCE, "iat": 1, "exp": 2 ** 40, "jti": "y"},
                          None, algorithm="none")
    assert cookies.decode(none_alg) is None
    room = room_tokens.issue(me.id, "room1", "host", "T")  # a room token is not a session token
    assert cookies.decode(room) is None
    assert cookies.decode("garbage") is None and cookies.decode("") is None


def test_sign_out_revokes_the_token(app_db):
    me = accounts.signup("t@example.com", "token-password", "T")
    token = cookies.issue(me.id)
    accounts.logout(token)
    assert cookies.decode(token) is None
    assert accounts.user_from_token(token) is None


def test_old_tokens_want_renewal(app_db):
    now = int(time.time())
    old = jwt.encode({"sub": "1", "aud": cookies.AUDIENCE, "iat": now - 3600, "exp": now + 600, "jti": "z"},
                     settings.secret, algorithm="HS256")
    assert cookies.decode(old).wants_renewal


def test_cookie_header_parsing_tolerates_garbage(app_db):
    assert cookies.from_cookie_header('a=b; parley_session=abc.def.ghi; c="d"') == "abc.def.ghi"
    assert cookies.from_cookie_header("\x00;;;=") is None
    assert cookies.from_cookie_header(None) is None
