"""Tar archives (plain, gzip, bzip2, xz): read as a stream, member by member; never `extractall`.

Only regular files and directories are taken over. Symlinks, hardlinks, devices and FIFOs are refused: the
output is a new archive that cannot carry a link out of its folder (research §2.2: the data filter of this
Python 3.11.7 lacks the 2025 fixes, so it is not relied upon).
"""

from __future__ import annotations

import io
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from translit._atomic import TMP_PREFIX, check_target
from translit.archives._model import Entry, clean_mode
from translit.archives._safety import ArchiveRefused, Budget, EmptyName, Limits, MemberError, read_guarded, safe_name

_MAGIC = ((b"\x1f\x8b", "gz"), (b"BZh", "bz2"), (b"\xfd7zXZ\x00", "xz"))


def compression(path: Path) -> str:
    """'gz', 'bz2', 'xz' or '' (plain), from the file's first bytes rather than its name."""
    with open(path, "rb") as fh:
        head = fh.read(6)
    return next((kind for magic, kind in _MAGIC if head.startswith(magic)), "")


class _Counting(io.RawIOBase):
    """Counts compressed bytes read, so the ratio of decompressed to compressed can be watched."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.count += n
        return n


def iter_entries(path: Path, limits: Limits, label: str | None = None, budget: Budget | None = None) -> Iterator[Entry]:
    """Members in stream order. A compressed tar cannot skip a member without inflating it, so a member whose
    header declares more than the member limit refuses the whole archive at once (naming it); a plain tar
    skips it without reading it into memory. The ratio is watched on the stream as it inflates."""
    label = label or str(path)
    packed = compression(path) != ""
    with open(path, "rb") as raw:
        counting = _Counting(raw)
        try:
            tf = tarfile.open(fileobj=io.BufferedReader(counting), mode="r|*")  # noqa: SIM115
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise ArchiveRefused(label, f"not a readable tar archive: {exc}") from exc
        budget = budget or Budget(limits, label)
        seen: set[str] = set()
        consumed = 0
        try:
            for ti in tf:
                budget.member()
                budget.check_stream_ratio(counting.count, ti.name)
                try:
                    name = safe_name(ti.name)
                except EmptyName:
                    continue  # `.` / `./`: the archive's own folder (tar -C dir .)
                except ValueError as exc:
                    yield Entry(ti.name, "refused", error=MemberError(label, ti.name, f"{exc}; skipped"))
                    continue
                if ti.isdir():
                    yield Entry(name, "dir", mtime=ti.mtime, mode=ti.mode)
                    continue
                if not ti.isreg():
                    what = (
                        "symbolic link"
                        if ti.issym()
                        else "hard link"
                        if ti.islnk()
                        else "device or FIFO"
                        if (ti.ischr() or ti.isblk() or ti.isfifo())
                        else "special member"
                    )
                    yield Entry(name, "refused", error=MemberError(label, name, f"a {what}; skipped"))
                    continue
                if name.casefold() in seen:
                    yield Entry(name, "refused", error=MemberError(label, name, "duplicate name; later copy skipped"))
                    continue
                seen.add(name.casefold())
                if ti.size > limits.max_member_bytes:
                    over = f"declares {ti.size} bytes, over the limit of {limits.max_member_bytes} (--max-member-size)"
                    if packed:
                        raise ArchiveRefused(
                            label,
                            f"member {name!r} {over}; a compressed tar cannot skip it without inflating it, "
                            "so the archive is refused",
                        )
                    budget.charge(ti.size, name)  # refused bytes count toward the total
                    yield Entry(name, "refused", error=MemberError(label, name, f"{over}; skipped"))
                    continue
                handle = tf.extractfile(ti)
                try:
                    data = read_guarded(handle, budget, name, stream_count=lambda: counting.count) if handle else b""
                except MemberError as exc:
                    yield Entry(name, "refused", error=exc)
                    continue
                budget.check_stream_ratio(counting.count, name)
                yield Entry(name, "file", data, mtime=ti.mtime, mode=ti.mode, compressed=counting.count - consumed)
                consumed = counting.count
        except (tarfile.TarError, EOFError, OSError) as exc:
            raise ArchiveRefused(label, f"damaged tar archive: {exc}") from exc
        finally:
            tf.close()


class TarWriter:
    """A new tar with the input's compression, written beside the final path (PAX: UTF-8 names)."""

    def __init__(self, path: Path, compression: str) -> None:
        check_target(path)
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = path.with_name(f"{TMP_PREFIX}{path.name}.{id(self):x}")
        mode = f"w:{compression}" if compression else "w"
        self.tf = tarfile.open(self.tmp, mode, format=tarfile.PAX_FORMAT)  # type: ignore[call-overload]  # noqa: SIM115

    def _info(self, entry: Entry, name: str, kind: bytes, default_mode: int) -> tarfile.TarInfo:
        ti = tarfile.TarInfo(name)
        ti.type = kind
        ti.mtime = int(entry.mtime if entry.mtime is not None else time.time())
        ti.mode = clean_mode(entry.mode, default_mode)
        return ti

    def add_file(self, entry: Entry, data: bytes) -> None:
        ti = self._info(entry, entry.name, tarfile.REGTYPE, 0o644)
        ti.size = len(data)
        self.tf.addfile(ti, io.BytesIO(data))

    def add_dir(self, entry: Entry) -> None:
        self.tf.addfile(self._info(entry, entry.name, tarfile.DIRTYPE, 0o755))

    def close(self) -> None:
        self.tf.close()
        self.tmp.replace(self.path)

    def abort(self) -> None:
        try:
            self.tf.close()
        finally:
            self.tmp.unlink(missing_ok=True)
