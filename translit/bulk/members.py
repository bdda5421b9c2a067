"""Archive members: each converted on its own (in any process), the archive rewritten in member order here.

`convert_member` is the picklable unit a worker runs: bytes in, `MemberResult` out (never raises for a bad
member: the original bytes are kept and the report says why). `transform_archive` reads an archive through
the guards of `translit.archives`, feeds members to a `submit` function and writes the new archive (or
folder) in order, with a bounded number in flight.
"""

from __future__ import annotations

import collections
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from pathlib import Path

from translit.archives import Entry, Limits, archive_kind, iter_entries, open_writer, strip_archive_suffix
from translit.bulk.report import FileReport, Status
from translit.bulk.translate import TranslateOptions, is_side_by_side, side_by_side, side_by_side_name
from translit.documents import DocumentOptions, convert_document, document_format
from translit.errors import TranslitError

__all__ = ["MAX_NESTING", "MemberResult", "Submit", "convert_member", "transform_archive"]

#: Archives inside archives are converted this many levels deep (the outer archive is level 1).
MAX_NESTING = 2


@dataclass
class MemberResult:
    """A converted member: its new bytes, its report, a file made from it (its side-by-side translation:
    name and bytes) and, for a nested archive, its own members' lines."""

    data: bytes
    report: FileReport
    extra: tuple[str, bytes] | None = None
    members: list[FileReport] = field(default_factory=list)


Submit = Callable[[str, bytes], "Future[MemberResult]"]


def convert_member(
    name: str,
    data: bytes,
    options: DocumentOptions,
    archive: str,
    limits: Limits | None = None,
    depth: int = 1,
    translation: TranslateOptions | None = None,
) -> MemberResult:
    """Convert one archive member; a failure keeps the original bytes (nothing is lost) and says why.

    A member that is itself an archive is converted too (its members reported as `outer!inner!name`), down to
    `MAX_NESTING` levels and within the per-member size limit; deeper ones are copied unchanged.
    """
    label = f"{archive}!{name}"
    started = time.perf_counter()
    if archive_kind(name):
        if limits is None or depth >= MAX_NESTING:
            line = FileReport(label, name, Status.COPIED, len(data), len(data))
            line.warnings.append("nested archive copied unchanged (nesting limit)")
            return MemberResult(data, line)
        return _nested(name, data, options, label, limits, depth, started, translation)
    if document_format(name) is None:
        return MemberResult(data, FileReport(label, name, Status.COPIED, len(data), len(data)))
    try:
        result = convert_document(label, data, options)
    except TranslitError as exc:
        return MemberResult(data, _member_failed(label, name, data, str(exc), started))
    except Exception as exc:  # a library error on a broken document: reported, never fatal
        why = f"{label}: cannot convert ({type(exc).__name__}: {exc})"
        return MemberResult(data, _member_failed(label, name, data, why, started))
    line = FileReport(
        label,
        name,
        Status(result.status),
        bytes_in=len(data),
        bytes_out=len(result.data),
        seconds=round(time.perf_counter() - started, 4),
        warnings=list(result.warnings),
        source=result.source,
        encoding=result.encoding,
        newline=result.newline,
        bom=result.bom,
    )
    extra = None
    if translation is not None:
        made = translate_into(label, name, data, result.source, options, translation, line)
        if made is not None:
            extra = (side_by_side_name(name, translation.fmt), made)
    return MemberResult(result.data, line, extra)


def translate_into(
    label: str,
    name: str,
    data: bytes,
    source: str | None,
    options: DocumentOptions,
    translation: TranslateOptions,
    line: FileReport,
) -> bytes | None:
    """The side-by-side file of a converted document, its figures added to the report line `line`; a failure
    marks the line failed (the converted output is kept: only the side-by-side file is missing)."""
    if is_side_by_side(name):
        line.warnings.append("a side-by-side file itself; not translated")
        return None
    try:
        body, info = side_by_side(name, data, source, options, translation)
    except Exception as exc:
        why = str(exc) if isinstance(exc, TranslitError) else f"{type(exc).__name__}: {exc}"
        line.fail(f"{label}: converted, but no side-by-side file: {why}")
        return None
    line.translation = info
    return body


def _nested(
    name: str,
    data: bytes,
    options: DocumentOptions,
    label: str,
    limits: Limits,
    depth: int,
    started: float,
    translation: TranslateOptions | None,
) -> MemberResult:
    """An archive inside an archive: through a private temporary file (never by member names), in memory
    limits of its own no larger than one member's."""
    inner_limits = replace(limits, max_total_bytes=min(limits.max_total_bytes, limits.max_member_bytes))
    members: list[FileReport] = []

    def submit(inner: str, body: bytes) -> Future[MemberResult]:
        future: Future[MemberResult] = Future()
        future.set_result(convert_member(inner, body, options, label, inner_limits, depth + 1, translation))
        return future

    suffix = name[len(strip_archive_suffix(name)) :]
    with tempfile.TemporaryDirectory(prefix="translit-nested-") as tmp:
        src, dst = Path(tmp) / f"in{suffix}", Path(tmp) / f"out{suffix}"
        src.write_bytes(data)
        try:
            transform_archive(src, dst, submit, inner_limits, label=label, window=1, on_member=members.append)
        except TranslitError as exc:
            return MemberResult(data, _member_failed(label, name, data, str(exc), started))
        out = dst.read_bytes()
    failures = sum(1 for m in members if m.status.failing)
    converted = any(m.status is Status.CONVERTED for m in members)
    top = FileReport(
        label,
        name,
        Status.CONVERTED if converted else Status.UNCHANGED,
        bytes_in=len(data),
        bytes_out=len(out),
        seconds=round(time.perf_counter() - started, 4),
    )
    if failures:
        top.warnings.append(f"{failures} member(s) failed or were refused; see their lines")
    return MemberResult(out, top, members=members)


def _member_failed(label: str, name: str, data: bytes, error: str, started: float) -> FileReport:
    """The report of a member that could not be converted: it is kept as it was."""
    seconds = round(time.perf_counter() - started, 4)
    return FileReport(label, name, Status.FAILED, len(data), len(data), seconds, error=error)


def transform_archive(
    src: Path,
    dst: Path,
    submit: Submit,
    limits: Limits,
    *,
    as_folder: bool = False,
    name_encoding: str | None = None,
    label: str | None = None,
    window: int = 4,
    on_member: Callable[[FileReport], None] | None = None,
) -> list[FileReport]:
    """Convert every member of `src` into `dst` (same kind, or a folder), keeping member order.

    `submit(name, data)` converts one member (in this process or a worker pool) and returns a future of its
    `MemberResult`; up to `window` members are in flight, so memory stays bounded. Refused members are
    reported and left out; the output appears only when the whole archive went through.

    A result may carry an extra file made from the member (its side-by-side translation): extras are spooled
    to a private temporary folder and added after the last member, so a member that already has that name (a
    side-by-side file of an earlier run) wins and the clash is reported.
    """
    label = label or str(src)
    writer = open_writer(src, dst, as_folder=as_folder)
    reports: list[FileReport] = []
    pending: collections.deque[tuple[Entry, Future[MemberResult]]] = collections.deque()
    written: set[str] = set()
    extras: list[tuple[Entry, Path]] = []
    spool: tempfile.TemporaryDirectory[str] | None = None

    def record(report: FileReport) -> None:
        reports.append(report)
        if on_member:
            on_member(report)

    def drain(limit: int) -> None:
        nonlocal spool
        while len(pending) > limit:
            entry, future = pending.popleft()
            result = future.result()
            report = result.report
            if entry.kind == "file":
                writer.add_file(entry, result.data)
                written.add(entry.name.casefold())
                report.bytes_compressed = entry.compressed
                if result.extra is not None:
                    spool = spool or tempfile.TemporaryDirectory(prefix="translit-extra-")
                    held = Path(spool.name) / str(len(extras))
                    held.write_bytes(result.extra[1])
                    extras.append((Entry(result.extra[0], "file", mtime=entry.mtime, mode=entry.mode), held))
            record(report)
            for line in result.members:
                record(line)

    try:
        for entry in iter_entries(src, limits, name_encoding=name_encoding, label=label):
            if entry.kind == "dir":
                writer.add_dir(entry)
            elif entry.kind == "refused":
                err = entry.error
                status = Status(err.status) if err else Status.REFUSED
                done: Future[MemberResult] = Future()
                done.set_result(
                    MemberResult(b"", FileReport(f"{label}!{entry.name}", None, status, error=str(err or "refused")))
                )
                pending.append((entry, done))  # reported in member order
            else:
                pending.append((entry, submit(entry.name, entry.data)))
                entry.data = b""  # the worker holds it now
            drain(window)
        drain(0)
        for extra_entry, held in extras:
            if extra_entry.name.casefold() in written:
                error = f"{label}!{extra_entry.name}: the archive already has a member of this name; "
                record(
                    FileReport(
                        f"{label}!{extra_entry.name}",
                        extra_entry.name,
                        Status.FAILED,
                        error=error + "side-by-side file not added",
                    )
                )
                continue
            writer.add_file(extra_entry, held.read_bytes())
            written.add(extra_entry.name.casefold())
    except BaseException:
        for _entry, future in pending:
            future.cancel()
        writer.abort()
        raise
    finally:
        if spool is not None:
            spool.cleanup()
    writer.close()
    return reports
