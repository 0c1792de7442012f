"""Sign-in attempts are limited per (account, address), under higher ceilings per account and per address, and
counted before the password is checked. So five wrong guesses by a stranger lock out the stranger, not the
owner signing in from elsewhere; a guesser spread over many addresses, or one address trying many accounts,
still hits a ceiling; concurrent guesses cannot outrun the count; refused attempts and successes count
against nothing. The limit's message names no account."""
from concurrent.futures import ThreadPoolExecutor

import pytest

from app.auth import service as accounts
from app.config import settings
from app.errors import TooMany, Unauthorized

STRANGER, OWNER = "203.0.113.9", "198.51.100.1"


def test_a_strangers_wrong_guesses_do_not_lock_the_owner_out(app_db):
    accounts.signup("victim@example.com", "victim-password", "V")
    for _ in range(settings.login_max_failures):
        with pytest.raises(Unauthorized):
            accounts.login("victim@example.com", "wrong-guess", STRANGER)
    # The stranger keeps hammering (more than the per-account ceiling): each attempt is refused unverified ...
    for _ in range(settings.login_account_max_failures + 5):
        with pytest.raises(TooMany):
            accounts.login("victim@example.com", "wrong-guess", STRANGER)
    with pytest.raises(TooMany):  # ... even with the right password, from the stranger's address
        accounts.login("victim@example.com", "victim-password", STRANGER)
    # ... and the owner, from their own address, signs in.
    assert accounts.login("victim@example.com", "victim-password", OWNER).display_name == "V"


def test_the_account_ceiling_stops_guesses_spread_over_addresses(app_db, monkeypatch):
    monkeypatch.setattr(settings, "login_account_max_failures", 8)
    accounts.signup("target@example.com", "target-password", "T")
    for i in range(8):
        with pytest.raises(Unauthorized):
            accounts.login("target@example.com", "wrong-guess", f"10.0.0.{i}")  # one guess per address
    with pytest.raises(TooMany) as e:
        accounts.login("target@example.com", "target-password", "10.0.1.1")
    assert "Too many failed sign-in attempts" in e.value.detail and e.value.retry_after > 0


def test_the_address_ceiling_spans_accounts(app_db, monkeypatch):
    monkeypatch.setattr(settings, "login_address_max_failures", 6)
    for i in range(6):
        with pytest.raises(Unauthorized):
            accounts.login(f"user{i}@example.com", "wrong-guess", "192.0.2.7")
    with pytest.raises(TooMany):
        accounts.login("someone-else@example.com", "whatever-1", "192.0.2.7")
    accounts.signup("fine@example.com", "fine-password", "F")
    assert accounts.login("fine@example.com", "fine-password", "192.0.2.8").display_name == "F"


def test_successes_count_against_no_ceiling(app_db, monkeypatch):
    """An office behind one address signs in all day: only failures fill the address's ceiling."""
    monkeypatch.setattr(settings, "login_address_max_failures", 3)
    monkeypatch.setattr(settings, "login_account_max_failures", 3)
    accounts.signup("busy@example.com", "busy-password", "B")
    for _ in range(6):
        assert accounts.login("busy@example.com", "busy-password", "192.0.2.50").display_name == "B"


def test_unknown_and_known_emails_are_limited_alike(app_db):
    accounts.signup("known@example.com", "known-password", "K")
    for email in ("known@example.com", "unknown@example.com"):
        for _ in range(settings.login_max_failures):
            with pytest.raises(Unauthorized):
                accounts.login(email, "wrong-guess", "198.51.100.99")
        with pytest.raises(TooMany) as e:
            accounts.login(email, "wrong-guess", "198.51.100.99")
        assert "known" not in e.value.detail


def test_a_successful_sign_in_clears_the_pair_counter(app_db):
    accounts.signup("ok@example.com", "ok-password-1", "O")
    for _ in range(settings.login_max_failures - 1):
        with pytest.raises(Unauthorized):
            accounts.login("ok@example.com", "wrong-guess", "203.0.113.1")
    accounts.login("ok@example.com", "ok-password-1", "203.0.113.1")
    for _ in range(settings.login_max_failures - 1):  # counter restarted: not yet limited
        with pytest.raises(Unauthorized):
            accounts.login("ok@example.com", "wrong-guess", "203.0.113.1")


def _concurrent_guesses(n: int) -> list[str]:
    accounts.signup("race@example.com", "race-password", "R")

    def guess(_):
        try:
            accounts.login("race@example.com", "wrong-guess", "192.0.2.99")
        except Unauthorized:
            return "verified"
        except TooMany:
            return "refused"
        return "signed in"

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(guess, range(n)))


def test_concurrent_guesses_never_verify_more_than_the_limit(app_db):
    outcomes = _concurrent_guesses(16)
    assert outcomes.count("verified") <= settings.login_max_failures, outcomes
    assert outcomes.count("refused") >= 16 - settings.login_max_failures


def test_concurrent_guesses_never_verify_more_than_the_limit_on_postgres(app_db_pg):
    outcomes = _concurrent_guesses(16)
    assert outcomes.count("verified") <= settings.login_max_failures, outcomes
    assert outcomes.count("refused") >= 16 - settings.login_max_failures
