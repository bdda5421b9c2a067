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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from translit.archives import (
    ArchiveRefused,
    Budget,
    Entry,
    Limits,
    MemberError,
    archive_kind,
    iter_entries,
    open_writer,
    strip_archive_suffix,
)
from translit.bulk.done import Done, FutureLike
from translit.bulk.report import FileReport, Status
from translit.documents import (
    DocumentOptions,
    convert_document,
    document_format,
    unsupported_format,
    unsupported_hint,
)
from translit.errors import TranslitError

if TYPE_CHECKING:
    from translit.bulk.translate import TranslateOptions

__all__ = ["MAX_NESTING", "MemberResult", "Submit", "convert_member", "transform_archive"]

#: Archives inside archives are converted this many levels deep (the outer archive is level 1).
MAX_NESTING = 2


@dataclass
class MemberResult:
    """A converted member: its new bytes (None: left out of the output, a refused bomb), its report, a file
    made from it (its side-by-side translation: name and bytes) and, for a nested archive, its members' lines."""

    data: bytes | None
    report: FileReport
    extra: tuple[str, bytes] | None = None
    members: list[FileReport] = field(default_factory=list)
    #: the new bytes are the member's own (copied, failed, or nothing to convert): a zip writes it with the
    #: deflate stream its source stored (`Entry.stream`) instead of deflating it again
    unchanged: bool = False


# The side-by-side helpers of `translit.bulk.translate`, which is imported only by the runs that translate (or
# ask whether a name is a side-by-side file, as a dry run or a folder run with --translate does): importing it
# is 2.8 ms of CPU that a plain conversion never needs (see translit.bulk.__getattr__).


def side_by_side(
    name: str, data: bytes, source: str | None, document: DocumentOptions, opts: TranslateOptions
) -> tuple[bytes, dict[str, int | float]]:
    """`translit.bulk.translate.side_by_side`: the side-by-side file of one document and its report figures."""
    from translit.bulk import translate

    return translate.side_by_side(name, data, source, document, opts)


def side_by_side_name(name: str, fmt: str) -> str:
    """`translit.bulk.translate.side_by_side_name`: the name of a document's side-by-side file."""
    from translit.bulk import translate

    return translate.side_by_side_name(name, fmt)


def is_side_by_side(name: str) -> bool:
    """`translit.bulk.translate.is_side_by_side`: whether `name` is a side-by-side file this tool wrote."""
    from translit.bulk import translate

    return translate.is_side_by_side(name)


#: submit(name, data, limits): convert one member within `limits` (what is left of the archive's budget)
Submit = Callable[[str, bytes, Limits], "FutureLike[MemberResult]"]


def convert_member(
    name: str,
    data: bytes,
    options: DocumentOptions,
    archive: str,
    limits: Limits | None = None,
    depth: int = 1,
    translation: TranslateOptions | None = None,
    unsupported: str = "copy",
) -> MemberResult:
    """`_convert_member`, and whether the member comes out as it came in (`MemberResult.unchanged`): told here,
    where both are at hand (the archive's reader no longer holds the bytes it sent, see `transform_archive`)."""
    result = _convert_member(name, data, options, archive, limits, depth, translation, unsupported)
    result.unchanged = result.data is not None and (result.data is data or result.data == data)
    return result


def _convert_member(
    name: str,
    data: bytes,
    options: DocumentOptions,
    archive: str,
    limits: Limits | None,
    depth: int,
    translation: TranslateOptions | None,
    unsupported: str,
) -> MemberResult:
    """Convert one archive member; a failure keeps the original bytes (nothing is lost) and says why.

    A member in a format this tool cannot read (.doc, .pdf …) is copied with a warning, or left out when
    `unsupported` is "skip".

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
        return _nested(name, data, options, label, limits, depth, started, translation, unsupported)
    if unsupported_format(name) is not None:
        why = f"{label}: {unsupported_hint(name)}"
        if unsupported == "skip":
            line = FileReport(label, None, Status.UNSUPPORTED, len(data), 0, error=why)
            line.warnings.append("left out (--unsupported skip)")
            return MemberResult(None, line)
        line = FileReport(label, name, Status.UNSUPPORTED, len(data), len(data), error=why)
        line.warnings.append("copied unchanged (its text is not converted)")
        return MemberResult(data, line)
    if document_format(name) is None:
        return MemberResult(data, FileReport(label, name, Status.COPIED, len(data), len(data)))
    try:
        result = convert_document(label, data, options, limits)
    except ArchiveRefused as exc:  # a bomb inside the document: left out, never copied through
        line = _member_failed(label, name, data, str(exc), started)
        line.status, line.bytes_out = Status.REFUSED, 0
        return MemberResult(None, line)
    except TranslitError as exc:
        return MemberResult(data, _member_failed(label, name, data, str(exc), started))
    except Exception as exc:  # a library error on a broken document: reported, never fatal
        why = f"{label}: cannot convert ({type(exc).__name__}: {exc})"
        return MemberResult(data, _member_failed(label, name, data, why, started))
    line = FileReport.of_document(label, name, data, result, round(time.perf_counter() - started, 4))
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
    unsupported: str,
) -> MemberResult:
    """An archive inside an archive: through a private temporary file (never by member names), in memory
    limits of its own no larger than one member's."""
    inner_limits = replace(limits, max_total_bytes=min(limits.max_total_bytes, limits.max_member_bytes))
    members: list[FileReport] = []

    def submit(inner: str, body: bytes, left: Limits) -> Done[MemberResult]:
        return Done(convert_member(inner, body, options, label, left, depth + 1, translation, unsupported))

    suffix = name[len(strip_archive_suffix(name)) :]
    with tempfile.TemporaryDirectory(prefix="translit-nested-") as tmp:
        src, dst = Path(tmp) / f"in{suffix}", Path(tmp) / f"out{suffix}"
        src.write_bytes(data)
        try:
            transform_archive(src, dst, submit, inner_limits, label=label, window=1, on_member=members.append)
        except ArchiveRefused as exc:  # a bomb inside: left out of the outer archive
            line = _member_failed(label, name, data, str(exc), started)
            line.status, line.bytes_out = Status.REFUSED, 0
            return MemberResult(None, line)
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
    """The report of a member that could not be converted: it is kept as it was. The message names the
    archive and the member, whatever raised it (a rule-set error names neither)."""
    seconds = round(time.perf_counter() - started, 4)
    if label not in error:
        error = f"{label}: {error}"
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
    before_close: Callable[[], None] | None = None,
    fold_case: bool = False,
) -> list[FileReport]:
    """Convert every member of `src` into `dst` (same kind, or a folder), keeping member order.

    `submit(name, data)` converts one member (in this process or a worker pool) and returns a future of its
    `MemberResult`; up to `window` members are in flight, so memory stays bounded. Refused members are
    reported and left out; the output appears only when the whole archive went through.

    A result may carry an extra file made from the member (its side-by-side translation): extras are spooled
    to a private temporary folder and added after the last member, so a member that already has that name (a
    side-by-side file of an earlier run) wins and the clash is reported.

    One budget covers the archive and what its members hold: a document member (a docx) is converted within
    what is left of it, and the bytes its own zip inflated are charged back. A member whose name clashes with
    one already taken (a file where a folder is, or the reverse; with `fold_case`, names equal but for case)
    is refused, so the output can always be unpacked. `before_close` runs just before the output appears (the
    input-unchanged check); raising there discards it.
    """
    label = label or str(src)
    budget = Budget(limits, label)
    names = _Names(fold_case)
    writer = open_writer(src, dst, as_folder=as_folder)
    reports: list[FileReport] = []
    pending: collections.deque[tuple[Entry, FutureLike[MemberResult]]] = collections.deque()
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
            budget.charge(report.bytes_inflated or 0, entry.name)
            if entry.kind == "file" and result.data is not None:
                if not result.unchanged:
                    entry.stream = None  # new bytes: deflated anew (the stream stored is that of the old ones)
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
        for entry in iter_entries(src, limits, name_encoding=name_encoding, label=label, budget=budget):
            clash = names.clash(entry) if entry.kind != "refused" else None
            if clash is not None:
                entry = Entry(entry.name, "refused", error=MemberError(label, entry.name, clash))
            if entry.kind == "dir":
                writer.add_dir(entry)
            elif entry.kind == "refused":
                err = entry.error
                status = Status(err.status) if err else Status.REFUSED
                refused = MemberResult(
                    b"", FileReport(f"{label}!{entry.name}", None, status, error=str(err or "refused"))
                )
                pending.append((entry, Done(refused)))  # reported in member order
            else:
                pending.append(
                    (entry, submit(entry.name, entry.data, replace(limits, max_total_bytes=budget.remaining)))
                )
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
        if before_close is not None:
            before_close()
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


class _Names:
    """The names an archive's output already holds, to refuse a member that could not be unpacked next to
    them: a file where a folder is (`x` and `x/y.txt`), or a folder where a file is."""

    def __init__(self, fold_case: bool) -> None:
        self.fold = fold_case
        self.files: dict[str, str] = {}
        self.dirs: dict[str, str] = {}

    def _key(self, name: str) -> str:
        return name.casefold() if self.fold else name

    def clash(self, entry: Entry) -> str | None:
        key = self._key(entry.name)
        parts = key.split("/")
        for i in range(1, len(parts)):
            parent = "/".join(parts[:i])
            if parent in self.files:
                return f"a folder on its path is the file {self.files[parent]!r}; skipped (could not be unpacked)"
        if entry.kind == "dir":
            if key in self.files:
                return f"a folder of the same name as the file {self.files[key]!r}; skipped"
        else:
            if key in self.dirs:
                return f"a file of the same name as the folder {self.dirs[key]!r}; skipped (could not be unpacked)"
            if self.fold and key in self.files and self.files[key] != entry.name:
                return f"differs only in case from {self.files[key]!r}; skipped"
            self.files[key] = entry.name
        for i in range(1, len(parts) + (entry.kind == "dir")):
            self.dirs.setdefault("/".join(parts[:i]), "/".join(entry.name.split("/")[:i]))
        return None
