"""Archives in, archives of the same kind out: zip, tar (plain, .gz, .bz2, .xz) and 7z, member by member.

Members are read into memory through capped reads and written into a new archive (or a folder on request:
the bulk job's `translit.bulk.members.transform_archive` drives both sides);
nothing is ever extracted by member name, so `../`, absolute names, links and devices cannot reach outside the
output, and bombs stop at the configured limits. Office, ODF and EPUB files are zips too, but they are
documents: `archive_kind` only answers for archive extensions.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from translit._atomic import TMP_PREFIX, check_target, write_bytes
from translit.archives._model import Entry, Writer
from translit.archives._safety import ArchiveRefused, Budget, EmptyName, Limits, MemberError, safe_name
from translit.errors import OutputError

__all__ = [
    "ArchiveRefused",
    "Budget",
    "EmptyName",
    "Entry",
    "FolderWriter",
    "Limits",
    "MemberError",
    "archive_kind",
    "iter_entries",
    "open_writer",
    "safe_name",
    "strip_archive_suffix",
]

_SUFFIXES: tuple[tuple[str, str], ...] = (
    (".tar.gz", "tar"),
    (".tar.bz2", "tar"),
    (".tar.xz", "tar"),
    (".tgz", "tar"),
    (".tbz2", "tar"),
    (".txz", "tar"),
    (".tar", "tar"),
    (".zip", "zip"),
    (".7z", "7z"),
)


def archive_kind(name: str) -> str | None:
    """'zip', 'tar' or '7z' for an archive file name, else None."""
    lower = name.lower()
    return next((kind for suffix, kind in _SUFFIXES if lower.endswith(suffix)), None)


def strip_archive_suffix(name: str) -> str:
    lower = name.lower()
    for suffix, _kind in _SUFFIXES:
        if lower.endswith(suffix):
            return name[: -len(suffix)]
    return name


def iter_entries(
    path: Path,
    limits: Limits,
    *,
    name_encoding: str | None = None,
    label: str | None = None,
    budget: Budget | None = None,
) -> Iterator[Entry]:
    """The members of an archive in order, regular files with their bytes, unsafe ones marked refused.

    `budget` (by default a fresh one) is charged for every byte inflated; the caller may charge it further
    (a document member's own zip parts) so that one total covers the archive and what is inside it."""
    kind = archive_kind(path.name)
    if kind == "zip":
        from translit.archives import ziparchive

        return ziparchive.iter_entries(path, limits, name_encoding, label, budget)
    if kind == "tar":
        from translit.archives import tararchive

        return tararchive.iter_entries(path, limits, label, budget)
    if kind == "7z":
        from translit.archives import sevenzip

        return sevenzip.iter_entries(path, limits, label, budget)
    raise ArchiveRefused(label or str(path), "not an archive this tool reads (zip, tar, tar.gz/bz2/xz, 7z)")


class FolderWriter:
    """Members written as files under a folder; every path is checked to stay inside it.

    The folder is built beside its final place under a temporary name and renamed into place by `close`, so an
    archive refused halfway (a bomb, a name clash, an interrupt) leaves no half-written folder behind."""

    def __init__(self, root: Path) -> None:
        check_target(root) if root.is_symlink() else None
        if root.exists() and not root.is_dir():
            raise OutputError(root, "is a file; cannot write the archive's folder here")
        root.parent.mkdir(parents=True, exist_ok=True)
        self.final = root
        self.root = Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{root.name}.", dir=root.parent)).resolve()

    def _target(self, name: str) -> Path:
        target = self.root.joinpath(*safe_name(name).split("/"))
        parent = target.parent
        # no component may be a symlink (a racing process could have planted one)
        probe = parent
        while probe != self.root:
            if probe.is_symlink():
                raise OutputError(target, "a folder on the way is a symbolic link; refusing to write")
            probe = probe.parent
        if os.path.commonpath([self.root, parent.resolve()]) != str(self.root):
            raise OutputError(target, "would be written outside the output folder; refused")
        return target

    def add_file(self, entry: Entry, data: bytes) -> None:
        write_bytes(self._target(entry.name), data)

    def add_dir(self, entry: Entry) -> None:
        self._target(entry.name + "/x").parent.mkdir(parents=True, exist_ok=True)

    def close(self) -> None:
        old = None
        if self.final.is_dir():  # an earlier run's folder: replaced whole, as an archive file would be
            old = Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{self.final.name}.", dir=self.final.parent))
            os.rmdir(old)
            os.rename(self.final, old)
        os.rename(self.root, self.final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def abort(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def open_writer(src: Path, dst: Path, *, as_folder: bool = False) -> Writer:
    """A writer for the output of `src`: the same archive kind (and compression), or a folder."""
    if as_folder:
        return FolderWriter(dst)
    kind = archive_kind(src.name)
    if kind == "zip":
        from translit.archives.ziparchive import ZipWriter

        return ZipWriter(dst, src)
    if kind == "tar":
        from translit.archives.tararchive import TarWriter, compression

        return TarWriter(dst, compression(src))
    if kind == "7z":
        from translit.archives.sevenzip import SevenZipWriter

        return SevenZipWriter(dst)
    raise ArchiveRefused(str(src), "not an archive this tool writes")
