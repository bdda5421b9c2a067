"""Atomic output: write beside the target under a recognisable temporary name, then rename over it.

A run killed midway leaves at most these temporary files behind (never a half-written output); the bulk job
removes them from its output folder when it starts again.
"""

from __future__ import annotations

import contextlib
import errno
import os
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
    """Yield a binary file to fill; it replaces `path` only if the block finishes without an error.

    The new file gets the mode a plain `open()` would give it (the kernel applies the umask; the process-wide
    umask is never changed, so threads of a host program are safe), or the mode of the file it replaces. After
    the rename, the folder is synced too, so the new name survives a crash.
    """
    check_target(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = _create_temp(path)
    except OSError as exc:
        raise OutputError(path, f"cannot create output: {exc.strerror or exc}") from exc
    try:
        existing = _existing_mode(path)
        if existing is not None:
            os.chmod(tmp, existing)
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        _fsync_dir(path.parent)
    except OSError as exc:
        _discard(tmp)
        reason = "disk full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
        raise OutputError(path, f"cannot write: {reason}; nothing was written") from exc
    except BaseException:
        _discard(tmp)
        raise


def _create_temp(path: Path) -> tuple[int, str]:
    """A new file beside `path` under a recognisable name, created with mode 0666 less the umask."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        tmp = os.path.join(path.parent, f"{TMP_PREFIX}{path.name}.{os.urandom(4).hex()}")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(path.parent))


def _fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable. Folders cannot be opened on Windows (nor synced): skipped there."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):  # file systems that cannot sync a folder
            raise
    finally:
        os.close(fd)


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


def _existing_mode(path: Path) -> int | None:
    """The permission bits of the file being replaced, or None for a new file."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return None


def _discard(tmp: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(tmp)
