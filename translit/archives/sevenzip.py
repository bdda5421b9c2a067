"""7z archives through py7zr: members decompressed into memory one at a time, never onto disk.

py7zr hands each member to a writer object from a factory and closes it when the member is complete, so
extraction runs in a thread and passes finished members through a small queue: memory holds a couple of
members, never the archive.
"""

from __future__ import annotations

import contextlib
import io
import queue
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

from translit._atomic import TMP_PREFIX, check_target
from translit.archives._model import Entry
from translit.archives._safety import ArchiveRefused, Budget, EmptyName, Limits, MemberError, safe_name

_DONE = object()


class _TooLarge(Exception):
    pass


def _classes() -> tuple[type, type]:
    from py7zr.io import Py7zIO, WriterFactory

    class Member(Py7zIO):
        def __init__(self, name: str, limit: int, out: queue.Queue[object], stop: threading.Event) -> None:
            self.stop = stop
            self.name = name
            self.limit = limit
            self.out = out
            self.buf = io.BytesIO()

        def write(self, s: bytes | bytearray) -> int:
            if self.stop.is_set():
                raise _TooLarge(self.name)  # the consumer gave up: end extraction early
            if self.buf.tell() + len(s) > self.limit:
                raise _TooLarge(self.name)
            return self.buf.write(s)

        def read(self, size: int | None = None) -> bytes:
            return self.buf.read(size)

        def seek(self, offset: int, whence: int = 0) -> int:
            return self.buf.seek(offset, whence)

        def flush(self) -> None:
            pass

        def size(self) -> int:
            return self.buf.getbuffer().nbytes

        def close(self) -> None:  # py7zr calls this once the member is complete
            while not self.stop.is_set():
                try:
                    self.out.put((self.name, self.buf.getvalue()), timeout=0.1)
                    break
                except queue.Full:
                    continue
            self.buf = io.BytesIO()

    class Factory(WriterFactory):
        def __init__(self, limit: int, out: queue.Queue[object], stop: threading.Event) -> None:
            self.limit = limit
            self.out = out
            self.stop = stop

        def create(self, filename: str) -> Py7zIO:
            return Member(filename, self.limit, self.out, self.stop)

    return Member, Factory


def _py7zr(label: str) -> Any:
    try:
        import py7zr
    except ImportError as exc:  # pragma: no cover - py7zr comes with the archives extra
        raise ArchiveRefused(
            label, "7z needs py7zr, which is not installed: pip install 'translit-uz[archives]'"
        ) from exc
    return py7zr


def iter_entries(path: Path, limits: Limits, label: str | None = None, budget: Budget | None = None) -> Iterator[Entry]:
    label = label or str(path)
    py7zr = _py7zr(label)
    _member, factory_cls = _classes()
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed in finally below
        archive = py7zr.SevenZipFile(fh)
    except (py7zr.exceptions.Bad7zFile, py7zr.exceptions.PasswordRequired, OSError, EOFError) as exc:
        raise ArchiveRefused(label, f"not a readable 7z archive (or its headers are encrypted): {exc}") from exc
    try:
        if archive.needs_password():
            raise ArchiveRefused(label, "7z archive is encrypted (password required); skipped")
        infos = {}
        budget = budget or Budget(limits, label)
        compressed = path.stat().st_size
        listed = archive.list()
        if len(listed) > limits.max_members:  # from the headers, before anything is inflated
            raise ArchiveRefused(
                label, f"{len(listed)} members, more than {limits.max_members} (--max-members); refused before reading"
            )
        for f in listed:
            budget.member()
            try:
                name = safe_name(f.filename)
            except EmptyName:
                continue
            except ValueError as exc:
                yield Entry(f.filename, "refused", error=MemberError(label, f.filename, f"{exc}; skipped"))
                continue
            mtime = f.creationtime.timestamp() if f.creationtime else None
            if f.is_directory:
                yield Entry(name, "dir", mtime=mtime)
            elif f.is_symlink:
                yield Entry(name, "refused", error=MemberError(label, name, "a symbolic link; skipped"))
            elif f.filename in infos:
                yield Entry(name, "refused", error=MemberError(label, name, "duplicate name; later copy skipped"))
            else:
                infos[f.filename] = (name, mtime)
        out: queue.Queue[object] = queue.Queue(maxsize=2)
        failure: list[BaseException] = []
        stop = threading.Event()

        def extract() -> None:
            try:
                archive.extractall(factory=factory_cls(limits.max_member_bytes, out, stop))
            except BaseException as exc:  # handed to the consumer
                failure.append(exc)
            finally:
                while not stop.is_set():
                    try:
                        out.put(_DONE, timeout=0.1)
                        break
                    except queue.Full:
                        continue

        worker = threading.Thread(target=extract, daemon=True)
        worker.start()
        try:
            while True:
                item = out.get()
                if item is _DONE:
                    break
                raw_name, data = cast(tuple[str, bytes], item)
                if raw_name not in infos:
                    continue  # a symlink or duplicate py7zr renamed: refused above
                name, mtime = infos[raw_name]
                budget.count(len(data), compressed)
                yield Entry(name, "file", data, mtime=mtime)
        finally:
            stop.set()
            while worker.is_alive():
                with contextlib.suppress(queue.Empty):
                    out.get(timeout=0.1)
        if failure:
            problem = failure[0]
            if isinstance(problem, _TooLarge):
                raise ArchiveRefused(
                    label, f"member {problem.args[0]!r} is larger than {limits.max_member_bytes} bytes; refused"
                )
            raise ArchiveRefused(label, f"7z archive cannot be read: {problem}") from problem
    finally:
        archive.close()
        fh.close()


class SevenZipWriter:
    """A new 7z beside the final path (directories are implied by member paths)."""

    def __init__(self, path: Path) -> None:
        py7zr = _py7zr(str(path))
        check_target(path)
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = path.with_name(f"{TMP_PREFIX}{path.name}.{id(self):x}")
        self.archive = py7zr.SevenZipFile(self.tmp, "w")

    def add_file(self, entry: Entry, data: bytes) -> None:
        self.archive.writestr(data, entry.name)

    def add_dir(self, entry: Entry) -> None:
        pass

    def close(self) -> None:
        self.archive.close()
        self.tmp.replace(self.path)

    def abort(self) -> None:
        try:
            self.archive.close()
        finally:
            self.tmp.unlink(missing_ok=True)


__all__ = ["SevenZipWriter", "iter_entries"]
