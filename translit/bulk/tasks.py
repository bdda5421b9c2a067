"""The work a bulk job hands out: top-level, picklable functions that take a task and return `FileReport`s.

The same functions run in this process, in worker processes and on Dask workers, so all three share one code
path; the compiled converter is cached per process by `translit.get_converter`.
"""

from __future__ import annotations

import functools
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from translit._atomic import atomic_binary, write_bytes
from translit.archives import ArchiveRefused, Limits, iter_entries
from translit.bulk.backup import backup_path, in_place_backup
from translit.bulk.done import Done
from translit.bulk.hashing import content_hash, input_hash, keeps_hashes
from translit.bulk.members import (
    MemberResult,
    Submit,
    convert_member,
    is_side_by_side,
    side_by_side_name,
    transform_archive,
    translate_into,
)
from translit.bulk.options import BulkOptions, Task
from translit.bulk.report import FileReport, Status
from translit.documents import convert_document, document_format, unsupported_hint
from translit.errors import InputError, TranslitError

if TYPE_CHECKING:
    from translit.bulk.batching import Item
    from translit.bulk.translate import TranslateOptions

__all__ = ["STREAM_THRESHOLD", "dry_run", "run_archive", "run_archive_inline", "run_file", "side_by_side_path"]

#: Plain-text files larger than this are streamed through the converter instead of read whole.
STREAM_THRESHOLD = 32 * 1024 * 1024


def _hashed(line: FileReport, task: Task, input_sha256: str | None) -> FileReport:
    """Add the input's and the written output's SHA-256 (what --resume checks) to a report line; neither when the
    input's is None (a run that keeps no hashes: `hashing.input_hash`)."""
    line.input_sha256 = input_sha256
    line.output_sha256 = content_hash(Path(task.dst)) if input_sha256 is not None else None
    return line


def failure(task: Task, exc: BaseException, started: float | None = None) -> FileReport:
    """A task that raised: one failed line naming the file (a library error gets its type named too); a bomb
    or a container refused by the guards is "refused"."""
    why = f"{task.src}: cannot convert ({type(exc).__name__}: {exc})"
    message = str(exc) if isinstance(exc, TranslitError) else why
    if isinstance(exc, TranslitError) and task.src not in message:
        message = f"{task.src}: {message}"  # every message names the file
    seconds = round(time.perf_counter() - started, 4) if started is not None else 0.0
    status = Status.REFUSED if isinstance(exc, ArchiveRefused) else Status.FAILED
    return FileReport(task.src, task.dst, status, bytes_in=task.size, seconds=seconds, error=message)


class Unchanged:
    """The input as it was when its conversion started; `check` fails the file if it changed since (an output
    mixing its old start with its new tail must never be written)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.before = self._stat()

    def _stat(self) -> tuple[int, int, int]:
        st = os.stat(self.path)
        return st.st_size, st.st_mtime_ns, st.st_ino

    def check(self) -> None:
        try:
            now = self._stat()
        except OSError:
            now = (-1, -1, -1)
        if now != self.before:
            raise InputError(self.path, "changed while it was being converted; nothing written (run again)")


def run_file(task: Task, options: BulkOptions) -> list[FileReport]:
    """Convert (or copy) one file from disk to disk; returns its one-line report."""
    if task.kind == "refused":
        return [_refused_link(task)]
    started = time.perf_counter()
    try:
        return [_run_file(task, options, started)]
    except Exception as exc:
        return [failure(task, exc, started)]


def _run_file(task: Task, options: BulkOptions, started: float) -> FileReport:
    src, dst = Path(task.src), Path(task.dst)
    unchanged = Unchanged(src)
    input_sha256 = input_hash(task, options)
    if task.kind == "unsupported":
        return _unsupported(task, options, unchanged, input_sha256, started)
    if task.kind == "copy":
        if options.in_place:
            return _hashed(FileReport(task.src, task.dst, Status.UNCHANGED, task.size, task.size), task, input_sha256)
        _copy(src, dst, unchanged)
        seconds = round(time.perf_counter() - started, 4)
        return _hashed(FileReport(task.src, task.dst, Status.COPIED, task.size, task.size, seconds), task, input_sha256)
    if task.size > STREAM_THRESHOLD and document_format(src.name) in ("txt", "text"):
        return _stream_text(task, options, input_sha256, started)
    if task.size > options.limits.max_member_bytes:
        raise InputError(src, f"larger than {options.limits.max_member_bytes} bytes (--max-member-size)")
    data = src.read_bytes()
    converted = convert_bytes(task, data, options)
    unchanged.check()
    line = write_converted(task, options, converted, data)
    line.seconds = round(time.perf_counter() - started, 4)
    return _hashed(line, task, input_sha256)


@dataclass
class Converted:
    """A document converted in memory (in this process or on a Dask worker): its report line, the new bytes
    and its side-by-side file, if any. Only this travels back from a worker; the writing is done here."""

    report: FileReport
    data: bytes
    side_by_side: bytes | None = None


def convert_bytes(task: Task, data: bytes, options: BulkOptions) -> Converted:
    """Convert one document's bytes (and translate it side by side on request); writes nothing."""
    result = convert_document(task.src, data, options.document, options.limits)
    line = FileReport.of_document(task.src, task.dst, data, result)
    sbs = None
    if options.translate is not None:
        sbs = translate_into(
            task.src, Path(task.src).name, data, result.source, options.document, options.translate, line
        )
    return Converted(line, result.data, sbs)


def write_converted(task: Task, options: BulkOptions, converted: Converted, data: bytes) -> FileReport:
    """Write a converted document (in place: after a backup, and only if it changed) and its side-by-side
    file; returns its report line."""
    line = converted.report
    if options.in_place and converted.data == data:
        line.status = Status.UNCHANGED
    else:
        with in_place_backup(task, options):
            write_bytes(Path(task.dst), converted.data)
    if converted.side_by_side is not None and options.translate is not None:
        sbs = side_by_side_path(task, options.translate)
        try:
            write_bytes(sbs, converted.side_by_side)
        except TranslitError as exc:
            line.fail(f"{task.src}: converted, but no side-by-side file: {exc}")
        else:
            line.side_by_side = str(sbs)
            line.side_by_side_sha256 = content_hash(sbs) if keeps_hashes(options) else None
    return line


def finish_line(line: FileReport, task: Task, input_sha256: str | None) -> FileReport:
    """The hashes --resume checks, added once the output is written."""
    return _hashed(line, task, input_sha256)


def _copy(src: Path, dst: Path, unchanged: Unchanged) -> None:
    with open(src, "rb") as fin, atomic_binary(dst) as fout:
        shutil.copyfileobj(fin, fout, 1024 * 1024)
        unchanged.check()
    shutil.copystat(src, dst)


def _unsupported(
    task: Task, options: BulkOptions, unchanged: Unchanged, input_sha256: str | None, started: float
) -> FileReport:
    """A format this tool cannot read (.doc, .pdf …): copied unchanged (the default) or skipped, never silently,
    so an output folder never mixes converted and unconverted documents without saying so."""
    why = f"{task.src}: {unsupported_hint(task.src)}"
    if options.unsupported == "skip" or options.in_place:
        line = FileReport(task.src, None, Status.UNSUPPORTED, task.size, 0, error=why)
        line.warnings.append("left as it is" if options.in_place else "not copied (--unsupported skip)")
        return line
    _copy(Path(task.src), Path(task.dst), unchanged)
    seconds = round(time.perf_counter() - started, 4)
    line = FileReport(task.src, task.dst, Status.UNSUPPORTED, task.size, task.size, seconds, error=why)
    line.warnings.append("copied unchanged (its text is not converted)")
    return _hashed(line, task, input_sha256)


def side_by_side_path(task: Task, translation: TranslateOptions) -> Path:
    """Where a file task's side-by-side file goes: next to its output."""
    dst = Path(task.dst)
    return dst.with_name(side_by_side_name(dst.name, translation.fmt))


def _stream_text(task: Task, options: BulkOptions, input_sha256: str | None, started: float) -> FileReport:
    """A plain-text file too large to hold: streamed in bounded memory, as the CLI streams one file."""
    from translit.text.files import convert_binary

    doc = options.document
    unchanged = Unchanged(Path(task.src))
    with in_place_backup(task, options), open(task.src, "rb") as raw_in, atomic_binary(Path(task.dst)) as raw_out:
        result = convert_binary(
            raw_in, raw_out.write, task.src, doc.text, encoding=doc.encoding, keep_encoding=doc.keep_encoding
        )
        unchanged.check()
    note = result.outcome.note()
    sources = result.outcome.sources
    line = FileReport(
        task.src,
        task.dst,
        Status.CONVERTED if sources else Status.UNCHANGED,
        bytes_in=task.size,
        bytes_out=Path(task.dst).stat().st_size,
        seconds=round(time.perf_counter() - started, 4),
        warnings=[*([note] if note else []), "streamed"],
        source=sources[0] if sources else doc.source,
        encoding=result.encoding,
        bom=result.bom,
    )
    if options.translate is not None:
        line.fail(
            f"{task.src}: converted, but no side-by-side file: larger than {STREAM_THRESHOLD // 2**20} MiB, "
            "too large to translate in one piece; split it and translate the parts"
        )
    return _hashed(line, task, input_sha256)


# ------------------------------------------------------------------------------------------------ archives


def run_archive(
    task: Task,
    options: BulkOptions,
    submit: Submit,
    window: int,
    on_member: Callable[[FileReport], None] | None = None,
) -> list[FileReport]:
    """Convert an archive's members through `submit`; returns [archive report, member reports...].

    Members are reported through `on_member` as they finish, when given (then they are not in the list).
    """
    started = time.perf_counter()
    input_sha256 = input_hash(task, options)
    members: list[FileReport] = []
    sink = on_member or members.append
    failures = 0
    converted = 0

    def seen(r: FileReport) -> None:
        nonlocal failures, converted
        failures += r.status.failing
        converted += r.status is Status.CONVERTED
        sink(r)

    unchanged = Unchanged(Path(task.src))
    with in_place_backup(task, options):
        transform_archive(
            Path(task.src),
            Path(task.dst),
            submit,
            options.limits,
            as_folder=options.as_folder,
            name_encoding=options.name_encoding,
            label=task.src,
            window=window,
            on_member=seen,
            before_close=unchanged.check,
            fold_case=options.case_collisions,
        )
    out = Path(task.dst)
    top = _hashed(
        FileReport(
            task.src,
            task.dst,
            Status.CONVERTED if converted else Status.UNCHANGED,
            bytes_in=task.size,
            bytes_out=out.stat().st_size if out.is_file() else 0,
            seconds=round(time.perf_counter() - started, 4),
            member_failures=failures,
        ),
        task,
        input_sha256,
    )
    if failures:
        top.warnings.append(f"{failures} member(s) failed or were refused; see their lines")
        top.input_sha256 = None  # never "complete" for --resume: failed members are retried
    return [top, *members]


def archive_member(task: Task, options: BulkOptions, name: str, data: bytes, limits: Limits) -> MemberResult:
    """One member of the archive `task` converted with the run's options: what a worker (or this process) does
    with each member the archive's reader hands out."""
    return convert_member(
        name, data, options.document, task.src, limits, translation=options.translate, unsupported=options.unsupported
    )


def archive_members(task: Task, options: BulkOptions, items: list[Item]) -> list[Done[MemberResult]]:
    """A batch of members of the archive `task` converted together (`translit.bulk.batching`): what a worker
    does with each batch the archive's reader sends it."""
    from translit.bulk import batching

    return batching.convert_together(functools.partial(archive_member, task, options), items)


def run_archive_inline(task: Task, options: BulkOptions) -> list[FileReport]:
    """A whole archive in this process (used on Dask workers: one task per archive), its members in batches."""
    from translit.bulk import batching

    batch = batching.MemberBatch.here(functools.partial(archive_member, task, options))
    try:
        return run_archive(task, options, batch.submit, window=batching.MAX_MEMBERS)
    except TranslitError as exc:
        return [failure(task, exc)]


def _refused_link(task: Task) -> FileReport:
    error = f"{task.src}: is a symbolic link inside the input folder; not followed (name its target instead)"
    return FileReport(task.src, None, Status.REFUSED, error=error)


def dry_run(task: Task, options: BulkOptions) -> list[FileReport]:
    """What a run would do, writing nothing; archives are read to list (and vet) their members."""
    if task.kind == "refused":
        return [_refused_link(task)]
    if task.kind == "unsupported":
        return [FileReport(task.src, task.dst, Status.UNSUPPORTED, task.size, error=unsupported_hint(task.src))]
    what = Status.WOULD_COPY if task.kind == "copy" else Status.WOULD_CONVERT
    if task.kind == "document" and options.in_place and backup_path(task, options).exists():
        error = f"{task.src}{options.backup_suffix}: a backup already exists"
        return [FileReport(task.src, task.dst, Status.FAILED, bytes_in=task.size, error=error)]
    top = FileReport(task.src, task.dst, what, bytes_in=task.size)
    if task.kind == "document" and options.translate is not None and not is_side_by_side(task.src):
        top.side_by_side = str(side_by_side_path(task, options.translate))
    if task.kind != "archive":
        return [top]
    out = [top]
    try:
        for entry in iter_entries(Path(task.src), options.limits, name_encoding=options.name_encoding, label=task.src):
            label = f"{task.src}!{entry.name}"
            if entry.kind == "refused":
                err = entry.error
                out.append(FileReport(label, None, Status(err.status) if err else Status.REFUSED, error=str(err)))
            elif entry.kind == "file":
                kind = Status.WOULD_CONVERT if document_format(entry.name) else Status.WOULD_COPY
                line = FileReport(label, entry.name, kind, bytes_in=len(entry.data))
                if kind is Status.WOULD_CONVERT and options.translate is not None and not is_side_by_side(entry.name):
                    line.side_by_side = side_by_side_name(entry.name, options.translate.fmt)
                out.append(line)
    except TranslitError as exc:
        out[0] = FileReport(task.src, task.dst, Status.FAILED, bytes_in=task.size, error=str(exc))
    return out
