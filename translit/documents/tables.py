"""CSV and TSV: cell text converted (all columns, or the ones chosen), quoting and delimiters kept as they were.

`csv.writer` would re-quote the file, so this cuts the raw text into fields itself and rewrites only the
characters inside each field; quotes, delimiters and line endings never pass through the converter.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from translit.documents._context import DocContext
from translit.errors import InputError


def _fields(text: str, delimiter: str) -> Iterator[tuple[int, int, int, int]]:
    """Yield (record, column, start, end) for the raw content of every field (inside quotes if quoted)."""
    i, n = 0, len(text)
    record = column = 0
    while i <= n:
        if i < n and text[i] == '"':
            j = i + 1
            while True:
                j = text.find('"', j)
                if j < 0:
                    raise InputError(None, f"record {record + 1}: a quoted field is never closed")
                if j + 1 < n and text[j + 1] == '"':
                    j += 2
                    continue
                break
            yield record, column, i + 1, j
            i = j + 1
            while i < n and text[i] not in (delimiter, "\r", "\n"):
                i += 1
        else:
            j = i
            while j < n and text[j] not in (delimiter, "\r", "\n"):
                j += 1
            yield record, column, i, j
            i = j
        if i >= n:
            return
        if text[i] == delimiter:
            column += 1
            i += 1
            continue
        i += 2 if text.startswith("\r\n", i) else 1
        record += 1
        column = 0
        if i >= n:
            return


def _delimiter(text: str, ext: str) -> str:
    if ext == "tsv":
        return "\t"
    try:
        return csv.Sniffer().sniff(text[:65536], delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _selected(header: list[str], columns: tuple[str, ...], path: str) -> set[int]:
    chosen: set[int] = set()
    for col in columns:
        if col in header:
            chosen.add(header.index(col))
        elif col.isdigit() and 1 <= int(col) <= len(header):
            chosen.add(int(col) - 1)
        else:
            raise InputError(path, f"no column {col!r} (the header has: {', '.join(header)})")
    return chosen


def rewrite_text(text: str, ctx: DocContext, ext: str) -> str:
    delimiter = _delimiter(text, ext)
    try:
        spans = list(_fields(text, delimiter))
    except InputError as exc:
        raise InputError(ctx.path, exc.problem) from exc
    chosen: set[int] | None = None
    if ctx.columns:
        header = [text[s:e].replace('""', '"') for r, _c, s, e in spans if r == 0]
        chosen = _selected(header, ctx.columns, ctx.path)
        spans = [sp for sp in spans if sp[0] > 0 and sp[1] in chosen]
    converted = ctx.convert_many([text[s:e] for _r, _c, s, e in spans])
    out: list[str] = []
    last = 0
    for (_r, _c, s, e), new in zip(spans, converted, strict=True):
        out.append(text[last:s])
        out.append(new)
        last = e
    out.append(text[last:])
    return "".join(out)


def rewrite(data: bytes, ctx: DocContext, ext: str) -> bytes:
    """Convert one .csv or .tsv file (with --columns, the header row names the columns and stays as is)."""
    decoded = ctx.decode(data)
    return ctx.encode(rewrite_text(decoded.text, ctx, ext), decoded)
