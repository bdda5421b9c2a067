"""Pandoc's drawn tables kept aligned once their text is converted.

Conversion changes the length of words (``шаҳар`` → ``shahar``, ``ўқиш`` → ``oʻqish``), and three kinds of pandoc
Markdown table are drawn in columns of characters:

- a grid table (also reStructuredText's): every ``|`` of a row sits under a ``+`` of the borders; a converted row's
  pipes moved off the corners, and pandoc read a shifted pipe as text of the cell (``| Shahar    | | Izoh``);
- simple and multiline tables (what pandoc writes for a table of a docx or HTML page): a line of dash runs gives
  the columns, pandoc cuts each row where the next column's dashes start, and a column's alignment is where its
  header (or first row) stands against its dashes; converted text that grew shifted every column after it, turned a
  left-aligned column right-aligned, and could cross into the next column.

Each such table is laid out again after conversion: cells padded back to their column, anchored as they were
(flush left, flush right, or at their offset), and a column whose converted text no longer fits widened in every
row and rule. Pipe tables (GFM) do not depend on widths and are left alone; so is a table whose rows do not match
its columns (spans, a pipe in a cell's text that the source did not have), which is then written as converted.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import pairwise

__all__ = ["free_table_lines", "may_hold_tables", "realign_tables"]

#: a border line: ``+---+---+`` (``=`` under the header, ``:`` marking alignment), indented up to three spaces
_BORDER = re.compile(r"( {0,3})\+(?:[-=:]+\+)+[ \t]*")
_ROW = re.compile(r"( {0,3})\|.*\|[ \t]*")
#: the line of a simple or multiline table that gives its columns: two or more runs of three dashes or more (as
#: pandoc writes them; shorter runs are left alone, "- - -" is a thematic break)
_COLUMNS = re.compile(r" {0,3}-{3,}(?: +-{3,})+ *")
#: a multiline table's top and bottom rule (one run of dashes), and the last line of a headerless table
_RULE = re.compile(r" {0,3}-{3,} *")
_SPACES = re.compile(r"(\s+)")
#: a line that may be a grid table's border or a simple or multiline table's column line: one scan of the text
#: says whether a document can hold a drawn table at all (pandoc writes "---" for every em dash: no clue alone)
_TABLE_CLUE = re.compile(r"^ {0,3}(?:-{3,} +-{3,}|\+[-=:]+\+)", re.MULTILINE)


def may_hold_tables(text: str) -> bool:
    """False when `text` holds no line that could start a drawn table (then neither function below need run)."""
    return _TABLE_CLUE.search(text) is not None


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


def realign_tables(before: list[str], after: list[str], kept: list[bool]) -> list[str]:
    """`after` (the converted lines of `before`, with their line ends) with every grid, simple and multiline table
    of `before` that the conversion changed laid out again; `after` itself when the two do not have the same number
    of lines. A table on a `kept` line (inside a code block) is left as it is."""
    if len(before) != len(after):
        return after
    return realign_dashed_tables(before, realign_grid_tables(before, after, kept), kept)


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


# ---------------------------------------------------------------------------------------- simple, multiline


def _blank(line: str) -> bool:
    return not line.strip()


def _table_span(before: list[str], k: int) -> tuple[int, int] | None:
    """The lines [start, end) of the simple or multiline table whose column line is `before[k]`, or None."""
    body = [_ending(line)[0] for line in before]
    above = k - 1
    if above < 0 or _blank(body[above]):  # headerless: rows until a rule (or column line) before a blank line
        end = k + 1
        while end < len(body) and not _blank(body[end]) and not _COLUMNS.fullmatch(body[end]):
            if _RULE.fullmatch(body[end]):
                break
            end += 1
        if end >= len(body) or not (_RULE.fullmatch(body[end]) or _COLUMNS.fullmatch(body[end])):
            return None
        return k, end + 1
    if above == 0 or _blank(body[above - 1]):  # a simple table's one header line: rows until a blank line
        end = k + 1
        while end < len(body) and not _blank(body[end]):
            end += 1
        return above, end
    top = above  # a multiline table: header lines under a rule; rows (blank lines between) until a rule
    while top >= 0 and not _blank(body[top]) and not _RULE.fullmatch(body[top]):
        top -= 1
    if top < 0 or not _RULE.fullmatch(body[top]) or (top > 0 and not _blank(body[top - 1])):
        return None
    end = k + 1
    while end < len(body) and not _RULE.fullmatch(body[end]):
        if _COLUMNS.fullmatch(body[end]):
            return None
        end += 1
    if end >= len(body):
        return None
    return top, end + 1


def free_table_lines(lines: list[str], protected: list[bool]) -> list[bool]:
    """`protected` (the lines CommonMark keeps: code, HTML blocks) without the lines of simple and multiline tables
    that CommonMark reads as indented code. pandoc indents a table's lines by two spaces and stands a right-aligned
    column's header (or short cells) further right, so after a blank line or under the dashes (a thematic break to
    CommonMark) a line four or more spaces in is "code": the table's header or rows were left unconverted. A table
    is freed only when its column line is not itself kept (inside a fenced code block every line is)."""
    freed = list(protected)
    k = 0
    while k < len(lines):
        if protected[k] or not _COLUMNS.fullmatch(_ending(lines[k])[0]):
            k += 1
            continue
        span = _table_span(lines, k)
        if span is None:
            k += 1
            continue
        for i in range(*span):
            if protected[i] and lines[i][:4] == "    ":
                freed[i] = False
        k = span[1]
    return freed


def realign_dashed_tables(before: list[str], after: list[str], kept: list[bool]) -> list[str]:
    """`realign_tables` for simple and multiline tables."""
    out = list(after)
    k = 0
    while k < len(before):
        if not _COLUMNS.fullmatch(_ending(before[k])[0]) or kept[k]:
            k += 1
            continue
        span = _table_span(before, k)
        if span is None:
            k += 1
            continue
        start, end = span
        if not any(kept[start:end]) and before[start:end] != out[start:end]:
            laid = _layout_dashed(before[start:end], out[start:end], k - start)
            if laid is not None:
                out[start:end] = laid
        k = end
    return out


def _layout_dashed(before: list[str], after: list[str], columns_at: int) -> list[str] | None:
    """One simple or multiline table laid out again (`columns_at`: its column line), or None when a converted row
    does not split as its source does."""
    column_line = _ending(before[columns_at])[0].rstrip()
    runs = [(m.start(), m.end()) for m in re.finditer(r"-+", column_line)]
    starts = [a for a, _b in runs]
    # each row line's converted cells, as (text, anchored right, offset from the column's start, room kept beside
    # it: a header that did not reach both ends of its dashes must not come to, which pandoc reads as another
    # alignment: left or centred turned right or default, right turned default)
    rows: list[list[tuple[str, bool, int, int]] | None] = []
    # the lines pandoc reads the columns' alignment from: the header's, or a headerless table's first row
    aligning = set(range(columns_at)) if columns_at > 0 else {1}
    for index, (source, converted) in enumerate(zip(before, after, strict=True)):
        src, new = _ending(source)[0], _ending(converted)[0]
        if _blank(src) or _RULE.fullmatch(src) or _COLUMNS.fullmatch(src):
            if src != new:
                return None
            rows.append(None)
            continue
        src_parts, new_parts = _SPACES.split(src), _SPACES.split(new)
        if len(src_parts) != len(new_parts) or src_parts[1::2] != new_parts[1::2]:
            return None  # the conversion changed the spacing: the cells cannot be matched
        cells: list[list[tuple[int, int, str]]] = [[] for _run in runs]  # per column: (start, end, converted)
        pos = 0
        for src_part, new_part in zip(src_parts, new_parts, strict=True):
            if src_part and not src_part.isspace():
                column = max(0, sum(1 for a in starts if a <= pos) - 1)
                cells[column].append((pos, pos + len(src_part), new_part))
            pos += len(src_part)
        line: list[tuple[str, bool, int, int]] = []
        for (a, b), found in zip(runs, cells, strict=True):
            if not found:
                line.append(("", False, 0, 0))
                continue
            first, last = found[0][0], found[-1][1]
            text = new[_offset(src_parts, new_parts, first) : _offset(src_parts, new_parts, last)]
            right = last == b and first > a
            room = int(index in aligning and (right or last < b))
            line.append((text, right, max(0, first - a), room))
        rows.append(line)
    widths = [b - a for a, b in runs]
    for row in rows:
        for column, (text, right, offset, room) in enumerate(row or ()):
            widths[column] = max(widths[column], _width(text) + room + (0 if right else offset))
    gaps = [starts[0]] + [runs[i + 1][0] - runs[i][1] for i in range(len(runs) - 1)]
    new_starts = []
    at = 0
    for gap, width in zip(gaps, widths, strict=True):
        new_starts.append(at + gap)
        at += gap + width
    total = at - gaps[0]
    laid = []
    for source, converted, row in zip(before, after, rows, strict=True):
        src, end = _ending(source)[0], _ending(converted)[1]
        if row is None:
            if _COLUMNS.fullmatch(src):
                body = "".join(" " * g + "-" * w for g, w in zip(gaps, widths, strict=True))
            elif _RULE.fullmatch(src):
                body = " " * gaps[0] + "-" * max(total, len(src.strip()))
            else:
                body = src
            laid.append(body + end)
            continue
        text_line = ""
        for (text, right, offset, _room), start, width in zip(row, new_starts, widths, strict=True):
            if not text:
                continue
            place = start + width - _width(text) if right else start + offset
            text_line = text_line.ljust(place) + text if len(text_line) <= place else text_line + " " + text
        laid.append(text_line + end)
    return laid


def _offset(src_parts: list[str], new_parts: list[str], position: int) -> int:
    """Where `position` of the source row falls in the converted row (a part boundary of both)."""
    src_at = new_at = 0
    for src_part, new_part in zip(src_parts, new_parts, strict=True):
        if src_at >= position:
            break
        src_at += len(src_part)
        new_at += len(new_part)
    return new_at
