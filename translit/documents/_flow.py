"""Converting text that is cut into pieces (runs, inline tags) as one flow, then cutting the result back.

Word splits a word across runs at arbitrary points (spell-check state, revision ids), HTML wraps a letter in
<b>. Conversion depends on the whole word (Ш|АҲАР must give SHAHAR, not ShAHAR), so each flow is converted at
once and the output is cut back piece by piece: the converter keeps whitespace, so the tokens between
whitespace align one to one and a cut between words maps exactly. A cut inside a word goes where the
converted prefix ends (compared without case: Ш alone gives Sh, inside ШАҲАР it gives SH); when the prefix
does not agree, the whole word goes to the piece where it starts ("formatting simplified", counted).

Many flows of one document are converted in a single call to the converter (joined by a separator it
keeps), because the per-call cost dominates for short paragraphs.
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


def _prepare(pieces: Sequence[Piece]) -> tuple[str, list[tuple[int, int, int]]]:
    """The text the converter sees, and (start, end, piece index) of every text piece in it."""
    parts: list[str] = []
    bounds: list[tuple[int, int, int]] = []
    pos = 0
    for index, piece in enumerate(pieces):
        if isinstance(piece, Fixed):
            text = piece.stand_in
        else:
            text = piece
            bounds.append((pos, pos + len(text), index))
        parts.append(text)
        pos += len(text)
    return "".join(parts), bounds


def _align(
    pieces: Sequence[Piece], joined: str, converted: str, bounds: list[tuple[int, int, int]], convert: Convert
) -> tuple[list[str], int]:
    out = [p.raw if isinstance(p, Fixed) else "" for p in pieces]
    if converted == joined:
        for s, e, i in bounds:
            out[i] = joined[s:e]
        return out, 0
    src = _WS.split(joined)
    dst = _WS.split(converted)
    if len(src) != len(dst) or src[1::2] != dst[1::2]:
        # The converter changed whitespace (it should not): convert each piece alone.
        for s, e, i in bounds:
            out[i] = convert(joined[s:e])
        return out, 0
    if len(bounds) == 1 and bounds[0][:2] == (0, len(joined)):
        out[bounds[0][2]] = converted
        return out, 0
    src_at = list(accumulate(map(len, src), initial=0))
    dst_at = list(accumulate(map(len, dst), initial=0))
    simplified: set[int] = set()

    def where(c: int) -> int:
        """Position in `converted` that corresponds to position `c` in `joined`."""
        k = bisect_right(src_at, c) - 1
        if k >= len(src):
            return len(converted)
        offset = c - src_at[k]
        if offset == 0:
            return dst_at[k]
        if k % 2 == 1:  # inside whitespace, which is identical on both sides
            return dst_at[k] + offset
        if k not in simplified:
            prefix = convert(src[k][:offset])
            if dst[k][: len(prefix)].casefold() == prefix.casefold():
                return dst_at[k] + len(prefix)
            simplified.add(k)
        return dst_at[k + 1]  # the whole word stays with the piece where it starts

    last = 0
    for s, e, i in bounds:
        a = max(where(s), last)
        b = max(where(e), a)
        out[i] = converted[a:b]
        last = b
    return out, len(simplified)


def convert_flow(pieces: Sequence[Piece], convert: Convert) -> tuple[list[str], int]:
    """Convert the pieces of one flow together; return the new pieces and the simplified-word count.

    Fixed pieces come back as their `raw` text; text pieces come back converted, each holding the output of
    the source text it held.
    """
    joined, bounds = _prepare(pieces)
    if not bounds:
        return [p.raw if isinstance(p, Fixed) else p for p in pieces], 0
    return _align(pieces, joined, convert(joined), bounds, convert)


def convert_flows(flows: Sequence[Sequence[Piece]], convert: Convert) -> tuple[list[list[str]], int]:
    """`convert_flow` for many flows with one call to the converter (falls back to one call per flow)."""
    prepared = [_prepare(f) for f in flows]
    texts = [joined for joined, bounds in prepared if bounds]
    if not texts:
        return [[p.raw if isinstance(p, Fixed) else p for p in f] for f in flows], 0
    if any("\x00" in t for t in texts):
        converted = [convert(t) for t in texts]
    else:
        converted = convert(_SEP.join(texts)).split(_SEP)
        if len(converted) != len(texts):
            converted = [convert(t) for t in texts]
    results: list[list[str]] = []
    total = 0
    it = iter(converted)
    for pieces, (joined, bounds) in zip(flows, prepared, strict=True):
        if not bounds:
            results.append([p.raw if isinstance(p, Fixed) else p for p in pieces])
            continue
        out, simplified = _align(pieces, joined, next(it), bounds, convert)
        results.append(out)
        total += simplified
    return results, total
