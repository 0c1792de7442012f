"""A strict walk over a Yjs update (format v1) before yrs decodes it.

yrs decodes nested `Any` values (what a Y.Map or Y.Array holds: objects, arrays) recursively: about 50,000 nested
arrays in one 100 KB update overflow the server's stack and the whole process dies (SIGSEGV, measured with pycrdt
0.14.13), which no exception handler can catch. Here every struct, every content and every value is read with
bounded numbers and a bounded nesting depth; anything else is `Malformed` and never reaches yrs. Like yrs, it reads
64-bit numbers and stops after the delete set (what yrs itself accepts and refuses is left to yrs).
"""
from __future__ import annotations

from app.collab.wire import Malformed, _Reader

MAX_DEPTH = 32  # nesting of objects/arrays in one value; an Excalidraw element needs 3
_TYPE_REFS_WITH_NAME = (3, 5)  # Y.XmlElement (node name) and Y.XmlHook (hook name) carry a string
_MAX_TYPE_REF = 6


class _Update(_Reader):
    max_varint_bytes = 10  # a u64, as yrs reads them

    def string(self) -> bytes:
        return self.chunk()

    def skip(self, n: int) -> None:
        if n > len(self.data) - self.pos:
            raise Malformed("value past the end of the update")
        self.pos += n

    def any(self, depth: int = 0) -> None:
        if depth > MAX_DEPTH:
            raise Malformed(f"a value nested deeper than {MAX_DEPTH}")
        if self.pos >= len(self.data):
            raise Malformed("truncated value")
        tag = self.data[self.pos]
        self.pos += 1
        if tag in (127, 126, 121, 120):  # undefined, null, false, true
            return
        if tag == 125:  # lib0's signed varint: the same continuation bit as an unsigned one
            self.uint()
        elif tag == 124:
            self.skip(4)
        elif tag in (123, 122):
            self.skip(8)
        elif tag in (119, 116):  # string, bytes
            self.chunk()
        elif tag == 118:
            for _ in range(self._count()):
                self.string()
                self.any(depth + 1)
        elif tag == 117:
            for _ in range(self._count()):
                self.any(depth + 1)
        else:
            raise Malformed(f"unknown value tag {tag}")

    def _count(self) -> int:
        """A count of things that each take at least one byte: more than the bytes left is a lie."""
        n = self.uint()
        if n > len(self.data) - self.pos:
            raise Malformed("count past the end of the update")
        return n

    def content(self, ref: int) -> None:
        if ref == 1:  # deleted
            self.uint()
        elif ref == 2:  # JSON strings
            for _ in range(self._count()):
                self.string()
        elif ref in (3, 4, 5):  # binary, string, embed (JSON string)
            self.chunk()
        elif ref == 6:  # format: key, JSON value
            self.string()
            self.string()
        elif ref == 7:
            type_ref = self.uint()
            if type_ref > _MAX_TYPE_REF:
                raise Malformed(f"unknown shared type {type_ref}")
            if type_ref in _TYPE_REFS_WITH_NAME:
                self.string()
        elif ref == 8:
            for _ in range(self._count()):
                self.any()
        elif ref == 9:  # a sub-document: guid, options
            self.string()
            self.any()
        else:
            raise Malformed(f"unknown content {ref}")

    def struct(self) -> None:
        if self.pos >= len(self.data):
            raise Malformed("truncated struct")
        info = self.data[self.pos]
        self.pos += 1
        ref = info & 0x1F
        if ref in (0, 10):  # GC, Skip
            self.uint()
            return
        if info & 0x80:
            self.uint(), self.uint()
        if info & 0x40:
            self.uint(), self.uint()
        if not info & 0xC0:
            if self.uint() == 1:
                self.string()  # a root type's name
            else:
                self.uint(), self.uint()  # the parent item's id
            if info & 0x20:
                self.string()  # the map key
        self.content(ref)


def check(update: bytes) -> None:
    """Raise Malformed unless `update` reads as a v1 update whose values nest at most MAX_DEPTH deep."""
    r = _Update(update)
    for _ in range(r._count()):
        structs = r._count()
        r.uint(), r.uint()  # client, first clock
        for _ in range(structs):
            r.struct()
    for _ in range(r._count()):  # the delete set
        r.uint()
        for _ in range(r._count()):
            r.uint(), r.uint()
