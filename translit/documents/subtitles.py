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


def rewrite_text(text: str, ctx: DocContext, *, vtt: bool) -> str:
    out: list[str | int] = []  # an int stands for the pending cue text with that number
    pending: list[list[Piece]] = []
    first = True
    for block in _blocks(text):
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
        timing = next((i for i, line in enumerate(block) if _TIMING.match(line)), None)
        if timing is None:
            ctx.warnings.append(f"block without a timing line kept as is: {block[0].strip()[:40]!r}")
            out.extend(block)
            continue
        out.extend(block[: timing + 1])
        if timing + 1 < len(block):
            out.append(len(pending))
            pending.append(protect("".join(block[timing + 1 :]), _TAG, stand_in=""))
    done = ["".join(pieces) for pieces in ctx.flows(pending)]
    return "".join(done[part] if isinstance(part, int) else part for part in out)


def rewrite(data: bytes, ctx: DocContext, ext: str) -> bytes:
    """Convert one .srt or .vtt file."""
    decoded = ctx.decode(data)
    return ctx.encode(rewrite_text(decoded.text, ctx, vtt=ext == "vtt"), decoded)
