"""Plain text: decode (detected or given encoding), convert the whole text, encode back (BOM and CR/LF kept)."""

from __future__ import annotations

from translit.documents._context import DocContext


def rewrite(data: bytes, ctx: DocContext) -> bytes:
    """Convert one plain-text file held in memory."""
    decoded = ctx.decode(data)
    return ctx.encode(ctx.convert(decoded.text), decoded)
