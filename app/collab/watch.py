"""What the timeline learns from the shared document as updates apply: large pastes (one update inserting at least
PASTE_FLAG_CHARS characters of code) and language switches (`meta.language`); and the whiteboard elements an update
touched, which must pass `whiteboard.check_board` (an update that fails it raises InvalidElement after applying).

Observers cost ~40 µs an update in pycrdt, more than the rest of a keystroke's handling, so the text observers are
attached only around an update big enough to hold a paste; a language switch is one map read per update."""
from __future__ import annotations

from dataclasses import dataclass

from pycrdt import Doc, Map, Text

from app.collab import whiteboard
from app.config import settings


@dataclass
class Applied:
    inserted: int = 0          # characters of code this update inserted (counted for big updates only)
    language: str | None = None  # the new on-screen language, when this update switched it


def _language(doc: Doc) -> str | None:
    try:
        value = doc.get("meta", type=Map).get("language")
    except Exception:  # a document whose meta is not a map (refused by the server's checks before it gets here)
        return None
    return value if isinstance(value, str) else None


class DocWatch:
    def __init__(self, doc: Doc):
        self.doc = doc
        self.language = _language(doc)
        self.board = doc.get(whiteboard.NAME, type=Map)
        self._touched: set[str] = set()
        # permanent: it runs only for updates that change the board (a keystroke pays nothing for it)
        self._board_sub = self.board.observe(lambda event: self._touched.update(event.keys))

    def apply(self, update: bytes) -> Applied:
        """Apply `update` to the document and say what it did."""
        out = Applied()
        subs = []
        if len(update) >= settings.paste_flag_chars:
            def count(event) -> None:
                out.inserted += sum(len(d["insert"]) for d in event.delta if isinstance(d.get("insert"), str))
            for name in list(self.doc.keys()):
                if name.startswith("code:"):
                    try:
                        text = self.doc.get(name, type=Text)
                    except Exception:
                        continue
                    subs.append((text, text.observe(count)))
        self._touched.clear()
        try:
            self.doc.apply_update(update)
        finally:
            for text, sub in subs:
                text.unobserve(sub)
        if self._touched:
            whiteboard.check_board(self.board, self._touched)
        language = _language(self.doc)
        if language != self.language:
            out.language = self.language = language
        return out
