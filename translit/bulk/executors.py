"""Where tasks run locally: in this process (`jobs=1`) or in a pool of worker processes (`cluster` runs them
on Dask). Both call the same top-level functions of `translit.bulk.tasks` and hand `FileReport`s to the
recorder; archives are read here and their members fed to the same workers.
"""

from __future__ import annotations

import contextlib
import functools
import os
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from translit.bulk import tasks as tasks_mod
from translit.bulk.done import Done, FutureLike, Runner
from translit.bulk.members import MemberResult, Submit
from translit.bulk.options import BulkOptions, Task
from translit.bulk.progress import Recorder
from translit.bulk.report import FileReport
from translit.bulk.stopping import signals_ignored, watch_parent

if TYPE_CHECKING:
    import multiprocessing.context

T = TypeVar("T")
P = ParamSpec("P")

__all__ = ["run_archive_here", "run_local"]


class Inline:
    """jobs=1: run in this process, in order (no pickling, deterministic). Its results are `Done` (finished
    futures without `concurrent.futures`, which a --jobs 1 run then never imports: see `translit.bulk.done`)."""

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Done[T]:
        return Done.of(fn, *args, **kwargs)  # an interrupt is not a task's result: it goes on up

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Nothing to stop: every task ran when it was submitted."""


def run_archive_here(task: Task, options: BulkOptions, executor: Runner, recorder: Recorder) -> None:
    """An archive read here, its members converted by the executor's workers, written here in order."""
    started = time.perf_counter()
    from translit.bulk import batching  # members go in batches, converted together where they run

    if isinstance(executor, Inline):
        batch = batching.MemberBatch.here(functools.partial(tasks_mod.archive_member, task, options))
        window = batching.MAX_MEMBERS
    else:  # a worker or a Dask task per batch; two batches in flight for each worker

        def send(items: list[batching.Item]) -> FutureLike[list[Done[MemberResult]]]:
            return executor.submit(tasks_mod.archive_members, task, options, items)

        batch = batching.MemberBatch(send)
        window = max(2, 2 * max(1, options.jobs)) * batching.MAX_MEMBERS
    submit: Submit = batch.submit

    members: list[FileReport] = []

    def member(line: FileReport) -> None:
        members.append(line)
        recorder.advance(line)

    try:
        reports = tasks_mod.run_archive(task, options, submit, window, on_member=member)
    except Exception as exc:  # the archive is refused or failed: nothing of it was written, so no member lines
        line = tasks_mod.failure(task, exc)
        if members:
            line.warnings.append(f"{len(members)} member(s) had been read; none was written")
        recorder.task_done(task, [line])
        return
    top = reports[0]
    top.seconds = round(time.perf_counter() - started, 4)
    recorder.task_done(task, [top, *members])


def run_local(todo: list[Task], options: BulkOptions, recorder: Recorder) -> None:
    jobs = max(1, options.jobs)
    if len(todo) == 1 and todo[0].kind != "archive":
        jobs = 1  # one file: no pool to start
    if jobs == 1:
        executor: Runner = Inline()
    else:
        # imported here: multiprocessing and the process pool are a tenth of a --jobs 1 run's imports
        from concurrent.futures import ProcessPoolExecutor

        executor = ProcessPoolExecutor(
            max_workers=jobs, mp_context=_worker_context(), initializer=watch_parent, initargs=(os.getpid(),)
        )
    try:
        _feed(todo, options, executor, recorder)
    except BaseException:
        with signals_ignored():
            recorder.stop()  # what the stopped workers' futures report now is not a result
            _stop_pool(executor)  # an interrupt: stop the workers now, do not work through the queue
        raise
    executor.shutdown(wait=True)


#: What every worker imports before its first task; a forkserver imports it once and forks the workers from it
#: (measured: about 0.25 s of CPU per worker otherwise, each importing the text path and the rewriters anew).
_WORKER_MODULES = ["translit.bulk.tasks", "translit.documents", "translit.text.path"]


def _worker_context() -> multiprocessing.context.BaseContext:
    """forkserver where the platform has it (POSIX: workers start clean, forked from a server that has
    imported the worker's modules); spawn elsewhere (Windows)."""
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # "__main__" is multiprocessing's own default: a script's functions are found in the workers too
    context.set_forkserver_preload(["__main__", *_WORKER_MODULES])
    return context


def _stop_pool(executor: Runner, grace: float = 2.0) -> None:
    """End a process pool within seconds: pending tasks cancelled, running workers terminated (SIGTERM, then
    SIGKILL after `grace` seconds). A plain shutdown would wait for every running task and, interrupted,
    could hang in multiprocessing's exit join."""
    from concurrent.futures import ProcessPoolExecutor

    if not isinstance(executor, ProcessPoolExecutor):
        executor.shutdown(wait=False, cancel_futures=True)
        return
    # no public handle on the workers, the manager thread or the results pipe (3.14 adds terminate_workers())
    processes = list((executor._processes or {}).values())
    manager = getattr(executor, "_executor_manager_thread", None)  # typeshed has it as a _ThreadWakeup
    results = executor._result_queue
    executor.shutdown(wait=False, cancel_futures=True)
    for proc in processes:
        with contextlib.suppress(Exception):
            proc.terminate()
    deadline = time.monotonic() + grace
    for proc in processes:
        with contextlib.suppress(Exception):
            proc.join(max(0.0, deadline - time.monotonic()))
            if proc.is_alive():
                proc.kill()
                proc.join(1.0)
    if isinstance(manager, threading.Thread):
        _settle(manager, results, grace)


def _settle(manager: threading.Thread, results: object, grace: float) -> None:
    """Wait, bounded, for the pool's manager thread to see its dead workers and end: interpreter exit joins it
    without a bound, so a manager still waiting then is a run that prints its summary and never exits.

    With every worker gone, what it can still wait for is the rest of a result a killed worker had begun to
    write: this process holds the results pipe's write end too, so that read would never see the end of the
    pipe. Closing our write end gives it EOF, which the manager handles as a broken pool and ends."""
    manager.join(grace)
    if manager.is_alive():
        with contextlib.suppress(Exception):
            results._writer.close()  # type: ignore[attr-defined]
        manager.join(grace)


def _feed(todo: list[Task], options: BulkOptions, executor: Runner, recorder: Recorder) -> None:
    """Files go to the workers as tasks; archives are read here, their members fed to the same workers."""
    futures = []
    files = [task for task in todo if task.kind != "archive"]

    def done(f: FutureLike[list[FileReport]], task: Task) -> None:
        if f.cancelled():
            return  # never started (the run was stopped): not a result
        try:
            reports = f.result()
        except BaseException as exc:  # a worker died or the task raised unexpectedly
            reports = [tasks_mod.failure(task, exc)]
        recorder.task_done(task, reports)

    if isinstance(executor, Inline):  # files converted here: in batches (see `translit.bulk.batching`)
        from translit.bulk import batching
        from translit.documents.together import run_together

        for batch in batching.task_batches(files):

            def finished(index: int, result: Done[list[FileReport]], batch: list[Task] = batch) -> None:
                result.add_done_callback(functools.partial(done, task=batch[index]))  # as a submitted task's

            run_together([functools.partial(Done.of, tasks_mod.run_file, task, options) for task in batch], finished)
        files = []
    for task in files:
        future = executor.submit(tasks_mod.run_file, task, options)
        future.add_done_callback(functools.partial(done, task=task))
        futures.append(future)
    for task in todo:
        if task.kind == "archive":
            run_archive_here(task, options, executor, recorder)
    for future in futures:
        future.exception()  # wait; callbacks have recorded everything
