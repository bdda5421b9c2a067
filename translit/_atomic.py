"""Atomic output: write beside the target under a recognisable temporary name, then rename over it.

A run killed midway leaves at most these temporary files behind (never a half-written output); the bulk job
removes them from its output folder when it starts again.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from translit.errors import OutputError

TMP_PREFIX = ".translit-tmp-"


def check_target(path: Path) -> None:
    """Refuse to write through a symbolic link or over a directory."""
    if path.is_symlink():
        raise OutputError(path, "is a symbolic link; refusing to write through it")
    if path.is_dir():
        raise OutputError(path, "is a folder; cannot write a file there")


@contextlib.contextmanager
def atomic_binary(path: Path) -> Iterator[BinaryIO]:
    """Yield a binary file to fill; it replaces `path` only if the block finishes without an error."""
    check_target(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f"{TMP_PREFIX}{path.name}.", dir=path.parent)
    except OSError as exc:
        raise OutputError(path, f"cannot create output: {exc.strerror or exc}") from exc
    try:
        os.chmod(tmp, _mode_for(path))  # mkstemp creates 0600; give the file the mode a plain open() would
        with os.fdopen(fd, "wb") as handle:
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


def write_bytes(path: Path, data: bytes) -> None:
    with atomic_binary(path) as handle:
        handle.write(data)


def remove_stale(root: Path, recursive: bool = True) -> int:
    """Delete temporary files a killed run left under `root` (or only in it); return how many."""
    removed = 0
    if not root.is_dir():
        return 0
    for dirpath, _dirs, files in os.walk(root) if recursive else [(str(root), [], os.listdir(root))]:
        for name in files:
            if name.startswith(TMP_PREFIX):
                _discard(os.path.join(dirpath, name))
                removed += 1
    return removed


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
