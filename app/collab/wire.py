"""Strict reading of y-websocket frames before anything acts on them.

pycrdt's `Decoder` is lenient (a length that runs past the end yields a shorter payload, a truncated string reads
as ""), which would let a lying frame reach the document or other people's browsers. Here every varint is bounded,
every length must fit and nothing may trail: a frame is either exactly well formed or `Malformed`.
"""
from __future__ import annotations

from dataclasses import dataclass

from app import untrusted

SYNC, AWARENESS = 0, 1
STEP1, STEP2, UPDATE = 0, 1, 2
_MAX_VARINT_BYTES = 8  # 2^56: larger than any length or clock a frame under the size cap can carry
MAX_CLIENT_ID = 2**53 - 1  # Yjs client ids and clocks are JavaScript numbers


class Malformed(ValueError):
    pass


class _Reader:
    max_varint_bytes = _MAX_VARINT_BYTES

    def __init__(self, data: bytes):
        self.data, self.pos = data, 0

    def uint(self) -> int:
        value = shift = 0
        for _ in range(self.max_varint_bytes):
            if self.pos >= len(self.data):
                raise Malformed("truncated number")
            byte = self.data[self.pos]
            self.pos += 1
            value |= (byte & 0x7F) << shift
            if byte < 0x80:
                return value
            shift += 7
        raise Malformed("number too long")

    def chunk(self) -> bytes:
        n = self.uint()
        if n > len(self.data) - self.pos:
            raise Malformed("length past the end of the frame")
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out

    def end(self) -> None:
        if self.pos != len(self.data):
            raise Malformed("bytes after the end of the message")


@dataclass(frozen=True)
class Frame:
    kind: int         # SYNC or AWARENESS
    step: int | None  # STEP1 / STEP2 / UPDATE for sync frames
    payload: bytes    # a state vector, an update, or an awareness update


def parse(data: bytes) -> Frame:
    r = _Reader(data)
    kind = r.uint()
    if kind == SYNC:
        step = r.uint()
        if step not in (STEP1, STEP2, UPDATE):
            raise Malformed(f"unknown sync step {step}")
        payload = r.chunk()
        r.end()
        return Frame(SYNC, step, payload)
    if kind == AWARENESS:
        payload = r.chunk()
        r.end()
        return Frame(AWARENESS, None, payload)
    raise Malformed(f"unknown message type {kind}")


def awareness_entries(payload: bytes) -> list[tuple[int, int, dict | None]]:
    """(client id, clock, state) of an awareness update; a state is a JSON object or null (a client gone), as
    y-protocols' browsers parse it: anything else would throw in every peer's awareness handler."""
    r = _Reader(payload)
    entries = []
    for _ in range(r.uint()):
        cid, clock = r.uint(), r.uint()
        if cid > MAX_CLIENT_ID or clock > MAX_CLIENT_ID:
            raise Malformed("client id or clock out of range")
        try:
            state = untrusted.loads(r.chunk().decode("utf-8"))
        except ValueError as e:  # UnicodeDecodeError is one
            raise Malformed("awareness state is not JSON") from e
        if state is not None and not isinstance(state, dict):
            raise Malformed("awareness state is not an object")
        entries.append((cid, clock, state))
    r.end()
    return entries
