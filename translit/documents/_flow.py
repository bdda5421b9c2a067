"""Converting text that is cut into pieces (runs, inline tags) as one flow, then cutting the result back.

Word splits a word across runs at arbitrary points (spell-check state, revision ids), HTML wraps a letter in
<b>. Conversion depends on the whole word (Ш|АҲАР must give SHAHAR, not ShAHAR), so each flow is converted at
once and the output is put back piece by piece: whitespace is kept by the converter, so the tokens between
whitespace align one to one; a token that spans pieces is cut where the converted prefix ends, or, when no
clean cut exists, goes whole into the piece where it starts ("formatting simplified", counted).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Convert = Callable[[str], str]

_WS = re.compile(r"(\s+)")


@dataclass(frozen=True)
class Fixed:
    """A piece that is kept byte for byte (a tag, an entity, a placeholder).

    `stand_in` is what the converter sees in its place: "" joins the neighbours into one word (an inline tag
    inside a word), " " separates them (a tab, a line break, an entity, a placeholder).
    """

    raw: str
    stand_in: str = " "


Piece = str | Fixed


def convert_flow(pieces: Sequence[Piece], convert: Convert) -> tuple[list[str], int]:
    """Convert the text pieces of one flow together; return the new pieces and the simplified-token count.

    Fixed pieces come back as their `raw` text. Text pieces come back converted, each holding the output of
    the source text it held.
    """
    texts = [p for p in pieces if not isinstance(p, Fixed)]
    if not any(texts):
        return [p.raw if isinstance(p, Fixed) else p for p in pieces], 0
    # owner[i] = index of the text piece that holds character i of the joined string, or -1 for stand-ins.
    joined_parts: list[str] = []
    bounds: list[tuple[int, int, int]] = []  # (start, end, piece index) for text pieces
    pos = 0
    for index, piece in enumerate(pieces):
        text = piece.stand_in if isinstance(piece, Fixed) else piece
        if not isinstance(piece, Fixed):
            bounds.append((pos, pos + len(text), index))
        joined_parts.append(text)
        pos += len(text)
    joined = "".join(joined_parts)
    converted = convert(joined)
    out = [p.raw if isinstance(p, Fixed) else "" for p in pieces]
    if converted == joined:
        for start, end, index in bounds:
            out[index] = joined[start:end]
        return out, 0
    src_tokens = _WS.split(joined)
    dst_tokens = _WS.split(converted)
    if len(src_tokens) != len(dst_tokens) or src_tokens[1::2] != dst_tokens[1::2]:
        # The converter changed whitespace (it should not): fall back to converting each piece alone.
        for start, end, index in bounds:
            out[index] = convert(joined[start:end])
        return out, 0
    simplified = 0
    cursor = 0
    b = 0  # first text piece that may overlap the current token
    for k, (src, dst) in enumerate(zip(src_tokens, dst_tokens, strict=True)):
        start, end = cursor, cursor + len(src)
        cursor = end
        if start == end:
            continue
        while b < len(bounds) and bounds[b][1] <= start:
            b += 1
        overlap = []
        j = b
        while j < len(bounds) and bounds[j][0] < end:
            s, e, index = bounds[j]
            if e > start and max(s, start) < min(e, end):
                overlap.append((max(s, start), min(e, end), index))
            j += 1
        if not overlap:
            continue
        if k % 2 == 1:  # whitespace: identical in and out, give each piece its own characters back
            for s, e, index in overlap:
                out[index] += joined[s:e]
            continue
        if len(overlap) == 1:
            out[overlap[0][2]] += dst
            continue
        cuts = _cut_token(joined, start, end, dst, overlap, convert)
        if cuts is None:
            simplified += 1
            out[overlap[0][2]] += dst
        else:
            for (_, _, index), part in zip(overlap, cuts, strict=True):
                out[index] += part
    return out, simplified


def _cut_token(
    joined: str,
    start: int,
    end: int,
    dst: str,
    overlap: list[tuple[int, int, int]],
    convert: Convert,
) -> list[str] | None:
    """Split a converted token at the points where the converted prefixes end, if they agree with it."""
    parts: list[str] = []
    done = 0
    for s, _e, _index in overlap[1:]:
        prefix = convert(joined[start:s]) if s > start else ""
        n = len(prefix)
        # The prefix converted alone may differ in case (Ш alone → Sh, inside ШАҲАР → SH): compare folded.
        if n < done or dst[:n].casefold() != prefix.casefold():
            return None
        parts.append(dst[done:n])
        done = n
    parts.append(dst[done:])
    return parts
