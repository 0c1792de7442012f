"""Credentials Parley issues verify the way coturn's REST shared-secret scheme checks them (HMAC-SHA1 of the
username, base64) and carry their expiry."""
from __future__ import annotations

import base64
import hashlib
import hmac
import time

from app.config import settings
from app.rtc import ice


def test_issued_turn_credentials_verify_like_coturn(monkeypatch):
    monkeypatch.setattr(settings, "turn_secret", "s3cret")
    monkeypatch.setattr(settings, "ice_servers", '[{"urls": "stun:t.example:3478"}, {"urls": ["turn:t.example:3478"]}]')
    stun, turn = ice.ice_servers_for(7)
    assert "username" not in stun
    expiry, user = turn["username"].split(":")
    assert user == "parley-7" and int(expiry) > time.time()
    expected = base64.b64encode(hmac.new(b"s3cret", turn["username"].encode(), hashlib.sha1).digest()).decode()
    assert turn["credential"] == expected
