"""How alike two programs are, the way MOSS measures it: winnowed fingerprints of normalised token k-grams.

Identifiers become one token and literals another, so renaming variables changes nothing; fingerprints are local
(k tokens), so moving whole functions around changes only the few k-grams that span a boundary; the fingerprints of
the problem's starter code are taken out of both sides, so the boilerplate every solution shares counts for nothing.
Scores are the share of fingerprints the two programs have in common (Dice: 2|A∩B| / (|A|+|B|)).
"""
from __future__ import annotations

import hashlib
from functools import lru_cache

from pygments.lexers import get_lexer_by_name
from pygments.token import Comment, Keyword, Literal, Name, Operator, Punctuation, Text, Token

K = 5          # tokens per k-gram: long enough to be distinctive, short enough to survive small edits
WINDOW = 4     # winnowing window: any match of K + WINDOW - 1 tokens is guaranteed to share a fingerprint
MIN_PRINTS = 4  # fewer fingerprints than this (an empty or starter-only file) has no meaningful score

LEXERS = {"python": "python3", "javascript": "javascript", "typescript": "typescript", "java": "java",
          "cpp": "cpp", "c": "c", "go": "go"}


@lru_cache(maxsize=None)
def _lexer(language: str):
    return get_lexer_by_name(LEXERS.get(language, language), stripnl=False, ensurenl=False)


def tokens(code: str, language: str) -> list[str]:
    """The program as normalised tokens: names → `N` (built-ins kept: they cannot be renamed), numbers → `0`,
    strings → `S`; comments and whitespace dropped; keywords, operators and punctuation kept as written."""
    out: list[str] = []
    for kind, text in _lexer(language).get_tokens(code):
        if kind in Comment or kind in Text or kind is Token.Text.Whitespace or not text.strip():
            continue
        if kind in Name.Builtin or kind in Name.Builtin.Pseudo:
            out.append(text)
        elif kind in Name:
            out.append("N")
        elif kind in Literal.String:
            if out and out[-1] == "S":  # one string literal may lex as several pieces
                continue
            out.append("S")
        elif kind in Literal.Number:
            out.append("0")
        elif kind in Keyword or kind in Operator or kind in Punctuation:
            out.append(text)
        else:
            out.append(text.strip())
    return out


def _hash(gram: tuple[str, ...]) -> int:
    return int.from_bytes(hashlib.blake2b("\x1f".join(gram).encode(), digest_size=8).digest(), "big")


def fingerprints(code: str, language: str) -> set[int]:
    """Winnowing (Schleimer, Wilkerson, Aiken 2003): the smallest k-gram hash of every window of WINDOW hashes."""
    toks = tokens(code, language)
    hashes = [_hash(tuple(toks[i:i + K])) for i in range(len(toks) - K + 1)]
    if len(hashes) <= WINDOW:
        return set(hashes)
    chosen: set[int] = set()
    for i in range(len(hashes) - WINDOW + 1):
        chosen.add(min(hashes[i:i + WINDOW]))
    return chosen


def similarity(a: str, b: str, language: str, base: str = "") -> float | None:
    """0..1 likeness of two programs in one language, ignoring what both share with `base` (the starter code);
    None when either side has too little of its own to compare."""
    common = fingerprints(base, language) if base else set()
    fa, fb = fingerprints(a, language) - common, fingerprints(b, language) - common
    if len(fa) < MIN_PRINTS or len(fb) < MIN_PRINTS:
        return None
    return 2 * len(fa & fb) / (len(fa) + len(fb))
