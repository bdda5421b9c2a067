"""The shape every archive reader yields and every writer takes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from translit.archives._safety import MemberError


@dataclass
class Entry:
    """One member as read: a regular file (with its bytes), a directory, or a refused member (with why)."""

    name: str
    kind: str  # "file", "dir" or "refused"
    data: bytes = b""
    mtime: float | None = None
    mode: int | None = None
    compress_type: int | None = None  # zip only: keep each member's compression
    compressed: int | None = None  # bytes this member took in the archive, where known (for progress)
    #: zip only: where the member's deflate stream lies in its archive (offset, length), so that a member that
    #: comes out unchanged is written with that stream instead of being deflated again. Whoever hands the writer
    #: other bytes than those read clears it (`translit.bulk.members.transform_archive`).
    stream: tuple[int, int] | None = None
    error: MemberError | None = None


class Writer(Protocol):
    """A new archive (or folder) being written; `close` makes it appear atomically, `abort` discards it."""

    def add_file(self, entry: Entry, data: bytes) -> None: ...

    def add_dir(self, entry: Entry) -> None: ...

    def close(self) -> None: ...

    def abort(self) -> None: ...


def clean_mode(mode: int | None, default: int) -> int:
    """Permission bits to write: no setuid, setgid, sticky or world-write."""
    return (mode if mode is not None else default) & 0o775
