"""Reading and writing text files in whatever encoding they came in, without losing a byte of layout.

Legacy Uzbek text arrives as UTF-8, UTF-16 (Excel, old Notepad), cp1251, PT154, cp866 or KOI8. Unrestricted
charset detection misreads short Uzbek strings as Shift-JIS or cp1125, so detection is restricted to Cyrillic
code pages (see shared research §3.2). Line endings are never translated (the text keeps its own CR/LF bytes),
and a BOM is remembered and written back.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from translit.errors import InputError, OutputError, UndecodableError

__all__ = [
    "CYRILLIC_CODEPAGES",
    "DecodedText",
    "bom_for",
    "decode",
    "detect_encoding",
    "encode",
    "has_bom",
    "newline_style",
    "output_codec",
    "relabelled_utf8",
    "undecodable",
]

#: The code pages charset-normalizer may choose from: the ones Uzbek and Kazakh text was written in.
CYRILLIC_CODEPAGES: tuple[str, ...] = (
    "utf_8",
    "cp1251",
    "ptcp154",
    "cp866",
    "koi8_r",
    "koi8_t",
    "mac_cyrillic",
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf_32_le"),
    (codecs.BOM_UTF32_BE, "utf_32_be"),
    (codecs.BOM_UTF8, "utf_8"),
    (codecs.BOM_UTF16_LE, "utf_16_le"),
    (codecs.BOM_UTF16_BE, "utf_16_be"),
)


@dataclass(frozen=True)
class DecodedText:
    """Text plus what is needed to write it back the way it came: codec, BOM, line-ending style."""

    text: str
    encoding: str
    bom: bool
    newline: str  # "\n", "\r\n", "\r", "mixed" or "none"


def newline_style(text: str) -> str:
    """Name the line endings a text uses, so a report can say what was kept."""
    if "\r" not in text:  # nearly every text: one scan for a character, not three counts (27 µs on 11 KB)
        return "\n" if "\n" in text else "none"
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    cr = text.count("\r") - crlf
    kinds = [k for k, n in (("\r\n", crlf), ("\n", lf), ("\r", cr)) if n]
    if not kinds:
        return "none"
    return kinds[0] if len(kinds) == 1 else "mixed"


_LOW_BYTES = bytes(range(5))


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM: one byte of nearly every code unit is 0x00 (Latin) or 0x04 (Cyrillic).

    Such text can also be valid UTF-8 (Cyrillic in UTF-16-LE is a run of control bytes), so this runs first;
    ordinary UTF-8 or 8-bit text never has that pattern.
    """
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    half = len(sample) // 2
    # one half of the bytes must be 0x00–0x04 for either order: fewer in the whole sample rules out both at once
    # (UTF-8 and 8-bit text hold none), without slicing the sample twice (11 against 2 µs on a 20 KB document)
    if len(sample) - len(sample.translate(None, _LOW_BYTES)) < half * 0.9:
        return None
    for high, codec in ((sample[1::2], "utf_16_le"), (sample[0::2], "utf_16_be")):
        if len(high) - len(high.translate(None, _LOW_BYTES)) < half * 0.9:  # bytes 0x00–0x04, counted in C
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text[:2048] if ord(ch) < 32 and ch not in "\r\n\t")
        if controls == 0:
            return codec
    return None


def has_bom(data: bytes, codec: str) -> bool:
    """Whether `data` starts with the byte-order mark of `codec` (either one, for UTF-16/32 without an order)."""
    for mark, bom_codec in _BOMS:
        if data.startswith(mark) and codecs.lookup(bom_codec).name == codecs.lookup(codec).name:
            return True
    return codec in ("utf_16", "utf_32") and data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


#: What each message asks for, in the words of both ways in: the command line and the library.
ASK = "pass --encoding (encoding= in the library)"


def undecodable(path: Path | str | None, codec: str, position: int, byte: bytes) -> UndecodableError:
    """The one message for bytes that do not decode, on every path: where, which byte, what to do."""
    name = codecs.lookup(codec).name.removesuffix("-sig")  # a BOM was read past: the text is UTF-8 all the same
    return UndecodableError(path, f"not valid {name} at byte {position} (0x{byte.hex()}); {ASK}")


def _mostly_utf8(data: bytes) -> bool:
    """Whether bytes that fail as UTF-8 are still mostly valid UTF-8 sequences (a few bad bytes in it)."""
    text = data.decode("utf_8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    return good >= 4 * bad


def detect_encoding(data: bytes, *, path: Path | str | None = None) -> tuple[str, bool]:
    """Return (codec, has_bom): BOM, then strict UTF-8, then BOM-less UTF-16, then restricted detection."""
    codec, bom, _text = _detect(data, path)
    return codec, bom


def _detect(data: bytes, path: Path | str | None) -> tuple[str, bool, str | None]:
    """`detect_encoding`, and the text when telling UTF-8 decoded it all already (else None): `decode` then
    need not decode it again (measured: a second decode was half of `decode`'s cost on a 20 KB document)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, True, None
    utf16 = _utf16_without_bom(data)
    if utf16:
        return utf16, False, None
    try:
        text = data.decode("utf_8")
    except UnicodeDecodeError as exc:
        if _mostly_utf8(data):  # UTF-8 with a stray bad byte: a code page would garble all the rest
            raise undecodable(path, "utf_8", exc.start, data[exc.start : exc.start + 1]) from exc
    else:
        return "utf_8", False, text
    if b"\x00" in data[:8192]:
        raise InputError(path, f"looks like a binary file (NUL bytes), not text; if it is text, {ASK}")
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(CYRILLIC_CODEPAGES)).best()
    if best is None:
        raise InputError(
            path,
            "cannot tell the text encoding (tried UTF-8, UTF-16 and the Cyrillic code pages "
            + ", ".join(CYRILLIC_CODEPAGES[1:])
            + f"); {ASK}",
        )
    return codecs.lookup(best.encoding).name.replace("-", "_"), False, None


def decode(data: bytes, *, path: Path | str | None = None, encoding: str | None = None) -> DecodedText:
    """Decode a whole file (never a cell or a line alone: short strings fool detection)."""
    text: str | None = None
    if encoding:
        try:
            codec = codecs.lookup(encoding).name.replace("-", "_")
        except LookupError as exc:
            raise InputError(path, f"unknown encoding {encoding!r}") from exc
        bom = has_bom(data, codec)
    else:
        codec, bom, text = _detect(data, path)
    if text is None:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            raise undecodable(path, codec, exc.start, exc.object[exc.start : exc.start + 1]) from exc
    if text.startswith("\ufeff"):
        text = text[1:]
        bom = True
    return DecodedText(text=text, encoding=codec, bom=bom, newline=newline_style(text))


def bom_for(codec: str) -> bytes:
    name = codecs.lookup(codec).name
    return {
        "utf-8": codecs.BOM_UTF8,
        "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE,
        "utf-32-le": codecs.BOM_UTF32_LE,
        "utf-32-be": codecs.BOM_UTF32_BE,
    }.get(name, b"")


def output_codec(codec: str, keep_encoding: bool = False) -> str:
    """The codec a text read in `codec` is written in: UTF-8, or with `keep_encoding` its own (UTF-16 and UTF-32
    without a byte order as little-endian, after the BOM that `bom_for` gives)."""
    out = codec if keep_encoding else "utf_8"
    if codecs.lookup(out).name in ("utf-16", "utf-32"):
        out += "_le"
    return out


def relabelled_utf8(codec: str, keep_encoding: bool = False) -> bool:
    """Whether a text read in `codec` is written in UTF-8 though it was not: a label of its own encoding that a
    document carries (HTML's `<meta charset>`, an XML declaration, a .po header's charset) must then say UTF-8."""
    return codecs.lookup(output_codec(codec, keep_encoding)).name == "utf-8" != codecs.lookup(codec).name


def encode(text: str, source: DecodedText, *, keep_encoding: bool = False, path: Path | str | None = None) -> bytes:
    """Encode converted text: UTF-8 (with the BOM if the input had one), or the input's own codec.

    With `keep_encoding` a character the legacy code page cannot hold (Latin ʻ in cp1251, Kazakh letters in
    cp866) is an error naming the character and its position, never a silent '?'.
    """
    codec = output_codec(source.encoding, keep_encoding)
    try:
        body = text.encode(codec)
    except UnicodeEncodeError as exc:
        bad = exc.object[exc.start : exc.end]
        line = exc.object.count("\n", 0, exc.start) + 1
        raise OutputError(
            path or "<output>",
            f"--keep-encoding: {source.encoding} cannot encode {bad!r} (U+{ord(bad[0]):04X}) at line {line}; "
            "write UTF-8 instead (drop --keep-encoding)",
        ) from exc
    if source.bom:
        body = bom_for(codec) + body
    return body
