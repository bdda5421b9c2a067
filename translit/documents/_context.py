"""What a format rewriter is handed: the conversion function and the per-document options and findings."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from translit.documents._flow import Fixed, Piece, convert_flow, convert_flows, convert_many
from translit.documents._protect import PLACEHOLDER, protect
from translit.encodings import DecodedText, decode, encode

Convert = Callable[[str], str]


@dataclass
class DocContext:
    """Per-document state: rewriters call `convert`/`flow`, and record what they decoded and noticed."""

    convert: Convert
    path: str = "<document>"
    keep_encoding: bool = False
    encoding: str | None = None
    columns: tuple[str, ...] = ()
    source: str | None = None
    target: str | None = None
    warnings: list[str] = field(default_factory=list)
    simplified: int = 0
    decoded: DecodedText | None = None

    def flow(self, pieces: Sequence[Piece]) -> list[str]:
        """Convert pieces of one paragraph together (see `_flow`), counting simplified formatting."""
        out, simplified = convert_flow(pieces, self.convert)
        self.simplified += simplified
        return out

    def flows(self, flows: Sequence[Sequence[Piece]]) -> list[list[str]]:
        """Convert many flows (paragraphs) with one call to the converter."""
        out, simplified = convert_flows(flows, self.convert)
        self.simplified += simplified
        return out

    def convert_many(self, texts: Sequence[str]) -> list[str]:
        """Convert many short independent strings (cells, values) in one call to the converter."""
        return convert_many(texts, self.convert)

    def convert_protected(self, texts: Sequence[str], pattern: re.Pattern[str] = PLACEHOLDER) -> list[str]:
        """`convert_many` for strings holding placeholders, escapes or tags, which are kept as they are."""
        split = [protect(t, pattern) for t in texts]
        flat = [p for pieces in split for p in pieces if not isinstance(p, Fixed)]
        converted = iter(self.convert_many(flat))
        return ["".join(p.raw if isinstance(p, Fixed) else next(converted) for p in pieces) for pieces in split]

    def decode(self, data: bytes) -> DecodedText:
        decoded = decode(data, path=self.path, encoding=self.encoding)
        self.decoded = decoded
        return decoded

    def encode(self, text: str, decoded: DecodedText) -> bytes:
        return encode(text, decoded, keep_encoding=self.keep_encoding, path=self.path)
