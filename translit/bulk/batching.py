"""An archive's members, and a folder's files, converted in this process in batches
(`translit.documents.together`), not one by one.

Why: see `together`. A member is held, not converted, when it is submitted; the held members are converted
together when their batch is full or when the archive's writer wants the result of one of them. The results
are those of converting each member on its own; only the order of the work changes.

What a batch may hold is bounded so that memory stays that of converting one member at a time, and so that no member
meets a limit it would not meet alone. Each member weighs what converting it may hold: its bytes, or for a zip
container (docx, odt, epub …) the sizes its parts declare (zipfile never inflates a part past its declared size, so
that bounds what it can inflate; in a batch every document is read before any is written, so their parts are held at
once). A batch holds at most `MAX_MEMBERS` members and `MAX_BYTES` of weight, and never more weight than the
archive's budget has left (so each member's share of the budget is what it would be alone); a member heavier than
`MAX_MEMBER_BYTES`, or an archive (what it inflates to is known only once read), is converted alone, after the batch
held before it.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator, Sequence
from functools import partial

from translit.archives import Limits, archive_kind
from translit.bulk.done import Done
from translit.bulk.members import MemberResult
from translit.bulk.options import Task
from translit.documents import zip_container
from translit.documents.together import run_together

__all__ = ["MAX_BYTES", "MAX_MEMBERS", "MAX_MEMBER_BYTES", "MemberBatch", "task_batches"]

#: A batch's bounds. 16 members: the benchmark's gain (9 % at 16) is mostly there by 8; 8 MiB: the text work of a
#: batch stays well within the caches' reach no matter its count. Members above 1 MiB have text work enough
#: of their own that its caches stay warm.
MAX_MEMBERS = 16
MAX_BYTES = 8 * 1024 * 1024
MAX_MEMBER_BYTES = 1024 * 1024

Convert = Callable[[str, bytes, Limits], MemberResult]


class Later:
    """A member's future result: converted with its batch when the batch runs (`result` runs it if not)."""

    __slots__ = ("_batch", "_call", "_callbacks", "_cancelled", "_done")

    def __init__(self, batch: MemberBatch, call: Callable[[], Done[MemberResult]]) -> None:
        self._batch = batch
        self._call = call
        self._done: Done[MemberResult] | None = None
        self._cancelled = False
        self._callbacks: list[Callable[[Later], object]] = []

    def result(self, timeout: float | None = None) -> MemberResult:
        if self._done is None:
            self._batch.flush()
        assert self._done is not None
        return self._done.result()

    def exception(self, timeout: float | None = None) -> BaseException | None:
        if self._done is None:
            self._batch.flush()
        assert self._done is not None
        return self._done.exception()

    def cancel(self) -> bool:
        if self._done is not None:
            return False
        self._cancelled = True
        return True

    def cancelled(self) -> bool:
        return self._cancelled

    def add_done_callback(self, fn: Callable[[Later], object]) -> None:
        """`fn(self)` once converted (now, if it is), as `Done.add_done_callback` calls it."""
        if self._done is None:
            self._callbacks.append(fn)
        else:
            self._done.add_done_callback(lambda _done: fn(self))

    def _finish(self, done: Done[MemberResult]) -> None:
        self._done = done
        for fn in self._callbacks:
            done.add_done_callback(lambda _done, fn=fn: fn(self))  # type: ignore[misc]
        self._callbacks.clear()


class MemberBatch:
    """`submit(name, data, limits)` for `transform_archive`: members held and converted in batches."""

    def __init__(self, convert: Convert) -> None:
        self.convert = convert
        self.held: list[Later] = []
        self.weight = 0

    def submit(self, name: str, data: bytes, limits: Limits) -> Later:
        weight = _weight(name, len(data), data)
        alone = weight > MAX_MEMBER_BYTES or archive_kind(name) is not None  # an archive: its own budget
        if alone or self.weight + weight > min(MAX_BYTES, limits.max_total_bytes):
            self.flush()
        later = Later(self, partial(Done.of, self.convert, name, data, limits))
        self.held.append(later)
        self.weight += weight
        if alone or len(self.held) >= MAX_MEMBERS:
            self.flush()
        return later

    def flush(self) -> None:
        """Convert the held members (those not cancelled) together."""
        held = [later for later in self.held if not later._cancelled]
        self.held, self.weight = [], 0
        for later, done in zip(held, run_together([later._call for later in held]), strict=True):
            later._finish(done)


def task_batches(tasks: Sequence[Task]) -> Iterator[list[Task]]:
    """The files of a folder run (converted in this process) cut into batches within the bounds above: a file
    weighs its size, a zip container its size and its parts' declared sizes (its central directory is read)."""
    held: list[Task] = []
    weight = 0
    for task in tasks:
        size = _file_weight(task)
        alone = size > MAX_MEMBER_BYTES
        if held and (alone or weight + size > MAX_BYTES):
            yield held
            held, weight = [], 0
        held.append(task)
        weight += size
        if alone or len(held) >= MAX_MEMBERS:
            yield held
            held, weight = [], 0
    if held:
        yield held


def _file_weight(task: Task) -> int:
    return _weight(task.src, task.size, task.src) if task.kind == "document" else task.size


def _weight(name: str, size: int, source: str | bytes) -> int:
    """What converting a document of `size` bytes may hold in memory: its bytes, and for a zip container the
    sizes its parts declare (read from `source`, its path or its bytes)."""
    if not zip_container(name):
        return size
    try:
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as zf:
            return size + sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):  # converting it fails at once, holding nothing
        return size
