"""Failed sign-ins are limited per account and per address; the limit names no account."""
import pytest

from app.auth import service as accounts
from app.config import settings
from app.errors import TooMany, Unauthorized


def test_per_account_limit_blocks_even_the_right_password(app_db):
    accounts.signup("victim@example.com", "victim-password", "V")
    for i in range(settings.login_max_failures):
        with pytest.raises(Unauthorized):
            accounts.login("victim@example.com", "wrong-guess", f"10.0.0.{i}")  # spread over addresses
    with pytest.raises(TooMany) as e:
        accounts.login("victim@example.com", "victim-password", "10.0.1.1")
    assert "Too many failed sign-in attempts" in e.value.detail and e.value.retry_after > 0


def test_per_address_limit_spans_accounts(app_db):
    for i in range(settings.login_max_failures):
        with pytest.raises(Unauthorized):
            accounts.login(f"user{i}@example.com", "wrong-guess", "192.0.2.7")
    with pytest.raises(TooMany):
        accounts.login("someone-else@example.com", "whatever-1", "192.0.2.7")
    accounts.signup("fine@example.com", "fine-password", "F")
    assert accounts.login("fine@example.com", "fine-password", "192.0.2.8").display_name == "F"


def test_unknown_and_known_emails_are_limited_alike(app_db):
    accounts.signup("known@example.com", "known-password", "K")
    for email in ("known@example.com", "unknown@example.com"):
        for i in range(settings.login_max_failures):
            with pytest.raises(Unauthorized):
                accounts.login(email, "wrong-guess", f"198.51.100.{i}")
        with pytest.raises(TooMany) as e:
            accounts.login(email, "wrong-guess", "198.51.100.99")
        assert "known" not in e.value.detail


def test_a_successful_sign_in_clears_the_account_counter(app_db):
    accounts.signup("ok@example.com", "ok-password-1", "O")
    for _ in range(settings.login_max_failures - 1):
        with pytest.raises(Unauthorized):
            accounts.login("ok@example.com", "wrong-guess", "203.0.113.1")
    accounts.login("ok@example.com", "ok-password-1", "203.0.113.2")
    with pytest.raises(Unauthorized):
        accounts.login("ok@example.com", "wrong-guess", "203.0.113.3")  # counter restarted: not yet limited
