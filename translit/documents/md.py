"""Markdown: prose converted; code blocks, code spans, URLs, link targets and raw HTML tags kept.

markdown-it-py finds the block structure (its source maps give the lines of fenced and indented code and of
HTML blocks); inside the other lines, code spans, autolinks, link destinations, reference definitions and
inline tags are cut out before conversion and put back as they were.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from translit.documents._context import DocContext
from translit.documents._flow import Piece
from translit.documents._protect import protect

_PROTECTED_BLOCKS = frozenset({"fence", "code_block", "html_block"})
_INLINE = re.compile(
    r"(?P<code>(`+)(?:.|\n)*?(?<!`)\2(?!`))"  # code span: a backtick run closed by a run of the same length
    r"|<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>"  # autolink
    r"|<[A-Za-z][^\s@<>]*@[^\s<>]+>"  # e-mail autolink
    r"|</?[A-Za-z][^<>]*>|<!--(?:.|\n)*?-->"  # inline HTML
    r"|\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"  # link / image destination (title kept too)
    r"|^[ ]{0,3}\[\^[^\]\s]+\]:"  # footnote definition: its label only (its text is prose)
    r"|\[\^[^\]\s]+\]"  # footnote reference
    r"|^[ ]{0,3}\[(?!\^)[^\]]+\]:[^\n]*$"  # reference definition
    r"|\{[A-Za-z0-9_.:-]*\}"  # attribute / placeholder braces
    r"|https?://[^\s<>)\]]+"
    r"|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);",  # character references
    re.MULTILINE,
)


def rewrite_text(text: str, ctx: DocContext) -> str:
    lines = text.splitlines(keepends=True)
    protected = [False] * len(lines)
    md = MarkdownIt("commonmark").disable(["inline", "text_join"])  # only the block structure is needed
    front = 0
    if lines and lines[0].rstrip("\r\n") == "---":  # YAML front matter: kept
        for i in range(1, len(lines)):
            if lines[i].rstrip("\r\n") in ("---", "..."):
                front = i + 1
                break
    for i in range(front):
        protected[i] = True
    for token in md.parse("".join(lines[front:])):
        if token.type in _PROTECTED_BLOCKS and token.map:
            for i in range(token.map[0] + front, min(token.map[1] + front, len(lines))):
                protected[i] = True
    out: list[str | int] = []  # an int stands for the pending chunk with that number
    pending: list[list[Piece]] = []
    chunk: list[str] = []

    def flush() -> None:
        if chunk:
            out.append(len(pending))
            pending.append(protect("".join(chunk), _INLINE))
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


def rewrite(data: bytes, ctx: DocContext) -> bytes:
    """Convert one Markdown file."""
    decoded = ctx.decode(data)
    return ctx.encode(rewrite_text(decoded.text, ctx), decoded)
