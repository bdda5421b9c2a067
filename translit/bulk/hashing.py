"""Content hashes: what the resume manifest records and checks for each input and output."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from translit.bulk.options import BulkOptions, Task

__all__ = ["content_hash", "input_hash", "keeps_hashes"]


def content_hash(path: Path) -> str | None:
    """SHA-256 of a file, or of a folder's (relative name, file hash) list; None when missing."""
    import hashlib  # here: a run that keeps no hashes never loads OpenSSL's (see BulkOptions.hashes)

    if path.is_file():
        digest = hashlib.sha256()
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1024 * 1024), b""):
                digest.update(chunk)
        return digest.hexdigest()
    if path.is_dir():
        digest = hashlib.sha256()
        for dirpath, dirs, files in os.walk(path):
            dirs.sort()
            for name in sorted(files):
                f = Path(dirpath) / name
                digest.update(f.relative_to(path).as_posix().encode() + b"\0" + (content_hash(f) or "").encode())
        return digest.hexdigest()
    return None


def keeps_hashes(options: BulkOptions) -> bool:
    """Whether the run's report lines carry hashes (`BulkOptions.hashes`; None there means keep them, as for a
    caller of the tasks: `translit.bulk.run` resolves it first)."""
    return options.hashes is not False


def input_hash(task: Task, options: BulkOptions) -> str | None:
    """The SHA-256 of a task's input for its report line, or None when the run keeps no hashes (then its output's
    is not taken either)."""
    return content_hash(Path(task.src)) if keeps_hashes(options) else None
