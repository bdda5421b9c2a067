"""The `translit` command line: parses arguments and calls the library, nothing more.

Every `TranslitError` becomes one line on stderr and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

import translit
from translit import evaluate, registry, textio
from translit._cli_errors import errors_as_one_line
from translit.errors import InputError
from translit.text import TextOptions
from translit.translate.cli import BackendOption, BeamOption, CacheOption, ModelOption, NoCacheOption, PivotOption

app = typer.Typer(
    name="translit",
    help="Convert Uzbek (and Kazakh) text between scripts, and translate it offline side by side.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Apostrophe(StrEnum):
    """Apostrophe styles for oʻ gʻ and the tutuq (see translit.compiler.APOSTROPHE_STYLES)."""

    official = "official"
    ascii = "ascii"
    typographic = "typographic"


ToOption = Annotated[str, typer.Option("--to", "-t", help="Target script tag, e.g. uz-Latn, uz-Cyrl, uz-Latn-2026.")]
FromOption = Annotated[
    str | None, typer.Option("--from", "-f", help="Source script tag; detected from the text when omitted.")
]
ApostropheOption = Annotated[
    Apostrophe,
    typer.Option("--apostrophe", help="official (ʻ U+02BB, ʼ U+02BC), ascii (') or typographic (‘ ’)."),
]
EncodingOption = Annotated[str, typer.Option("--encoding", help="Encoding of the input.")]
StyleOption = Annotated[
    str,
    typer.Option(
        "--style", help='House style: official (the 1995 rules, default), press (AQSh, ʼe) or typeset ("…" → «…»).'
    ),
]


def _stdin_chunks(encoding: str) -> Iterator[str]:
    return textio.iter_decoded(sys.stdin.buffer, "<stdin>", encoding)


DetectorOption = Annotated[
    str, typer.Option("--detector", help="Statistical language detector: py3langid, langdetect or none.")
]


@app.command()
@errors_as_one_line
def convert(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(help="A text file or - for stdin; or several files, folders and archives (with -o)."),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Output file or folder (default for one file: stdout).")
    ] = None,
    to: ToOption = "uz-Latn",
    source: FromOption = None,
    apostrophe: ApostropheOption = Apostrophe.official,
    style: StyleOption = "official",
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding",
            help="Encoding of the input (default: UTF-8 for one file or stdin, detected per file in bulk).",
        ),
    ] = None,
    protect: Annotated[
        list[str] | None, typer.Option("--protect", help="A word to keep unchanged (repeatable).")
    ] = None,
    lexicon: Annotated[
        list[Path] | None, typer.Option("--lexicon", help="Extra lexicon TSV (source<TAB>target), repeatable.")
    ] = None,
    romanize_russian: Annotated[
        bool,
        typer.Option("--romanize-russian", help="Without --from: also romanize Russian lines (else left alone)."),
    ] = False,
    detector: Annotated[
        str,
        typer.Option(
            "--detector", help="Statistical language detector where letters leave it open: py3langid, langdetect, none."
        ),
    ] = "py3langid",
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail (exit 1) when nothing needed converting, instead of a note.")
    ] = False,
    # --- documents and archives in bulk (issue 5) ---
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes (0: one per CPU).", min=0)] = 0,
    report: Annotated[Path | None, typer.Option("--report", help="Write a JSON report (per file).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Say what would be done; write nothing.")] = False,
    resume: Annotated[bool, typer.Option("--resume", help="Skip outputs a previous run completed.")] = False,
    in_place: Annotated[
        bool, typer.Option("--in-place", help="Overwrite the inputs, keeping a backup (see --backup-suffix).")
    ] = False,
    backup_suffix: Annotated[str, typer.Option("--backup-suffix", help="Backup name suffix for --in-place.")] = ".bak",
    keep_encoding: Annotated[
        bool, typer.Option("--keep-encoding", help="Write each text in its input encoding (fails if it cannot).")
    ] = False,
    columns: Annotated[
        str | None, typer.Option("--columns", help="CSV/TSV: only these columns (header names or 1-based numbers).")
    ] = None,
    as_folder: Annotated[
        bool, typer.Option("--as-folder", help="Write each archive's converted members into a folder.")
    ] = False,
    name_encoding: Annotated[
        str | None, typer.Option("--name-encoding", help="Zip member names without the UTF-8 flag (default: guess).")
    ] = None,
    max_member_size: Annotated[int, typer.Option("--max-member-size", help="Largest member or file, MiB.")] = 100,
    max_total_size: Annotated[int, typer.Option("--max-total-size", help="Largest archive content, MiB.")] = 1024,
    max_ratio: Annotated[float, typer.Option("--max-ratio", help="Largest compression ratio (bomb guard).")] = 100.0,
    max_members: Annotated[int, typer.Option("--max-members", help="Most members in one archive.")] = 10_000,
    dask: Annotated[
        str | None,
        typer.Option("--dask", help="Run on a Dask cluster at this scheduler address (needs the dask extra)."),
    ] = None,
    # --- side-by-side translation in bulk (issue 5, point 7) ---
    translate: Annotated[
        str | None,
        typer.Option("--translate", help="Also write NAME.sbs.FMT next to each document, translated to these (en,kk)."),
    ] = None,
    sbs_format: Annotated[
        str, typer.Option("--side-by-side-format", help="tsv, jsonl, md, html or tmx (as `translit translate`).")
    ] = "tsv",
    backend: BackendOption = "ct2",
    model: ModelOption = None,
    pivot: PivotOption = None,
    beam_size: BeamOption = None,
    no_cache: NoCacheOption = False,
    cache_path: CacheOption = None,
) -> None:
    """Convert a text file (or stdin), or many files, folders and archives, to another script.

    One plain-text file or stdin streams in constant memory. Folders, archives, documents (docx, odt, xlsx,
    epub, html, md, srt, vtt, csv, tsv, json, po) and several paths run as a bulk job into -o.
    """
    paths = inputs or ["-"]
    text_options = TextOptions(
        target=to,
        source=source,
        apostrophe=apostrophe.value,
        protect_terms=tuple(protect or ()),
        lexicon_files=tuple(str(p.resolve()) for p in lexicon or ()),
        romanize_russian=romanize_russian,
        detector=detector,
        strict=strict,
    )
    bulk_options = (
        jobs > 0
        or report
        or dry_run
        or resume
        or in_place
        or keep_encoding
        or columns
        or as_folder
        or name_encoding
        or dask
        or translate
    )
    if len(paths) > 1 or bulk_options or _needs_bulk(paths[0]):
        if style != "official":
            raise InputError(None, "--style works on one text file or stdin for now, not in a bulk run")
        from translit import bulk
        from translit.archives import Limits
        from translit.documents import DocumentOptions

        if "-" in paths:
            raise InputError(None, "- (stdin) works only alone; give files, folders or archives for a bulk run")
        mib = 1024 * 1024
        options = bulk.BulkOptions(
            document=DocumentOptions.from_text(
                text_options,
                keep_encoding=keep_encoding,
                encoding=encoding,
                columns=tuple(c.strip() for c in columns.split(",") if c.strip()) if columns else (),
            ),
            limits=Limits(max_member_size * mib, max_total_size * mib, max_ratio, max_members),
            as_folder=as_folder,
            name_encoding=name_encoding,
            dry_run=dry_run,
            resume=resume,
            in_place=in_place,
            backup_suffix=backup_suffix,
            jobs=jobs or (os.cpu_count() or 1),
            dask_address=dask,
            report=str(report) if report else None,
            translate=_translate_options(translate, sbs_format, backend, model, pivot, beam_size, no_cache, cache_path),
        )
        result = bulk.run([Path(p) for p in paths], output, options)
        if dry_run:
            for line in result.files:
                sbs = f"\t{line['side_by_side']}" if line.get("side_by_side") else ""
                typer.echo(f"{line['status']}\t{line['path']}\t{line['output'] or ''}{sbs}")
        _print_bulk_summary(result)
        raise typer.Exit(result.exit_code)
    with registry.default_style(style):  # every converter built for this file, detected scripts included
        _convert_one(paths[0], output, text_options, encoding)


def _translate_options(
    targets: str | None,
    fmt: str,
    backend: str,
    model: str | None,
    pivot: str | None,
    beam_size: int | None,
    no_cache: bool,
    cache_path: Path | None,
) -> Any:
    """`--translate` and its options as the bulk job takes them (paths made absolute for the workers)."""
    if targets is None:
        given = {
            "--side-by-side-format": fmt != "tsv",
            "--backend": backend != "ct2",
            "--model": model is not None,
            "--pivot": pivot is not None,
            "--beam-size": beam_size is not None,
            "--no-cache": no_cache,
            "--cache": cache_path is not None,
        }
        if any(given.values()):
            used = ", ".join(name for name, on in given.items() if on)
            raise InputError(None, f"{used} only apply with --translate LANGS (e.g. --translate en,kk)")
        return None
    from translit.bulk import TranslateOptions
    from translit.translate import default_cache_path

    langs = tuple(t.strip().lower() for t in targets.split(",") if t.strip())
    if not langs:
        raise InputError(None, "--translate needs at least one language, e.g. --translate en,kk")
    if model is not None and Path(model).exists():
        model = str(Path(model).resolve())
    cache = None if no_cache else str((cache_path or default_cache_path()).resolve())
    return TranslateOptions(langs, backend, model, pivot.lower() if pivot else None, fmt.lower(), cache, beam_size)


def _needs_bulk(path: str) -> bool:
    """A folder, an archive or a formatted document goes to the bulk job; plain text streams here."""
    from translit.archives import archive_kind
    from translit.documents import document_format

    if path == "-":
        return False
    fmt = document_format(path)
    return Path(path).is_dir() or archive_kind(path) is not None or (fmt is not None and fmt not in ("txt", "text"))


def _print_bulk_summary(result: Any) -> None:
    for failure in result.failures:
        typer.echo(f"failed: {failure['error'] or failure['path']}", err=True)
    counts = ", ".join(f"{n} {status}" for status, n in sorted(result.counts().items()))
    translated = result.translation()
    if translated is not None:
        typer.echo(
            f"side by side: {translated['files']} files, {translated['sentences']} sentences "
            f"({translated['translated']} sent to the model, {translated['from_cache']} from the cache)",
            err=True,
        )
    typer.echo(f"{len(result.files)} files ({counts}) in {result.seconds:.1f}s", err=True)


def _convert_one(input: str, output: Path | None, options: TextOptions, encoding: str | None) -> None:
    """Convert one text file (or stdin) in bounded memory, through the same function bulk runs use."""
    from translit._atomic import atomic_binary
    from translit.text.files import convert_binary

    name = "<stdin>" if input == "-" else input
    handle = sys.stdin.buffer if input == "-" else textio.open_input(Path(input))
    try:
        if output is None:
            out = sys.stdout.buffer
            result = convert_binary(handle, out.write, name, options, encoding=encoding)
            out.flush()
        else:
            with atomic_binary(output) as raw_out:
                result = convert_binary(handle, raw_out.write, name, options, encoding=encoding)
    finally:
        if input != "-":
            handle.close()
    note = result.outcome.note()
    if note is not None:
        typer.echo(f"note: {name}: {note}", err=True)


@app.command()
@errors_as_one_line
def explain(
    text: Annotated[str, typer.Argument(help="The text to explain.")],
    to: ToOption = "uz-Latn",
    source: FromOption = None,
) -> None:
    """Show which rule produced each piece of the output (and warnings for guessed letters)."""
    for stage, pieces in translit.explain(text, to, source=source):
        typer.echo(f"[{stage}]")
        for piece in pieces:
            if piece.rule == "keep" and not piece.source.strip():
                continue
            line = f"{piece.start:>5}-{piece.end:<5} {piece.source!s:<12} → {piece.output!s:<12} {piece.rule}"
            if piece.warning:
                line += f"   warning: {piece.warning}"
            typer.echo(line)


@app.command("rules")
@errors_as_one_line
def list_rules() -> None:
    """List the rule sets (conversions) that are available."""
    for info in translit.available():
        typer.echo(f"{info.id:<28} {info.source:>13} → {info.target:<13} {info.title}")


@app.command("eval")
@errors_as_one_line
def eval_gold(
    gold: Annotated[Path, typer.Argument(help="TSV of id<TAB>cyrillic<TAB>latin.")],
    source: Annotated[str, typer.Option("--from", "-f", help="Source script tag.")] = "uz-Cyrl",
    to: ToOption = "uz-Latn",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only the summary lines.")] = False,
    style: StyleOption = "official",
) -> None:
    """Measure accuracy on gold pairs; the last line is `word accuracy: NN.NN% (N words)`."""
    reverse = "Cyrl" in registry.canonical_tag(to) and "Cyrl" not in registry.canonical_tag(source)
    conv = translit.get_converter(source, to, style=style)
    result = evaluate.score(list(evaluate.read_gold(gold, reverse=reverse)), conv)
    if not quiet:
        for miss in result.mismatches:
            diffs = "; ".join(f"{exp!r} → {got!r}" for exp, got in miss.words)
            typer.echo(f"{miss.id}: {diffs}")
    for line in evaluate.category_table(result):
        typer.echo(line)
    typer.echo(f"segments exact: {result.segment_accuracy:.2f}% ({result.exact_segments}/{result.segments})")
    typer.echo(result.last_line())


# --- detection and mixed documents (issue 3) ---
def _read_all(input: str, encoding: str) -> str:
    if input == "-":
        return "".join(_stdin_chunks(encoding))
    return textio.read_text(Path(input), encoding)


@app.command("detect")
@errors_as_one_line
def detect_paragraphs(
    input: Annotated[str, typer.Argument(help="A text file, or - for standard input.")] = "-",
    encoding: EncodingOption = "utf-8",
    detector: DetectorOption = "py3langid",
) -> None:
    """Print each line's script/language tag, confidence and why (uz-Cyrl, kk-Cyrl, ru, uz-Latn, …)."""
    from translit.text import detect_paragraphs as detect

    text = _read_all(input, encoding)
    for para in detect(text, detector):
        head = " ".join(text[para.start : para.end].split())[:48]
        typer.echo(f"{para.start:>7}-{para.end:<7} {para.tag or '-':<13} {para.confidence:.2f} {para.basis:<10} {head}")


if __name__ == "__main__":
    app()


# --- translation (issue 4) ---
from translit.translate.cli import models_app, translate_command  # noqa: E402

app.command("translate")(translate_command)
app.add_typer(models_app, name="models")
