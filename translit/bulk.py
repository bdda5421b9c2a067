"""The bulk job: files, folders and archives in; the same tree (and the same kinds of archive) out.

Planning turns the inputs into tasks (one per file; an archive is one task whose members are converted one by
one). Tasks run in this process (`jobs=1`), in a pool of worker processes (`jobs=N`), or on a Dask cluster
(`dask_address`); all three call the same top-level functions in `translit._bulk_tasks` and get plain-dict
reports back. This process alone writes the manifest (for `--resume`) and the report, and shows progress.
A failing document never stops the run: failures are collected and the exit code says so at the end.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from translit import _bulk_tasks as tasks_mod
from translit._atomic import TMP_PREFIX, remove_stale, write_bytes
from translit._bulk_tasks import Task, options_fingerprint
from translit._bulk_translate import TranslateOptions, check_models, is_side_by_side, threads_per_worker
from translit._bulk_translate import close_all as close_translation
from translit.archives import Limits, archive_kind, strip_archive_suffix
from translit.documents import DocumentOptions, document_format
from translit.errors import InputError, OutputError, TranslitError

__all__ = ["BulkOptions", "BulkResult", "Task", "TranslateOptions", "plan", "run"]

MANIFEST_NAME = ".translit-manifest.jsonl"
_FAILED = frozenset({"failed", "refused", "encrypted"})


@dataclass(frozen=True)
class BulkOptions:
    """Everything the job needs; plain values, so it pickles to worker processes and Dask workers."""

    document: DocumentOptions
    limits: Limits = field(default_factory=Limits)
    as_folder: bool = False
    name_encoding: str | None = None
    dry_run: bool = False
    resume: bool = False
    in_place: bool = False
    backup_suffix: str = ".bak"
    jobs: int = 1
    dask_address: str | None = None
    report: str | None = None
    progress: bool | None = None  # None: a progress bar only when stderr is a terminal
    translate: TranslateOptions | None = None  # --translate: a side-by-side file next to each document


@dataclass
class BulkResult:
    """Per-file (and per-member) reports plus counts; `exit_code` is 0 only when nothing failed."""

    files: list[dict[str, object]]
    seconds: float

    @property
    def failures(self) -> list[dict[str, object]]:
        return [r for r in self.files if r["status"] in _FAILED]

    @property
    def exit_code(self) -> int:
        return 1 if self.failures else 0

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.files:
            out[str(r["status"])] = out.get(str(r["status"]), 0) + 1
        return out

    def translation(self) -> dict[str, int] | None:
        """Totals of the side-by-side files (None when nothing was translated): files, sentences, sentences
        sent to the model, sentences found in the cache."""
        infos = [info for r in self.files if isinstance(info := r.get("translation"), dict)]
        if not infos:
            return None
        total = {"files": len(infos), "sentences": 0, "translated": 0, "from_cache": 0}
        for info in infos:
            for key in ("sentences", "translated", "from_cache"):
                total[key] += int(info.get(key, 0))
        return total

    def summary(self) -> dict[str, object]:
        out: dict[str, object] = {
            "files": len(self.files),
            "counts": self.counts(),
            "bytes_in": sum(int(r.get("bytes_in") or 0) for r in self.files),  # type: ignore[call-overload]
            "bytes_out": sum(int(r.get("bytes_out") or 0) for r in self.files),  # type: ignore[call-overload]
            "seconds": round(self.seconds, 3),
            "failed": len(self.failures),
        }
        translation = self.translation()
        if translation is not None:
            out["translation"] = translation
        return out


# --------------------------------------------------------------------------------------------------- planning


def _kind(name: str) -> str:
    if archive_kind(name):
        return "archive"
    if document_format(name):
        return "document"
    return "copy"


def _out_name(name: str, as_folder: bool) -> str:
    return strip_archive_suffix(name) if as_folder and archive_kind(name) else name


def _walk(root: Path, skip: Path | None, backup_suffix: str | None, skip_sbs: bool = False) -> Iterable[Path]:
    """Files under `root` in a stable order, leaving out the output folder, our own bookkeeping files and
    (in place) the backups and side-by-side files of an earlier run."""
    for dirpath, dirs, files in os.walk(root):
        here = Path(dirpath)
        dirs.sort()
        if skip is not None:
            dirs[:] = [d for d in dirs if (here / d).resolve() != skip]
        for name in sorted(d for d in dirs if (here / d).is_symlink()):
            yield here / name  # not descended into (os.walk does not follow links): reported as refused
        for name in sorted(files):
            if name == MANIFEST_NAME or name.startswith(TMP_PREFIX):
                continue
            if backup_suffix and name.endswith(backup_suffix):
                continue
            if skip_sbs and is_side_by_side(name):
                continue
            yield here / name


def plan(inputs: Sequence[Path], output: Path | None, options: BulkOptions) -> tuple[list[Task], Path]:
    """Tasks for every file under the inputs, and the folder that holds the manifest.

    One input file → `output` is the file to write (or a folder to put it in, if it is one); one folder →
    `output` mirrors it; several inputs → each goes to `output/<its name>`. `--in-place` writes over inputs.
    """
    if not inputs:
        raise InputError(None, "no input given")
    for p in inputs:
        if not p.exists():
            raise InputError(p, "no such file or folder")
    if options.in_place:
        if output is not None:
            raise OutputError(output, "--in-place writes over the inputs; do not give -o as well")
    elif output is None:
        raise InputError(None, "give an output (-o FILE or -o FOLDER), or --in-place to overwrite the inputs")
    out = output.resolve() if output is not None else Path()
    out_is_dir = output is not None and (out.is_dir() or str(output).endswith(("/", os.sep)))
    tasks: list[Task] = []

    def add(src: Path, dst: Path, rel: str) -> None:
        src = src.resolve()
        if not options.in_place and src == dst.resolve():
            raise OutputError(dst, "output is the input itself; use --in-place to overwrite inputs")
        tasks.append(Task(str(src), str(dst), rel, _kind(src.name), src.stat().st_size))

    single = len(inputs) == 1
    skip = None if options.in_place else out
    for p in inputs:
        if p.is_dir():
            base = p if options.in_place else (out if single else out / p.resolve().name)
            in_place_sbs = options.in_place and options.translate is not None
            for f in _walk(p, skip, options.backup_suffix if options.in_place else None, in_place_sbs):
                rel = f.relative_to(p).as_posix()
                if f.is_symlink():
                    # A link inside a folder may point anywhere (/etc/passwd, or another file of the tree, which
                    # --in-place would then write twice): never followed, reported as refused.
                    tasks.append(Task(str(f.absolute()), str(base / rel), rel, "refused", 0))
                    continue
                dst = f.resolve() if options.in_place else base / Path(_out_name(rel, options.as_folder))
                add(f, dst, rel if single else f"{p.name}/{rel}")
        elif options.in_place:
            add(p, p.resolve(), p.name)
        elif single and not out_is_dir:
            add(p, out, p.name)
        else:
            add(p, out / _out_name(p.name, options.as_folder), p.name)
    if options.in_place:
        first = inputs[0].resolve()
        manifest_dir = first if first.is_dir() else first.parent
    elif single and not inputs[0].is_dir() and not out_is_dir:
        manifest_dir = out.parent
    else:
        manifest_dir = out
    seen: dict[str, str] = {}
    for task in tasks:
        if task.dst in seen:
            raise OutputError(task.dst, f"both {seen[task.dst]} and {task.src} would be written here; rename one")
        seen[task.dst] = task.src
    if options.translate is not None:
        for task in tasks:
            if task.kind != "document":
                continue
            sbs = str(tasks_mod.side_by_side_path(task, options.translate))
            if sbs in seen:
                raise OutputError(
                    sbs,
                    f"the side-by-side file of {task.src} and the output of {seen[sbs]} would both be written "
                    "here; move the old side-by-side file out of the input",
                )
    return tasks, manifest_dir


# --------------------------------------------------------------------------------------------------- manifest


class _Manifest:
    """Append-only JSON lines: one per completed output, written (and fsynced) by this process only."""

    def __init__(self, folder: Path, fingerprint: str, enabled: bool) -> None:
        self.path = folder / MANIFEST_NAME
        self.fingerprint = fingerprint
        self.enabled = enabled
        self.done: dict[str, dict[str, object]] = {}
        if enabled and self.path.exists():
            for line in self.path.read_text("utf-8").splitlines():
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError:
                    continue  # a line cut by a kill: that output is simply redone
                if entry.get("options") == fingerprint:
                    self.done[entry["output"]] = entry

    def complete(self, task: Task, in_place: bool) -> bool:
        """True when the task's output exists and matches what a previous run recorded for this input."""
        entry = self.done.get(task.dst)
        if entry is None:
            return False
        dst_hash = tasks_mod.content_hash(Path(task.dst))
        if dst_hash is None or dst_hash != entry["output_sha256"]:
            return False
        sbs = entry.get("side_by_side")
        if sbs and tasks_mod.content_hash(Path(str(sbs))) != entry.get("side_by_side_sha256"):
            return False
        if in_place:
            return True
        return tasks_mod.content_hash(Path(task.src)) == entry["input_sha256"]

    def record(self, task: Task, report: dict[str, object]) -> None:
        if not self.enabled or report["status"] in _FAILED or report.get("input_sha256") is None:
            return
        line = json.dumps(
            {
                "output": task.dst,
                "input": task.src,
                "input_sha256": report["input_sha256"],
                "output_sha256": report["output_sha256"],
                "options": self.fingerprint,
                "status": report["status"],
                "side_by_side": report.get("side_by_side"),
                "side_by_side_sha256": report.get("side_by_side_sha256"),
            },
            ensure_ascii=False,
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")
            fh.flush()
            os.fsync(fh.fileno())


# --------------------------------------------------------------------------------------------------- progress


class _Recorder:
    """Collects reports from any thread, keeps the manifest and the progress display up to date."""

    def __init__(self, manifest: _Manifest, options: BulkOptions, total_files: int, total_bytes: int) -> None:
        self.lock = threading.Lock()
        self.reports: list[dict[str, object]] = []
        self.manifest = manifest
        self.options = options
        self.progress = None
        self.task_id = None
        self.total_files = total_files
        self.files_done = 0
        self.archive_bytes: dict[str, int] = {}
        show = options.progress if options.progress is not None else sys.stderr.isatty()
        if show:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                DownloadColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
                TransferSpeedColumn,
            )

            self.progress = Progress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                TextColumn("{task.fields[files]} files"),
                DownloadColumn(),
                TransferSpeedColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=False,
            )
            self.task_id = self.progress.add_task("converting", total=total_bytes, files=f"0/{total_files}")
            self.progress.start()

    def member(self, report: dict[str, object]) -> None:
        """An archive member finished: advance by the bytes it took in the archive."""
        with self.lock:
            self.reports.append(report)
            step = report.get("bytes_compressed")
            if self.progress is not None and self.task_id is not None and isinstance(step, int):
                archive = str(report["path"]).split("!", 1)[0]
                self.archive_bytes[archive] = self.archive_bytes.get(archive, 0) + step
                self.progress.update(self.task_id, advance=step)

    def task_done(self, task: Task, reports: list[dict[str, object]]) -> None:
        with self.lock:
            self.reports.extend(reports)
            top = reports[0] if reports else None
            if top is not None and top.get("path") == task.src:
                self.manifest.record(task, top)
            self.files_done += 1
            if self.progress is not None and self.task_id is not None:
                step = max(0, task.size - self.archive_bytes.pop(task.src, 0))
                self.progress.update(
                    self.task_id,
                    advance=step,
                    description=Path(task.src).name[:40],
                    files=f"{self.files_done}/{self.total_files}",
                )

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()


# --------------------------------------------------------------------------------------------------- executors


class _Inline(Executor):
    """jobs=1: run in this process, in order (no pickling, deterministic)."""

    def submit(  # type: ignore[override]
        self, fn: Callable[..., object], /, *args: object, **kwargs: object
    ) -> Future[object]:
        future: Future[object] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


def _failure(task: Task, exc: BaseException) -> dict[str, object]:
    message = str(exc) if isinstance(exc, TranslitError) else f"{task.src}: {type(exc).__name__}: {exc}"
    return tasks_mod.report(task.src, task.dst, "failed", error=message)


def _run_archive_here(task: Task, options: BulkOptions, executor: Executor, recorder: _Recorder) -> None:
    """An archive read here, its members converted by the executor's workers, written here in order."""
    started = time.perf_counter()
    window = max(2, 2 * max(1, options.jobs))

    def submit(name: str, data: bytes) -> Future[tasks_mod.MemberResult]:
        return executor.submit(
            tasks_mod.convert_member,
            name,
            data,
            options.document,
            task.src,
            options.limits,
            translation=options.translate,
        )

    try:
        reports = tasks_mod.run_archive(task, options, submit, window, on_member=recorder.member)
    except BaseException as exc:
        if not isinstance(exc, Exception):
            raise
        recorder.task_done(task, [_failure(task, exc)])
        return
    top = reports[0]
    top["seconds"] = round(time.perf_counter() - started, 4)
    recorder.task_done(task, [top])


def _run_local(todo: list[Task], options: BulkOptions, recorder: _Recorder) -> None:
    jobs = max(1, options.jobs)
    if len(todo) == 1 and todo[0].kind != "archive":
        jobs = 1  # one file: no pool to start
    if jobs == 1:
        executor: Executor = _Inline()
    else:
        import multiprocessing

        # forkserver where the platform has it (POSIX: workers start clean, no inherited threads); spawn elsewhere
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        executor = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method))
    try:
        _feed(todo, options, executor, recorder)
    except BaseException:
        executor.shutdown(wait=True, cancel_futures=True)  # Ctrl-C: do not work through the whole queue
        raise
    executor.shutdown(wait=True)


def _feed(todo: list[Task], options: BulkOptions, executor: Executor, recorder: _Recorder) -> None:
    """Files go to the workers as tasks; archives are read here, their members fed to the same workers."""
    futures = []
    for task in todo:
        if task.kind == "archive":
            continue
        future = executor.submit(tasks_mod.run_file, task, options)

        def done(f: Future[object], task: Task = task) -> None:
            try:
                reports = f.result()
            except BaseException as exc:  # a worker died or the task raised unexpectedly
                reports = [_failure(task, exc)]
            recorder.task_done(task, reports)  # type: ignore[arg-type]

        future.add_done_callback(done)  # type: ignore[arg-type]
        futures.append(future)
    for task in todo:
        if task.kind == "archive":
            _run_archive_here(task, options, executor, recorder)
    for future in futures:
        future.exception()  # wait; callbacks have recorded everything


def _run_dask(todo: list[Task], options: BulkOptions, recorder: _Recorder) -> None:
    """The same tasks on a Dask cluster; workers read inputs and write outputs on shared storage."""
    try:
        from distributed import Client, as_completed
    except ImportError as exc:  # pragma: no cover - depends on the extra
        raise InputError(None, "--dask needs the optional extra: pip install 'translit-uz[dask]'") from exc
    try:
        client = Client(options.dask_address, timeout="5s")  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(None, f"cannot reach the Dask scheduler at {options.dask_address}: {exc}") from exc
    with client:
        futures = {}
        for task in todo:
            fn = tasks_mod.run_archive_inline if task.kind == "archive" else tasks_mod.run_file
            futures[client.submit(fn, task, options, pure=False)] = task
        for future in as_completed(futures):  # type: ignore[no-untyped-call]
            task = futures[future]
            try:
                reports = future.result()
            except Exception as exc:
                reports = [_failure(task, exc)]
            recorder.task_done(task, reports)


# --------------------------------------------------------------------------------------------------- the job


def run(inputs: Sequence[Path | str], output: Path | str | None, options: BulkOptions) -> BulkResult:
    """Convert every file under `inputs` into `output` (or in place); never raises for a single bad file."""
    started = time.perf_counter()
    paths = [Path(p) for p in inputs]
    todo, manifest_dir = plan(paths, Path(output) if output is not None else None, options)
    if options.translate is not None:  # a missing model is one error before any work, not one per document
        check_models(options.translate, (options.document.source or options.document.target).split("-")[0])
        if options.translate.threads == 0 and not options.dask_address:  # Dask workers: their own default
            workers = 1 if len(todo) == 1 and todo[0].kind != "archive" else options.jobs
            threads = threads_per_worker(workers)
            options = dataclasses.replace(options, translate=dataclasses.replace(options.translate, threads=threads))
    order = {t.src: i for i, t in enumerate(todo)}
    if options.dry_run:
        planned = [tasks_mod.dry_run(task, options) for task in todo]
        result = BulkResult([r for rs in planned for r in rs], time.perf_counter() - started)
        _write_report(result, options)
        return result
    folder_mode = not options.in_place and (len(paths) > 1 or paths[0].is_dir())
    if not options.in_place:
        remove_stale(manifest_dir, recursive=folder_mode)
    # the manifest lives in the output folder; beside a single output file or in place only when resuming
    manifest = _Manifest(manifest_dir, options_fingerprint(options), enabled=folder_mode or options.resume)
    skipped: list[dict[str, object]] = []
    if options.resume:
        remaining = []
        for task in todo:
            if manifest.complete(task, options.in_place):
                skipped.append(tasks_mod.report(task.src, task.dst, "skipped", warnings=["already complete"]))
            else:
                remaining.append(task)
        todo = remaining
    elif manifest.enabled and manifest.path.exists():
        manifest.path.unlink()  # a fresh run starts a fresh manifest
    recorder = _Recorder(manifest, options, len(todo), sum(t.size for t in todo))
    recorder.reports.extend(skipped)
    try:
        if options.dask_address:
            _run_dask(todo, options, recorder)
        else:
            _run_local(todo, options, recorder)
    finally:
        recorder.close()
        close_translation()  # the model this process loaded for --jobs 1 (workers free theirs as they exit)
    reports = sorted(
        recorder.reports, key=lambda r: (order.get(str(r["path"]).split("!")[0], -1), "!" in str(r["path"]))
    )
    result = BulkResult(reports, time.perf_counter() - started)
    _write_report(result, options)
    return result


def _write_report(result: BulkResult, options: BulkOptions) -> None:
    if not options.report:
        return
    body = {
        "summary": result.summary(),
        "options": json.loads(json.dumps(dataclasses.asdict(options), default=str)),
        "files": result.files,
    }
    write_bytes(Path(options.report), json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8"))
