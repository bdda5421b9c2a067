"""What a bulk job is asked to do (`BulkOptions`) and its unit of work (`Task`): plain values that pickle to
worker processes and Dask workers, and the fingerprint a resume trusts."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from translit.archives import Limits
from translit.documents import DocumentOptions
from translit.errors import InputError

if TYPE_CHECKING:  # imported by the runs that translate (see translit.bulk.__getattr__)
    from translit.bulk.translate import TranslateOptions

__all__ = ["BulkOptions", "Task", "options_fingerprint", "unsupported_choice"]

UNSUPPORTED_CHOICES = ("copy", "skip")


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
    unsupported: str = "copy"  # .doc, .pdf …: "copy" (with a warning) or "skip"
    case_collisions: bool = False  # also refuse output names that differ only in case (case-insensitive disks)
    #: the SHA-256 of each input and output in its report line, which only the resume manifest and --report keep;
    #: None: when the run keeps either (`translit.bulk.run` decides), since hashing reads every input and output
    #: once more (two passes over a 2 GB archive cost seconds) and the hashlib import is a start-up cost of its own
    hashes: bool | None = None


@dataclass(frozen=True)
class Task:
    """One input file and where its output goes; `kind` is "document", "archive", "copy", "unsupported" or
    "refused"."""

    src: str
    dst: str
    rel: str
    kind: str
    size: int


def options_fingerprint(options: BulkOptions) -> str:
    """What decides the outputs' content; a resume only trusts outputs made with the same."""
    import hashlib

    import translit

    key = {
        "document": asdict(options.document),
        "as_folder": options.as_folder,
        "name_encoding": options.name_encoding,
        "limits": asdict(options.limits),
        "version": translit.__version__,
    }
    if options.translate is not None:  # the cache and threads change how fast, never what
        key["translate"] = {k: v for k, v in asdict(options.translate).items() if k not in ("cache", "threads")}
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:16]


def unsupported_choice(value: str) -> str:
    """`--unsupported` checked once, before any work."""
    choice = value.strip().lower()
    if choice not in UNSUPPORTED_CHOICES:
        raise InputError(None, f"--unsupported takes copy or skip, not {value!r}")
    return choice
