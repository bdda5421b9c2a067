"""The bulk job: files, folders and archives in; the same tree (and the same kinds of archive) out.

Planning (`plan`) turns the inputs into tasks (one per file; an archive is one task whose members are
converted one by one). Tasks (`tasks`, `members`) run in this process, in worker processes or on a Dask
cluster (`executors`); all return typed `FileReport`s (`report`). This process alone writes the manifest
(`manifest`, for `--resume`) and the report, and shows progress (`progress`). A failing document never stops
the run: failures are collected and the exit code says so at the end.

Imports go one way, down this list: done, report, translate, options, hashing, backup, members, tasks, plan,
manifest, progress, executors, run. `translate` (side-by-side files) is imported only by the runs that
translate, on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from translit.bulk.options import BulkOptions, Task, unsupported_choice
from translit.bulk.plan import MANIFEST_NAME, plan
from translit.bulk.report import BulkResult, FileReport, Status
from translit.bulk.run import run

if TYPE_CHECKING:
    from translit.bulk.translate import TranslateOptions

__all__ = [
    "MANIFEST_NAME",
    "BulkOptions",
    "BulkResult",
    "FileReport",
    "Status",
    "Task",
    "TranslateOptions",
    "plan",
    "run",
    "unsupported_choice",
]


def __getattr__(name: str) -> Any:
    """`TranslateOptions` imported on first use: `translit.bulk.translate` is 2.8 ms of CPU that a run without
    --translate never needs (measured: its two dataclasses and its pattern, after the rest of the bulk job)."""
    if name == "TranslateOptions":
        from translit.bulk.translate import TranslateOptions

        return TranslateOptions
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
