"""The resume manifest: append-only JSON lines, one per completed output, written by the main process only."""

from __future__ import annotations

import json
import os
from pathlib import Path

from translit.bulk.hashing import content_hash
from translit.bulk.options import Task
from translit.bulk.plan import MANIFEST_NAME
from translit.bulk.report import FileReport

__all__ = ["Manifest"]


class Manifest:
    """What earlier runs completed (read at start) and what this run completes (appended and fsynced)."""

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
        dst_hash = content_hash(Path(task.dst))
        if dst_hash is None or dst_hash != entry["output_sha256"]:
            return False
        sbs = entry.get("side_by_side")
        if sbs and content_hash(Path(str(sbs))) != entry.get("side_by_side_sha256"):
            return False
        if in_place:
            return True
        return content_hash(Path(task.src)) == entry["input_sha256"]

    def record(self, task: Task, report: FileReport) -> None:
        if not self.enabled or report.status.failing or report.input_sha256 is None:
            return
        line = json.dumps(
            {
                "output": task.dst,
                "input": task.src,
                "input_sha256": report.input_sha256,
                "output_sha256": report.output_sha256,
                "options": self.fingerprint,
                "status": str(report.status),
                "side_by_side": report.side_by_side,
                "side_by_side_sha256": report.side_by_side_sha256,
            },
            ensure_ascii=False,
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")
            fh.flush()
            os.fsync(fh.fileno())

    def forget(self) -> None:
        """A fresh run (no --resume) starts a fresh manifest."""
        if self.enabled and self.path.exists():
            self.path.unlink()
