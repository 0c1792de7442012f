"""Recordings: only the host starts one; chunks append in order (a retried chunk is stored once); the size cap
holds; both members (and nobody else) can list and read it; an ended room cannot start a new one."""
from __future__ import annotations

import time

import pytest

from app.auth import service as auth
from app.config import settings
from app.errors import Conflict, Forbidden, Gone, TooLarge
from app.rtc import recordings
from app.sessions import service as sessions
from tests.conftest import two_person_room


def test_chunks_append_in_order_and_both_members_can_read_it(app_db):
    host, guest, sid = two_person_room("Gus")
    with pytest.raises(Forbidden):
        recordings.start(guest, sid, "video/webm")
    rec = recordings.start(host, sid, "video/webm;codecs=vp8,opus")
    recordings.append(host, sid, rec["id"], 0, b"abc")
    recordings.append(host, sid, rec["id"], 0, b"abc")  # a retried upload
    recordings.append(host, sid, rec["id"], 1, b"def")
    with pytest.raises(Conflict):
        recordings.append(host, sid, rec["id"], 5, b"gap")
    with pytest.raises(Forbidden):
        recordings.append(guest, sid, rec["id"], 2, b"not yours")
    done = recordings.finish(host, sid, rec["id"])
    assert (done["size_bytes"], done["chunks"], done["finished"]) == (6, 2, True)
    with pytest.raises(Conflict):
        recordings.append(host, sid, rec["id"], 2, b"late")
    for who in (host, guest):
        assert [r["id"] for r in recordings.list_for(who, sid)] == [rec["id"]]
        path, mime = recordings.file_for(who, sid, rec["id"])
        assert path.read_bytes() == b"abcdef" and mime == "video/webm"
    stranger = auth.signup(f"s{time.monotonic_ns()}@example.com", "stranger-pw-1", "Sam")
    with pytest.raises(Forbidden):
        recordings.list_for(stranger, sid)
    with pytest.raises(Forbidden):
        recordings.file_for(stranger, sid, rec["id"])


def test_the_size_cap_holds_and_ended_rooms_cannot_record(app_db, monkeypatch):
    monkeypatch.setattr(settings, "recording_max_mb", 1)
    host, _, sid = two_person_room("Gus")
    rec = recordings.start(host, sid, "video/webm")
    recordings.append(host, sid, rec["id"], 0, b"x" * 1000_000)
    with pytest.raises(TooLarge):
        recordings.append(host, sid, rec["id"], 1, b"x" * 100_000)
    sessions.end(host, sid)
    with pytest.raises(Gone):
        recordings.start(host, sid, "video/webm")
    assert recordings.list_for(host, sid)[0]["size_bytes"] == 1000_000  # still playable after the end
