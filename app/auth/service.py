"""Accounts: sign up, sign in, sign out, guests, and the public view of a user.

Messages never reveal whether an email exists: a wrong password and an unknown email answer the same,
after the same argon2 work. Sign-in attempts are counted before the password is checked, per (account,
address) — so a stranger's wrong guesses lock out only the stranger — and under higher ceilings per account
(a guesser spread over many addresses) and per address (one address trying many accounts).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from app.auth import cookies, passwords, ratelimit
from app.config import settings
from app.db import session_scope
from app.errors import Conflict, Invalid, Unauthorized
from app.models import User, utcnow

EMAIL_RE = re.compile(r"^[^@\s<>\"']{1,64}@[^@\s<>\"']+\.[^@\s<>\"']{2,}$")
NAME_MAX = 40
BAD_LOGIN = "Invalid email or password."


@dataclass(frozen=True)
class Me:
    """What the app knows about the signed-in person; `email` only ever goes to its owner."""
    id: int
    display_name: str
    email: str | None
    is_guest: bool

    def public(self) -> dict:
        return {"id": self.id, "display_name": self.display_name, "is_guest": self.is_guest}

    def private(self) -> dict:
        return {**self.public(), "email": self.email}


def _me(u: User) -> Me:
    return Me(u.id, u.display_name, u.email, u.is_guest)


def clean_name(name: str | None) -> str:
    """Display names: trimmed, control characters removed, 1..40 characters. Markup stays text (rendered inert)."""
    name = "".join(ch for ch in (name or "") if unicodedata.category(ch)[0] != "C").strip()
    name = re.sub(r"\s+", " ", name)
    if not name:
        raise Invalid("Display name is required.", error="invalid_name")
    if len(name) > NAME_MAX:
        raise Invalid(f"Display name is limited to {NAME_MAX} characters.", error="invalid_name")
    return name


def clean_email(email: str | None) -> str:
    email = (email or "").strip().lower()
    if len(email) > 254 or not EMAIL_RE.match(email):
        raise Invalid("Enter a valid email address.", error="invalid_email")
    return email


def check_password_rules(password: str | None) -> str:
    password = password or ""
    if len(password) < passwords.MIN_LENGTH:
        raise Invalid(f"Password must be at least {passwords.MIN_LENGTH} characters.", error="weak_password")
    if len(password) > passwords.MAX_LENGTH:
        raise Invalid(f"Password is limited to {passwords.MAX_LENGTH} characters.", error="invalid_password")
    return password


def signup(email: str, password: str, display_name: str, upgrade_guest_id: int | None = None) -> Me:
    """Create an account, or turn the current guest into one (keeping their sessions and runs)."""
    email, name, password = clean_email(email), clean_name(display_name), check_password_rules(password)
    hashed = passwords.hash_password(password)
    try:
        with session_scope() as s:
            guest = s.get(User, upgrade_guest_id) if upgrade_guest_id else None
            if guest is not None and guest.is_guest:
                guest.email, guest.password_hash, guest.display_name, guest.is_guest = email, hashed, name, False
                user = guest
            else:
                user = User(email=email, display_name=name, password_hash=hashed)
            s.add(user)
            s.flush()
            return _me(user)
    except IntegrityError:
        raise Conflict("An account with this email already exists. Sign in instead.", error="email_taken")


def login_limits(email: str, address: str) -> dict[str, int]:
    return {f"login:pair:{address}|{email}": settings.login_max_failures,
            f"login:acct:{email}": settings.login_account_max_failures,
            f"login:ip:{address}": settings.login_address_max_failures}


def login(email: str, password: str, address: str) -> Me:
    raw = (email or "").strip().lower()[:254]
    limits = login_limits(raw, address)
    claimed = ratelimit.claim(limits, settings.login_window_seconds, "sign-in attempts")
    with session_scope() as s:
        user = s.exec(select(User).where(User.email == raw)).first() if raw else None
        stored = user.password_hash if user is not None else None
        ok = passwords.verify_password(stored, password or "")
        if ok and user is not None:
            if passwords.needs_rehash(stored):
                user.password_hash = passwords.hash_password(password)
            user.last_seen_at = utcnow()
            s.add(user)
            me = _me(user)
    if not ok:
        raise Unauthorized(BAD_LOGIN, error="invalid_credentials")
    ratelimit.release(claimed)  # a success is no failure: it counts against no ceiling
    ratelimit.clear(list(limits)[:1])  # and this person's earlier typos from this address are forgiven
    return me


def create_guest(display_name: str, *, address: str | None = None) -> Me:
    """A guest user. Front doors pass the caller's `address`: guests per address are limited
    (GUEST_MAX_PER_ADDRESS per GUEST_WINDOW_SECONDS), counted before the guest is made."""
    name = clean_name(display_name)
    if address is not None:
        ratelimit.claim({f"guest:ip:{address}": settings.guest_max_per_address}, settings.guest_window_seconds,
                        "guest sign-ins from this address", failed=False)
    with session_scope() as s:
        user = User(display_name=name, is_guest=True)
        s.add(user)
        s.flush()
        return _me(user)


def get_user(user_id: int) -> Me | None:
    with session_scope() as s:
        u = s.get(User, user_id)
        return _me(u) if u else None


def user_from_token(token: str | None) -> tuple[Me, cookies.SessionClaims] | None:
    claims = cookies.decode(token)
    if claims is None:
        return None
    me = get_user(claims.user_id)
    return (me, claims) if me else None


def user_from_cookie_header(header: str | None) -> Me | None:
    found = user_from_token(cookies.from_cookie_header(header))
    return found[0] if found else None


def logout(token: str | None) -> None:
    claims = cookies.decode(token)
    if claims is not None:
        cookies.revoke(claims)


def find_or_create_external(external_id: str, display_name: str, email: str | None) -> Me:
    """Map a Clerk/OIDC subject to a local user, creating it on first sight."""
    with session_scope() as s:
        user = s.exec(select(User).where(User.external_id == external_id)).first()
        if user is None:
            taken = email and s.exec(select(User.id).where(User.email == email)).first()
            user = User(external_id=external_id, display_name=clean_name(display_name or "User"),
                        email=None if taken else email)
            s.add(user)
            s.flush()
        return _me(user)


def delete_guest(user_id: int) -> None:
    """Undo a guest created for a join that was then refused, so refused attempts leave no users behind."""
    with session_scope() as s:
        u = s.get(User, user_id)
        if u is not None and u.is_guest:
            s.delete(u)
