"""SRT and WebVTT: cue text converted, every index, timing, header, NOTE and STYLE line kept byte for byte.

`srt.compose` drops CRLF and the BOM (research §1.5), so this rewrites lines in place. The lines of one cue
are converted together (a sentence runs across them); <i>, <c.x>, <v Name> and {\\an8} tags are kept.
"""

from __future__ import annotations

import re

from translit.documents._context import DocContext
from translit.documents._flow import Piece
from translit.documents._protect import protect

_TIMING = re.compile(r"^\s*(\d+:)?\d{1,2}:\d{2}[,.]\d{1,3}\s*-->\s*(\d+:)?\d{1,2}:\d{2}[,.]\d{1,3}")
_TAG = re.compile(r"<[^<>]*>|\{\\[^{}]*\}|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def _blocks(text: str) -> list[list[str]]:
    """Lines (with their endings) grouped into blocks separated by blank lines (blank lines are blocks too)."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in text.splitlines(keepends=True):
        if line.strip():
            current.append(line)
        else:
            if current:
                blocks.append(current)
                current = []
            blocks.append([line])
    if current:
        blocks.append(current)
    return blocks


def rewrite_text(text: str, ctx: DocContext, *, vtt: bool) -> str:
    out: list[str | int] = []  # an int stands for the pending cue text with that number
    pending: list[list[Piece]] = []
    first = True
    timing_line = _TIMING.match
    for block in _blocks(text):
        head = block[0]
        if not head.strip():  # a blank line (its own block)
            out.append(head)
            continue
        if vtt:
            head = head.lstrip("\ufeff")
            if (first and head.startswith("WEBVTT")) or head.split(" ")[0].rstrip() in ("NOTE", "STYLE", "REGION"):
                out.extend(block)
                first = False
                continue
        first = False
        timing = 0
        for line in block:
            if timing_line(line):
                break
            timing += 1
        else:
            ctx.warnings.append(f"block without a timing line kept as is: {block[0].strip()[:40]!r}")
            out.extend(block)
            continue
        out.extend(block[: timing + 1])
        if timing + 1 < len(block):
            out.append(len(pending))
            cue = "".join(block[timing + 1 :])
            # protect() gives [cue] when no tag can start in it (each starts with <, { or &; the cue is not
            # empty): that answer without its regex search and list building, for the usual plain cue
            if "<" in cue or "{" in cue or "&" in cue:
                pending.append(protect(cue, _TAG, stand_in=""))
            else:
                pending.append([cue])
    done = ["".join(pieces) for pieces in ctx.flows(pending)]
    return "".join([done[part] if isinstance(part, int) else part for part in out])


def rewrite(data: bytes, ctx: DocContext, ext: str) -> bytes:
    """Convert one .srt or .vtt file."""
    decoded = ctx.decode(data)
    return ctx.encode(rewrite_text(decoded.text, ctx, vtt=ext == "vtt"), decoded)
