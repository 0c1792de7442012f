"""The shared whiteboard: the `whiteboard` Y.Map of a room's document, element id -> Excalidraw element (a JSON
object), which clients reconcile by the element's `version`. The server applies an update first and then checks
every element it touched; one bad element refuses the whole update (nothing stored or relayed)."""
from __future__ import annotations

import json
import math
import re
import zlib

from app.config import settings

NAME = "whiteboard"
# Shapes a person draws. Not image (needs uploaded files), embeddable/iframe (load other sites into everyone's
# page), magicframe (calls an AI service) or selection (never stored).
TYPES = frozenset({"rectangle", "ellipse", "diamond", "line", "arrow", "freedraw", "text", "frame"})
_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_LINK = re.compile(r"https?://[^\s\"'<>]{1,2000}")


class InvalidElement(ValueError):
    pass


def _finite(value) -> None:
    """JSON only: no bytes, no NaN/Infinity (which Excalidraw would render as a broken scene for everyone)."""
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
        elif isinstance(v, float) and not math.isfinite(v):
            raise InvalidElement("a number that is not finite")
        elif not (v is None or isinstance(v, (str, int, float, bool))):
            raise InvalidElement(f"a value that is not JSON ({type(v).__name__})")


def check_element(key, value) -> None:
    """Raise InvalidElement unless `value` is an element Parley stores under `key`."""
    if not isinstance(key, str) or not _ID.fullmatch(key):
        raise InvalidElement("an element id must be 1-64 letters, digits, _ or -")
    if not isinstance(value, dict):
        raise InvalidElement("an element must be a JSON object")
    _finite(value)
    size = len(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode())
    if size > settings.whiteboard_max_element_bytes:
        raise InvalidElement(f"an element over {settings.whiteboard_max_element_bytes} bytes")
    if value.get("id") != key:
        raise InvalidElement("an element's id must be its key")
    if value.get("type") not in TYPES:
        raise InvalidElement("unsupported element type")
    version = value.get("version")  # a JavaScript number: yrs reads a large or non-JS integer back as a float
    if (isinstance(version, bool) or not isinstance(version, (int, float)) or not 1 <= version < 2**53
            or version != int(version)):
        raise InvalidElement("an element's version must be a positive integer")
    if not isinstance(value.get("isDeleted", False), bool):
        raise InvalidElement("isDeleted must be true or false")
    link = value.get("link")
    if link is not None and not (isinstance(link, str) and _LINK.fullmatch(link)):
        raise InvalidElement("a link must be an http(s) URL")


_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
STARTER_MAX = 200


def _index(i: int) -> str:
    """Excalidraw's fractional index of the i-th element (`a0`..`az`, then `b00`..): every browser orders the
    starter the same way, instead of each numbering it on its own."""
    return "a" + _DIGITS[i] if i < 62 else "b" + _DIGITS[(i - 62) // 62] + _DIGITS[(i - 62) % 62]


TEXT_FONT = 5  # Excalifont, Excalidraw 0.18's default hand-drawn font (bundled in our assets)


def starter(spec) -> list[dict]:
    """A problem file's starter drawing as board elements. Each entry is an Excalidraw element (as in a `.excalidraw`
    file); `id` (starter-<n>), `version` (1), `index` (file order), `seed` and a text's `fontFamily` may be left
    out. Browsers fill the other fields with Excalidraw's defaults (restoreElements). Raises InvalidElement naming
    the entry."""
    if spec is None:
        return []
    if not isinstance(spec, list):
        raise InvalidElement("whiteboard: must be a list of elements")
    if len(spec) > STARTER_MAX:
        raise InvalidElement(f"whiteboard: at most {STARTER_MAX} elements")
    out, seen = [], set()
    for i, raw in enumerate(spec):
        if not isinstance(raw, dict):
            raise InvalidElement(f"whiteboard[{i}]: must be a mapping")
        el = {"id": f"starter-{i}", "version": 1, "isDeleted": False, "index": _index(i), **raw}
        el.setdefault("seed", zlib.crc32(str(el["id"]).encode()) % 2**31 or 1)
        if el.get("type") == "text":  # restoreElements leaves a missing font undefined: the text would draw unstyled
            el.setdefault("fontFamily", TEXT_FONT)
        try:
            check_element(el["id"], el)
            for key in ("x", "y"):
                if isinstance(el.get(key), bool) or not isinstance(el.get(key, 0), (int, float)):
                    raise InvalidElement(f"{key} must be a number")
        except InvalidElement as e:
            raise InvalidElement(f"whiteboard[{i}]: {e}") from None
        if el["id"] in seen:
            raise InvalidElement(f"whiteboard[{i}]: the id {el['id']!r} is used twice")
        seen.add(el["id"])
        out.append(el)
    return out


def check_board(board, keys) -> None:
    """Check the elements under `keys` (the ones an update just added or replaced) and the board's size."""
    if len(board) > settings.whiteboard_max_elements:
        raise InvalidElement(f"the whiteboard is over {settings.whiteboard_max_elements} elements")
    for key in keys:
        if key in board:
            check_element(key, board[key])


def elements(doc) -> list[dict]:
    """The board's elements as everyone sees them (deleted ones left out), each re-checked: a document stored
    before these checks existed must not hand anything else to a page."""
    from pycrdt import Map

    out = []
    try:
        board = doc.get(NAME, type=Map)
        items = list(board.items())
    except Exception:  # the name holds something else (not reachable through the checked socket)
        return out
    for key, value in items:
        try:
            check_element(key, value)
        except InvalidElement:
            continue
        if not value.get("isDeleted"):
            out.append(value)
    return sorted(out, key=lambda e: (str(e.get("index") or ""), e["id"]))
