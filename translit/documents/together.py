"""Documents converted together: the text work of several documents run back to back, their parsing and
writing around it.

Why: a bulk run of small documents alternates format work (unzipping, parsing XML, HTML, CSV, serialising,
deflating) with text work (deciding each unit, converting its words) document by document, and each phase
evicts the other's tables and memos from the CPU caches. Measured on the 200-document benchmark zip
(`benchmarks/bench_bulk_docs.py`'s, in one process, the same work in both orders): converting the text of 16
documents after parsing all 16 took 9 % less time in all than parsing and converting each in turn (medians of 6
fresh processes each), both phases faster.

How: each document of a batch runs in its own greenlet (`greenlet`, the coroutines SQLAlchemy and gevent run on:
a rewriter is an ordinary call stack, often inside lxml, which no generator could suspend). When a rewriter hands
text to its `DocContext`, that work is not done there: the greenlet passes it to the batch and waits. Once every
document of the batch waits or is finished, the batch does the waiting work in document order and resumes each
document with its result (or the exception the work raised, raised where the call was made). Each document keeps
its own `TextPath` and runs its calls in its own order, and conversion is a pure function of a unit and its
document's decisions, so the outputs are those of converting each document alone (held by
tests/test_documents_together.py); only the order in which the machine does the work changes.

Outside a batch `text_work` is a plain call (one global read): a single conversion never imports greenlet.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from greenlet import greenlet

__all__ = ["run_together", "text_work"]

T = TypeVar("T")

#: How many batches are running (in any thread): while 0, `text_work` is a plain call; while not, it still is
#: for a caller that is not a document of a batch.
_running = 0

#: What a member greenlet hands its batch: the work to run and its arguments.
_Request = tuple[Callable[..., object], tuple[object, ...]]
#: What the batch resumes a member with: (True, the work's value) or (False, the exception it raised).
_Outcome = tuple[bool, object]


def text_work(fn: Callable[..., T], *args: object) -> T:
    """`fn(*args)`, run by the batch when called from a document of one (`run_together`), here otherwise."""
    if not _running:
        return fn(*args)
    from greenlet import getcurrent

    current = getcurrent()
    if not isinstance(current, _member_class()):
        return fn(*args)  # the batch itself (work calling work), or a thread of its own
    ok, value = current.parent.switch((fn, args))  # type: ignore[union-attr]  # a member always has its batch
    if not ok:
        assert isinstance(value, BaseException)
        raise value
    return value  # type: ignore[no-any-return]  # what `fn` returned


@cache
def _member_class() -> type[greenlet]:
    """The greenlet a document of a batch runs in: what `text_work` recognises as a caller whose work the
    batch runs (made on first use: greenlet is imported only by a run that batches)."""
    from greenlet import greenlet

    return type("Member", (greenlet,), {"__slots__": ()})


def run_together(calls: Sequence[Callable[[], T]], finished: Callable[[int, T], object] | None = None) -> list[T]:
    """Each call's result, as if called in turn, with the text work of all run back to back (see above).

    An exception a call raises goes up from here once the call raised it (the calls not yet finished are
    abandoned: each is thrown GreenletExit at once, which runs its `finally` blocks), as it would from
    calling them in turn; a caller that wants every result wraps each call (as `bulk.executors` does). An
    interrupt during the batch's work goes up at once. `finished(index, result)`, when given, is called as each
    call finishes (a bulk run records a file the moment it is written, not when its whole batch is).
    """
    global _running
    if len(calls) < 2:  # nothing to batch: no greenlet
        done = [call() for call in calls]
        if finished is not None and done:
            finished(0, done[0])
        return done
    member = _member_class()
    members = [member(call) for call in calls]
    results: list[T | None] = [None] * len(calls)
    waiting: list[tuple[int, _Request]] = []

    def step(index: int, value: _Outcome | None) -> None:
        got = members[index].switch() if value is None else members[index].switch(value)
        if members[index].dead:
            results[index] = got
            if finished is not None:
                finished(index, got)
        else:
            waiting.append((index, got))

    _running += 1
    try:
        for index in range(len(members)):
            step(index, None)
        while waiting:
            batch = list(waiting)
            waiting.clear()
            outcomes: list[_Outcome] = []
            for _index, (fn, args) in batch:
                try:
                    outcomes.append((True, fn(*args)))
                except (KeyboardInterrupt, SystemExit):
                    raise
                except BaseException as exc:  # raised where the member made the call (control flow too)
                    outcomes.append((False, exc))
            for (index, _request), outcome in zip(batch, outcomes, strict=True):
                step(index, outcome)
    except BaseException:
        for unfinished in members:
            if not unfinished.dead:
                unfinished.throw()  # GreenletExit: its `finally` blocks run now, not when it is collected
        raise
    finally:
        _running -= 1
    return results  # type: ignore[return-value]  # every member finished: each slot holds its result
