"""Recording chunks over HTTP (production server): a chunk is written to disk as it arrives, never held whole in
memory (its part file grows while the upload is still going); an aborted or oversize upload leaves the
recording exactly as it was and no part file behind; two concurrent uploads of one chunk store it once, never a
mix; the file is served with its canonical MIME type and `X-Content-Type-Options: nosniff`, 0600 in a 0700
directory."""
from __future__ import annotations

import json
import socket
import stat
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import httpx

from app.config import settings
from tests.collab.conftest import room  # noqa: F401 (fixture)

MB = 1024 * 1024
MAX_CHUNK = getattr(settings, "recording_max_chunk_mb", 16) * MB


def _dir(app_server, room) -> Path:
    return app_server.data_dir / "recordings" / room.id


def _parts(app_server, room) -> list[Path]:
    d = _dir(app_server, room)
    return [p for p in d.iterdir() if p.name.endswith(".part")] if d.exists() else []


def _start(room) -> str:
    r = room.host.post(f"/api/sessions/{room.id}/recordings", json={"mime_type": "video/webm;codecs=vp8,opus"})
    assert r.status_code == 201, r.text
    return r.json()["id"]


def _chunk(room, rid: str, seq: int, content, **kw) -> httpx.Response:
    return room.host.post(f"/api/sessions/{room.id}/recordings/{rid}/chunks", params={"seq": seq},
                          content=content, timeout=60, **kw)


def _headers_only(app_server, room, path: str, length: int) -> tuple[int, bytes]:
    """POST a request's head announcing `length` bytes and send none of them: (status, body) of the answer."""
    cookie = "; ".join(f"{k}={v}" for k, v in room.host.cookies.items())
    head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{app_server.port}\r\nCookie: {cookie}\r\n"
            f"Content-Type: application/octet-stream\r\nContent-Length: {length}\r\n\r\n")
    with socket.create_connection(("127.0.0.1", app_server.port), timeout=60) as sock:
        sock.sendall(head.encode())
        reply = b""
        while b"\r\n\r\n" not in reply:
            part = sock.recv(65536)
            assert part, f"closed without an answer: {reply!r}"
            reply += part
        top, rest = reply.split(b"\r\n\r\n", 1)
        size = int(next(line.split(b":")[1] for line in top.split(b"\r\n") if line.lower().startswith(b"content-length")))
        while len(rest) < size:
            part = sock.recv(65536)
            assert part, "closed mid-answer"
            rest += part
    return int(top.split()[1]), rest[:size]


def _listing(room) -> dict:
    r = room.host.get(f"/api/sessions/{room.id}/recordings")
    assert r.status_code == 200, r.text
    return {x["id"]: x for x in r.json()}


def _no_parts_soon(app_server, room, seconds: float = 10) -> list[Path]:
    deadline = time.monotonic() + seconds
    while _parts(app_server, room) and time.monotonic() < deadline:
        time.sleep(0.1)
    return _parts(app_server, room)


def test_a_chunk_is_written_to_disk_while_it_is_still_arriving(app_server, room):
    rid = _start(room)
    seen: list[int] = []

    def body():
        yield b"a" * MB
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:  # hold the rest back until the first MB is on disk
            sizes = [p.stat().st_size for p in _parts(app_server, room)]
            if sizes and max(sizes) >= MB // 2:
                seen.append(max(sizes))
                break
            time.sleep(0.05)
        yield b"b" * MB

    r = _chunk(room, rid, 0, body())
    assert r.status_code == 200, r.text
    assert seen, "nothing reached the disk before the whole chunk had arrived (it was buffered in memory)"
    assert (r.json()["size_bytes"], r.json()["chunks"]) == (2 * MB, 1)
    data = (_dir(app_server, room) / f"{rid}.bin").read_bytes()
    assert data == b"a" * MB + b"b" * MB
    assert _no_parts_soon(app_server, room) == []


def _raw_post(app_server, room, path: str, declared: int, send: bytes) -> None:
    """An upload that stops half-way: headers promise `declared` bytes, `send` are sent, the socket closes."""
    url = urlparse(app_server.url)
    cookie = f"parley_session={room.host.cookies['parley_session']}"
    with socket.create_connection((url.hostname, url.port), timeout=10) as s:
        s.sendall((f"POST {path} HTTP/1.1\r\nHost: {url.netloc}\r\nCookie: {cookie}\r\n"
                   f"Content-Type: application/octet-stream\r\nContent-Length: {declared}\r\n\r\n").encode())
        s.sendall(send)
        time.sleep(0.5)


def test_an_aborted_upload_leaves_the_recording_as_it_was(app_server, room):
    rid = _start(room)
    assert _chunk(room, rid, 0, b"first").status_code == 200
    before = _listing(room)[rid]
    _raw_post(app_server, room, f"/api/sessions/{room.id}/recordings/{rid}/chunks?seq=1", 2 * MB, b"x" * MB)
    assert _no_parts_soon(app_server, room) == []
    after = _listing(room)[rid]
    assert (after["size_bytes"], after["chunks"]) == (before["size_bytes"], before["chunks"]) == (5, 1)
    assert (_dir(app_server, room) / f"{rid}.bin").read_bytes() == b"first"
    assert _chunk(room, rid, 1, b"second").json()["chunks"] == 2  # the retry goes through


def test_an_oversize_chunk_is_refused_with_413_and_changes_nothing(app_server, room):
    rid = _start(room)
    assert _chunk(room, rid, 0, b"first").status_code == 200
    # with a Content-Length over the limit: refused before any of the body is read (none is sent)
    status, body = _headers_only(app_server, room, f"/api/sessions/{room.id}/recordings/{rid}/chunks?seq=1",
                                 MAX_CHUNK + 1)
    assert status == 413 and json.loads(body)["error"] == "chunk_too_large" and json.loads(body)["detail"]

    def stream():  # no Content-Length (chunked): refused once the limit is passed
        for _ in range(MAX_CHUNK // MB + 2):
            yield b"y" * MB
    # on a connection of its own: the server may close it while the client is still sending, and a pooled
    # connection closed that way would fail the host's next request
    with httpx.Client(base_url=room.host.base_url, cookies=room.host.cookies, headers=room.host.headers) as once:
        try:
            r = once.post(f"/api/sessions/{room.id}/recordings/{rid}/chunks", params={"seq": 1}, content=stream(),
                          timeout=60)
            assert r.status_code == 413 and r.json()["error"] == "chunk_too_large"
        except httpx.HTTPError:
            pass
    assert _no_parts_soon(app_server, room) == []
    state = _listing(room)[rid]
    assert (state["size_bytes"], state["chunks"]) == (5, 1)
    assert (_dir(app_server, room) / f"{rid}.bin").read_bytes() == b"first"


def test_concurrent_uploads_of_one_chunk_never_interleave(app_server, room):
    rid = _start(room)
    n, part = 4, 256 * 1024
    gate = threading.Barrier(n)
    results: list = [None] * n

    def body(i):
        gate.wait(timeout=30)
        for _ in range(8):  # slow, interleaved streams
            yield bytes([65 + i]) * part
            time.sleep(0.02)

    def upload(i):
        try:
            results[i] = _chunk(room, rid, 0, body(i)).status_code
        except httpx.HTTPError as e:
            results[i] = repr(e)

    threads = [threading.Thread(target=upload, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(90)
    assert set(results) <= {200, 409}, results
    data = (_dir(app_server, room) / f"{rid}.bin").read_bytes()
    state = _listing(room)[rid]
    assert len(data) == state["size_bytes"] == 8 * part and state["chunks"] == 1, (len(data), state)
    assert len(set(data)) == 1
    assert _no_parts_soon(app_server, room) == []


def test_recordings_are_served_with_their_canonical_type_and_nosniff_and_kept_private(app_server, room):
    rid = _start(room)
    assert _chunk(room, rid, 0, b"<html><script>alert(1)</script>").status_code == 200
    assert _listing(room)[rid]["mime_type"] == "video/webm"
    for who in ("host", "guest"):
        r = getattr(room, who).get(f"/api/sessions/{room.id}/recordings/{rid}")
        assert r.status_code == 200
        assert r.headers["content-type"] == "video/webm"
        assert r.headers["x-content-type-options"] == "nosniff"
    path = _dir(app_server, room) / f"{rid}.bin"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.parent.parent.stat().st_mode) == 0o700
