"""Content hashes: what the resume manifest records and checks for each input and output."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

__all__ = ["content_hash"]


def content_hash(path: Path) -> str | None:
    """SHA-256 of a file, or of a folder's (relative name, file hash) list; None when missing."""
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
