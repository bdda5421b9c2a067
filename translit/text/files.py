"""A text file or stream through the text path: one encoding policy, streamed in bounded memory.

The CLI on a file or stdin and the bulk runner on a `.txt` file both call `convert_binary`, so the same
bytes give the same output, the same message and the same exit code on either path. The encoding is
read from the first MiB (`translit.encodings.detect_encoding`: BOM, UTF-8, UTF-16, then the Cyrillic code
pages), a BOM is written back, line endings are kept byte for byte, and a bad byte is reported with its
absolute offset.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from translit.encodings import bom_for, detect_encoding, has_bom, output_codec
from translit.errors import InputError, OutputError
from translit.text.path import Outcome, TextOptions, TextPath
from translit.textio import iter_decoded

HEAD = 1 << 20  # bytes read before the encoding is chosen


@dataclass(frozen=True)
class StreamResult:
    """What a converted stream was: the text path's outcome and the encoding it was read in."""

    outcome: Outcome
    encoding: str
    bom: bool


def _codec(encoding: str, name: str) -> str:
    try:
        return codecs.lookup(encoding).name.replace("-", "_")
    except LookupError as exc:
        raise InputError(name, f"unknown encoding {encoding!r}") from exc


def _decoded(raw: BinaryIO, head: bytes, codec: str, bom: bool, name: str) -> Iterator[str]:
    """The stream decoded; a BOM the encoding was chosen by is dropped here and written back by the caller."""
    reading = {"utf_8": "utf_8_sig", "utf_16_le": "utf_16", "utf_16_be": "utf_16"}.get(codec, codec) if bom else codec
    return iter_decoded(raw, name, reading, head=head)


def convert_binary(
    raw: BinaryIO,
    write: Callable[[bytes], object],
    name: str,
    options: TextOptions,
    *,
    encoding: str | None = None,
    keep_encoding: bool = False,
) -> StreamResult:
    """Convert a byte stream to `write` (UTF-8, or the input's codec with `keep_encoding`)."""
    try:
        head = raw.read(HEAD)
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror or exc}") from exc
    if encoding:
        codec = _codec(encoding, name)
        bom = has_bom(head, codec)
    else:
        cut = head.rfind(b"\n") + 1 if len(head) == HEAD else len(head)
        codec, bom = detect_encoding(head[: cut or len(head)], path=name)
    out_codec = output_codec(codec, keep_encoding)
    encoder = codecs.getincrementalencoder(out_codec)("strict")
    if bom:
        write(bom_for(out_codec))
    path = TextPath(options)
    line = 1
    for piece in path.iter_convert(_decoded(raw, head, codec, bom, name)):
        try:
            write(encoder.encode(piece))
        except UnicodeEncodeError as exc:
            bad = exc.object[exc.start : exc.end]
            where = line + exc.object.count("\n", 0, exc.start)
            raise OutputError(
                name,
                f"--keep-encoding: {codec} cannot encode {bad!r} (U+{ord(bad[0]):04X}) at line {where}; "
                "write UTF-8 instead (drop --keep-encoding)",
            ) from exc
        line += piece.count("\n")
    write(encoder.encode("", final=True))
    return StreamResult(path.finish(name), codec, bom)
