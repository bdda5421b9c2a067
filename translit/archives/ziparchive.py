"""Zip archives: members streamed one by one through capped reads; names from old Windows zips in cp866."""

from __future__ import annotations

import itertools
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO
from zlib import error as zlib_error

from translit._atomic import TMP_PREFIX, check_target
from translit.archives._deflate import open_member, stream_span, write_verbatim, writestr
from translit.archives._model import Entry, clean_mode
from translit.archives._safety import ArchiveRefused, Budget, EmptyName, Limits, MemberError, read_guarded, safe_name

_UTF8_FLAG = 0x800


def decode_name(info: zipfile.ZipInfo, name_encoding: str | None = None) -> str:
    """The member's real name: zipfile reads names without the UTF-8 flag as cp437; Uzbek and Russian
    Windows wrote them in the OEM code page cp866, and many tools write UTF-8 without setting the flag."""
    if info.flag_bits & _UTF8_FLAG:
        return info.filename
    raw = info.filename.encode("cp437")
    if raw.isascii():
        return info.filename
    if name_encoding:
        return raw.decode(name_encoding, "replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    cyrillic = sum(1 for b in raw if 0x80 <= b <= 0xAF or 0xE0 <= b <= 0xF1)
    high = sum(1 for b in raw if b >= 0x80)
    return raw.decode("cp866" if cyrillic >= high * 0.8 else "cp437")


def _check_overlap(zf: zipfile.ZipFile, path: str) -> None:
    """Members whose data overlap are the non-recursive zip bomb (Fifield 2019, CVE-2024-0450): many central
    directory entries reuse one compressed kernel. 3.11.7's zipfile does not check; we do, before reading."""
    infos = sorted(zf.infolist(), key=lambda i: i.header_offset)
    for cur, nxt in itertools.pairwise(infos):
        if nxt.header_offset < cur.header_offset + 30 + len(cur.orig_filename) + cur.compress_size:
            raise ArchiveRefused(path, f"members {cur.orig_filename!r} and {nxt.orig_filename!r} overlap (zip bomb)")
    start = getattr(zf, "start_dir", None)
    if (
        infos
        and isinstance(start, int)
        and infos[-1].header_offset + 30 + len(infos[-1].orig_filename) + infos[-1].compress_size > start
    ):
        last = infos[-1].orig_filename
        raise ArchiveRefused(path, f"member {last!r} overlaps the central directory (zip bomb)")


def vet(zf: zipfile.ZipFile, limits: Limits, label: str) -> None:
    """What the central directory tells before any member is read: how many members, whether they overlap,
    and how much they claim to inflate to (a claim over the total is refused at once; a lie is caught while
    reading)."""
    infos = zf.infolist()
    if len(infos) > limits.max_members:
        raise ArchiveRefused(
            label, f"{len(infos)} members, more than {limits.max_members} (--max-members); refused before reading"
        )
    _check_overlap(zf, label)
    declared = sum(i.file_size for i in infos)
    if declared > limits.max_total_bytes:
        raise ArchiveRefused(
            label,
            f"declares {declared} bytes of content, more than {limits.max_total_bytes} (--max-total-size); "
            "refused before reading",
        )


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: Budget, name: str) -> bytes:
    """One member's bytes through the budget: refused by its declared size without inflating it, else read
    until it goes over the member limit or the ratio limit (then the rest is never inflated)."""
    if info.file_size > budget.limits.max_member_bytes:
        budget.charge(info.file_size, name)  # refused bytes count toward the total too
        raise MemberError(
            budget.archive,
            name,
            f"declares {info.file_size} bytes, over the limit of {budget.limits.max_member_bytes} "
            "(--max-member-size); skipped without inflating it",
        )
    try:
        with open_member(zf, info) as handle:
            return read_guarded(handle, budget, name, compressed=info.compress_size)
    except (zipfile.BadZipFile, NotImplementedError, EOFError, zlib_error) as exc:
        raise MemberError(budget.archive, name, f"cannot be read ({exc}); skipped") from exc


def iter_entries(
    path: Path,
    limits: Limits,
    name_encoding: str | None = None,
    label: str | None = None,
    budget: Budget | None = None,
) -> Iterator[Entry]:
    label = label or str(path)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ArchiveRefused(label, f"not a readable zip archive: {exc}") from exc
    with zf:
        vet(zf, limits, label)
        budget = budget or Budget(limits, label)
        seen: set[str] = set()
        for info in zf.infolist():
            budget.member()
            shown = decode_name(info, name_encoding)
            try:
                name = safe_name(shown)
            except EmptyName:
                continue  # the archive's own folder
            except ValueError as exc:
                yield Entry(shown, "refused", error=MemberError(label, shown, f"{exc}; skipped"))
                continue
            mtime = time.mktime((*info.date_time, 0, 0, -1))
            mode = (info.external_attr >> 16) or None
            if info.is_dir():
                yield Entry(name, "dir", mtime=mtime, mode=mode)
                continue
            if mode is not None and (mode & 0o170000) not in (0, 0o100000):
                yield Entry(name, "refused", error=MemberError(label, name, "a link or special file; skipped"))
                continue
            if name.casefold() in seen:
                yield Entry(name, "refused", error=MemberError(label, name, "duplicate name; later copy skipped"))
                continue
            seen.add(name.casefold())
            if info.flag_bits & 0x1:
                yield Entry(
                    name,
                    "refused",
                    error=MemberError(label, name, "encrypted (password required); skipped", "encrypted"),
                )
                continue
            try:
                data = read_member(zf, info, budget, name)
            except MemberError as exc:
                yield Entry(name, "refused", error=exc)
                continue
            except OSError as exc:
                yield Entry(name, "refused", error=MemberError(label, name, f"cannot be read ({exc}); skipped"))
                continue
            try:
                stream = stream_span(zf.fp, info) if zf.fp is not None else None
            except OSError:
                stream = None  # then it is deflated again if it comes out unchanged
            yield Entry(
                name,
                "file",
                data,
                mtime=mtime,
                mode=mode,
                compress_type=info.compress_type,
                compressed=info.compress_size,
                stream=stream,
            )


class ZipWriter:
    """A new zip beside the final path; members keep their time, mode and compression. A member of `source` (the
    zip it is converted from) that comes out unchanged (an image, a PDF, a text needing no conversion) is written
    with the deflate stream the source stored (`Entry.stream`), not deflated again (see `translit.archives._deflate`):
    the same bytes, for a fraction of the cost."""

    def __init__(self, path: Path, source: Path | None = None) -> None:
        check_target(path)
        self.path = path
        self.source = source
        self._source: IO[bytes] | None = None  # opened on the first unchanged member
        path.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = path.with_name(f"{TMP_PREFIX}{path.name}.{id(self):x}")
        self.zf = zipfile.ZipFile(self.tmp, "w", zipfile.ZIP_DEFLATED)

    def _info(self, entry: Entry, name: str) -> zipfile.ZipInfo:
        t = time.localtime(entry.mtime if entry.mtime is not None else time.time())
        info = zipfile.ZipInfo(name, (max(t.tm_year, 1980), t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec))
        info.compress_type = entry.compress_type if entry.compress_type is not None else zipfile.ZIP_DEFLATED
        return info

    def add_file(self, entry: Entry, data: bytes) -> None:
        info = self._info(entry, entry.name)
        info.external_attr = (0o100000 | clean_mode(entry.mode, 0o644)) << 16
        stream = self._stored(entry, info, data)
        if stream is not None:
            write_verbatim(self.zf, info, data, stream)
        else:
            writestr(self.zf, info, data)

    def _stored(self, entry: Entry, info: zipfile.ZipInfo, data: bytes) -> bytes | None:
        """The member's deflate stream as its source stored it, for a member that comes out as it was read (one
        whose bytes changed has no `stream`: see `Entry.stream`). The input is checked unchanged before the
        output appears, so the stream read now is the one read then."""
        if entry.stream is None or self.source is None or info.compress_type != zipfile.ZIP_DEFLATED:
            return None
        try:
            if self._source is None:
                self._source = open(self.source, "rb")  # noqa: SIM115 - kept open for the next members, closed in close()
            offset, length = entry.stream
            self._source.seek(offset)
            stream = self._source.read(length)
        except OSError:
            return None  # deflated again
        return stream if len(stream) == length else None

    def add_dir(self, entry: Entry) -> None:
        info = self._info(entry, entry.name + "/")
        info.external_attr = (0o40000 | clean_mode(entry.mode, 0o755)) << 16 | 0x10
        info.compress_type = zipfile.ZIP_STORED
        self.zf.writestr(info, b"")

    def _close_source(self) -> None:
        if self._source is not None:
            self._source.close()
            self._source = None

    def close(self) -> None:
        self._close_source()
        self.zf.close()
        self.tmp.replace(self.path)

    def abort(self) -> None:
        self._close_source()
        try:
            self.zf.close()
        finally:
            self.tmp.unlink(missing_ok=True)
