"""Planning: the inputs become tasks (one per file; an archive is one task), each with the output it writes.

Every check that can be made before any work is made here, so that a bad layout is one error and nothing is
written: a missing input, an output that is an input, two tasks writing one output.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from translit._atomic import TMP_PREFIX
from translit.archives import archive_kind, strip_archive_suffix
from translit.bulk.members import is_side_by_side
from translit.bulk.options import BulkOptions, Task
from translit.bulk.tasks import side_by_side_path
from translit.documents import document_format, unsupported_format
from translit.errors import InputError, OutputError

__all__ = ["MANIFEST_NAME", "plan"]

MANIFEST_NAME = ".translit-manifest.jsonl"


def _kind(name: str) -> str:
    if archive_kind(name):
        return "archive"
    if document_format(name):
        return "document"
    if unsupported_format(name):
        return "unsupported"
    return "copy"


def _out_name(name: str, as_folder: bool) -> str:
    return strip_archive_suffix(name) if as_folder and archive_kind(name) else name


def _walk(root: Path, skip: Path | None, backup_suffix: str | None, skip_sbs: bool = False) -> Iterable[Path]:
    """Files under `root` in a stable order, leaving out the output folder, our own bookkeeping files and
    (in place) the backups and side-by-side files of an earlier run."""
    for dirpath, dirs, files in os.walk(root):
        here = Path(dirpath)
        dirs.sort()
        if skip is not None:
            dirs[:] = [d for d in dirs if (here / d).resolve() != skip]
        for name in sorted(d for d in dirs if (here / d).is_symlink()):
            yield here / name  # not descended into (os.walk does not follow links): reported as refused
        for name in sorted(files):
            if name == MANIFEST_NAME or name.startswith(TMP_PREFIX):
                continue
            if backup_suffix and name.endswith(backup_suffix):
                continue
            if skip_sbs and is_side_by_side(name):
                continue
            yield here / name


def plan(inputs: Sequence[Path], output: Path | None, options: BulkOptions) -> tuple[list[Task], Path]:
    """Tasks for every file under the inputs, and the folder that holds the manifest.

    One input file → `output` is the file to write (or a folder to put it in, if it is one); one folder →
    `output` mirrors it; several inputs → each goes to `output/<its name>`. `--in-place` writes over inputs.
    """
    if not inputs:
        raise InputError(None, "no input given")
    for p in inputs:
        if not p.exists():
            raise InputError(p, "no such file or folder")
    if options.in_place:
        if output is not None:
            raise OutputError(output, "--in-place writes over the inputs; do not give -o as well")
    elif output is None:
        raise InputError(None, "give an output (-o FILE or -o FOLDER), or --in-place to overwrite the inputs")
    out = output.resolve() if output is not None else Path()
    out_is_dir = output is not None and (out.is_dir() or str(output).endswith(("/", os.sep)))
    tasks: list[Task] = []

    def add(src: Path, dst: Path, rel: str) -> None:
        src = src.resolve()
        if not options.in_place and src == dst.resolve():
            raise OutputError(dst, "output is the input itself; use --in-place to overwrite inputs")
        tasks.append(Task(str(src), str(dst), rel, _kind(src.name), src.stat().st_size))

    single = len(inputs) == 1
    skip = None if options.in_place else out
    for p in inputs:
        if p.is_dir():
            base = p if options.in_place else (out if single else out / p.resolve().name)
            in_place_sbs = options.in_place and options.translate is not None
            for f in _walk(p, skip, options.backup_suffix if options.in_place else None, in_place_sbs):
                rel = f.relative_to(p).as_posix()
                if f.is_symlink():
                    # A link inside a folder may point anywhere (/etc/passwd, or another file of the tree, which
                    # --in-place would then write twice): never followed, reported as refused.
                    tasks.append(Task(str(f.absolute()), str(base / rel), rel, "refused", 0))
                    continue
                dst = f.resolve() if options.in_place else base / Path(_out_name(rel, options.as_folder))
                add(f, dst, rel if single else f"{p.name}/{rel}")
        elif options.in_place:
            add(p, p.resolve(), p.name)
        elif single and not out_is_dir:
            add(p, out, p.name)
        else:
            add(p, out / _out_name(p.name, options.as_folder), p.name)
    if options.in_place:
        first = inputs[0].resolve()
        manifest_dir = first if first.is_dir() else first.parent
    elif single and not inputs[0].is_dir() and not out_is_dir:
        manifest_dir = out.parent
    else:
        manifest_dir = out
    seen: dict[str, str] = {}
    for task in tasks:
        if task.dst in seen:
            raise OutputError(task.dst, f"both {seen[task.dst]} and {task.src} would be written here; rename one")
        seen[task.dst] = task.src
    if not options.in_place:
        _never_over_inputs(tasks, options)
    _clashes(tasks, options.case_collisions)
    if options.translate is not None:
        for task in tasks:
            if task.kind != "document":
                continue
            sbs = str(side_by_side_path(task, options.translate))
            if sbs in seen:
                raise OutputError(
                    sbs,
                    f"the side-by-side file of {task.src} and the output of {seen[sbs]} would both be written "
                    "here; move the old side-by-side file out of the input",
                )
    return tasks, manifest_dir


def _never_over_inputs(tasks: list[Task], options: BulkOptions) -> None:
    """Without --in-place no output may land on an input, whatever the layout (`convert parent/p -o parent`
    where `p/p/x.txt` exists would write `p/x.txt` over the input of that name)."""
    sources = {t.src for t in tasks}
    if options.report and str(Path(options.report).resolve()) in sources:
        raise OutputError(options.report, "the report would overwrite this input; write it elsewhere")
    for task in tasks:
        if task.dst in sources and task.dst != task.src:
            raise OutputError(
                task.dst,
                f"the output of {task.src} would overwrite this input; choose an output folder outside the "
                "inputs (or --in-place)",
            )
        if options.translate is not None and task.kind == "document":
            sbs = str(side_by_side_path(task, options.translate))
            if sbs in sources:
                raise OutputError(sbs, f"the side-by-side file of {task.src} would overwrite this input")
        if options.as_folder and task.kind == "archive":
            inside = next((s for s in sources if s.startswith(task.dst.rstrip(os.sep) + os.sep)), None)
            if inside is not None:
                raise OutputError(task.dst, f"the folder made from {task.src} would hold the input {inside}")


def _clashes(tasks: list[Task], fold_case: bool) -> None:
    """Outputs that could not exist side by side, found before anything is written: a file where another
    output needs a folder (and, on request, names that differ only in case, for case-insensitive disks)."""
    files: dict[str, str] = {}
    for task in tasks:
        key = task.dst.casefold() if fold_case else task.dst
        if key in files and files[key] != task.dst:
            raise OutputError(task.dst, f"differs only in case from the output {files[key]}; rename one")
        files[key] = task.dst
    for task in tasks:
        parent = Path(task.dst).parent
        while parent != parent.parent:
            key = str(parent).casefold() if fold_case else str(parent)
            if key in files:
                raise OutputError(files[key], f"is an output file, but {task.dst} needs it to be a folder")
            parent = parent.parent
