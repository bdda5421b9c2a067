"""The bulk job on a Dask cluster, without assuming the workers share the client's disk.

Why bytes travel and the client writes: a worker with a disk of its own (another machine, or a private mount
namespace) would otherwise write the outputs where only it can see them, and report success. Here the client
reads each input, a worker converts the bytes (`convert_remote`) and returns the new bytes, and the client
writes every output, as a local run does. Archives are read on the client too, their members converted on the
cluster. Copies, unsupported files and streamed large texts never leave the client.

What a worker still needs to see is what the options name by path (lexicon files, a translation model, the
cache's folder): a worker that cannot see one raises `NotVisible`, and the task is retried on the other
workers; only when none can see it does the file fail, saying so.
"""

from __future__ import annotations

import collections
import dataclasses
import os
from collections.abc import Callable
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from translit.bulk import tasks as tasks_mod
from translit.bulk.options import BulkOptions, Task
from translit.bulk.progress import Recorder
from translit.bulk.report import FileReport
from translit.bulk.tasks import STREAM_THRESHOLD, Converted, Unchanged
from translit.documents import document_format
from translit.errors import InputError

__all__ = ["NotVisible", "convert_remote", "run_dask"]

T = TypeVar("T")
P = ParamSpec("P")


class NotVisible(Exception):
    """A worker cannot see a file the options name: the task goes to another worker."""

    def __init__(self, path: str, worker: str) -> None:
        super().__init__(path, worker)
        self.path = path
        self.worker = worker

    def __str__(self) -> str:
        return f"the Dask worker {self.worker} cannot see {self.path}"


def needed_paths(options: BulkOptions) -> list[str]:
    """The files (and folders) a worker must see to convert with these options."""
    paths = list(options.document.lexicon_files)
    if options.translate is not None:
        if options.translate.model and os.path.isabs(options.translate.model):
            paths.append(options.translate.model)
        if options.translate.cache:
            paths.append(str(Path(options.translate.cache).parent))
    return paths


def _worker_name() -> str:
    try:
        from distributed import get_worker

        return str(get_worker().address)
    except (ImportError, ValueError):
        return "<not a worker>"


def convert_remote(task: Task, data: bytes, options: BulkOptions) -> Converted:
    """On a worker: convert one document's bytes; nothing is read or written on the worker's disk."""
    for path in needed_paths(options):
        if not os.path.exists(path):
            raise NotVisible(path, _worker_name())
    return tasks_mod.convert_bytes(task, data, options)


def checked(paths: list[str], fn: Callable[..., object], *args: object, **kwargs: object) -> object:
    """On a worker: run `fn` once the files the options name are known to be visible here."""
    for path in paths:
        if not os.path.exists(path):
            raise NotVisible(path, _worker_name())
    return fn(*args, **kwargs)


class DaskExecutor(Executor):
    """A `concurrent.futures` face on a Dask client, so archives read here feed their members to the cluster
    through the same code as a local pool; a worker that cannot see a needed file hands the task on."""

    def __init__(self, client: Any, workers: list[str], paths: list[str]) -> None:
        self.client = client
        self.workers = workers
        self.paths = paths

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        out: Future[T] = Future()

        def send(tried: frozenset[str]) -> None:
            kw: dict[str, object] = {}
            if tried:
                kw = {"workers": [w for w in self.workers if w not in tried], "allow_other_workers": False}
            remote = self.client.submit(checked, self.paths, fn, *args, pure=False, **kw, **kwargs)
            remote.add_done_callback(lambda f: done(f, tried))

        def done(f: Any, tried: frozenset[str]) -> None:
            if out.cancelled():
                return
            try:
                out.set_result(f.result())
            except NotVisible as exc:
                again = tried | {exc.worker}
                if any(w not in again for w in self.workers):
                    send(again)
                else:
                    out.set_exception(InputError(None, f"no Dask worker can see {exc.path}"))
            except BaseException as exc:
                out.set_exception(exc)

        send(frozenset())
        return out


def _split_threads(client: Any, options: BulkOptions) -> BulkOptions:
    """Model threads per task slot, as --jobs shares the cores: a host's cores over the task slots the
    workers on that host run at once (the least any host allows, at least one)."""
    if options.translate is None or options.translate.threads:
        return options
    info = client.scheduler_info()["workers"]
    cores = client.run(os.cpu_count)
    slots: dict[str, int] = collections.Counter()
    host_cores: dict[str, int] = {}
    for address, worker in info.items():
        host = str(worker.get("host", address))
        slots[host] += int(worker.get("nthreads", 1))
        host_cores[host] = int(cores.get(address) or 1)
    threads = min((max(1, host_cores[h] // max(1, n)) for h, n in slots.items()), default=1)
    return dataclasses.replace(options, translate=dataclasses.replace(options.translate, threads=threads))


def run_dask(todo: list[Task], options: BulkOptions, recorder: Recorder) -> None:
    """Run the tasks with the cluster converting and this process reading and writing every file."""
    try:
        from distributed import Client, as_completed
    except ImportError as exc:  # pragma: no cover - depends on the extra
        raise InputError(None, "--dask needs the optional extra: pip install 'translit-uz[dask]'") from exc
    try:
        client = Client(options.dask_address, timeout="5s")  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(None, f"cannot reach the Dask scheduler at {options.dask_address}: {exc}") from exc
    from translit.bulk.executors import run_archive_here

    with client:
        options = _split_threads(client, options)
        workers = sorted(client.scheduler_info()["workers"])
        window = max(2, 2 * sum(int(w.get("nthreads", 1)) for w in client.scheduler_info()["workers"].values()))
        remote = [t for t in todo if _remote(t, options)]
        here = [t for t in todo if not _remote(t, options) and t.kind != "archive"]
        archives = [t for t in todo if t.kind == "archive"]
        pending = collections.deque(remote)
        flying: dict[Any, tuple[Task, Unchanged, bytes, set[str]]] = {}
        ready = as_completed()  # type: ignore[no-untyped-call]

        def send(task: Task, unchanged: Unchanged, data: bytes, tried: set[str]) -> None:
            others = [w for w in workers if w not in tried]
            kw: dict[str, object] = {"workers": others, "allow_other_workers": False} if tried else {}
            future = client.submit(convert_remote, task, data, options, pure=False, **kw)
            flying[future] = (task, unchanged, data, tried)
            ready.add(future)  # type: ignore[no-untyped-call]

        def refill() -> None:
            while pending and len(flying) < window:
                task = pending.popleft()
                try:
                    unchanged = Unchanged(Path(task.src))
                    data = Path(task.src).read_bytes()
                except OSError as exc:
                    recorder.task_done(task, [tasks_mod.failure(task, InputError(task.src, exc.strerror or str(exc)))])
                    continue
                send(task, unchanged, data, set())

        try:
            refill()
            for task in here:  # while the cluster converts: what never leaves this process
                recorder.task_done(task, tasks_mod.run_file(task, options))
            for task in archives:
                run_archive_here(task, options, DaskExecutor(client, workers, needed_paths(options)), recorder)
            while flying:
                future = next(ready)
                task, unchanged, data, tried = flying.pop(future)
                line = _collect(future, task, unchanged, data, tried, workers, options, send)
                if line is not None:
                    recorder.task_done(task, [line])
                refill()
        except BaseException:
            client.cancel(list(flying))  # type: ignore[no-untyped-call]
            raise


def _remote(task: Task, options: BulkOptions) -> bool:
    """A document that is read whole (a large plain text streams here instead)."""
    if task.kind != "document":
        return False
    streamed = task.size > STREAM_THRESHOLD and document_format(task.src) in ("txt", "text")
    return not streamed and task.size <= options.limits.max_member_bytes


def _collect(
    future: Any,
    task: Task,
    unchanged: Unchanged,
    data: bytes,
    tried: set[str],
    workers: list[str],
    options: BulkOptions,
    send: Callable[[Task, Unchanged, bytes, set[str]], None],
) -> FileReport | None:
    """A finished remote task: written here, retried on another worker, or failed. None: retried."""
    try:
        converted: Converted = future.result()
    except NotVisible as exc:
        tried = tried | {exc.worker}
        if any(w not in tried for w in workers):
            send(task, unchanged, data, tried)
            return None
        return tasks_mod.failure(task, InputError(task.src, f"no Dask worker can see {exc.path}"))
    except Exception as exc:
        return tasks_mod.failure(task, exc)
    try:
        unchanged.check()
        line = tasks_mod.write_converted(task, options, converted, data)
    except Exception as exc:
        return tasks_mod.failure(task, exc)
    from translit.bulk.hashing import input_hash

    return tasks_mod.finish_line(line, task, input_hash(task, options))
