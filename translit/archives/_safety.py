"""What makes an archive member safe to read and to write again: names, kinds and sizes.

Nothing is ever extracted to a path built from a member name (3.11.7's tarfile lacks the 2025 filter fixes,
zipfile lacks the overlap check; research §2.2, §8): members are read into memory through size-capped reads
and written into a new archive, so the remaining dangers are names a later unpacker would follow, and bombs.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import IO

from translit.errors import InputError

MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Decompression limits, counted on bytes actually decompressed (declared sizes can lie)."""

    max_member_bytes: int = 100 * MiB
    max_total_bytes: int = 1024 * MiB
    max_ratio: float = 100.0
    max_members: int = 10_000
    ratio_grace_bytes: int = 1 * MiB  # small members compress absurdly well; judge ratio only past this


class MemberError(InputError):
    """One member cannot be taken over: `status` is "refused" (unsafe) or "encrypted"."""

    def __init__(self, archive: str, member: str, message: str, status: str = "refused") -> None:
        self.member = member
        self.status = status
        super().__init__(archive, f"member {member!r}: {message}")


class ArchiveRefused(InputError):
    """The whole archive is refused (a bomb, too many members, encrypted headers, not an archive)."""

    exit_code = 3


_DRIVE = re.compile(r"^[A-Za-z]:")
_RESERVED = re.compile(r"^(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\..*)?$", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def safe_name(raw: str) -> str:
    """Normalise a member name (NFC, '/' separators) or raise ValueError saying why it is unsafe."""
    name = unicodedata.normalize("NFC", raw.replace("\\", "/"))
    if _CONTROL.search(name):
        raise ValueError("control character in the name")
    if name.startswith("/") or _DRIVE.match(name):
        raise ValueError("absolute path")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if not parts:
        raise ValueError("empty name")
    for part in parts:
        if part == "..":
            raise ValueError("'..' in the path (would write outside the output)")
        if _RESERVED.match(part):
            raise ValueError(f"Windows reserved name {part!r}")
        if part.endswith((" ", ".")):
            raise ValueError(f"name component {part!r} ends with a dot or space")
        if len(part.encode("utf-8")) > 255:
            raise ValueError("name component longer than 255 bytes")
    return "/".join(parts)


def read_capped(handle: IO[bytes], limit: int, archive: str, member: str) -> bytes:
    """Read a member stream, refusing it as soon as it decompresses past `limit` bytes."""
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = handle.read(min(1 * MiB, limit + 1 - size))
        if not chunk:
            break
        size += len(chunk)
        chunks.append(chunk)
        if size > limit:
            raise MemberError(archive, member, f"larger than the limit of {limit} bytes (--max-member-size)")
    return b"".join(chunks)


class Budget:
    """Running totals for one archive: total bytes, member count and the overall ratio."""

    def __init__(self, limits: Limits, archive: str) -> None:
        self.limits = limits
        self.archive = archive
        self.total = 0
        self.members = 0

    def count(self, size: int, compressed: int | None) -> None:
        self.members += 1
        self.total += size
        lim = self.limits
        if self.members > lim.max_members:
            raise ArchiveRefused(self.archive, f"more than {lim.max_members} members (--max-members); refused")
        if self.total > lim.max_total_bytes:
            raise ArchiveRefused(
                self.archive,
                f"decompresses to more than {lim.max_total_bytes} bytes (--max-total-size); refused as a bomb",
            )
        if compressed is not None and self.total > lim.ratio_grace_bytes and self.total > compressed * lim.max_ratio:
            raise ArchiveRefused(
                self.archive,
                f"compression ratio above {lim.max_ratio:g}:1 (--max-ratio); refused as a decompression bomb",
            )

    def check_member_ratio(self, member: str, size: int, compressed: int) -> None:
        if size > self.limits.ratio_grace_bytes and size > max(compressed, 1) * self.limits.max_ratio:
            raise MemberError(
                self.archive, member, f"compression ratio above {self.limits.max_ratio:g}:1 (a bomb); skipped"
            )
