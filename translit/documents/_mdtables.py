"""Pandoc grid tables kept aligned once their text is converted.

A grid table (pandoc Markdown, reStructuredText) draws its columns: every ``|`` of a row sits under a ``+`` of the
borders. Conversion changes the length of words (``шаҳар`` → ``shahar``, ``ўқиш`` → ``oʻqish``), so a converted row's
pipes moved off the borders' corners and pandoc read a shifted pipe as text of the cell (``| Shahar    | | Izoh``) or
broke the table. Each grid table is laid out again after conversion: cells padded back to their column's width, and
a column whose converted text no longer fits widened in every row and border. Pipe tables (GFM) do not depend on
widths and are left alone; so is a table whose rows do not match its borders (spans, a pipe inside a cell's text
that the source did not have), which is then written as converted.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import pairwise

__all__ = ["realign_grid_tables"]

#: a border line: ``+---+---+`` (``=`` under the header, ``:`` marking alignment), indented up to three spaces
_BORDER = re.compile(r"( {0,3})\+(?:[-=:]+\+)+[ \t]*")
_ROW = re.compile(r"( {0,3})\|.*\|[ \t]*")


def _ending(line: str) -> tuple[str, str]:
    body = line.rstrip("\r\n")
    return body, line[len(body) :]


def _width(text: str) -> int:
    """Columns the text takes in a monospaced editor, as pandoc counts them: wide East Asian characters two,
    combining marks none."""
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def realign_grid_tables(before: list[str], after: list[str], kept: list[bool]) -> list[str]:
    """`after` (the converted lines of `before`, with their line ends) with every grid table of `before` that the
    conversion changed laid out again; `after` itself when the two do not have the same number of lines. A table
    on a `kept` line (inside a code block) is left as it is."""
    if len(before) != len(after):
        return after
    out = list(after)
    i = 0
    while i < len(before):
        if not _BORDER.fullmatch(_ending(before[i])[0]):
            i += 1
            continue
        j = i + 1
        while j < len(before) and (_BORDER.fullmatch(_ending(before[j])[0]) or _ROW.fullmatch(_ending(before[j])[0])):
            j += 1
        if (
            j - i >= 3
            and _BORDER.fullmatch(_ending(before[j - 1])[0])
            and not any(kept[i:j])
            and before[i:j] != after[i:j]
        ):
            laid = _layout(before[i:j], after[i:j])
            if laid is not None:
                out[i:j] = laid
        i = j
    return out


def _layout(before: list[str], after: list[str]) -> list[str] | None:
    """One grid table laid out again, or None when its rows do not match its borders."""
    first = _ending(before[0])[0].rstrip()
    indent = len(first) - len(first.lstrip(" "))
    corners = [k for k, c in enumerate(first) if c == "+"]
    widths = [b - a - 1 for a, b in pairwise(corners)]
    rows: list[list[str] | None] = []  # a row's converted cells, or None for a border
    for source, converted in zip(before, after, strict=True):
        body, _end = _ending(source)
        if body.lstrip(" ").startswith("+"):
            if [k for k, c in enumerate(body.rstrip()) if c == "+"] != corners or body != _ending(converted)[0]:
                return None  # a border with other corners (a span), or one the conversion changed
            rows.append(None)
            continue
        body = body.rstrip()
        pipes = [k for k, c in enumerate(body) if c == "|"]
        if not set(corners) <= set(pipes) or body[:indent] != " " * indent:
            return None
        boundaries = [pipes.index(k) for k in corners]  # which pipes of the row are the column edges
        new = _ending(converted)[0].rstrip()
        new_pipes = [k for k, c in enumerate(new) if c == "|"]
        if len(new_pipes) != len(pipes) or new[:indent] != body[:indent]:
            return None
        edges = [new_pipes[b] for b in boundaries]
        rows.append([new[a + 1 : b] for a, b in pairwise(edges)])
    need = list(widths)
    for cells in rows:
        for k, cell in enumerate(cells or ()):
            text = cell.rstrip()
            if text and _width(text) + 1 > need[k]:  # at least a space before the next pipe
                need[k] = _width(text) + 1
    laid = []
    for source, converted, cells in zip(before, after, rows, strict=True):
        end = _ending(converted)[1]
        if cells is None:
            segments = _ending(source)[0].rstrip()[indent:].strip("+").split("+")
            line = "+" + "+".join(_widen(s, w) for s, w in zip(segments, need, strict=True)) + "+"
        else:
            padded = [c.rstrip() + " " * (w - _width(c.rstrip())) for c, w in zip(cells, need, strict=True)]
            line = "|" + "|".join(padded) + "|"
        laid.append(" " * indent + line + end)
    return laid


def _widen(segment: str, width: int) -> str:
    """A border segment (``-----``, ``:===:``) drawn `width` wide, its alignment colons kept at its ends."""
    extra = width - len(segment)
    if extra <= 0:
        return segment
    fill = "=" if "=" in segment else "-"
    return segment[:-1] + fill * extra + segment[-1] if segment.endswith(":") else segment + fill * extra
