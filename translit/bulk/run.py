"""The bulk job: plan, skip what a previous run completed, run the tasks, write the report."""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from translit._atomic import TMP_PREFIX, write_bytes
from translit.bulk import tasks as tasks_mod
from translit.bulk.executors import run_local
from translit.bulk.manifest import Manifest
from translit.bulk.options import BulkOptions, options_fingerprint
from translit.bulk.plan import plan
from translit.bulk.progress import Recorder
from translit.bulk.report import BulkResult, FileReport, Status
from translit.bulk.stopping import Interrupted, clean_temporary, signals_ignored, stop_on_signals
from translit.errors import OutputError

__all__ = ["run"]


def run(inputs: Sequence[Path | str], output: Path | str | None, options: BulkOptions) -> BulkResult:
    """Convert every file under `inputs` into `output` (or in place); never raises for a single bad file."""
    started = time.perf_counter()
    paths = [Path(p) for p in inputs]
    todo, manifest_dir = plan(paths, Path(output) if output is not None else None, options)
    if options.translate is not None:  # a missing model is one error before any work, not one per document
        from translit.bulk.translate import check_models, threads_per_worker

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
        _check_writable(manifest_dir)
    outputs = [t.dst for t in todo]
    inputs_set = [t.src for t in todo]
    clean_temporary(outputs, keep=inputs_set)  # what a killed run left for these outputs, nothing else
    # the manifest lives in the output folder; beside a single output file or in place only when resuming
    keep_manifest = folder_mode or options.resume
    manifest = Manifest(manifest_dir, options_fingerprint(options) if keep_manifest else "", enabled=keep_manifest)
    if options.hashes is None:  # hashed only where something keeps the hashes (see BulkOptions.hashes)
        options = dataclasses.replace(options, hashes=keep_manifest or options.report is not None)
    skipped: list[FileReport] = []
    if options.resume:
        remaining = []
        for task in todo:
            if manifest.complete(task, options.in_place):
                skipped.append(FileReport(task.src, task.dst, Status.SKIPPED, warnings=["already complete"]))
            else:
                remaining.append(task)
        todo = remaining
    else:
        manifest.forget()
    recorder = Recorder(manifest, options, len(todo), sum(t.size for t in todo))
    recorder.reports.extend(skipped)
    interrupted: str | None = None
    try:
        with stop_on_signals():
            if options.dask_address:
                from translit.bulk.cluster import run_dask  # only a Dask run imports distributed

                run_dask(todo, options, recorder)
            else:
                run_local(todo, options, recorder)
    except Interrupted as exc:
        interrupted = exc.signame
    finally:
        with signals_ignored():
            recorder.stop()  # late callbacks (cancelled tasks) are not results
            recorder.close()
            _close_translation()  # the model this process loaded for --jobs 1 (workers free theirs as they exit)
            clean_temporary(outputs, keep=inputs_set)
    reports = sorted(recorder.reports, key=lambda r: (order.get(r.path.split("!")[0], -1), "!" in r.path))
    result = BulkResult(reports, time.perf_counter() - started, interrupted)
    _write_report(result, options)
    return result


def _close_translation() -> None:
    """Close the translation backends this process opened; none can be open unless the module that opens them
    was imported (a run without --translate never imports it)."""
    if "translit.bulk.translate" in sys.modules:
        from translit.bulk.translate import close_all

        close_all()


def _check_writable(folder: Path) -> None:
    """A missing or read-only output is one error before any work, not one failure per file."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(folder, f"cannot create the output folder: {exc.strerror or exc}; nothing was done") from exc
    try:
        fd, probe = tempfile.mkstemp(prefix=f"{TMP_PREFIX}probe.", dir=folder)
    except OSError as exc:
        raise OutputError(
            folder, f"cannot write in the output folder: {exc.strerror or exc}; nothing was done"
        ) from exc
    os.close(fd)
    os.unlink(probe)


def _write_report(result: BulkResult, options: BulkOptions) -> None:
    if not options.report:
        return
    body = {
        "summary": result.summary(),
        "options": json.loads(json.dumps(dataclasses.asdict(options), default=str)),
        "files": [r.to_json() for r in result.files],
    }
    write_bytes(Path(options.report), json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8"))
