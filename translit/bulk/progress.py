"""The recorder: collects reports from any thread, keeps the manifest and the progress display up to date."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Any

from translit.bulk.manifest import Manifest
from translit.bulk.options import BulkOptions, Task
from translit.bulk.report import FileReport

__all__ = ["Recorder"]


class Recorder:
    """The one place reports arrive (from the executor's callbacks); written by this process only."""

    def __init__(self, manifest: Manifest, options: BulkOptions, total_files: int, total_bytes: int) -> None:
        self.lock = threading.Lock()
        self.reports: list[FileReport] = []
        self.manifest = manifest
        self.options = options
        self.progress: Any = None
        self.task_id: Any = None
        self.total_files = total_files
        self.files_done = 0
        self.stopped = False
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

    def advance(self, report: FileReport) -> None:
        """An archive member finished: advance by the bytes it took in the archive (its line is recorded with
        the archive's, once the archive is written)."""
        with self.lock:
            if self.stopped:
                return
            step = report.bytes_compressed
            if self.progress is not None and step is not None:
                archive = report.path.split("!", 1)[0]
                self.archive_bytes[archive] = self.archive_bytes.get(archive, 0) + step
                self.progress.update(self.task_id, advance=step)

    def task_done(self, task: Task, reports: list[FileReport]) -> None:
        with self.lock:
            if self.stopped:
                return
            self.reports.extend(reports)
            top = reports[0] if reports else None
            if top is not None and top.path == task.src:
                self.manifest.record(task, top)
            self.files_done += 1
            if self.progress is not None:
                step = max(0, task.size - self.archive_bytes.pop(task.src, 0))
                self.progress.update(
                    self.task_id,
                    advance=step,
                    description=Path(task.src).name[:40],
                    files=f"{self.files_done}/{self.total_files}",
                )

    def stop(self) -> None:
        """The run is over (or stopped): whatever arrives later (a cancelled task) is not recorded, and the
        progress bar stays where the work really got to."""
        with self.lock:
            self.stopped = True

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()
