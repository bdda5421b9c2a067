"""Context expressions (`@vowel | #`, `![оу]`) turned into fixed-width regex lookarounds.

Contexts name exactly one source character, so they compile to Python's fixed-width lookbehind and lookahead
and are always read from the source word, never from output already produced.
"""

from __future__ import annotations

import re

# A "letter" for word-edge purposes: any Unicode letter (ʻ and ʼ are letters, Lm) and the ASCII or
# typographic apostrophes that stand inside Uzbek Latin words (oʻ written o', gʻ written g`).
APOSTROPHES = "'’‘`´"
_LETTER = r"[^\W\d_]"
_APOS = "[" + re.escape(APOSTROPHES) + "]"

# Invisible characters that stand inside words in real documents (soft hyphen, zero-width (non-)joiner, word
# joiner): part of the word, and transparent to contexts, so кел<shy>еди still reads е after a consonant.
INVISIBLE = "\u00ad\u200c\u200d\u2060"
_INV = "[" + INVISIBLE + "]"

_EDGE = {
    ("next", False): rf"(?!{_INV}?{_LETTER})(?!{_INV}?{_APOS})",
    ("next", True): rf"(?:(?={_INV}?{_LETTER})|(?={_INV}?{_APOS}))",
}


class ContextError(ValueError):
    """A context expression that cannot be compiled; the loader adds file and line."""


def expand_class(value: str, classes: dict[str, str], seen: tuple[str, ...] = ()) -> str:
    """The letters of a class value, with `@other` references expanded (cycles rejected)."""
    letters: list[str] = []
    for part in value.split():
        if part.startswith("@"):
            name = part[1:]
            if name in seen:
                raise ContextError(f"class @{name} includes itself")
            if name not in classes:
                raise ContextError(f"unknown class @{name}")
            letters.append(expand_class(classes[name], classes, (*seen, name)))
        else:
            letters.append(part)
    return "".join(dict.fromkeys("".join(letters)))


def _char_set(alternative: str, classes: dict[str, str]) -> str:
    if alternative.startswith("@"):
        name = alternative[1:]
        if name not in classes:
            raise ContextError(f"unknown class @{name}")
        letters = expand_class(classes[name], classes)
    elif alternative.startswith("[") and alternative.endswith("]") and len(alternative) > 2:
        letters = alternative[1:-1]
    elif len(alternative) == 1:
        letters = alternative
    else:
        raise ContextError(f"context {alternative!r} is not @class, [set], # or a single character")
    return "[" + "".join(re.escape(c) for c in letters) + "]"


def _edge(side: str, negated: bool, after: str) -> str:
    if side == "next":
        return _EDGE[(side, negated)]
    before = [f"{_LETTER}{after}", f"{_APOS}{after}", f"{_LETTER}{_INV}{after}", f"{_APOS}{_INV}{after}"]
    if negated:
        return "(?:" + "|".join(f"(?<={b})" for b in before) + ")"
    return "".join(f"(?<!{b})" for b in before)


def compile_context(expression: str, side: str, classes: dict[str, str], after: str = "") -> str:
    """A regex fragment asserting `expression` on one side (`prev` or `next`) of a match.

    `after` (a regex for one character) moves a `prev` assertion behind the match's first character:
    `(?<=X)e` is written `e(?<=Xe)`, so every branch of the compiled alternation starts with a literal,
    which the regex engine tests before entering the branch (several times faster on long alternations).
    """
    fragments: list[str] = []
    for raw in expression.split("|"):
        alternative = raw.strip()
        negated = alternative.startswith("!")
        if negated:
            alternative = alternative[1:].strip()
        if not alternative:
            raise ContextError(f"empty alternative in context {expression!r}")
        if alternative == "#":
            fragments.append(_edge(side, negated, after))
            continue
        chars = _char_set(alternative, classes)
        if side == "prev":
            direct, through = f"{chars}{after}", f"{chars}{_INV}{after}"
            fragments.append(f"(?<!{direct})(?<!{through})" if negated else f"(?:(?<={direct})|(?<={through}))")
        else:
            fragments.append(f"(?!{_INV}?{chars})" if negated else f"(?={_INV}?{chars})")
    if len(fragments) == 1:
        return fragments[0]
    return "(?:" + "|".join(fragments) + ")"
