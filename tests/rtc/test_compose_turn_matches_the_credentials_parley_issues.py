"""The compose file's coturn service uses the REST shared-secret scheme Parley's credentials are made for, and
credentials Parley issues verify the way coturn checks them (HMAC-SHA1 of the username, base64)."""
from __future__ import annotations

import base64
import hashlib
import hmac
import time
from pathlib import Path

import yaml

from app.config import settings
from app.rtc import ice

ROOT = Path(__file__).resolve().parents[2]


def test_compose_runs_coturn_with_the_shared_secret_scheme():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    args = compose["services"]["coturn"]["command"]
    assert "--use-auth-secret" in args
    assert "--static-auth-secret=${TURN_SECRET:?set TURN_SECRET}" in args
    assert any(a.startswith("--denied-peer-ip=127.") for a in args)  # the relay cannot reach the host's loopback


def test_issued_turn_credentials_verify_like_coturn(monkeypatch):
    monkeypatch.setattr(settings, "turn_secret", "s3cret")
    monkeypatch.setattr(settings, "ice_servers", '[{"urls": "stun:t.example:3478"}, {"urls": ["turn:t.example:3478"]}]')
    stun, turn = ice.ice_servers_for(7)
    assert "username" not in stun
    expiry, user = turn["username"].split(":")
    assert user == "parley-7" and int(expiry) > time.time()
    expected = base64.b64encode(hmac.new(b"s3cret", turn["username"].encode(), hashlib.sha1).digest()).decode()
    assert turn["credential"] == expected
