"""`convert --check` and `convert --diff`: what a conversion would change, with nothing written.

Text files and stdin go through the same `convert_binary` as a real run, into memory. Folders, archives and
documents go through the bulk runner into a temporary folder that is deleted afterwards; each output is then
compared with its input (archive members by the runner's own verdict, and by their bytes for the diff).
"""

from __future__ import annotations

import difflib
import io
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import typer

from translit.text.path import TextOptions


def _write_diff(old: bytes, new: bytes, name: str, old_codec: str = "utf-8") -> None:
    """A unified diff of two texts on stdout (`a/NAME`, `b/NAME`), or one line for bytes that are no text."""
    try:
        before = old.decode(old_codec)
        after = new.decode("utf-8")
    except (UnicodeDecodeError, LookupError):
        typer.echo(f"Binary files a/{name} and b/{name} differ")
        return
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{name}", f"b/{name}"
    )
    out = sys.stdout
    for line in lines:
        out.write(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    out.flush()


def _say(name: str, quiet: bool) -> None:
    if not quiet:
        typer.echo(f"would convert {name}", err=True)


def check_texts(paths: Sequence[str], options: TextOptions, encoding: str | None, *, diff: bool, quiet: bool) -> int:
    """Convert each text file (or stdin) in memory; returns how many would change."""
    from translit import textio
    from translit.text.files import convert_binary

    changed = 0
    for path in paths:
        name = "<stdin>" if path == "-" else path
        data = sys.stdin.buffer.read() if path == "-" else _read(path, textio)
        out = io.BytesIO()
        result = convert_binary(io.BytesIO(data), out.write, name, options, encoding=encoding)
        if out.getvalue() == data:
            continue
        changed += 1
        _say(name, quiet)
        if diff:
            _write_diff(data, out.getvalue(), _display(name), result.encoding)
    if not quiet:
        typer.echo(f"{changed} of {len(paths)} would change", err=True)
    return changed


def _read(path: str, textio: Any) -> bytes:
    with textio.open_input(Path(path)) as handle:
        data: bytes = handle.read()
    return data


def check_bulk(paths: Sequence[Path], options: Any, *, diff: bool, quiet: bool) -> int:
    """Run the bulk job into a temporary folder and compare; 1 if anything would change, 2 if a file failed."""
    import dataclasses

    from translit.bulk import run

    with tempfile.TemporaryDirectory(prefix="translit-check-") as tmp:
        single = len(paths) == 1 and not paths[0].is_dir()
        target = Path(tmp) / (paths[0].name if single else "out")
        options = dataclasses.replace(options, as_folder=True, report=None, progress=False)
        result = run(paths, target, options)
        changed = 0
        counted = 0
        folders: dict[str, Path] = {}  # archive -> the folder its members were written to
        for line in result.files:
            status, name = str(line.status), line.path
            output: str | Path | None = line.output
            if output and Path(str(output)).is_dir():
                folders[name] = Path(str(output))
                continue  # an archive's own line: its members follow
            if "!" in name and output and name.split("!")[0] in folders:
                output = folders[name.split("!")[0]] / str(output)
            if status not in ("converted", "unchanged"):
                continue  # copied, skipped or failed
            counted += 1
            before = _input_bytes(name)
            after = Path(str(output)).read_bytes() if output and Path(str(output)).is_file() else None
            if status == "unchanged" and (before is None or after is None or before == after):
                continue
            if before is not None and after is not None and before == after:
                continue
            changed += 1
            shown = _display(name)
            _say(shown, quiet)
            if diff:
                if before is None or after is None:
                    typer.echo(f"Files a/{shown} and b/{shown} differ (nested archive member; no diff shown)")
                else:
                    _write_diff(before, after, shown, line.encoding or "utf-8")
    for failure in result.failures:
        typer.echo(f"failed: {failure.error or failure.path}", err=True)
    if not quiet:
        typer.echo(f"{changed} of {counted} would change", err=True)
    if result.failures:
        return 2
    return 1 if changed else 0


def _display(name: str) -> str:
    """A report path as the user would write it: relative to the working folder when it is under it."""
    head, sep, rest = name.partition("!")
    try:
        head = str(Path(head).relative_to(Path.cwd()))
    except ValueError:
        head = head.lstrip("/")
    return head + sep + rest


def _input_bytes(name: str) -> bytes | None:
    """The bytes of an input file, or of a member of a zip or tar archive (`archive.zip!member`)."""
    if "!" not in name:
        path = Path(name)
        return path.read_bytes() if path.is_file() else None
    parts = name.split("!")
    if len(parts) != 2:
        return None  # a member of a nested archive
    archive, member = parts
    try:
        import tarfile
        import zipfile

        if zipfile.is_zipfile(archive):
            with zipfile.ZipFile(archive) as zf:
                return zf.read(member)
        if tarfile.is_tarfile(archive):
            with tarfile.open(archive) as tf:
                handle = tf.extractfile(member)
                return handle.read() if handle is not None else None
    except (OSError, KeyError, zipfile.BadZipFile, tarfile.TarError):
        return None
    return None
