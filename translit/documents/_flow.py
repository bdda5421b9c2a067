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
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate

Convert = Callable[[str], str]

_WS = re.compile(r"(\s+)")
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


def _cut(unit: list[tuple[int, str]], converted: str, convert: Convert) -> tuple[list[str], int]:
    """Cut the conversion of a unit back into its pieces."""
    text = "".join(t for _i, t in unit)
    src = _WS.split(text)
    dst = _WS.split(converted)
    if len(src) != len(dst) or src[1::2] != dst[1::2]:
        return [convert(t) for _i, t in unit], 0  # the converter changed whitespace: piece by piece
    src_at = list(accumulate(map(len, src), initial=0))
    dst_at = list(accumulate(map(len, dst), initial=0))
    simplified: set[int] = set()

    def where(c: int) -> int:
        k = bisect_right(src_at, c) - 1
        if k >= len(src):
            return len(converted)
        offset = c - src_at[k]
        if offset == 0:
            return dst_at[k]
        if k % 2 == 1:  # inside whitespace, identical on both sides
            return dst_at[k] + offset
        if k not in simplified:
            prefix = convert(src[k][:offset])
            if dst[k][: len(prefix)].casefold() == prefix.casefold():
                return dst_at[k] + len(prefix)
            simplified.add(k)
        return dst_at[k + 1]  # the whole word stays with the piece where it starts

    out: list[str] = []
    start = 0
    last = 0
    for _i, t in unit:
        end = start + len(t)
        a = max(where(start), last)
        b = len(converted) if end == len(text) else max(where(end), a)
        out.append(converted[a:b])
        last, start = b, end
    return out, len(simplified)


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
