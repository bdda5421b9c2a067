"""CSV and TSV: cell text converted (all columns, or the ones chosen), quoting and delimiters kept as they were.

`csv.writer` would re-quote the file, so this cuts the raw text into fields itself and rewrites only the
characters inside each field; quotes, delimiters and line endings never pass through the converter.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from translit.documents._context import DocContext
from translit.errors import InputError

# A quoted field up to its closing quote: runs of other characters, each "" an escaped quote. Possessive, so
# that an unclosed field fails instead of backtracking to close at one quote of a "" pair (the scan with
# str.find this replaced never did that either: it raised).
_QUOTED = re.compile(r'"[^"]*+(?>(?:""[^"]*+)*)"')  # an atomic group, as in html.py's `_TOKEN`: see there


@lru_cache(maxsize=8)
def _stop(delimiter: str) -> re.Pattern[str]:
    """The delimiter or a line end: where an unquoted field, or what follows a quoted one, ends (found by the
    regex engine; the per-character Python loop it replaces cost a quarter of a CSV's rewriting)."""
    return re.compile(f"[{re.escape(delimiter)}\\r\\n]")


def _fields(text: str, delimiter: str) -> Iterator[tuple[int, int, int, int]]:
    """Yield (record, column, start, end) for the raw content of every field (inside quotes if quoted)."""
    stop = _stop(delimiter).search
    quoted = _QUOTED.match
    i, n = 0, len(text)
    record = column = 0
    while True:
        if text.startswith('"', i):
            m = quoted(text, i)
            if m is None:
                raise InputError(None, f"record {record + 1}: a quoted field is never closed")
            j = m.end()
            yield record, column, i + 1, j - 1
            found = stop(text, j)  # whatever follows the closing quote up to the delimiter is skipped
            i = found.start() if found else n
        else:
            found = stop(text, i)
            j = found.start() if found else n
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


# The first step of `csv.Sniffer.sniff` (`_guess_quote_and_delimiter`, Python 3.11-3.13): the patterns of a
# quoted field between delimiters, the first one found anywhere in the sample wins.
_SNIFF_QUOTED = tuple(
    re.compile(pattern, re.DOTALL | re.MULTILINE)
    for pattern in (
        r'(?P<delim>[^\w\n"\'])(?P<space> ?)(?P<quote>["\']).*?(?P=quote)(?P=delim)',
        r'(?:^|\n)(?P<quote>["\']).*?(?P=quote)(?P<delim>[^\w\n"\'])(?P<space> ?)',
        r'(?P<delim>[^\w\n"\'])(?P<space> ?)(?P<quote>["\']).*?(?P=quote)(?:$|\n)',
        r'(?:^|\n)(?P<quote>["\']).*?(?P=quote)(?:$|\n)',
    )
)


def _sniffed_delimiter(sample: str, delimiters: str) -> str | None:
    """`csv.Sniffer().sniff(sample, delimiters).delimiter` (None where it raises csv.Error), without its work
    towards the other fields of the dialect: its quote step ends with a search for doubled quotes (for
    `doublequote`, unused here) that cost a fifth of a CSV's rewriting. The delimiter is taken exactly as
    the quote step takes it, then `Sniffer._guess_delimiter` as sniff falls back to it;
    tests/test_documents_rewriters_fast.py checks the result against `csv.Sniffer` itself."""
    matches: list[tuple[str, ...]] = []
    regexp = _SNIFF_QUOTED[0]
    for regexp in _SNIFF_QUOTED:
        matches = regexp.findall(sample)
        if matches:
            break
    delim = ""
    if matches and "delim" in regexp.groupindex:
        n = regexp.groupindex["delim"] - 1
        delims: dict[str, int] = {}
        for m in matches:
            key = m[n]
            if key and key in delimiters:
                delims[key] = delims.get(key, 0) + 1
        if delims:
            delim = max(delims, key=delims.__getitem__)  # the first of the most counted, as sniff's max
            if delim == "\n":
                delim = ""
    if not delim:
        delim = _guessed_delimiter(sample, delimiters)
    return delim or None


#: `csv.Sniffer.preferred` (Python 3.11-3.13): the order in which a tie between delimiters is broken.
_PREFERRED = (",", "\t", ";", " ", ":")


def _guessed_delimiter(data: str, delimiters: str) -> str:
    """`csv.Sniffer()._guess_delimiter(data, delimiters)[0]` (Python 3.11-3.13), counting only `delimiters`.

    Why: the Sniffer counts each of the 127 ASCII characters on every line, then lets only a character of
    `delimiters` become a candidate; the others' counts decide nothing. Counting the candidates alone gives the
    same delimiter for a thirtieth of the work. It matters where no delimiter is consistent early and every
    ten-line chunk of the 64 Ki sample is counted (ragged rows, quoted fields over several lines without a
    quote the first step recognises): 64 ms against 2 for such a sample; on a regular file the Sniffer stops
    after ten lines either way. The steps below are the Sniffer's, in its order; tests/test_documents_rewriters_fast.py
    holds the result to the Sniffer's own on generated samples.
    """
    lines = [line for line in data.split("\n") if line]
    chars = [c for c in dict.fromkeys(delimiters) if ord(c) < 127]  # the Sniffer counts 7-bit ASCII only
    chunk = min(10, len(lines))
    frequencies: dict[str, dict[int, int]] = {c: {} for c in chars}
    modes: dict[str, tuple[int, int]] = {}
    found: dict[str, tuple[int, int]] = {}
    start, end, iteration = 0, chunk, 0
    while start < len(lines):
        iteration += 1
        for line in lines[start:end]:
            for c in chars:
                counts = frequencies[c]
                n = line.count(c)
                counts[n] = counts.get(n, 0) + 1
        for c in chars:
            items = list(frequencies[c].items())
            if len(items) == 1 and items[0][0] == 0:
                continue
            if len(items) > 1:
                mode = max(items, key=lambda item: item[1])  # the first of the most frequent counts
                items.remove(mode)
                modes[c] = (mode[0], mode[1] - sum(item[1] for item in items))
            else:
                modes[c] = items[0]
        total = float(min(chunk * iteration, len(lines)))
        consistency = 1.0
        while not found and consistency >= 0.9:
            for c, (count, rows) in modes.items():
                if count > 0 and rows > 0 and rows / total >= consistency:
                    found[c] = (count, rows)
            consistency -= 0.01
        if len(found) == 1:
            return next(iter(found))
        start = end
        end += chunk
    if not found:
        return ""
    for c in _PREFERRED:
        if c in found:
            return c
    return max((mode, c) for c, mode in found.items())[1]


def _delimiter(text: str, ext: str) -> str:
    if ext == "tsv":
        return "\t"
    return _sniffed_delimiter(text[:65536], ",;\t|") or ","


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
