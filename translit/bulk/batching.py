"""An archive's members, and a folder's files, converted in this process in batches
(`translit.documents.together`), not one by one.

Why: see `together`. A member is held, not converted, when it is submitted; the held members are sent as one
batch when it is full or when the archive's writer wants the result of one of them, and converted together where
the batch runs: in this process (`--jobs 1`), in a worker of the pool (`--jobs N`, one task per batch) or on a
Dask worker. The results are those of converting each member on its own; only the order of the work changes.

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
from translit.bulk.done import Done, FutureLike
from translit.bulk.members import MemberResult
from translit.bulk.options import Task
from translit.documents import zip_container
from translit.documents.together import run_together

__all__ = ["MAX_BYTES", "MAX_MEMBERS", "MAX_MEMBER_BYTES", "MemberBatch", "Part", "convert_together", "task_batches"]

#: A batch's bounds. 16 members: the benchmark's gain (9 % at 16) is mostly there by 8; 8 MiB: the text work of a
#: batch stays well within the caches' reach no matter its count. Members above 1 MiB have text work enough
#: of their own that its caches stay warm.
MAX_MEMBERS = 16
MAX_BYTES = 8 * 1024 * 1024
MAX_MEMBER_BYTES = 1024 * 1024

Convert = Callable[[str, bytes, Limits], MemberResult]
#: A member as `submit` is handed it: name, bytes and the limits it is converted within.
Item = tuple[str, bytes, Limits]
#: Runs a batch (here, in a worker process, on a cluster): a future of each member's result, in order.
Send = Callable[[list[Item]], "FutureLike[list[Done[MemberResult]]]"]


def convert_together(convert: Convert, items: list[Item]) -> list[Done[MemberResult]]:
    """The members of a batch converted together (`run_together`), each result or exception its own."""
    return run_together([partial(Done.of, convert, *item) for item in items])


class Part:
    """One member's future: its slot in the future of its batch, which is sent when the batch is full or when
    this member's result is wanted first."""

    __slots__ = ("_batch", "_callbacks", "_cancelled", "_future", "_index")

    def __init__(self, batch: MemberBatch) -> None:
        self._batch = batch
        self._future: FutureLike[list[Done[MemberResult]]] | None = None
        self._index = 0
        self._cancelled = False
        self._callbacks: list[Callable[[Part], object]] = []

    def _sent(self) -> FutureLike[list[Done[MemberResult]]]:
        if self._future is None:
            self._batch.flush()
        assert self._future is not None
        return self._future

    def result(self, timeout: float | None = None) -> MemberResult:
        return self._sent().result(timeout)[self._index].result()

    def exception(self, timeout: float | None = None) -> BaseException | None:
        future = self._sent()
        return future.exception(timeout) or future.result(timeout)[self._index].exception()

    def cancel(self) -> bool:
        if self._future is not None:
            return self._future.cancel()  # the whole batch: a run cancels every member it waits for
        self._cancelled = True
        return True

    def cancelled(self) -> bool:
        return self._cancelled or (self._future is not None and self._future.cancelled())

    def add_done_callback(self, fn: Callable[[Part], object]) -> None:
        """`fn(self)` once its batch is converted (at once, if it is)."""
        if self._future is None:
            self._callbacks.append(fn)
        else:
            self._future.add_done_callback(lambda _future: fn(self))

    def _send(self, future: FutureLike[list[Done[MemberResult]]], index: int) -> None:
        self._future, self._index = future, index
        for fn in self._callbacks:
            future.add_done_callback(lambda _future, fn=fn: fn(self))  # type: ignore[misc]
        self._callbacks.clear()


class MemberBatch:
    """`submit(name, data, limits)` for `transform_archive`: members held, and sent in batches to `send`."""

    def __init__(self, send: Send) -> None:
        self.send = send
        self.held: list[tuple[Part, Item]] = []
        self.fill = _Fill()

    @classmethod
    def here(cls, convert: Convert) -> MemberBatch:
        """Batches converted in this process, when they are sent."""
        return cls(lambda items: Done.of(convert_together, convert, items))

    def submit(self, name: str, data: bytes, limits: Limits) -> Part:
        weight = _weight(name, len(data), data)
        alone = weight > MAX_MEMBER_BYTES or archive_kind(name) is not None  # an archive: its own budget
        if self.fill.closes_before(weight, alone, limits.max_total_bytes):
            self.flush()
        part = Part(self)
        self.held.append((part, (name, data, limits)))
        if self.fill.add(weight, alone):
            self.flush()
        return part

    def flush(self) -> None:
        """Send the held members (those not cancelled) as one batch."""
        held = [(part, item) for part, item in self.held if not part._cancelled]
        self.held, self.fill = [], _Fill()
        if held:
            future = self.send([item for _part, item in held])
            for index, (part, _item) in enumerate(held):
                part._send(future, index)


class _Fill:
    """How full a batch is, and the bounds above: when it closes before a member, and when after it."""

    __slots__ = ("count", "weight")

    def __init__(self) -> None:
        self.count = 0
        self.weight = 0

    def closes_before(self, weight: int, alone: bool, budget: int = MAX_BYTES) -> bool:
        """Whether the batch goes before this member joins: the member goes alone, or would take the batch past
        `MAX_BYTES` or the budget left."""
        return self.count > 0 and (alone or self.weight + weight > min(MAX_BYTES, budget))

    def add(self, weight: int, alone: bool) -> bool:
        """Count the member in; whether the batch goes now (the member goes alone, or the batch is full)."""
        self.count += 1
        self.weight += weight
        return alone or self.count >= MAX_MEMBERS


def task_batches(tasks: Sequence[Task]) -> Iterator[list[Task]]:
    """The files of a folder run (converted in this process) cut into batches within the bounds above: a file
    weighs its size, a zip container its size and its parts' declared sizes (its central directory is read)."""
    held: list[Task] = []
    fill = _Fill()
    for task in tasks:
        weight = _file_weight(task)
        alone = weight > MAX_MEMBER_BYTES
        if fill.closes_before(weight, alone):
            yield held
            held, fill = [], _Fill()
        held.append(task)
        if fill.add(weight, alone):
            yield held
            held, fill = [], _Fill()
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
