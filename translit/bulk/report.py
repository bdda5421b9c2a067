"""Typed outcomes of a bulk run: one `Status` per file or member, one `FileReport` per line, one `BulkResult`.

Why one type: the summary, the JSON report, the exit code and the resume manifest all read these, so a status
that counts as a failure is decided in exactly one place (`Status.failing`), and nothing but plain values
travels between processes (a side-by-side file's bytes never ride inside a report).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from translit.documents import DocumentResult

__all__ = ["BulkResult", "FileReport", "Status"]


class Status(StrEnum):
    """What happened to one file or archive member (a `str`, so JSON and comparisons see the plain word)."""

    CONVERTED = "converted"
    UNCHANGED = "unchanged"
    COPIED = "copied"
    SKIPPED = "skipped"  # --resume: a previous run completed it; or an unsupported format with --unsupported skip
    UNSUPPORTED = "unsupported"  # a format this tool cannot read (.doc, .pdf …): copied or skipped, with a warning
    FAILED = "failed"
    REFUSED = "refused"  # unsafe: a link, a traversal name, a bomb
    ENCRYPTED = "encrypted"
    WOULD_CONVERT = "would-convert"  # --dry-run
    WOULD_COPY = "would-copy"

    @property
    def failing(self) -> bool:
        """Whether this outcome makes the run's exit code non-zero."""
        return self in _FAILING


_FAILING = frozenset({Status.FAILED, Status.REFUSED, Status.ENCRYPTED})


@dataclass
class FileReport:
    """One line of the report: what happened to one file or archive member (`path` is `archive!member`)."""

    path: str
    output: str | None
    status: Status
    bytes_in: int = 0
    bytes_out: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    source: str | None = None
    encoding: str | None = None
    newline: str | None = None
    bom: bool | None = None
    #: bytes the member took inside its archive (progress), where known
    bytes_compressed: int | None = None
    #: an archive: how many of its members failed or were refused
    member_failures: int | None = None
    #: bytes inflated while reading a container (archive members, or a document's zip parts)
    bytes_inflated: int | None = None
    translation: dict[str, int | float] | None = None
    side_by_side: str | None = None
    side_by_side_sha256: str | None = None
    input_sha256: str | None = None
    output_sha256: str | None = None

    @classmethod
    def of_document(
        cls, path: str, output: str | None, data: bytes, result: DocumentResult, seconds: float = 0.0
    ) -> FileReport:
        """The line for one converted document (a file or an archive member): what its result says."""
        return cls(
            path,
            output,
            Status(result.status),
            bytes_in=len(data),
            bytes_out=len(result.data),
            seconds=seconds,
            warnings=list(result.warnings),
            source=result.source,
            encoding=result.encoding,
            newline=result.newline,
            bom=result.bom,
            bytes_inflated=result.inflated or None,
        )

    def fail(self, error: str) -> None:
        """Mark the line failed (the output, if any, is kept: the error says what is missing)."""
        self.status = Status.FAILED
        self.error = error

    def to_json(self) -> dict[str, object]:
        """The JSON report's line: every field, the optional ones only when set."""
        out: dict[str, object] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.name in _ALWAYS or value is not None:
                out[f.name] = str(value) if isinstance(value, Status) else value
        return out


_ALWAYS = frozenset({"path", "output", "status", "bytes_in", "bytes_out", "seconds", "warnings", "error"})


@dataclass
class BulkResult:
    """Per-file (and per-member) reports plus counts; `exit_code` is 0 only when nothing failed."""

    files: list[FileReport]
    seconds: float
    #: set when the run was stopped (SIGINT/SIGTERM) before every task finished
    interrupted: str | None = None

    @property
    def failures(self) -> list[FileReport]:
        return [r for r in self.files if r.status.failing]

    @property
    def unsupported(self) -> list[FileReport]:
        return [r for r in self.files if r.status is Status.UNSUPPORTED]

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 143 if self.interrupted == "SIGTERM" else 130  # 128 + the signal, as a shell reports it
        return 1 if self.failures else 0

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.files:
            out[str(r.status)] = out.get(str(r.status), 0) + 1
        return out

    def translation(self) -> dict[str, int] | None:
        """Totals of the side-by-side files (None when nothing was translated): files, sentences, sentences
        sent to the model, sentences found in the cache."""
        infos = [r.translation for r in self.files if r.translation is not None]
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
            "bytes_in": sum(r.bytes_in for r in self.files),
            "bytes_out": sum(r.bytes_out for r in self.files),
            "seconds": round(self.seconds, 3),
            "failed": len(self.failures),
        }
        if self.unsupported:
            out["unsupported"] = [r.path for r in self.unsupported]
        translation = self.translation()
        if translation is not None:
            out["translation"] = translation
        if self.interrupted:
            out["interrupted"] = self.interrupted
        return out

    def dry_run_lines(self) -> Iterator[str]:
        """`--dry-run` on stdout: status, input, output (and the side-by-side file), tab-separated."""
        for line in self.files:
            sbs = f"\t{line.side_by_side}" if line.side_by_side else ""
            yield f"{line.status}\t{line.path}\t{line.output or ''}{sbs}"

    def summary_lines(self) -> Iterator[str]:
        """What the CLI prints on stderr at the end: each failure, each unsupported file, the totals; the last
        line says whether the run finished or was stopped."""
        for failure in self.failures:
            yield f"failed: {failure.error or failure.path}"
        for line in self.unsupported:
            yield f"unsupported: {line.error or line.path}"
        counts = ", ".join(f"{n} {status}" for status, n in sorted(self.counts().items()))
        translated = self.translation()
        if translated is not None:
            yield (
                f"side by side: {translated['files']} files, {translated['sentences']} sentences "
                f"({translated['translated']} sent to the model, {translated['from_cache']} from the cache)"
            )
        if self.interrupted:
            yield (
                f"stopped by {self.interrupted} after {self.seconds:.1f}s: {len(self.files)} files done "
                f"({counts or 'none'}); unfinished outputs were not written; --resume continues"
            )
        else:
            yield f"{len(self.files)} files ({counts}) in {self.seconds:.1f}s"
