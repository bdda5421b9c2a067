"""The one backup-or-rollback rule for `--in-place`: a copy of the input is made before its output replaces
it, and removed again if writing the output fails (so a failed file leaves neither a change nor a backup)."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

from translit.bulk.options import BulkOptions, Task
from translit.errors import OutputError

__all__ = ["backup_path", "in_place_backup"]


def backup_path(task: Task, options: BulkOptions) -> Path:
    return Path(task.src + options.backup_suffix)


@contextlib.contextmanager
def in_place_backup(task: Task, options: BulkOptions) -> Iterator[Path | None]:
    """Around writing `task.dst`: in place, back the input up first; on any error, drop the backup again.

    Without --in-place it does nothing (the input is never the output there)."""
    if not options.in_place:
        yield None
        return
    backup = backup_path(task, options)
    if backup.exists():
        raise OutputError(backup, "a backup already exists here; move it away (or use --resume)")
    shutil.copy2(task.src, backup)
    try:
        yield backup
    except BaseException:
        backup.unlink(missing_ok=True)
        raise
