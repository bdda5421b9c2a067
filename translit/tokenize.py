"""How text is cut into words (converted) and everything else (copied byte for byte).

A word is a run of letters of any script, combining marks, and apostrophes between letters (oʻ, o'zbek,
maʼno). A lone letter followed by a dot is one word with its dot, so that rules can see initials (Ё. → Y.).
URLs, e-mail addresses and @handles are single tokens that are never converted.
"""

from __future__ import annotations

import re

from translit.contexts import APOSTROPHES

_L = r"(?:[^\W\d_]|[\u0300-\u036f])"
_A = "[" + re.escape(APOSTROPHES) + "]"
# A word may also end in an apostrophe right after o or g: bog' and tog‘ are bogʻ and togʻ typed on a
# keyboard without ʻ (Uzbek words end in oʻ/gʻ often; a closing quote after a bare o/g is rare).
_OG_APOS = rf"(?:(?<=[oOgG]){_A}(?!{_L}))"
WORD = rf"(?:{_L}\.(?!{_L})|{_L}+(?:{_A}{_L}+)*{_OG_APOS}?)"

_URL = r"(?:(?:https?|ftp)://|www\.)[^\s<>\"«»“”]*[^\s<>\"«»“”.,;:!?)\]}'’]"
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_HANDLE = r"(?<![\w@])@\w+"
PROTECTED = rf"(?:{_URL}|{_EMAIL}|{_HANDLE})"

# The same tokens for text without combining marks (U+0300–U+036F), about twice as fast: one letter class
# instead of an alternation, and the initial's dot tested only after a word of one letter.
# tests/test_latin_cyrillic.py checks that both cut every string the same way.
_LET = r"[^\W\d_]"
WORD_FAST = (
    rf"{_LET}+(?:{_A}{_LET}+)*"
    rf"(?:(?<=[oOgG]){_A}(?!{_LET})|(?<!{_LET}{_LET})(?<!{_LET}{_A}{_LET})\.(?!{_LET}))?"
)
_COMBINING = re.compile(r"[\u0300-\u036f]")

# `split` with one capturing group gives [gap, word, gap, word, …, gap]: words at odd indexes.
SPLIT_WORDS = re.compile(f"({WORD})")
SPLIT_ALL = re.compile(f"({PROTECTED}|{WORD})", re.IGNORECASE)
_SPLIT_WORDS_FAST = re.compile(f"({WORD_FAST})")
_SPLIT_ALL_FAST = re.compile(f"({PROTECTED}|{WORD_FAST})", re.IGNORECASE)
_MAY_HOLD_PROTECTED = re.compile(r"@|://|www\.", re.IGNORECASE)
_PROTECTED_FULL = re.compile(PROTECTED, re.IGNORECASE)


def split(text: str) -> list[str]:
    """Alternating gaps and tokens; the protected-span regex runs only where a span may exist."""
    fast = _COMBINING.search(text) is None
    if _MAY_HOLD_PROTECTED.search(text):
        return (_SPLIT_ALL_FAST if fast else SPLIT_ALL).split(text)
    return (_SPLIT_WORDS_FAST if fast else SPLIT_WORDS).split(text)


def is_protected_token(token: str) -> bool:
    """True for URL / e-mail / @handle tokens (a word token never holds '@', '/' or ':')."""
    if "@" in token or "/" in token:
        return True
    return token[:4].lower() == "www." and _PROTECTED_FULL.fullmatch(token) is not None


_LAST_SAFE_CUT = re.compile(r"\s(?=\S*\Z)")


def safe_cut(buffer: str) -> int:
    """Where a streaming chunk may end without splitting a word, URL or initial: after the last space.

    Returns 0 when the buffer holds no whitespace (the caller then reads more).
    """
    index = max(buffer.rfind("\n"), buffer.rfind(" "), buffer.rfind("\t"))
    if index < 0:
        match = _LAST_SAFE_CUT.search(buffer)
        return match.end() if match else 0
    return index + 1
