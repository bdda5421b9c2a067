"""Reading and writing text files safely: decoding errors name the byte offset, outputs are atomic.

Reads decode incrementally in binary chunks so that a bad byte deep in a large file is reported with its
absolute offset, and nothing is written unless the whole output was produced.
"""

from __future__ import annotations

import codecs
import contextlib
import io
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from translit._atomic import atomic_binary
from translit.encodings import undecodable
from translit.errors import InputError

_READ = 1 << 20


def iter_decoded(stream: BinaryIO, name: str, encoding: str = "utf-8", *, head: bytes = b"") -> Iterator[str]:
    """Decode a byte stream in chunks (after `head`, bytes already read from it); line endings are kept.

    A bad byte is reported with its absolute offset in the stream, in the one message every path uses.
    """
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    offset = 0
    block = head
    while True:
        if not block:
            try:
                block = stream.read(_READ)
            except OSError as exc:
                raise InputError(name, f"cannot read: {exc.strerror or exc}") from exc
        final = not block
        pending = len(decoder.getstate()[0])
        try:
            text = decoder.decode(block, final=final)
        except UnicodeDecodeError as exc:
            position = offset - pending + exc.start
            raise undecodable(name, encoding, position, exc.object[exc.start : exc.start + 1]) from exc
        offset += len(block)
        block = b""
        if text:
            yield text
        if final:
            return


def open_input(path: Path) -> BinaryIO:
    """Open a file for reading, turning OS errors into one clear line."""
    try:
        if path.is_dir():
            raise InputError(path, "is a folder, not a file")
        return path.open("rb")
    except FileNotFoundError as exc:
        raise InputError(path, "no such file") from exc
    except PermissionError as exc:
        raise InputError(path, "permission denied") from exc
    except OSError as exc:
        raise InputError(path, f"cannot open: {exc.strerror or exc}") from exc


def read_text(path: Path, encoding: str = "utf-8") -> str:
    with open_input(path) as handle:
        return "".join(iter_decoded(handle, str(path), encoding))


@contextlib.contextmanager
def atomic_writer(path: Path, encoding: str = "utf-8") -> Iterator[TextIO]:
    """A text file (newlines untranslated) that replaces `path` only if the block finishes without an error."""
    with atomic_binary(path) as raw:
        handle = io.TextIOWrapper(raw, encoding=encoding, newline="")
        try:
            yield handle
            handle.flush()
        finally:
            handle.detach()  # the binary file is closed (and renamed) by atomic_binary, not by the wrapper
