"""Reading and writing text files safely: decoding errors name the byte offset, outputs are atomic.

Reads decode incrementally in binary chunks so that a bad byte deep in a large file is reported with its
absolute offset, and nothing is written unless the whole output was produced.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from translit.errors import InputError, OutputError

_READ = 1 << 20


def iter_decoded(stream: BinaryIO, name: str, encoding: str = "utf-8") -> Iterator[str]:
    """Decode a byte stream in chunks; a BOM and line endings are kept as characters."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    offset = 0
    while True:
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
            bad = exc.object[exc.start : exc.start + 1].hex()
            raise InputError(name, f"not valid {encoding} at byte {position} (0x{bad}); pass --encoding") from exc
        offset += len(block)
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
def atomic_writer(path: Path, encoding: str = "utf-8") -> Iterator[object]:
    """Write to a temporary file beside `path`, then rename; on any error the target is left untouched."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(path, f"cannot create output: {exc.strerror or exc}") from exc
    try:
        os.chmod(tmp, _mode_for(path))  # mkstemp creates 0600; give the file the mode a plain open() would
        with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        _discard(tmp)
        reason = "disk full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
        raise OutputError(path, f"cannot write: {reason}; nothing was written") from exc
    except BaseException:
        _discard(tmp)
        raise


def _mode_for(path: Path) -> int:
    """The existing file's mode, or 0666 less the umask for a new file."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _discard(tmp: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(tmp)
