"""The bulk job: plan, skip what a previous run completed, run the tasks, write the report."""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Sequence
from pathlib import Path

from translit._atomic import remove_stale, write_bytes
from translit.bulk import tasks as tasks_mod
from translit.bulk.executors import run_dask, run_local
from translit.bulk.manifest import Manifest
from translit.bulk.options import BulkOptions, options_fingerprint
from translit.bulk.plan import plan
from translit.bulk.progress import Recorder
from translit.bulk.report import BulkResult, FileReport, Status
from translit.bulk.translate import check_models, threads_per_worker
from translit.bulk.translate import close_all as close_translation

__all__ = ["run"]


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
    manifest = Manifest(manifest_dir, options_fingerprint(options), enabled=folder_mode or options.resume)
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
    try:
        if options.dask_address:
            run_dask(todo, options, recorder)
        else:
            run_local(todo, options, recorder)
    finally:
        recorder.close()
        close_translation()  # the model this process loaded for --jobs 1 (workers free theirs as they exit)
    reports = sorted(recorder.reports, key=lambda r: (order.get(r.path.split("!")[0], -1), "!" in r.path))
    result = BulkResult(reports, time.perf_counter() - started)
    _write_report(result, options)
    return result


def _write_report(result: BulkResult, options: BulkOptions) -> None:
    if not options.report:
        return
    body = {
        "summary": result.summary(),
        "options": json.loads(json.dumps(dataclasses.asdict(options), default=str)),
        "files": [r.to_json() for r in result.files],
    }
    write_bytes(Path(options.report), json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8"))
