"""How text is cut into words (converted) and everything else (copied byte for byte).

A word is a run of letters of any script (with digits and combining marks); where a rule set spells
letters with apostrophes (o'zbek) the apostrophes between letters belong to the word too. A lone letter
followed by a dot is one word with its dot,
so rules can see initials (Ё. → Y.). URLs, e-mail addresses, @handles and Markdown code (`inline`, fenced
blocks) are single tokens, never converted.

Speed matters here more than anywhere: splitting is the one pass over all the text, so it uses a single
character class, and the costlier protected-span regex runs only around a candidate found by `in`.
"""

from __future__ import annotations

import re

from translit.contexts import APOSTROPHES

_A = "[" + re.escape(APOSTROPHES) + "]"


# Where apostrophes belong to words, a word may also end in one right after o or g: bog' and tog‘ are bogʻ
# and togʻ typed without ʻ (Uzbek words often end in oʻ/gʻ; a closing quote after a bare o/g is rare).
# After any other letter a final apostrophe is a closing quote, except in the few words a rule set's
# lexicon lists with a final tutuq (mavqe', sham'): `Tokenizer(final_apostrophe=...)`.
_OG_END = rf"(?:(?<=[oOgG]){_A}(?![\w\u0300-\u036f]))?"
# A lone letter followed by a dot is an initial (Ё. Жумаев), except right after a hyphen: бўлса-я. is the
# emphatic particle -я at the end of a sentence.
_NOT_PARTICLE = r"(?<![-‐‑][^\W\d_])"


def _word(letter: str, apostrophes: bool) -> str:
    if apostrophes:
        # first letter, then the dot of an initial, or the rest of the word: O'zbekiston has one letter
        # before its first apostrophe, so the rest may start with one
        rest = f"{letter}*(?:{_A}{letter}+)*{_OG_END}"
        return f"({letter}(?:{_NOT_PARTICLE}\\.(?!{letter})|{rest}))"
    # first letter, then either more of the word or the dot of an initial
    return f"({letter}(?:{letter}+|{_NOT_PARTICLE}\\.(?!{letter}))?)"


# \w (letters, digits, underscore) plus combining marks: one character class is the fastest split there is.
# Digits inside a token are harmless: they are not source letters, and contexts treat them as word edges.
_LETTER = r"[\w\u0300-\u036f\u00ad\u200c\u200d\u2060]"  # with soft hyphen and zero-width joiners

_URL = r"(?:(?:https?|ftp)://|www\.)[^\s<>\"«»“”]*[^\s<>\"«»“”.,;:!?)\]}'’]"
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_HANDLE = r"(?<![\w@])@\w+"
PROTECTED = re.compile(rf"{_URL}|{_EMAIL}|{_HANDLE}", re.IGNORECASE)
_MAY_HOLD_PROTECTED = re.compile(r"@|://|www\.", re.IGNORECASE)
_SPACE = re.compile(r"\s")
_WINDOW = 4096  # how far around a candidate '@' or '://' a protected span is looked for


class Tokenizer:
    """Splits text into [gap, token, gap, token, …, gap]; tokens are words or protected spans."""

    def __init__(self, apostrophes: bool = False, final_apostrophe: tuple[str, ...] = ()) -> None:
        word = _word(_LETTER, apostrophes)
        if apostrophes and final_apostrophe:
            # these words keep a final apostrophe (their tutuq); tried first, at a word start only, and not
            # right after an apostrophe: in 'sham' the two are quotes around the word. (A quote of several
            # words that starts with one, 'mavqe' jihatdan', reads the same within its chunk: the chunk memo
            # converts a space-free chunk alone, so nothing beyond it may decide.)
            listed = "|".join(re.escape(w) for w in sorted(final_apostrophe, key=len, reverse=True))
            word = f"((?<![\\w\u0300-\u036f])(?<!{_A})(?i:{listed}){_A}(?![\\w\u0300-\u036f])|{word[1:]}"
        self._words = re.compile(word)

    def split(self, text: str) -> list[str]:
        regex = self._words
        may_hold = "@" in text or "://" in text or "www." in text or "WWW." in text
        spans = _protected_spans(text) if may_hold else []
        if "`" in text:
            spans = _merge(spans, _code_spans(text))
        if not spans:
            return regex.split(text)
        parts = [""]
        pos = 0
        for start, end in spans:
            piece = regex.split(text[pos:start])
            parts[-1] += piece[0]
            parts.extend(piece[1:])
            parts.append(text[start:end])
            parts.append("")
            pos = end
        piece = regex.split(text[pos:])
        parts[-1] += piece[0]
        parts.extend(piece[1:])
        return parts


def _protected_spans(text: str) -> list[tuple[int, int]]:
    """URL / e-mail / handle spans, looked for only in the whitespace-delimited window around a candidate."""
    spans: list[tuple[int, int]] = []
    done = 0
    for candidate in _MAY_HOLD_PROTECTED.finditer(text):
        if candidate.start() < done:
            continue
        start = candidate.start()
        floor = max(done, start - _WINDOW)
        while start > floor and not text[start - 1].isspace():
            start -= 1
        after = _SPACE.search(text, candidate.end(), candidate.end() + _WINDOW)
        end = after.start() if after else min(len(text), candidate.end() + _WINDOW)
        for match in PROTECTED.finditer(text, start, end):
            if match.end() > match.start():
                spans.append(match.span())
        done = end
    return spans


# Markdown code: a fenced block (``` on its own lines) or an inline span `like this`. The backtick is also
# typed for the ʻ of oʻ gʻ (o`zbek, bog`), so an inline span must open and close away from letters.
_FENCE = re.compile(r"^[ \t]*(`{3,})[^\n]*\n[\s\S]*?^[ \t]*\1[ \t]*$", re.MULTILINE)
# (the lookbehind stands after the opening backtick, so the search scans for a literal: 30x quicker on Latin text,
# which types ` for ʻ; the spans found are the same as with `(?<!…)` first)
_INLINE_CODE = re.compile(r"`(?<![\w\u0300-\u036f`]`)(?!`)[^`\n]+`(?![\w\u0300-\u036f`])")


def _code_spans(text: str) -> list[tuple[int, int]]:
    fences = [m.span() for m in _FENCE.finditer(text)] if "```" in text else []
    inline = [m.span() for m in _INLINE_CODE.finditer(text)]
    return _merge(fences, inline)


def _merge(first: list[tuple[int, int]], second: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Both span lists in order; a span overlapping one already taken is dropped (the earlier one wins)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(first + second):
        if not merged or start >= merged[-1][1]:
            merged.append((start, end))
    return merged


def may_hold_protected(text: str) -> bool:
    """Whether `Tokenizer.split` looks for URL / e-mail / handle spans in this text."""
    return "@" in text or "://" in text or "www." in text or "WWW." in text


def has_code(text: str) -> bool:
    """Whether the text holds Markdown code (a fence or an inline span) that `Tokenizer.split` keeps whole."""
    return ("```" in text and _FENCE.search(text) is not None) or _INLINE_CODE.search(text) is not None


def is_protected_token(token: str) -> bool:
    """True for URL / e-mail / @handle / `code` tokens (a word token never holds '@', '/', ':' or '`' first)."""
    if "@" in token or "/" in token or token[:1] == "`":
        return True
    return token[:4].lower() == "www." and PROTECTED.fullmatch(token) is not None


_LAST_SAFE_CUT = re.compile(r"\s(?=\S*\Z)")


def safe_cut(buffer: str) -> int:
    """Where a streaming chunk may end without splitting a word, URL or initial: after the last whitespace.

    Returns 0 when the buffer holds no whitespace (the caller then reads more).
    """
    index = max(buffer.rfind("\n"), buffer.rfind(" "), buffer.rfind("\t"))
    if index < 0:
        match = _LAST_SAFE_CUT.search(buffer)
        return match.end() if match else 0
    return index + 1
