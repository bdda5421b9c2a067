"""Results in the shape of `concurrent.futures` futures, without importing `concurrent.futures`.

Why: a `--jobs 1` run converts every task in this process, so each "future" it hands around is finished the
moment it exists; yet `concurrent.futures` (which imports `logging`) cost 5 ms of CPU a run (measured on the
benchmark's zip of 200 documents, in a process that had imported the rest of the bulk job), and each of its
`Future`s builds a `threading.Condition`. `Done` is such a finished result; `FutureLike` and `Runner` are
what the bulk job reads of a future and of an executor, which `concurrent.futures` and Dask's face on it
(`cluster.DaskExecutor`) satisfy too, so the process pool and the cluster keep their real futures.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, ParamSpec, Protocol, TypeVar, cast

__all__ = ["Done", "FutureLike", "Runner"]

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
P = ParamSpec("P")


class FutureLike(Protocol[T_co]):
    """What the bulk job calls on a future (a subset of `concurrent.futures.Future`)."""

    def result(self, timeout: float | None = None) -> T_co: ...

    def exception(self, timeout: float | None = None) -> BaseException | None: ...

    def cancel(self) -> bool: ...

    def cancelled(self) -> bool: ...

    def add_done_callback(self, fn: Callable[[FutureLike[T_co]], object]) -> None: ...


class Runner(Protocol):
    """What the bulk job calls on an executor (a subset of `concurrent.futures.Executor`)."""

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> FutureLike[T]: ...

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None: ...


class Done(Generic[T]):
    """A finished future: a value, or the exception that took its place (`result` raises it)."""

    __slots__ = ("_error", "_value")

    def __init__(self, value: T | None = None, error: BaseException | None = None) -> None:
        self._value = value
        self._error = error

    @classmethod
    def of(cls, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Done[T]:
        """`fn(*args, **kwargs)` run now; an exception becomes the result (an interrupt is not: it goes up)."""
        try:
            return cls(fn(*args, **kwargs))
        except Exception as exc:
            return cls(error=exc)

    def result(self, timeout: float | None = None) -> T:
        if self._error is not None:
            raise self._error
        return cast(T, self._value)  # None only with an error, raised above

    def exception(self, timeout: float | None = None) -> BaseException | None:
        return self._error

    def cancel(self) -> bool:
        return False  # finished: too late to cancel, as for a finished `concurrent.futures.Future`

    def cancelled(self) -> bool:
        return False

    def done(self) -> bool:
        return True

    def add_done_callback(self, fn: Callable[[Done[T]], object]) -> None:
        """`fn(self)` now (finished already), as `concurrent.futures.Future` does; and as there, an exception
        of the callback is logged and goes no further."""
        try:
            fn(self)
        except Exception:
            import logging  # only on this error path: logging is most of what importing concurrent.futures costs

            logging.getLogger("concurrent.futures").exception("exception calling callback for %r", self)
