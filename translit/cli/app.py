"""The `translit` command line: parses arguments and calls the library, nothing more.

Every `TranslitError` becomes one line on stderr and a non-zero exit code, never a traceback. Only what a
plain `convert` needs is imported at start-up; bulk runs, documents, translation, JSON and diffs are imported
by the code path that uses them.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from translit.cli.errors import errors_as_one_line
from translit.cli.translate import (
    BackendOption,
    BeamOption,
    CacheOption,
    ModelOption,
    NoCacheOption,
    PivotOption,
    cache_app,
    eval_translation_command,
    merge_command,
    models_app,
    translate_command,
    translate_doc_command,
)
from translit.errors import InputError
from translit.text.path import TextOptions

# Help panels (`--help` groups the options the way ruff and black do).
IO_PANEL = "Input and output"
CONVERSION_PANEL = "Conversion"
BULK_PANEL = "Bulk (folders, archives, documents, several files)"
LIMITS_PANEL = "Limits (archive bombs, huge files)"
TRANSLATION_PANEL = "Translation side by side (--translate)"


def _no_type_placeholders(command: Any, ctx: Any) -> None:
    """Flags and arguments show no `<bool>` / `<str>` in the help; options keep their metavar (PATH, N)."""
    import copy

    for param in command.get_params(ctx):
        if getattr(param, "is_flag", False) or param.param_type_name == "argument":
            param.display_type_rich = lambda ctx: None  # typer 0.29
            if param.param_type_name == "argument" and not getattr(param.type, "_translit_plain", False):
                plain = copy.copy(param.type)  # never the shared click type itself
                plain.get_metavar = lambda *args, **kwargs: ""
                plain._translit_plain = True
                param.type = plain


class _Command(TyperCommand):
    """typer's command, with a help without type placeholders."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _no_type_placeholders(self, ctx)
        super().format_help(ctx, formatter)


class _Group(TyperGroup):
    """typer's group, with usage errors as plain text (no box) when stderr is not a terminal, and its commands
    built when asked for.

    typer turns every registered command into a click command (reading its signature and evaluating its type
    hints) before running any: 24 ms of each call for our nine, where `convert` alone takes about 7. The
    commands are therefore registered on `commands` (a Typer that is never run), not on `app`, and a command
    is built the first time click asks for it by name: once for a run, all of them for `--help` (which lists
    them) and for completion. What each command is, its options and its help are typer's, unchanged.
    """

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _no_type_placeholders(self, ctx)
        super().format_help(ctx, formatter)

    def list_commands(self, ctx: Any) -> list[str]:
        names = list(_command_infos())  # in the order they were registered, built or not; then the groups
        return [*names, *(name for name in super().list_commands(ctx) if name not in names)]

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] not in self.commands and args[0] not in _command_infos():
            for name in _command_infos():  # an unknown name: typer suggests among the commands built, so all of them
                self.get_command(ctx, name)
        return super().resolve_command(ctx, args)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in _command_infos():
            from typer.main import get_command_from_info

            command = get_command_from_info(
                _command_infos()[cmd_name],
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=self.rich_markup_mode,
            )
            self.add_command(command, cmd_name)
        return command

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        from typer.core import _main

        return _main(
            self,
            args=args,
            prog_name=prog_name,
            complete_var=complete_var,
            standalone_mode=standalone_mode,
            windows_expand_args=windows_expand_args,
            rich_markup_mode=self.rich_markup_mode if _stderr_is_terminal() else None,
            **extra,
        )


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


app = typer.Typer(
    name="translit",
    cls=_Group,
    help="Convert Uzbek (and Kazakh) text between scripts, and translate it offline side by side.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


#: The commands, registered here and built by `_Group` one by one when asked for (see there).
commands = typer.Typer()


def _command_infos() -> dict[str, Any]:
    """The registered commands by name, in the order of registration (every one is registered with its name)."""
    infos = {}
    for info in commands.registered_commands:
        assert info.name, "register each command with its name: `_Group` looks them up by it"
        infos[info.name] = info
    return infos


def _version(value: bool) -> None:
    if value:
        from translit import __version__

        typer.echo(f"translit-uz {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main_options(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Convert Uzbek (and Kazakh) text between scripts, and translate it offline side by side."""


def main() -> None:
    """The `translit` console script (and `python -m translit`, `python cli.py`)."""
    app(prog_name="translit")


class Apostrophe(StrEnum):
    """Apostrophe styles for oʻ gʻ and the tutuq (see translit.compiler.APOSTROPHE_STYLES)."""

    official = "official"
    ascii = "ascii"
    typographic = "typographic"


ToOption = Annotated[
    str,
    typer.Option(
        "--to",
        "-t",
        metavar="TAG",
        help="Target script tag, e.g. uz-Latn, uz-Cyrl, uz-Latn-2026.",
        rich_help_panel=CONVERSION_PANEL,
    ),
]
FromOption = Annotated[
    str | None,
    typer.Option(
        "--from",
        "-f",
        metavar="TAG",
        help="Source script tag; detected from the text when omitted.",
        rich_help_panel=CONVERSION_PANEL,
    ),
]
ApostropheOption = Annotated[
    Apostrophe,
    typer.Option(
        "--apostrophe",
        help="official (ʻ U+02BB, ʼ U+02BC), ascii (') or typographic (‘ ’).",
        rich_help_panel=CONVERSION_PANEL,
    ),
]
EncodingOption = Annotated[str, typer.Option("--encoding", metavar="CODEC", help="Encoding of the input.")]
StyleOption = Annotated[
    str,
    typer.Option(
        "--style",
        metavar="NAME",
        help='House style: official (the 1995 rules, default), press (AQSh, ʼe) or typeset ("…" → «…»).',
        rich_help_panel=CONVERSION_PANEL,
    ),
]
DetectorOption = Annotated[
    str,
    typer.Option(
        "--detector",
        metavar="NAME",
        help="Statistical language detector where letters leave it open: py3langid, langdetect, none.",
        rich_help_panel=CONVERSION_PANEL,
    ),
]


def _flag(*names: str, help: str, panel: str) -> Any:
    """A boolean flag: no value placeholder in the help."""
    return typer.Option(*names, help=help, rich_help_panel=panel, metavar="")


@commands.command("convert", cls=_Command)
@errors_as_one_line
def convert(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="PATH...",
            help="Text files (or - for stdin; default), or files, folders and archives for a bulk run (with -o).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="Output file or folder; - or none: stdout (text files only, concatenated).",
            rich_help_panel=IO_PANEL,
        ),
    ] = None,
    check: Annotated[
        bool,
        _flag("--check", help="Write nothing; exit 1 if anything would change (0 if not).", panel=IO_PANEL),
    ] = False,
    diff: Annotated[
        bool,
        _flag("--diff", help="Write nothing; print a unified diff of what would change.", panel=IO_PANEL),
    ] = False,
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding",
            metavar="CODEC",
            help="Encoding of the input (default: detected: BOM, UTF-8, UTF-16, Cyrillic code pages).",
            rich_help_panel=IO_PANEL,
        ),
    ] = None,
    quiet: Annotated[
        bool, _flag("--quiet", "-q", help="No notes and no summary; errors only.", panel=IO_PANEL)
    ] = False,
    verbose: Annotated[
        bool, _flag("--verbose", "-v", help="Say what each file was converted from.", panel=IO_PANEL)
    ] = False,
    to: ToOption = "uz-Latn",
    source: FromOption = None,
    apostrophe: ApostropheOption = Apostrophe.official,
    style: StyleOption = "official",
    protect: Annotated[
        list[str] | None,
        typer.Option(
            "--protect", metavar="WORD", help="A word to keep unchanged (repeatable).", rich_help_panel=CONVERSION_PANEL
        ),
    ] = None,
    lexicon: Annotated[
        list[Path] | None,
        typer.Option(
            "--lexicon",
            metavar="FILE",
            help="Extra lexicon TSV (source<TAB>target), repeatable.",
            rich_help_panel=CONVERSION_PANEL,
        ),
    ] = None,
    romanize_russian: Annotated[
        bool,
        _flag(
            "--romanize-russian",
            help="Without --from: also romanize Russian lines (else left alone).",
            panel=CONVERSION_PANEL,
        ),
    ] = False,
    detector: DetectorOption = "py3langid",
    strict: Annotated[
        bool,
        _flag(
            "--strict", help="Fail (exit 1) when nothing needed converting, instead of a note.", panel=CONVERSION_PANEL
        ),
    ] = False,
    # --- documents and archives in bulk (issue 5) ---
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs", "-j", metavar="N", help="Worker processes (0: one per CPU).", min=0, rich_help_panel=BULK_PANEL
        ),
    ] = 0,
    report: Annotated[
        Path | None,
        typer.Option("--report", metavar="FILE", help="Write a JSON report (per file).", rich_help_panel=BULK_PANEL),
    ] = None,
    dry_run: Annotated[
        bool, _flag("--dry-run", help="Say what would be done; write nothing.", panel=BULK_PANEL)
    ] = False,
    resume: Annotated[bool, _flag("--resume", help="Skip outputs a previous run completed.", panel=BULK_PANEL)] = False,
    in_place: Annotated[
        bool,
        _flag("--in-place", help="Overwrite the inputs, keeping a backup (see --backup-suffix).", panel=BULK_PANEL),
    ] = False,
    backup_suffix: Annotated[
        str,
        typer.Option(
            "--backup-suffix", metavar="SUFFIX", help="Backup name suffix for --in-place.", rich_help_panel=BULK_PANEL
        ),
    ] = ".bak",
    keep_encoding: Annotated[
        bool,
        _flag("--keep-encoding", help="Write each text in its input encoding (fails if it cannot).", panel=BULK_PANEL),
    ] = False,
    columns: Annotated[
        str | None,
        typer.Option(
            "--columns",
            metavar="A,B",
            help="CSV/TSV: only these columns (header names or 1-based numbers).",
            rich_help_panel=BULK_PANEL,
        ),
    ] = None,
    as_folder: Annotated[
        bool, _flag("--as-folder", help="Write each archive's converted members into a folder.", panel=BULK_PANEL)
    ] = False,
    name_encoding: Annotated[
        str | None,
        typer.Option(
            "--name-encoding",
            metavar="CODEC",
            help="Zip member names without the UTF-8 flag (default: guess).",
            rich_help_panel=BULK_PANEL,
        ),
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            metavar="ADDRESS",
            help="Run on a Dask cluster at this scheduler address (needs the dask extra).",
            rich_help_panel=BULK_PANEL,
        ),
    ] = None,
    unsupported: Annotated[
        str,
        typer.Option(
            "--unsupported",
            metavar="copy|skip",
            help="Formats it cannot read (.doc, .pdf …): copy (with a warning) or skip.",
            rich_help_panel=BULK_PANEL,
        ),
    ] = "copy",
    case_collisions: Annotated[
        bool,
        _flag(
            "--case-collisions", help="Refuse output names that differ only in case, before writing.", panel=BULK_PANEL
        ),
    ] = False,
    max_member_size: Annotated[
        int,
        typer.Option("--max-member-size", metavar="MiB", help="Largest member or file.", rich_help_panel=LIMITS_PANEL),
    ] = 100,
    max_total_size: Annotated[
        int,
        typer.Option("--max-total-size", metavar="MiB", help="Largest archive content.", rich_help_panel=LIMITS_PANEL),
    ] = 1024,
    max_ratio: Annotated[
        float,
        typer.Option(
            "--max-ratio", metavar="RATIO", help="Largest compression ratio (bomb guard).", rich_help_panel=LIMITS_PANEL
        ),
    ] = 100.0,
    max_members: Annotated[
        int,
        typer.Option("--max-members", metavar="N", help="Most members in one archive.", rich_help_panel=LIMITS_PANEL),
    ] = 10_000,
    # --- side-by-side translation in bulk (issue 5, point 7) ---
    translate: Annotated[
        str | None,
        typer.Option(
            "--translate",
            metavar="LANGS",
            help="Also write NAME.sbs.FMT next to each document, translated to these (en,kk).",
            rich_help_panel=TRANSLATION_PANEL,
        ),
    ] = None,
    sbs_format: Annotated[
        str,
        typer.Option(
            "--side-by-side-format",
            metavar="FMT",
            help="tsv, jsonl, md, html or tmx (as `translit translate`).",
            rich_help_panel=TRANSLATION_PANEL,
        ),
    ] = "tsv",
    backend: BackendOption = "ct2",
    model: ModelOption = None,
    pivot: PivotOption = None,
    beam_size: BeamOption = None,
    no_cache: NoCacheOption = False,
    cache_path: CacheOption = None,
) -> None:
    """Convert text files (or stdin), or many files, folders and archives, to another script.

    Text files and stdin stream in constant memory, to stdout (several files one after another) or to -o.

    Folders, archives, documents (docx odt xlsx epub html md srt vtt csv tsv json po) run as a bulk job into -o.

    --check and --diff work on all of them and write nothing.
    """
    paths = inputs or ["-"]
    to_stdout = output in (None, "-")
    text_options = TextOptions(
        target=to,
        source=source,
        apostrophe=apostrophe.value,
        protect_terms=tuple(protect or ()),
        lexicon_files=tuple(str(p.resolve()) for p in lexicon or ()),
        romanize_russian=romanize_russian,
        detector=detector,
        strict=strict,
        style=style,
    )
    if quiet and verbose:
        raise InputError(None, "--quiet and --verbose exclude each other")
    # Options only a bulk job knows. --jobs is not one of them: it changes nothing for text streams.
    bulk_only = {
        "--report": report is not None,
        "--dry-run": dry_run,
        "--resume": resume,
        "--in-place": in_place,
        "--keep-encoding": keep_encoding,
        "--columns": columns is not None,
        "--as-folder": as_folder,
        "--name-encoding": name_encoding is not None,
        "--dask": dask is not None,
        "--translate": translate is not None,
        "--unsupported": unsupported != "copy",
        "--case-collisions": case_collisions,
    }
    bulk = any(bulk_only.values()) or any(_needs_bulk(p) for p in paths) or (len(paths) > 1 and not to_stdout)
    if "-" in paths and (len(paths) > 1 and bulk):
        raise InputError(None, "- (stdin) works only alone or with other text files; not in a bulk run")
    if check or diff:
        if bulk_only["--in-place"] or bulk_only["--resume"] or bulk_only["--dry-run"] or bulk_only["--translate"]:
            used = ", ".join(n for n in ("--in-place", "--resume", "--dry-run", "--translate") if bulk_only[n])
            raise InputError(None, f"--check/--diff write nothing; {used} cannot go with them")
        if not to_stdout:
            raise InputError(None, "--check/--diff write nothing; drop -o")
    if not bulk:
        if check or diff:
            from translit.cli.check import check_texts

            changed = check_texts(paths, text_options, encoding, diff=diff, quiet=quiet)
            raise typer.Exit(1 if changed and check else 0)
        if len(paths) > 1 and "-" in paths and paths.count("-") > 1:
            raise InputError(None, "- (stdin) can be given only once")
        for path in paths:
            _convert_one(path, None if to_stdout else Path(str(output)), text_options, encoding, quiet, verbose)
        return
    if to_stdout and not (check or diff or dry_run or in_place):
        raise InputError(
            None, "a bulk run (folders, archives, documents, several outputs) needs -o OUT (or --in-place)"
        )

    from translit.archives import Limits
    from translit.bulk import BulkOptions, unsupported_choice
    from translit.documents import DocumentOptions

    mib = 1024 * 1024
    options = BulkOptions(
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
        jobs=jobs or _cpu_count(),
        dask_address=dask,
        report=str(report) if report else None,
        progress=False if quiet else None,
        translate=_translate_options(translate, sbs_format, backend, model, pivot, beam_size, no_cache, cache_path),
        unsupported=unsupported_choice(unsupported),
        case_collisions=case_collisions,
    )
    if check or diff:
        from translit.cli.check import check_bulk

        code = check_bulk([Path(p) for p in paths], options, diff=diff, quiet=quiet)
        raise typer.Exit(code if check or code == 2 else 0)
    from translit.bulk import run

    result = run([Path(p) for p in paths], None if to_stdout else Path(str(output)), options)
    if dry_run or verbose:
        for text in result.dry_run_lines():
            typer.echo(text, err=verbose and not dry_run)
    _print_bulk_summary(result, quiet)
    raise typer.Exit(result.exit_code)


def _cpu_count() -> int:
    import os

    return os.cpu_count() or 1


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
    from translit.translate.cache import default_cache_path

    langs = tuple(t.strip().lower() for t in targets.split(",") if t.strip())
    if not langs:
        raise InputError(None, "--translate needs at least one language, e.g. --translate en,kk")
    if model is not None and Path(model).exists():
        model = str(Path(model).resolve())
    cache = None if no_cache else str((cache_path or default_cache_path()).resolve())
    return TranslateOptions(langs, backend, model, pivot.lower() if pivot else None, fmt.lower(), cache, beam_size)


def _needs_bulk(path: str) -> bool:
    """A folder, an archive or a formatted document goes to the bulk job; plain text streams here."""
    if path == "-":
        return False
    if Path(path).is_dir():
        return True
    if Path(path).suffix.lower() in (".txt", ".text"):
        return False  # the common case, decided without importing the documents and archives packages
    from translit.archives import archive_kind
    from translit.documents import document_format, unsupported_format

    fmt = document_format(path)
    special = archive_kind(path) is not None or unsupported_format(path) is not None
    return special or (fmt is not None and fmt not in ("txt", "text"))


def _print_bulk_summary(result: Any, quiet: bool) -> None:
    """Failures (and unsupported files) always; the totals and the closing line unless --quiet."""
    lines = list(result.summary_lines())
    for text in (
        lines if not quiet else [t for t in lines if t.startswith(("failed: ", "unsupported: ", "stopped by "))]
    ):
        typer.echo(text, err=True)


def _convert_one(
    input: str, output: Path | None, options: TextOptions, encoding: str | None, quiet: bool, verbose: bool
) -> None:
    """Convert one text file (or stdin) in bounded memory, through the same function bulk runs use."""
    from translit import textio
    from translit.text.files import convert_binary

    name = "<stdin>" if input == "-" else input
    handle = sys.stdin.buffer if input == "-" else textio.open_input(Path(input))
    try:
        if output is None:
            out = sys.stdout.buffer
            result = convert_binary(handle, out.write, name, options, encoding=encoding)
            out.flush()
        else:
            from translit._atomic import atomic_binary

            with atomic_binary(output) as raw_out:
                result = convert_binary(handle, raw_out.write, name, options, encoding=encoding)
    finally:
        if input != "-":
            handle.close()
    note = result.outcome.note()
    if note is not None and not quiet:
        typer.echo(f"note: {name}: {note}", err=True)
    elif verbose and note is None:
        sources = ", ".join(result.outcome.sources)
        typer.echo(f"{name}: converted from {sources} ({result.encoding}) to {options.target}", err=True)


@commands.command("explain", cls=_Command)
@errors_as_one_line
def explain(
    text: Annotated[str, typer.Argument(help="The text to explain.")],
    to: ToOption = "uz-Latn",
    source: FromOption = None,
) -> None:
    """Show which rule produced each piece of the output (and warnings for guessed letters)."""
    import translit

    for stage, pieces in translit.explain(text, to, source=source):
        typer.echo(f"[{stage}]")
        for piece in pieces:
            if piece.rule == "keep" and not piece.source.strip():
                continue
            line = f"{piece.start:>5}-{piece.end:<5} {piece.source!s:<12} → {piece.output!s:<12} {piece.rule}"
            if piece.warning:
                line += f"   warning: {piece.warning}"
            typer.echo(line)


JsonOption = Annotated[bool, typer.Option("--json", help="JSON on stdout, for scripts.", metavar="")]


@commands.command("rules", cls=_Command)
@errors_as_one_line
def list_rules(as_json: JsonOption = False) -> None:
    """List the rule sets (conversions) that are available."""
    import translit

    infos = translit.available()
    if as_json:
        import json

        rows = [
            {"id": i.id, "source": i.source, "target": i.target, "title": i.title, "path": str(i.path)} for i in infos
        ]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for info in infos:
        typer.echo(f"{info.id:<28} {info.source:>13} → {info.target:<13} {info.title}")


@commands.command("eval", cls=_Command)
@errors_as_one_line
def eval_gold(
    gold: Annotated[Path, typer.Argument(help="TSV of id<TAB>cyrillic<TAB>latin.")],
    source: Annotated[str, typer.Option("--from", "-f", metavar="TAG", help="Source script tag.")] = "uz-Cyrl",
    to: ToOption = "uz-Latn",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only the summary lines.", metavar="")] = False,
    style: StyleOption = "official",
) -> None:
    """Measure accuracy on gold pairs; the last line is `word accuracy: NN.NN% (N words)`."""
    import translit
    from translit import evaluate, registry

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
def _read_all(input: str, encoding: str | None) -> str:
    """The whole input, decoded by the one policy `convert` uses (detected unless `--encoding` is given)."""
    from translit import textio
    from translit.encodings import decode

    name = "<stdin>" if input == "-" else input
    if input == "-":
        data = sys.stdin.buffer.read()
    else:
        with textio.open_input(Path(input)) as handle:
            data = handle.read()
    return decode(data, path=name, encoding=encoding).text


@commands.command("detect", cls=_Command)
@errors_as_one_line
def detect_paragraphs(
    input: Annotated[str, typer.Argument(metavar="FILE", help="A text file, or - for standard input.")] = "-",
    encoding: Annotated[
        str | None,
        typer.Option("--encoding", metavar="CODEC", help="Encoding of the input (default: detected, as convert does)."),
    ] = None,
    detector: Annotated[
        str,
        typer.Option("--detector", metavar="NAME", help="Statistical language detector: py3langid, langdetect, none."),
    ] = "py3langid",
    as_json: JsonOption = False,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            metavar="TAGS",
            help="Exit 1 when any line is detected as one of these tags (comma-separated, e.g. uz-Cyrl).",
        ),
    ] = None,
) -> None:
    """Print each line's script/language tag, confidence and why (uz-Cyrl, kk-Cyrl, ru, uz-Latn, …)."""
    from translit.text import detect_paragraphs as detect

    text = _read_all(input, encoding)
    found = list(detect(text, detector))
    if as_json:
        import json

        rows = [
            {
                "start": p.start,
                "end": p.end,
                "tag": p.tag,
                "confidence": round(p.confidence, 4),
                "basis": p.basis,
                "text": text[p.start : p.end],
            }
            for p in found
        ]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        for para in found:
            head = " ".join(text[para.start : para.end].split())[:48]
            typer.echo(
                f"{para.start:>7}-{para.end:<7} {para.tag or '-':<13} {para.confidence:.2f} {para.basis:<10} {head}"
            )
    if fail_on is not None:
        from translit.registry import canonical_tag

        unwanted = {canonical_tag(t.strip()) for t in fail_on.split(",") if t.strip()}
        hits = [p for p in found if p.tag is not None and canonical_tag(p.tag) in unwanted]
        if hits:
            typer.echo(f"{len(hits)} line(s) detected as {', '.join(sorted(unwanted))}", err=True)
            raise typer.Exit(1)


# --- translation (issue 4) and its cache ---
commands.command("translate", cls=_Command)(translate_command)
commands.command("translate-doc", cls=_Command)(translate_doc_command)
commands.command("merge", cls=_Command)(merge_command)
commands.command("eval-translation", cls=_Command)(eval_translation_command)
app.add_typer(models_app, name="models")
app.add_typer(cache_app, name="cache")
