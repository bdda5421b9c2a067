"""What makes an archive member safe to read and to write again: names, kinds and sizes.

Nothing is ever extracted to a path built from a member name (3.11.7's tarfile lacks the 2025 filter fixes,
zipfile lacks the overlap check; research §2.2, §8): members are read into memory through size-capped reads
and written into a new archive, so the remaining dangers are names a later unpacker would follow, and bombs.

One `Budget` guards every container: an archive, and the zip inside a .docx/.xlsx/.epub alike (a document in
an archive is read on what is left of the archive's budget). It counts the bytes actually inflated and the
declared bytes of refused members, so neither a lying header nor a refusal gets a bomb past the total.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
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


class EmptyName(ValueError):
    """A name that is the archive's root itself (`tar -C dir .` writes `.` and `./`): nothing to take over."""


class ArchiveRefused(InputError):
    """The whole archive is refused (a bomb, too many members, encrypted headers, not an archive)."""

    exit_code = 3


_DRIVE = re.compile(r"^[A-Za-z]:")
_RESERVED = re.compile(r"^(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\..*)?$", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
#: Bidirectional controls reorder how a name is shown (`exe.txt` shown for `txt.exe`): refused in names.
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")


def safe_name(raw: str) -> str:
    """Normalise a member name (NFC, '/' separators) or raise ValueError saying why it is unsafe."""
    name = unicodedata.normalize("NFC", raw.replace("\\", "/"))
    if _CONTROL.search(name):
        raise ValueError("control character in the name")
    if _BIDI.search(name):
        raise ValueError("bidirectional control character in the name (it disguises the real name)")
    if name.startswith("/") or _DRIVE.match(name):
        raise ValueError("absolute path")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if not parts and name.strip("/") in ("", "."):
        raise EmptyName("the archive's own folder ('.' or './')")
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


def read_guarded(
    handle: IO[bytes],
    budget: Budget,
    member: str,
    *,
    compressed: int | None = None,
    stream_count: Callable[[], int] | None = None,
) -> bytes:
    """Read one member through the budget, stopping the moment it goes over a limit (the rest is never inflated).

    `compressed` is the member's own compressed size (zip): past the grace size a member inflating more than
    `max_ratio` times that is refused on its own. `stream_count` reports the compressed bytes read so far of a
    stream (tar.gz): there the ratio is watched for the whole archive, which is refused, since a stream cannot
    skip a member without inflating it.
    """
    lim = budget.limits
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = handle.read(min(1 * MiB, lim.max_member_bytes + 1 - size))
        if not chunk:
            break
        size += len(chunk)
        chunks.append(chunk)
        budget.charge(len(chunk), member)
        if size > lim.max_member_bytes:
            raise MemberError(
                budget.archive, member, f"larger than the limit of {lim.max_member_bytes} bytes (--max-member-size)"
            )
        if compressed is not None and size > lim.ratio_grace_bytes and size > max(compressed, 1) * lim.max_ratio:
            raise MemberError(budget.archive, member, f"compression ratio above {lim.max_ratio:g}:1 (a bomb); skipped")
        if stream_count is not None:
            budget.check_stream_ratio(stream_count(), member)
    return b"".join(chunks)


class Budget:
    """Running totals for one container: bytes inflated or refused, members, and (streams) the overall ratio."""

    def __init__(self, limits: Limits, archive: str) -> None:
        self.limits = limits
        self.archive = archive
        self.total = 0
        self.members = 0

    @property
    def remaining(self) -> int:
        return max(0, self.limits.max_total_bytes - self.total)

    def member(self) -> None:
        """One more member (any kind): past `max_members` the whole container is refused."""
        self.members += 1
        if self.members > self.limits.max_members:
            raise ArchiveRefused(self.archive, f"more than {self.limits.max_members} members (--max-members); refused")

    def charge(self, size: int, member: str | None = None) -> None:
        """Count `size` bytes inflated (or refused) toward the total; past it the whole container is refused."""
        self.total += size
        if self.total > self.limits.max_total_bytes:
            at = f" at member {member!r}" if member else ""
            raise ArchiveRefused(
                self.archive,
                f"decompresses to more than {self.limits.max_total_bytes} bytes{at} (--max-total-size); "
                "refused as a bomb",
            )

    def check_stream_ratio(self, compressed: int, member: str | None = None) -> None:
        lim = self.limits
        if self.total > lim.ratio_grace_bytes and self.total > max(compressed, 1) * lim.max_ratio:
            at = f" at member {member!r}" if member else ""
            raise ArchiveRefused(
                self.archive,
                f"compression ratio above {lim.max_ratio:g}:1{at} (--max-ratio); refused as a decompression bomb",
            )

    # kept for the 7z reader, which gets whole members from py7zr
    def count(self, size: int, compressed: int | None) -> None:
        self.charge(size)
        if compressed is not None:
            self.check_stream_ratio(compressed)
