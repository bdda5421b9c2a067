"""Converting text that is cut into pieces (runs, inline tags) as one flow, then cutting the result back.

Word splits a word across runs at arbitrary points (spell-check state, revision ids), HTML wraps a letter in
<b>. Conversion depends on the whole word (Ш|АҲАР must give SHAHAR, not ShAHAR), so pieces joined inside a
word form one unit that is converted whole, and the output is cut back: the converter keeps whitespace, so
tokens between whitespace align one to one; a cut inside a word goes where the converted prefix ends
(compared without case: Ш alone gives Sh, inside ШАҲАР it gives SH); when the prefix does not agree, the
whole word goes to the piece where it starts ("formatting simplified", counted).

All units of a document are converted in a single call to the converter (joined by a separator it keeps,
which is also a word boundary), because the per-call cost dominates for short runs and paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

Convert = Callable[[str], str]

_WS = re.compile(r"\s+")
_SEP = "\n\x00\n"


@dataclass(frozen=True)
class Fixed:
    """A piece that is kept byte for byte (a tag, an entity, a placeholder).

    `stand_in` is what the converter sees in its place: "" joins the neighbours into one word (an inline tag
    inside a word), " " separates them (a tab, a line break, an entity, a placeholder).
    """

    raw: str
    stand_in: str = " "


Piece = str | Fixed


def _units(flow: Sequence[Piece]) -> list[list[tuple[int, str]]]:
    """Group the text pieces of a flow into units: pieces that touch inside a word stay together."""
    units: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    joined_to_previous = False  # only an inline tag ("" stand-in) lies between this piece and the last
    for index, piece in enumerate(flow):
        if isinstance(piece, Fixed):
            if piece.stand_in:
                joined_to_previous = False
            continue
        if not piece:
            continue
        if current and joined_to_previous and not current[-1][1][-1].isspace() and not piece[0].isspace():
            current.append((index, piece))
        else:
            if current:
                units.append(current)
            current = [(index, piece)]
        joined_to_previous = True
    if current:
        units.append(current)
    return units


@lru_cache(maxsize=128)
def _skip(runs: int, spaces: bool) -> re.Pattern[str]:
    """From a word's start, `runs` words each with the whitespace run after it (single spaces when `spaces`):
    where the word after them starts, found by the regex engine instead of a Python loop over the words."""
    return re.compile(rf"(?:[^ ]*+ ){{{runs}}}" if spaces else rf"(?:\S*+\s++){{{runs}}}")


def _cut(unit: list[tuple[int, str]], converted: str, convert: Convert) -> tuple[list[str], int]:
    """Cut the conversion of a unit back into its pieces (each a non-empty text, as `_units` makes them).

    Whitespace runs are the same on both sides (checked first), so the k-th word of the text is the k-th of
    the conversion. The cut positions are walked in order with a cursor on the word start in each string:
    the runs between the cursor and the next cut are counted in the text, the same number skipped in the
    conversion, so the cost follows the number of cuts, not the length of the unit. A cut inside a word goes
    where the conversion of the word's prefix ends, when that prefix agrees without case; otherwise the
    rest of the word stays with the piece where the word starts, for every later cut in that word too.
    """
    text = "".join(t for _i, t in unit)
    # Most units are printable text with single spaces, where the runs are all " " and only their number can
    # differ: `str.count` says it, and counts the runs before a cut, without a regex over the text (which was
    # the largest cost of cutting a paragraph). `isprintable` is False for every whitespace character but " ".
    spaces = text.isprintable() and converted.isprintable() and "  " not in text and "  " not in converted
    if spaces:
        same = text.count(" ") == converted.count(" ")
    else:
        same = _WS.findall(text) == _WS.findall(converted)
    if not same:
        return [convert(t) for _i, t in unit], 0  # the converter changed whitespace: piece by piece
    src = dst = 0  # where the current word starts in the text and in the conversion (a word may be empty)
    failed = -1  # the start (in the text) of the word whose prefix did not agree
    simplified = 0
    findall, search = _WS.findall, _WS.search

    def where(c: int) -> int:
        """Where the cut at `c` (0 <= c < len(text)) goes in the conversion; cuts come in increasing order."""
        nonlocal src, dst, failed, simplified
        # the runs that start between the cursor and the cut
        runs = text.count(" ", src, c) if spaces else len(findall(text, src, c))
        if runs:
            skip = _skip(runs, spaces)
            in_text, in_converted = skip.match(text, src), skip.match(converted, dst)
            assert in_text is not None and in_converted is not None  # the same runs on both sides
            src, dst = in_text.end(), in_converted.end()
        if c < src:  # inside the run before the word, identical on both sides
            return dst - (src - c)
        if text[c].isspace():  # at the end of the word (str.isspace is the regex's \s)
            m = search(converted, dst)
            return m.start() if m else len(converted)
        if c == src:
            return dst
        m = search(converted, dst)
        end = m.start() if m else len(converted)
        if failed != src:
            prefix = convert(text[src:c])
            if converted[dst:end][: len(prefix)].casefold() == prefix.casefold():
                return dst + len(prefix)
            failed = src
            simplified += 1
        return end  # the whole word stays with the piece where it starts

    out: list[str] = []
    a = where(0)
    c = 0
    for _i, t in unit[:-1]:
        c += len(t)
        b = max(where(c), a)
        out.append(converted[a:b])
        a = b
    out.append(converted[a:])
    return out, simplified


def convert_many(texts: Sequence[str], convert: Convert) -> list[str]:
    """Convert independent strings with one call (joined by a separator the converter keeps)."""
    if not texts:
        return []
    if len(texts) == 1:
        return [convert(texts[0])]
    if any("\x00" in t for t in texts):
        return [convert(t) for t in texts]
    out = convert(_SEP.join(texts)).split(_SEP)
    return out if len(out) == len(texts) else [convert(t) for t in texts]


def convert_flows(flows: Sequence[Sequence[Piece]], convert: Convert) -> tuple[list[list[str]], int]:
    """Convert the text pieces of many flows; return the new pieces of each and the simplified-word count.

    Fixed pieces come back as their `raw` text; text pieces come back converted, each holding the output of
    the source text it held.
    """
    results = [[p.raw if isinstance(p, Fixed) else p for p in flow] for flow in flows]
    units = [(n, unit) for n, flow in enumerate(flows) for unit in _units(flow)]
    converted = convert_many(["".join(t for _i, t in unit) for _n, unit in units], convert)
    simplified = 0
    for (n, unit), conv in zip(units, converted, strict=True):
        if len(unit) == 1:
            results[n][unit[0][0]] = conv
            continue
        parts, lost = _cut(unit, conv, convert)
        simplified += lost
        for (index, _t), part in zip(unit, parts, strict=True):
            results[n][index] = part
    return results, simplified


def convert_flow(pieces: Sequence[Piece], convert: Convert) -> tuple[list[str], int]:
    """`convert_flows` for one flow."""
    out, simplified = convert_flows([pieces], convert)
    return out[0], simplified
