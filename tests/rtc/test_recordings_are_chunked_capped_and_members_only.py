"""Recordings: only the host starts one; chunks append in order (a retried chunk is stored once, concurrent
uploads never interleave); the size cap, the per-session and per-person quotas and the free-disk floor hold
with clear errors (413/507); both members (and nobody else) can list and read it; nothing is added, started or
finished once the room has ended (ending it closes open recordings); the MIME type is stored canonical; files
are 0600 in 0700 directories."""
from __future__ import annotations

import shutil
import stat
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from app.auth import service as auth
from app.config import settings
from app.errors import Conflict, Forbidden, Gone, InsufficientStorage, Invalid, TooLarge
from app.rtc import recordings
from app.sessions import service as sessions
from tests.conftest import run_async, two_person_room


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


MB = 1024 * 1024


def test_quotas_per_person_and_per_session_answer_413_and_the_disk_floor_507(app_db, monkeypatch):
    """Past a quota or under the free-disk floor a chunk is refused with a clear error and nothing is stored."""
    monkeypatch.setattr(settings, "recording_session_quota_mb", 1)
    monkeypatch.setattr(settings, "recording_person_quota_mb", 2)
    host, _, sid = two_person_room("Gus")
    a = recordings.start(host, sid, "video/webm")
    recordings.append(host, sid, a["id"], 0, b"a" * (MB // 2 + 1000))
    b = recordings.start(host, sid, "video/webm")
    with pytest.raises(TooLarge) as e:  # this session's recordings would pass 1 MB
        recordings.append(host, sid, b["id"], 0, b"b" * (MB // 2))
    assert (e.value.status, e.value.error) == (413, "session_recording_quota") and "1 MB" in e.value.detail
    assert recordings.list_for(host, sid)[0]["size_bytes"] == MB // 2 + 1000
    assert recordings._path(sid, b["id"]).stat().st_size == 0

    sessions.end(host, sid)
    for i in range(3):  # the same host records in more rooms: 2 MB in all is their limit
        other = _room_of(host)
        rec = recordings.start(host, other, "video/webm")
        if i < 2:
            recordings.append(host, other, rec["id"], 0, b"c" * (MB // 2))
        else:
            with pytest.raises(TooLarge) as e:
                recordings.append(host, other, rec["id"], 0, b"c" * (MB // 2))
            assert e.value.error == "person_recording_quota" and "2 MB" in e.value.detail

    sid2 = _room_of(host)
    rec = recordings.start(host, sid2, "video/webm")
    free_mb = shutil.disk_usage(recordings._path(sid2, rec["id"]).parent).free // MB
    monkeypatch.setattr(settings, "recording_min_free_mb", free_mb + 1024)  # the floor is above what is free
    with pytest.raises(InsufficientStorage) as e:
        recordings.append(host, sid2, rec["id"], 0, b"d" * 1000)
    assert (e.value.status, e.value.error) == (507, "disk_full") and e.value.detail
    with pytest.raises(InsufficientStorage):
        recordings.start(host, sid2, "video/webm")
    assert recordings._path(sid2, rec["id"]).stat().st_size == 0


def _room_of(host) -> str:
    """Another live room of the same host, with a participant."""
    sid = sessions.create(host, "two-sum")["id"]
    sessions.join(auth.create_guest("Gus"), sid)
    return sid


def test_no_chunk_start_or_finish_once_the_session_has_ended(app_db):
    host, _, sid = two_person_room("Gus")
    rec = recordings.start(host, sid, "video/webm")
    recordings.append(host, sid, rec["id"], 0, b"abc")
    sessions.end(host, sid)
    for attempt in (lambda: recordings.append(host, sid, rec["id"], 1, b"late"),
                    lambda: recordings.finish(host, sid, rec["id"]),
                    lambda: recordings.start(host, sid, "video/webm")):
        with pytest.raises(Gone) as e:
            attempt()
        assert e.value.status == 410 and e.value.error == "session_ended"
    assert recordings._path(sid, rec["id"]).read_bytes() == b"abc"


def test_ending_the_room_closes_its_open_recordings(app_db):
    """The REST end (and every other door through events.room_ended) marks unfinished recordings finished."""
    from tests import asgi_app

    host, _, sid = two_person_room("Gus")
    rec = recordings.start(host, sid, "video/webm")
    recordings.append(host, sid, rec["id"], 0, b"abc")

    async def end():
        async with asgi_app.client("127.0.0.1", host) as c:
            return (await c.post(f"/api/sessions/{sid}/end", json={})).status_code
    assert run_async(end()) == 200
    done = recordings.list_for(host, sid)[0]
    assert done["finished"] is True and done["ended_at"] and done["size_bytes"] == 3


def test_the_mime_type_is_stored_canonical(app_db):
    host, _, sid = two_person_room("Gus")
    for given, stored in (("video/webm;codecs=vp8,opus", "video/webm"), ("VIDEO/MP4; codecs=avc1", "video/mp4"),
                          (" video/webm ", "video/webm")):
        rec = recordings.start(host, sid, given)
        assert rec["mime_type"] == stored
        recordings.append(host, sid, rec["id"], 0, b"x")
        assert recordings.file_for(host, sid, rec["id"])[1] == stored
    for bad in ("text/html", "video/webm\r\nX-Evil: 1", "video/webmx", "", None, "video/mp4;" + "x" * 500):
        with pytest.raises(Invalid):
            recordings.start(host, sid, bad)


def test_recording_files_are_0600_in_0700_directories(app_db):
    host, _, sid = two_person_room("Gus")
    rec = recordings.start(host, sid, "video/webm")
    recordings.append(host, sid, rec["id"], 0, b"private")
    path = recordings._path(sid, rec["id"])
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.parent.parent.stat().st_mode) == 0o700
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no chunk files left behind


def test_concurrent_uploads_of_one_chunk_store_it_once_and_never_interleave(app_db):
    host, _, sid = two_person_room("Gus")
    rec = recordings.start(host, sid, "video/webm")
    n = 8
    barrier = threading.Barrier(n)

    def upload(i):
        barrier.wait(timeout=30)
        try:
            return recordings.append(host, sid, rec["id"], 0, bytes([65 + i]) * 200_000)["chunks"]
        except Conflict as e:
            return e.error

    with ThreadPoolExecutor(n) as pool:
        out = list(pool.map(upload, range(n)))
    data = recordings._path(sid, rec["id"]).read_bytes()
    listed = recordings.list_for(host, sid)[0]
    assert len(data) == listed["size_bytes"] == 200_000 and listed["chunks"] == 1, (len(data), listed, out)
    assert len(set(data)) == 1  # one upload's bytes, not a mix
