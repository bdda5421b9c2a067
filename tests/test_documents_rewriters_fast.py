"""The CSV/TSV, JSON, SRT/VTT and Markdown rewriters written for speed give what their former code gave.

Each former function is kept here as the reference, and both are run on generated texts, malformed ones
included (unclosed quotes, CRLF and lone CR, BOMs, escapes, empty fields, cues without text, keys and
values side by side): the same output, warnings, units, errors and error messages.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from translit.documents import jsondoc, md, subtitles, tables
from translit.documents._context import DocContext
from translit.documents._flow import Piece
from translit.documents._protect import protect
from translit.errors import InputError

# --- the former code ------------------------------------------------------------------------------------


def old_fields(text: str, delimiter: str) -> Iterator[tuple[int, int, int, int]]:
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


def old_delimiter(text: str, ext: str) -> str:
    if ext == "tsv":
        return "\t"
    try:
        return csv.Sniffer().sniff(text[:65536], delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def old_tables_rewrite_text(text: str, ctx: DocContext, ext: str) -> str:
    delimiter = old_delimiter(text, ext)
    try:
        spans = list(old_fields(text, delimiter))
    except InputError as exc:
        raise InputError(ctx.path, exc.problem) from exc
    chosen: set[int] | None = None
    if ctx.columns:
        header = [text[s:e].replace('""', '"') for r, _c, s, e in spans if r == 0]
        chosen = tables._selected(header, ctx.columns, ctx.path)
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


OLD_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
OLD_AFTER = re.compile(r"\s*:")


def old_json_rewrite_text(text: str, ctx: DocContext) -> str:
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(ctx.path, f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
    values: list[tuple[int, int, str, bool]] = []
    for m in OLD_STRING.finditer(text):
        if OLD_AFTER.match(text, m.end()):
            continue
        token = m.group(0)
        values.append((m.start(), m.end(), json.loads(token), "\\u" in token))
    converted = ctx.convert_protected([v for _s, _e, v, _a in values])
    out: list[str] = []
    last = 0
    for (s, e, old, ascii_escaped), new in zip(values, converted, strict=True):
        if new == old:
            continue
        out.append(text[last:s])
        out.append(json.dumps(new, ensure_ascii=ascii_escaped))
        last = e
    out.append(text[last:])
    return "".join(out)


def old_blocks(text: str) -> list[list[str]]:
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in text.splitlines(keepends=True):
        if line.strip() == "":
            if current:
                blocks.append(current)
                current = []
            blocks.append([line])
        else:
            current.append(line)
    if current:
        blocks.append(current)
    return blocks


def old_subtitles_rewrite_text(text: str, ctx: DocContext, *, vtt: bool) -> str:
    out: list[str | int] = []
    pending: list[list[Piece]] = []
    first = True
    for block in old_blocks(text):
        if block[0].strip() == "":
            out.extend(block)
            continue
        head = block[0].lstrip("\ufeff")
        if vtt and (
            (first and head.startswith("WEBVTT")) or head.split(" ")[0].rstrip() in ("NOTE", "STYLE", "REGION")
        ):
            out.extend(block)
            first = False
            continue
        first = False
        timing = next((i for i, line in enumerate(block) if subtitles._TIMING.match(line)), None)
        if timing is None:
            ctx.warnings.append(f"block without a timing line kept as is: {block[0].strip()[:40]!r}")
            out.extend(block)
            continue
        out.extend(block[: timing + 1])
        if timing + 1 < len(block):
            out.append(len(pending))
            pending.append(protect("".join(block[timing + 1 :]), subtitles._TAG, stand_in=""))
    done = ["".join(pieces) for pieces in ctx.flows(pending)]
    return "".join(done[part] if isinstance(part, int) else part for part in out)


def old_md_rewrite_text(text: str, ctx: DocContext) -> str:
    lines = md._LINE.findall(text)
    protected = md.protected_lines(lines)
    out: list[str | int] = []
    pending: list[list[Piece]] = []
    chunk: list[str] = []

    def flush() -> None:
        if chunk:
            out.append(len(pending))
            pending.append(protect("".join(chunk), md._INLINE))
            chunk.clear()

    for line, keep in zip(lines, protected, strict=True):
        if keep or line.strip() == "":
            flush()
            out.append(line)
        else:
            chunk.append(line)
    flush()
    done = ["".join(pieces) for pieces in ctx.flows(pending)]
    return "".join(done[part] if isinstance(part, int) else part for part in out)


# --- running both ---------------------------------------------------------------------------------------

#: Conversions that change text (so every replaced span shows), change its length, or keep it.
CONVERTS: list[Callable[[str], str]] = [str.upper, lambda s: s.replace("a", "ab").replace("ш", "sh"), str]


def outcome(rewrite: Callable[[str, DocContext], str], text: str, convert: Callable[[str], str], **kw: object):  # type: ignore[no-untyped-def]
    """What one rewriter does with `text`: its output or error, and what it left in the context."""
    ctx = DocContext(convert=convert, path="a.x", units=[], **kw)  # type: ignore[arg-type]
    try:
        result: object = rewrite(text, ctx)
    except InputError as exc:
        result = ("InputError", exc.path, exc.problem)
    return result, ctx.warnings, ctx.units, ctx.simplified


def same(old: Callable[[str, DocContext], str], new: Callable[[str, DocContext], str], text: str, **kw: object) -> None:
    for convert in CONVERTS:
        assert outcome(new, text, convert, **kw) == outcome(old, text, convert, **kw), (text, convert)


def texts(alphabet: list[str], max_size: int = 40) -> st.SearchStrategy[str]:
    """Texts made of `alphabet`'s pieces (characters and the multi-character tokens that matter)."""
    return st.lists(st.sampled_from(alphabet), max_size=max_size).map("".join)


# --- CSV / TSV ------------------------------------------------------------------------------------------

CSV_PIECES = [",", ";", "\t", "|", '"', '""', "\r\n", "\n", "\r", " ", "a", "ш", "Б", "1", "\ufeff", "'", "x y", "\x00"]


@settings(max_examples=1500, deadline=None)
@given(texts(CSV_PIECES), st.sampled_from([",", ";", "\t", "|"]))
@example('"a""b', ",")
@example('"a"x,b\r\n"c""', ",")
@example("", ",")
@example("a,\r\n,", ",")
def test_fields_are_the_former_fields(text: str, delimiter: str) -> None:
    def run(fields: Callable[[str, str], Iterator[tuple[int, int, int, int]]]) -> object:
        try:
            return list(fields(text, delimiter))
        except InputError as exc:
            return ("InputError", exc.problem)

    assert run(tables._fields) == run(old_fields)


@settings(max_examples=1500, deadline=None)
@given(texts(CSV_PIECES, max_size=60))
@example("a;b\n'x';'y'\n")
@example('a|"b"|c\n')
@example("'a'\n'b'\n")
@example("a b c\nd e f\n")
def test_delimiter_is_the_sniffers(text: str) -> None:
    for ext in ("csv", "tsv"):
        assert tables._delimiter(text, ext) == old_delimiter(text, ext)


# Lines of a few fields, so that most samples have many lines (several of the Sniffer's ten-line chunks) where
# counts agree or nearly agree: the cases where its modes, consistency steps and tie-breaks decide.
SNIFF_LINES = st.lists(
    st.lists(st.sampled_from(["a", "1", "x y", ",", ";", "\t", "|", " ", ":", "ш"]), min_size=0, max_size=8).map(
        "".join
    ),
    min_size=0,
    max_size=40,
).map("\n".join)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(SNIFF_LINES, texts(CSV_PIECES, max_size=60)), st.sampled_from([",;\t|", ",;", "|", ";,", ": ", ",\t"]))
@example("a,b\nc,d\n", ",;\t|")
@example("a;b,c\nd;e,f\n", ",;\t|")  # a tie: the preferred order decides
@example("e\n" + "a|b\n" * 29, "|")  # found in the third chunk, at a consistency of 0.93
@example("a||b;c\nd||e;f\n", "|;")  # a tie outside the preferred list: the larger mode wins
def test_guessed_delimiter_is_the_sniffers(text: str, delimiters: str) -> None:
    expected = csv.Sniffer()._guess_delimiter(text, delimiters)[0]  # type: ignore[attr-defined]
    assert tables._guessed_delimiter(text, delimiters) == expected


def test_delimiter_is_the_sniffers_beyond_the_sample() -> None:
    # the sample is the first 64 Ki characters, as before: a delimiter seen only after it does not count
    text = "a;b\n" * 16384 + '"x","y"\n' * 100
    assert tables._delimiter(text, "csv") == old_delimiter(text, "csv")


@settings(max_examples=800, deadline=None)
@given(texts(CSV_PIECES), st.sampled_from(["csv", "tsv"]), st.sampled_from([(), ("1",), ("a", "2"), ("zz",)]))
@example('1,"ша""р",\r\n2,,"x"\r\n', "csv", ())
@example('"never closed,a\n', "csv", ())
def test_tables_rewrite_is_the_former(text: str, ext: str, columns: tuple[str, ...]) -> None:
    same(
        lambda t, c: old_tables_rewrite_text(t, c, ext),
        lambda t, c: tables.rewrite_text(t, c, ext),
        text,
        columns=columns,
    )


# --- JSON -----------------------------------------------------------------------------------------------

JSON_STRINGS = texts(
    ["a", "ш", "Б", " ", '"', "\\", "\n", "\t", "\x01", "é", "\ud800", "%s", "{x}", "<b>", "\\n", "😀"], max_size=6
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | JSON_STRINGS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(JSON_STRINGS, inner, max_size=4),
    max_leaves=12,
)
#: JSON documents as people write them: either escaping, compact or indented, either separator spacing
JSON_TEXTS = st.builds(
    lambda value, ascii_only, indent, seps: json.dumps(value, ensure_ascii=ascii_only, indent=indent, separators=seps),
    JSON_VALUES,
    st.booleans(),
    st.sampled_from([None, 1, "\t"]),
    st.sampled_from([(",", ":"), (", ", " : ")]),
)


@settings(max_examples=800, deadline=None)
@given(JSON_TEXTS)
def test_json_rewrite_is_the_former(text: str) -> None:
    same(old_json_rewrite_text, jsondoc.rewrite_text, text)


JSON_PIECES = [
    '"',
    "\\",
    '\\"',
    "\\u0448",
    "\\ud83d\\ude00",
    "\\n",
    ":",
    " : ",
    ",",
    "{",
    "}",
    "[",
    "]",
    "a",
    "ш",
    "1",
    " ",
    "\n",
    "\ufeff",
    "null",
    "\\x",
]


@settings(max_examples=1500, deadline=None)
@given(texts(JSON_PIECES))
@example('{"a" : "b", "c":["ш", "\\u0448 x"], "d\\"":"\\\\"}')
@example('\ufeff{"a": "b"}')
@example('{"a": "b"')
@example('"\\u0448"')
def test_json_rewrite_is_the_former_on_any_text(text: str) -> None:
    same(old_json_rewrite_text, jsondoc.rewrite_text, text)


# --- SRT / VTT ------------------------------------------------------------------------------------------

SUB_PIECES = [
    "1",
    "00:00:01,000 --> 00:00:02,500",
    "00:01.000 --> 00:02.000 align:start",
    "\r\n",
    "\n",
    "\r",
    " ",
    "ша",
    "Салом дунё",
    "<i>",
    "</i>",
    "<v Али>",
    "{\\an8}",
    "&amp;",
    "&",
    "{",
    "<",
    "WEBVTT",
    "NOTE",
    "STYLE",
    "REGION",
    "\ufeff",
    "\u2028",
    "\x0c",
]


@settings(max_examples=1500, deadline=None)
@given(texts(SUB_PIECES), st.booleans())
@example("1\r\n00:00:01,000 --> 00:00:02,000\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\nша <i>ша</i>\r\n", False)
@example("\ufeffWEBVTT\n\nNOTE x\n\n00:01.000 --> 00:02.000\n{\\an8}ша &amp; ша\n", True)
@example("no timing\nhere\n", True)
def test_subtitles_rewrite_is_the_former(text: str, vtt: bool) -> None:
    same(
        lambda t, c: old_subtitles_rewrite_text(t, c, vtt=vtt),
        lambda t, c: subtitles.rewrite_text(t, c, vtt=vtt),
        text,
    )


# --- Markdown -------------------------------------------------------------------------------------------

MD_PIECES = [
    "\n",
    "\r\n",
    "\r",
    " ",
    "   ",
    "    ",
    "\t",
    "ша",
    "Салом",
    "`",
    "``",
    "```",
    "~~~",
    "[x]: /u",
    "[^1]",
    "[^1]:",
    "](/a)",
    "{x}",
    "http://a.b/c",
    "&amp;",
    "<b>",
    "<!-- c -->",
    "---",
    "# ",
    "> ",
    "- ",
    "\u2028",
    "\x0c",
    "\x85",
    "\v",
    "\x1c",
]


@settings(max_examples=1500, deadline=None)
@given(texts(MD_PIECES, max_size=50))
@example(" [x]: /u\nша\n\n  [^1]: ша\n")
@example("ша\u2028ша\n```\nкод\n```\n")
@example("---\na: б\n---\nша `к` ша\n")
def test_md_rewrite_is_the_former(text: str) -> None:
    same(old_md_rewrite_text, md.rewrite_text, text)


@settings(max_examples=1500, deadline=None)
@given(texts(MD_PIECES, max_size=50))
def test_md_lines_are_the_line_pattern(text: str) -> None:
    assert md._lines(text) == md._LINE.findall(text)


@settings(max_examples=1500, deadline=None)
@given(texts(MD_PIECES, max_size=50).filter(lambda t: t != ""))
def test_md_chunk_pattern_finds_the_inline_spans(text: str) -> None:
    assert md._protect_chunk(text) == protect(text, md._INLINE)


@pytest.mark.parametrize("text", ["a\n [x]: /u", " [^1]: b", "a [x]: b", "\r [x]: b", "a\n\n   [x]: /u\n"])
def test_md_indented_definitions_still_found(text: str) -> None:
    assert md._protect_chunk(text) == protect(text, md._INLINE)


@settings(max_examples=800, deadline=None)
@given(JSON_TEXTS)
def test_json_values_are_the_former_tokens(text: str) -> None:
    former = [(m.start(), m.end(), m.group(0)) for m in OLD_STRING.finditer(text) if not OLD_AFTER.match(text, m.end())]
    assert jsondoc._values(text) == former
