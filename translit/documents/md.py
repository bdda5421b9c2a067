"""Markdown: prose converted; code blocks, code spans, URLs, link targets and raw HTML tags kept.

markdown-it-py finds the block structure (its source maps give the lines of fenced and indented code and of
HTML blocks); inside the other lines, code spans, autolinks, link destinations, reference definitions and
inline tags are cut out before conversion and put back as they were. A document whose text cannot hold any
of those three blocks (see `_may_hold_blocks`) is not parsed at all, and markdown-it-py is not imported for
it: importing it costs about 50 ms, parsing about 4 ms per 20 KB, both only to learn that no line is kept.
"""

from __future__ import annotations

import importlib.util
import re
from functools import cache
from typing import TYPE_CHECKING

from translit.documents._context import DocContext
from translit.documents._flow import Piece
from translit.documents._mdtables import free_table_lines, may_hold_tables, realign_tables
from translit.documents._protect import protect

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

# markdown-it-py is imported only where a document needs it; a missing install still fails here, on importing
# this module, so `translit.documents._rewriter` turns it into the one "pip install 'translit-uz[documents]'"
# error for every .md file, not into a bare ModuleNotFoundError for some of them.
if importlib.util.find_spec("markdown_it") is None:
    raise ModuleNotFoundError("No module named 'markdown_it'", name="markdown_it")

_PROTECTED_BLOCKS = frozenset({"fence", "code_block", "html_block"})

#: Substrings without which the text holds no fenced code, indented code or HTML block (CommonMark as
#: markdown-it-py's "commonmark" preset parses it). Why each is necessary, inside containers too:
#:
#: - a fence opens with a run of at least three backticks or three tildes (after at most three spaces of
#:   indentation and any list or block-quote markers): "```" or "~~~" is in the text;
#: - every one of the seven kinds of HTML block starts with "<" (the first character after indentation
#:   and container markers), and markdown-it's "commonmark" preset has them enabled: "<" is in the text;
#: - an indented code line has at least four columns of indentation beyond the content column of its
#:   innermost container. Indentation is only spaces and tabs (markdown-it counts nothing else, and its
#:   normalisation turns only "\r\n" and "\r" into "\n", "\0" into U+FFFD). That content column is never
#:   left of the end of the last container marker on the line: a block quote's ">" (and its optional
#:   space) is on the line itself, a list item's continuation lines carry no marker and its first line
#:   puts code at marker + 1 space + 4 when five or more spaces follow the marker. So the four columns are
#:   one run of whitespace, and without a tab (which may stand for up to four columns, partly consumed by a
#:   marker) that run is four consecutive spaces: a tab or "    " is in the text.
#:
#: The test is on the whole text, not only at line starts: conservative (four spaces inside a sentence send
#: the document to the parser for nothing) but sound, and tests/test_md_fast.py checks it against the
#: parser on hand-written and generated documents.
_BLOCK_NEEDS = ("```", "~~~", "<", "\t", "    ")

# The alternatives of the inline pattern, in their order (the first that matches at a position wins). Each
# starts with a literal character, so that the regex engine's search skips, at C speed, every position
# whose character cannot start a match (its "charset prefix": ` < ] [ { h & and space); an alternative
# starting with a group, a class or "^" turns that off, and each position is then tried against every
# alternative (2.5-4x slower on real documents). Hence the two rewrites of the obvious pattern (kept as the
# reference in tests/test_md_fast.py, which checks the match spans are the same):
# - a code span's opening run `(`+)` is written as one backtick then `(`*)`, and closed by one backtick
#   then that group: the same runs, tried in the same order;
# - `^[ ]{0,3}\[` (a definition at the start of a line, at most three spaces in) is split by its first
#   character: `\[(?<=^\[)` (the "[" just matched starts a line) and ` (?<=^ )[ ]{0,2}\[` (the first space
#   does). The two cannot both match at one position, so splitting keeps the order of the others.
_INLINE = re.compile(
    r"`(`*)(?:.|\n)*?(?<!`)`\1(?!`)"  # code span: a backtick run closed by a run of the same length
    r"|<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>"  # autolink
    r"|<[A-Za-z][^\s@<>]*@[^\s<>]+>"  # e-mail autolink
    r"|</?[A-Za-z][^<>]*>|<!--(?:.|\n)*?-->"  # inline HTML
    r"|\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"  # link / image destination (title kept too)
    r"|\[(?<=^\[)\^[^\]\s]+\]:| (?<=^ )[ ]{0,2}\[\^[^\]\s]+\]:"  # footnote definition: its label only
    r"|\[\^[^\]\s]+\]"  # footnote reference
    r"|\[(?<=^\[)(?!\^)[^\]]+\]:[^\n]*$| (?<=^ )[ ]{0,2}\[(?!\^)[^\]]+\]:[^\n]*$"  # reference definition
    r"|\{[A-Za-z0-9_.:-]*\}"  # attribute / placeholder braces
    r"|https?://[^\s<>)\]]+"
    r"|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);",  # character references
    re.MULTILINE,
)


#: The two alternatives of `_INLINE` that start with a space (definitions indented one to three spaces): they
#: match only where a line starts with a space. Without them every space of the text stops the regex
#: engine's prefix skip to try them; a chunk with no line starting with a space cannot match them, and an
#: alternation without alternatives that never match finds the same matches, so such a chunk (most prose)
#: is searched with `_INLINE_UNINDENTED` (tests/test_md_fast_chunks.py compares the two on generated text).
_INDENTED_ALTERNATIVES = (r"| (?<=^ )[ ]{0,2}\[\^[^\]\s]+\]:", r"| (?<=^ )[ ]{0,2}\[(?!\^)[^\]]+\]:[^\n]*$")


def _without(pattern: str, alternatives: tuple[str, ...]) -> str:
    for alternative in alternatives:
        if pattern.count(alternative) != 1:  # _INLINE changed: this must change with it
            raise AssertionError(f"{alternative!r} is not once in the inline pattern")
        pattern = pattern.replace(alternative, "")
    return pattern


_INLINE_UNINDENTED = re.compile(_without(_INLINE.pattern, _INDENTED_ALTERNATIVES), _INLINE.flags)


@cache
def _parser() -> MarkdownIt:
    """The one block parser, built on first need. A MarkdownIt instance may be shared: `parse` keeps all of
    its state in a fresh StateCore/StateBlock (and a fresh env) per call, and the instance itself only holds
    options and rule chains. The chains' lookup caches are compiled lazily on first use, so the first parse
    is done here, before the instance is handed out (to more than one thread, possibly)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").disable(["inline", "text_join"])  # only the block structure is needed
    md.parse("a\n")
    return md


def _may_hold_blocks(body: str) -> bool:
    """False when `body` cannot hold a fenced code, indented code or HTML block (see `_BLOCK_NEEDS`)."""
    return any(needed in body for needed in _BLOCK_NEEDS)


#: A line with its end, as CommonMark (and markdown-it's source maps) count lines: ended by \n, \r\n or \r only.
#: `str.splitlines` also breaks at \x0c, \x85, \u2028 …, which shifted every kept line after one of them.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")

#: The line ends `str.splitlines` knows besides \r and \n: in a text without any of them it cuts the same lines
#: as `_LINE`, at C speed (the regex's character class costs about three times as much per character).
_OTHER_LINE_ENDS = ("\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def _lines(text: str) -> list[str]:
    """`_LINE.findall(text)`: the text's lines with their ends, as CommonMark counts lines."""
    if any(end in text for end in _OTHER_LINE_ENDS):
        return _LINE.findall(text)
    return text.splitlines(keepends=True)


def protected_lines(lines: list[str]) -> list[bool]:
    """Which of `lines` (the text's lines with their ends) are kept as they are: YAML front matter, and the
    lines of fenced code, indented code and HTML blocks."""
    front = 0
    if lines and lines[0].rstrip("\r\n") == "---":  # YAML front matter: kept
        for i in range(1, len(lines)):
            if lines[i].rstrip("\r\n") in ("---", "..."):
                front = i + 1
                break
    protected = [True] * front + [False] * (len(lines) - front)
    body = "".join(lines[front:])
    if _may_hold_blocks(body):
        for token in _parser().parse(body):
            if token.type in _PROTECTED_BLOCKS and token.map:
                for i in range(token.map[0] + front, min(token.map[1] + front, len(lines))):
                    protected[i] = True
    return protected


def _protect_chunk(chunk: str) -> list[Piece]:
    """`protect(chunk, _INLINE)` for a chunk (not empty), with the faster pattern where it gives the same."""
    if chunk[0] == " " or "\n " in chunk:  # `^` (MULTILINE) is at the start and after "\n" only
        return protect(chunk, _INLINE)
    return protect(chunk, _INLINE_UNINDENTED)


def rewrite_text(text: str, ctx: DocContext) -> str:
    lines = _lines(text)
    protected = protected_lines(lines)
    tables = may_hold_tables(text)  # a grid, simple or multiline table (`_mdtables`)
    if tables and any(protected):
        protected = free_table_lines(lines, protected)
    out: list[str | int] = []  # an int stands for the pending chunk with that number
    pending: list[list[Piece]] = []
    start = -1  # the first line of the chunk being gathered (-1: none); a chunk is a run of lines
    for index, (line, keep) in enumerate(zip(lines, protected, strict=True)):
        if keep or not line.strip():
            if start >= 0:
                out.append(len(pending))
                pending.append(_protect_chunk("".join(lines[start:index])))
                start = -1
            out.append(line)
        elif start < 0:
            start = index
    if start >= 0:
        out.append(len(pending))
        pending.append(_protect_chunk("".join(lines[start:])))
    done = ["".join(pieces) for pieces in ctx.flows(pending)]
    result = "".join([done[part] if isinstance(part, int) else part for part in out])
    if tables:  # keep them drawn
        result = "".join(realign_tables(lines, _lines(result), protected))
    return result


def rewrite(data: bytes, ctx: DocContext) -> bytes:
    """Convert one Markdown file."""
    decoded = ctx.decode(data)
    return ctx.encode(rewrite_text(decoded.text, ctx), decoded)
