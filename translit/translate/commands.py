"""What the translation commands do, as plain functions the CLI calls (it only parses arguments).

- `translate_files`: ``translit translate-doc FILE… --to en[,ru] [--format document|xliff|tsv|…|tmx]`` writes
  ``NAME.en.docx`` (or ``NAME.en.xlf``; a side-by-side format: ``NAME.sbs.tmx`` with every target) next to each
  input or into `out_dir`, and prints what was translated.
- `merge_file`: ``translit merge FILE.xlf [-o OUT]`` writes the document from a post-edited XLIFF.
- `eval_translation`: ``translit eval-translation --model DIR GOLD.tsv`` prints chrF, BLEU and speed.

Each returns the exit code: 0 when every document was translated (or merged), 1 when one came out untranslated,
so that a file handed back unchanged never passes for a translation.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from translit._atomic import write_bytes as write_bytes_atomic
from translit.errors import InputError
from translit.sidebyside import FORMATS as SIDE_BY_SIDE
from translit.sidebyside import render
from translit.translate.documents import TranslatedDocument, document_rows, translate_file, translated_name
from translit.translate.glossary import load_glossary
from translit.translate.xliff import export_xliff, merge_xliff

__all__ = ["eval_translation", "merge_file", "translate_files"]


def translate_files(
    paths: Sequence[Path],
    targets: Sequence[str],
    *,
    backend: str = "ct2",
    model: str | None = None,
    source: str | None = None,
    only: Sequence[str] = (),
    glossary: Path | None = None,
    fmt: str = "document",
    trust_mt: bool = False,
    out_dir: Path | None = None,
    cache_path: Path | None = None,
    no_cache: bool = False,
    report: Path | None = None,
    stream: TextIO | None = None,
) -> int:
    """Translate each document into each target; one line per output file on `stream` (stderr)."""
    from translit.translate import TranslationCache, open_backend

    stream = stream or sys.stderr
    if fmt not in ("document", "xliff", *SIDE_BY_SIDE):
        choices = ", ".join(("document", "xliff", *SIDE_BY_SIDE))
        raise InputError(None, f"unknown --format {fmt!r} (choose one of {choices})")
    if not targets:
        raise InputError(None, "--to needs at least one language, e.g. --to en")
    terms = load_glossary(glossary) if glossary else None
    cache = None if no_cache else TranslationCache(cache_path)
    reports: list[dict[str, Any]] = []
    code = 0
    try:
        with open_backend(backend, model) as engine:
            for path in paths:
                try:
                    data = path.read_bytes()
                except OSError as exc:
                    raise InputError(str(path), f"cannot read ({exc.strerror or exc})") from exc
                docs = []
                for target in targets:
                    doc = translate_file(
                        path.name, data, target, backend=engine, cache=cache, source=source, only=only, glossary=terms
                    )
                    docs.append(doc)
                    if fmt not in ("document", "xliff"):
                        continue
                    name = translated_name(path, target)
                    out = (out_dir or path.parent) / (Path(name).with_suffix(".xlf").name if fmt == "xliff" else name)
                    payload = export_xliff(doc, trust_mt=trust_mt).encode("utf-8") if fmt == "xliff" else doc.data
                    _write(out, payload)
                    code = max(code, _note(out, doc, reports, stream))
                if fmt in SIDE_BY_SIDE:
                    out = (out_dir or path.parent) / f"{path.stem}.sbs.{fmt.split('-')[0]}"
                    _write(out, render(document_rows(docs), fmt, title=path.name).encode("utf-8"))
                    for doc in docs:
                        code = max(code, _note(out, doc, reports, stream))
    finally:
        if cache is not None:
            cache.close()
    if report is not None:
        write_bytes_atomic(report, (json.dumps(reports, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return code


def _write(out: Path, payload: bytes) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(out, payload)


def _note(out: Path, doc: TranslatedDocument, reports: list[dict[str, Any]], stream: TextIO) -> int:
    """Report one output: a line, its warnings, a JSON record; 1 when the document came out untranslated."""
    info = doc.report()
    info["output"] = str(out)
    reports.append(info)
    stream.write(f"{out}: {info['status']}, {info['translated']}/{info['segments']} segments into {info['target']}\n")
    parts = info["parts"]
    if set(parts) - {"document"}:
        shown = ", ".join(f"{name} {n['translated']}/{n['segments']}" for name, n in parts.items())
        stream.write(f"  parts: {shown}\n")
    for warning in doc.warnings:
        stream.write(f"  {warning}\n")
    return 1 if doc.status == "untranslated" else 0


def merge_file(xliff: Path, output: Path | None = None, *, stream: TextIO | None = None) -> int:
    """Write the document of a post-edited XLIFF (default: its original name next to the XLIFF, with the
    target tag: ``report.en.docx``)."""
    stream = stream or sys.stderr
    try:
        data = xliff.read_bytes()
    except OSError as exc:
        raise InputError(str(xliff), f"cannot read ({exc.strerror or exc})") from exc
    merged = merge_xliff(data, path=str(xliff))
    out = output or xliff.parent / translated_name(merged.name, merged.target or "target")
    write_bytes_atomic(out, merged.data)
    stream.write(f"{out}: {merged.with_target}/{merged.segments} segments with a target\n")
    return 0 if merged.with_target else 1


def eval_translation(
    gold: Path,
    *,
    model: str | None = None,
    backend: str = "ct2",
    source: str = "uz",
    target: str = "en",
    as_json: bool = False,
    stream: TextIO | None = None,
) -> int:
    """Print chrF, BLEU and sentences per second of a model on a gold TSV."""
    from translit.translate import open_backend
    from translit.translate.evaluation import evaluate, read_gold

    stream = stream or sys.stdout
    pairs = read_gold(gold)
    with open_backend(backend, model) as engine:
        result = evaluate(pairs, source, target, backend=engine)
    stream.write((json.dumps(result.as_dict()) if as_json else result.summary()) + "\n")
    return 0
