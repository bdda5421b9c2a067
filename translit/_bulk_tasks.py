"""The work a bulk job hands out: top-level, picklable functions that take a task and return plain dicts.

The same functions run in this process, in worker processes and on Dask workers, so all three share one code
path; the compiled converter is cached per process by `translit.get_converter`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from translit._atomic import atomic_binary, write_bytes
from translit._bulk_translate import TranslateOptions, is_side_by_side, side_by_side, side_by_side_name
from translit.archives import (
    EXTRA_FILE,
    Limits,
    archive_kind,
    iter_entries,
    strip_archive_suffix,
    transform_archive,
)
from translit.documents import DocumentOptions, convert_document, document_format
from translit.errors import InputError, OutputError, TranslitError

if TYPE_CHECKING:
    from translit.bulk import BulkOptions

MemberResult = tuple[bytes, dict[str, object]]
#: Plain-text files larger than this are streamed through the converter instead of read whole.
STREAM_THRESHOLD = 32 * 1024 * 1024
_SAMPLE = 1024 * 1024
#: Archives inside archives are converted this many levels deep (the outer archive is level 1).
MAX_NESTING = 2


@dataclass(frozen=True)
class Task:
    """One input file and where its output goes; `kind` is "document", "archive", "copy" or "refused"."""

    src: str
    dst: str
    rel: str
    kind: str
    size: int


def report(
    path: str,
    output: str | None,
    status: str,
    *,
    bytes_in: int = 0,
    bytes_out: int = 0,
    seconds: float = 0.0,
    warnings: list[str] | tuple[str, ...] = (),
    error: str | None = None,
    **extra: object,
) -> dict[str, object]:
    """One line of the report: what happened to one file or archive member."""
    out: dict[str, object] = {
        "path": path,
        "output": output,
        "status": status,
        "bytes_in": bytes_in,
        "bytes_out": bytes_out,
        "seconds": round(seconds, 4),
        "warnings": list(warnings),
        "error": error,
    }
    out.update(extra)
    return out


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


def options_fingerprint(options: BulkOptions) -> str:
    """What decides the outputs' content; a resume only trusts outputs made with the same."""
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


# ------------------------------------------------------------------------------------------------ one document


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
            return data, report(
                label,
                name,
                "copied",
                bytes_in=len(data),
                bytes_out=len(data),
                warnings=["nested archive copied unchanged (nesting limit)"],
            )
        return _nested(name, data, options, label, limits, depth, started, translation)
    if document_format(name) is None:
        return data, report(label, name, "copied", bytes_in=len(data), bytes_out=len(data))
    try:
        result = convert_document(label, data, options)
    except TranslitError as exc:
        return data, _member_failed(label, name, data, str(exc), started)
    except Exception as exc:  # a library error on a broken document: reported, never fatal
        return data, _member_failed(
            label, name, data, f"{label}: cannot convert ({type(exc).__name__}: {exc})", started
        )
    line = report(
        label,
        name,
        result.status,
        bytes_in=len(data),
        bytes_out=len(result.data),
        seconds=time.perf_counter() - started,
        warnings=result.warnings,
        source=result.source,
        encoding=result.encoding,
        newline=result.newline,
        bom=result.bom,
    )
    if translation is not None:
        made = _translate(label, name, data, result.source, options, translation, line)
        if made is not None:
            line[EXTRA_FILE] = (side_by_side_name(name, translation.fmt), made)
    return result.data, line


def _translate(
    label: str,
    name: str,
    data: bytes,
    source: str | None,
    options: DocumentOptions,
    translation: TranslateOptions,
    line: dict[str, object],
) -> bytes | None:
    """The side-by-side file of a converted document, its figures added to the report line `line`; a failure
    marks the line failed (the converted output is kept: only the side-by-side file is missing)."""
    if is_side_by_side(name):
        warnings = line["warnings"]
        if isinstance(warnings, list):
            warnings.append("a side-by-side file itself; not translated")
        return None
    try:
        body, info = side_by_side(name, data, source, options, translation)
    except Exception as exc:
        why = str(exc) if isinstance(exc, TranslitError) else f"{type(exc).__name__}: {exc}"
        line["status"] = "failed"
        line["error"] = f"{label}: converted, but no side-by-side file: {why}"
        return None
    line["translation"] = info
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
    members: list[dict[str, object]] = []

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
            return data, _member_failed(label, name, data, str(exc), started)
        out = dst.read_bytes()
    failures = sum(1 for m in members if m["status"] in ("failed", "refused", "encrypted"))
    converted = any(m["status"] == "converted" for m in members)
    top = report(
        label,
        name,
        "converted" if converted else "unchanged",
        bytes_in=len(data),
        bytes_out=len(out),
        seconds=time.perf_counter() - started,
        warnings=[f"{failures} member(s) failed or were refused; see their lines"] if failures else [],
    )
    top["members"] = members
    return out, top


def _backup(task: Task, options: BulkOptions) -> Path | None:
    if not options.in_place:
        return None
    backup = Path(task.src + options.backup_suffix)
    if backup.exists():
        raise OutputError(backup, "a backup already exists here; move it away (or use --resume)")
    shutil.copy2(task.src, backup)
    return backup


def _hashed(line: dict[str, object], task: Task, input_hash: str | None) -> dict[str, object]:
    """Add the input's and the written output's SHA-256 (what --resume checks) to a report line."""
    line["input_sha256"] = input_hash
    line["output_sha256"] = content_hash(Path(task.dst))
    return line


def run_file(task: Task, options: BulkOptions) -> list[dict[str, object]]:
    """Convert (or copy) one file from disk to disk; returns its one-line report."""
    if task.kind == "refused":
        return [_refused_link(task)]
    started = time.perf_counter()
    src, dst = Path(task.src), Path(task.dst)
    try:
        input_hash = content_hash(src)
        if task.kind == "copy":
            if options.in_place:
                return [
                    _hashed(
                        report(
                            task.src,
                            task.dst,
                            "unchanged",
                            bytes_in=task.size,
                            bytes_out=task.size,
                        ),
                        task,
                        input_hash,
                    )
                ]
            with open(src, "rb") as fin, atomic_binary(dst) as fout:
                shutil.copyfileobj(fin, fout, 1024 * 1024)
            shutil.copystat(src, dst)
            return [
                _hashed(
                    report(
                        task.src,
                        task.dst,
                        "copied",
                        bytes_in=task.size,
                        bytes_out=task.size,
                        seconds=time.perf_counter() - started,
                    ),
                    task,
                    input_hash,
                )
            ]
        if task.size > STREAM_THRESHOLD and document_format(src.name) in ("txt", "text"):
            return [_stream_text(task, options, input_hash, started)]
        if task.size > options.limits.max_member_bytes:
            raise InputError(src, f"larger than {options.limits.max_member_bytes} bytes (--max-member-size)")
        data = src.read_bytes()
        result = convert_document(task.src, data, options.document)
        if options.in_place and result.data == data:
            status = "unchanged"
        else:
            backup = _backup(task, options)
            try:
                write_bytes(dst, result.data)
            except BaseException:
                if backup is not None:
                    backup.unlink(missing_ok=True)
                raise
            status = result.status
        line = report(
            task.src,
            task.dst,
            status,
            bytes_in=len(data),
            bytes_out=len(result.data),
            warnings=result.warnings,
            source=result.source,
            encoding=result.encoding,
            newline=result.newline,
            bom=result.bom,
        )
        if options.translate is not None:
            _write_side_by_side(task, data, result.source, options, line)
        line["seconds"] = round(time.perf_counter() - started, 4)
        return [_hashed(line, task, input_hash)]
    except TranslitError as exc:
        return [
            report(
                task.src, task.dst, "failed", bytes_in=task.size, error=str(exc), seconds=time.perf_counter() - started
            )
        ]
    except Exception as exc:
        return [
            report(
                task.src,
                task.dst,
                "failed",
                bytes_in=task.size,
                error=f"{task.src}: cannot convert ({type(exc).__name__}: {exc})",
                seconds=time.perf_counter() - started,
            )
        ]


def _write_side_by_side(
    task: Task, data: bytes, source: str | None, options: BulkOptions, line: dict[str, object]
) -> None:
    """Write the side-by-side file next to the output (atomically) and note it in the report line."""
    assert options.translate is not None
    made = _translate(task.src, Path(task.src).name, data, source, options.document, options.translate, line)
    if made is None:
        return
    sbs = side_by_side_path(task, options.translate)
    try:
        write_bytes(sbs, made)
    except TranslitError as exc:
        line["status"] = "failed"
        line["error"] = f"{task.src}: converted, but no side-by-side file: {exc}"
        return
    line["side_by_side"] = str(sbs)
    line["side_by_side_sha256"] = content_hash(sbs)


def side_by_side_path(task: Task, translation: TranslateOptions) -> Path:
    """Where a file task's side-by-side file goes: next to its output."""
    dst = Path(task.dst)
    return dst.with_name(side_by_side_name(dst.name, translation.fmt))


def _stream_text(task: Task, options: BulkOptions, input_hash: str | None, started: float) -> dict[str, object]:
    """A plain-text file too large to hold: streamed in bounded memory, as the CLI streams one file."""
    from translit.text.files import convert_binary

    doc = options.document
    src = Path(task.src)
    backup = _backup(task, options)
    try:
        with open(src, "rb") as raw_in, atomic_binary(Path(task.dst)) as raw_out:
            result = convert_binary(
                raw_in, raw_out.write, task.src, doc.text, encoding=doc.encoding, keep_encoding=doc.keep_encoding
            )
    except BaseException:
        if backup is not None:
            backup.unlink(missing_ok=True)
        raise
    note = result.outcome.note()
    warnings = [note] if note else []
    sources = result.outcome.sources
    source = sources[0] if sources else doc.source
    codec, bom = result.encoding, result.bom
    conv = bool(sources)
    size_out = Path(task.dst).stat().st_size
    line = report(
        task.src,
        task.dst,
        "converted" if conv else "unchanged",
        bytes_in=task.size,
        bytes_out=size_out,
        seconds=time.perf_counter() - started,
        warnings=[*warnings, "streamed"],
        source=source,
        encoding=codec,
        bom=bom,
    )
    if options.translate is not None:
        line["status"] = "failed"
        line["error"] = (
            f"{task.src}: converted, but no side-by-side file: larger than {STREAM_THRESHOLD // 2**20} MiB, "
            "too large to translate in one piece; split it and translate the parts"
        )
    return _hashed(line, task, input_hash)


# ------------------------------------------------------------------------------------------------ archives


def run_archive(
    task: Task,
    options: BulkOptions,
    submit: Callable[[str, bytes], Future[MemberResult]],
    window: int,
    on_member: Callable[[dict[str, object]], None] | None = None,
) -> list[dict[str, object]]:
    """Convert an archive's members through `submit`; returns [archive report, member reports...].

    Members are reported through `on_member` as they finish, when given (then they are not in the list).
    """
    started = time.perf_counter()
    input_hash = content_hash(Path(task.src))
    members: list[dict[str, object]] = []
    sink = on_member or members.append
    failures = 0
    converted = 0

    def seen(r: dict[str, object]) -> None:
        nonlocal failures, converted
        failures += r["status"] in ("failed", "refused", "encrypted")
        converted += r["status"] == "converted"
        sink(r)

    backup = _backup(task, options)
    try:
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
        )
    except BaseException:
        if backup is not None:
            backup.unlink(missing_ok=True)
        raise
    out = Path(task.dst)
    size_out = out.stat().st_size if out.is_file() else 0
    warnings = [f"{failures} member(s) failed or were refused; see their lines"] if failures else []
    top = _hashed(
        report(
            task.src,
            task.dst,
            "converted" if converted else "unchanged",
            bytes_in=task.size,
            bytes_out=size_out,
            seconds=time.perf_counter() - started,
            warnings=warnings,
            member_failures=failures,
        ),
        task,
        input_hash,
    )
    if failures:
        top["input_sha256"] = None  # never "complete" for --resume: failed members are retried
    return [top, *members]


def run_archive_inline(task: Task, options: BulkOptions) -> list[dict[str, object]]:
    """A whole archive in this process (used on Dask workers: one task per archive)."""

    def submit(name: str, data: bytes) -> Future[MemberResult]:
        future: Future[MemberResult] = Future()
        future.set_result(
            convert_member(name, data, options.document, task.src, options.limits, translation=options.translate)
        )
        return future

    try:
        return run_archive(task, options, submit, window=1)
    except TranslitError as exc:
        return [report(task.src, task.dst, "failed", bytes_in=task.size, error=str(exc))]


def _member_failed(label: str, name: str, data: bytes, error: str, started: float) -> dict[str, object]:
    """The report of a member that could not be converted: it is kept as it was."""
    seconds = time.perf_counter() - started
    return report(label, name, "failed", bytes_in=len(data), bytes_out=len(data), error=error, seconds=seconds)


def _refused_link(task: Task) -> dict[str, object]:
    return report(
        task.src,
        None,
        "refused",
        error=f"{task.src}: is a symbolic link inside the input folder; not followed (name its target instead)",
    )


def dry_run(task: Task, options: BulkOptions) -> list[dict[str, object]]:
    """What a run would do, writing nothing; archives are read to list (and vet) their members."""
    if task.kind == "refused":
        return [_refused_link(task)]
    what = {"document": "would-convert", "copy": "would-copy", "archive": "would-convert"}[task.kind]
    if task.kind == "document" and options.in_place and Path(task.src + options.backup_suffix).exists():
        return [
            report(
                task.src,
                task.dst,
                "failed",
                bytes_in=task.size,
                error=f"{task.src}{options.backup_suffix}: a backup already exists",
            )
        ]
    top = report(task.src, task.dst, what, bytes_in=task.size)
    if task.kind == "document" and options.translate is not None and not is_side_by_side(task.src):
        top["side_by_side"] = str(side_by_side_path(task, options.translate))
    if task.kind != "archive":
        return [top]
    out = [top]
    try:
        for entry in iter_entries(Path(task.src), options.limits, name_encoding=options.name_encoding, label=task.src):
            if entry.kind == "refused":
                err = entry.error
                out.append(report(f"{task.src}!{entry.name}", None, err.status if err else "refused", error=str(err)))
            elif entry.kind == "file":
                kind = "would-convert" if document_format(entry.name) else "would-copy"
                line = report(f"{task.src}!{entry.name}", entry.name, kind, bytes_in=len(entry.data))
                if kind == "would-convert" and options.translate is not None and not is_side_by_side(entry.name):
                    line["side_by_side"] = side_by_side_name(entry.name, options.translate.fmt)
                out.append(line)
    except TranslitError as exc:
        out[0] = report(task.src, task.dst, "failed", bytes_in=task.size, error=str(exc))
    return out
