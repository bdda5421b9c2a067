"""CLI commands for translation: `translit translate`, `translit models list|install|fetch`, `translit cache`.

Thin on purpose: parse options, call `translit.translate` / `translit.sidebyside`, print. Every TranslitError
becomes one line `error: ...` on stderr and a non-zero exit code.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from translit.cli.errors import errors_as_one_line
from translit.errors import InputError, TranslitError


def _read_input(file: str, encoding: str) -> tuple[str, str]:
    """The whole input (the engine's reader: errors name the byte offset), without a leading BOM."""
    from translit import textio

    if file == "-":
        text, name = "".join(textio.iter_decoded(sys.stdin.buffer, "<stdin>", encoding)), "<stdin>"
    else:
        text, name = textio.read_text(Path(file), encoding), Path(file).name
    return text.removeprefix("\ufeff"), name


# Options shared by `translate` and `convert --translate` (translit/cli/app.py): one definition, one help text.
PANEL = "Translation side by side (--translate)"  # the panel these options take in `convert --help`
BackendOption = Annotated[
    str,
    typer.Option("--backend", metavar="NAME", help="Translation backend (see `models list`).", rich_help_panel=PANEL),
]
ModelOption = Annotated[
    str | None,
    typer.Option(
        "--model",
        metavar="NAME|DIR",
        help="Model name or directory (ct2), packages folder (argos).",
        rich_help_panel=PANEL,
    ),
]
PivotOption = Annotated[
    str | None,
    typer.Option("--pivot", metavar="LANG", help="Translate through this language (e.g. en).", rich_help_panel=PANEL),
]
BeamOption = Annotated[
    int | None,
    typer.Option("--beam-size", metavar="N", min=1, help="Beam size (default 4).", rich_help_panel=PANEL),
]
NoCacheOption = Annotated[
    bool,
    typer.Option("--no-cache", metavar="", help="Neither read nor fill the translation cache.", rich_help_panel=PANEL),
]
CacheOption = Annotated[
    Path | None,
    typer.Option("--cache", metavar="FILE", help="Cache file (default: user cache).", rich_help_panel=PANEL),
]


@errors_as_one_line
def translate_command(
    file: Annotated[str, typer.Argument(metavar="FILE", help="Text file to translate, or - for standard input.")],
    to: Annotated[str, typer.Option("--to", "-t", metavar="LANGS", help="Target languages, comma-separated (en,kk).")],
    source: Annotated[
        str, typer.Option("--from", "-f", metavar="LANG", help="Source language or tag: uz, uz-Cyrl, kk, ru, en.")
    ] = "uz",
    fmt: Annotated[
        str | None,
        typer.Option("--format", metavar="FMT", help="tsv, jsonl, md, html or tmx (default: from -o, else tsv)."),
    ] = None,
    output: Annotated[
        str | None, typer.Option("--output", "-o", metavar="FILE", help="Output file (default, or -: stdout).")
    ] = None,
    backend: BackendOption = "ct2",
    model: ModelOption = None,
    pivot: PivotOption = None,
    beam_size: BeamOption = None,
    no_cache: NoCacheOption = False,
    cache_path: CacheOption = None,
    title: Annotated[
        str | None, typer.Option("--title", metavar="TEXT", help="Title of the HTML/Markdown page.")
    ] = None,
    encoding: Annotated[str, typer.Option("--encoding", metavar="CODEC", help="Encoding of the input.")] = "utf-8",
) -> None:
    """Translate a text offline and write it side by side: original | transliteration | each translation."""
    from translit.errors import OutputError
    from translit.sidebyside import FORMATS, format_for_path, render, write_side_by_side
    from translit.translate import TranslationCache, open_backend, translate_document

    out_path = None if output in (None, "-") else Path(str(output))
    targets = [t.strip() for t in to.split(",") if t.strip()]
    if not targets:
        raise InputError(None, "--to needs at least one language, e.g. --to en,kk")
    if fmt is None and out_path is not None:
        fmt = format_for_path(out_path)
        if fmt is None:
            raise OutputError(
                out_path, f"cannot tell the format from the file name; use --format ({', '.join(FORMATS)})"
            )
    fmt = fmt or "tsv"
    if fmt not in FORMATS:
        raise InputError(None, f"unknown format {fmt!r} (choose one of {', '.join(FORMATS)})")
    text, name = _read_input(file, encoding)
    options: dict[str, Any] = {} if beam_size is None else {"beam_size": beam_size}
    cache = None if no_cache else TranslationCache(cache_path)
    try:
        with open_backend(backend, model, **options) as engine:
            rows = translate_document(text, source, targets, backend=engine, cache=cache)
    finally:
        if cache is not None:
            cache.close()
    if out_path is None:
        sys.stdout.write(render(rows, fmt, title=title or name))
    else:
        write_side_by_side(rows, out_path, fmt, title=title or name)
        hits = f", {cache.hits} from the cache" if cache is not None else ""
        typer.echo(f"{len(rows)} sentences -> {', '.join(targets)}{hits}: {out_path}", err=True)


@errors_as_one_line
def translate_doc_command(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Documents to translate (docx, odt, md …).")],
    to: Annotated[
        str, typer.Option("--to", "-t", metavar="LANGS", help="Targets, comma-separated (en, kk, uz-Cyrl, kk-Latn).")
    ],
    source: Annotated[
        str | None, typer.Option("--from", "-f", metavar="LANG", help="Source language (default: each sentence's own).")
    ] = None,
    only: Annotated[
        str | None, typer.Option("--only", metavar="LANGS", help="Translate only sentences in these languages (uz,ru).")
    ] = None,
    glossary: Annotated[
        Path | None, typer.Option("--glossary", metavar="FILE.tsv", help="Terms: source<TAB>target per language.")
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            metavar="FMT",
            help="document (NAME.en.docx), xliff, or side by side: tsv, jsonl, md, html, tmx, tmx-bilingual.",
        ),
    ] = "document",
    trust_mt: Annotated[
        bool, typer.Option("--trust-mt", metavar="", help="XLIFF: machine translation in state translated.")
    ] = False,
    out_dir: Annotated[
        Path | None, typer.Option("--out-dir", metavar="DIR", help="Where outputs go (default: next to each input).")
    ] = None,
    backend: BackendOption = "ct2",
    model: ModelOption = None,
    no_cache: NoCacheOption = False,
    cache_path: CacheOption = None,
    report: Annotated[Path | None, typer.Option("--report", metavar="FILE", help="Write a JSON report.")] = None,
) -> None:
    """Translate documents offline with their formatting kept (NAME.en.docx), or export XLIFF for a CAT tool."""
    from translit.translate.commands import translate_files

    targets = [t.strip() for t in to.split(",") if t.strip()]
    code = translate_files(
        files,
        targets,
        backend=backend,
        model=model,
        source=source,
        only=[t.strip() for t in only.split(",") if t.strip()] if only else (),
        glossary=glossary,
        fmt=fmt,
        trust_mt=trust_mt,
        out_dir=out_dir,
        cache_path=cache_path,
        no_cache=no_cache,
        report=report,
    )
    raise typer.Exit(code)


@errors_as_one_line
def merge_command(
    xliff: Annotated[Path, typer.Argument(metavar="FILE.xlf", help="A post-edited XLIFF 2.1 file from translate-doc.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="FILE", help="Default: NAME.LANG.EXT next to it.")
    ] = None,
) -> None:
    """Write the translated document from a post-edited XLIFF (targets as the translator left them)."""
    from translit.translate.commands import merge_file

    raise typer.Exit(merge_file(xliff, output))


@errors_as_one_line
def eval_translation_command(
    gold: Annotated[Path, typer.Argument(metavar="GOLD.tsv", help="source<TAB>reference per line.")],
    model: ModelOption = None,
    backend: BackendOption = "ct2",
    source: Annotated[str, typer.Option("--from", "-f", metavar="LANG", help="Source language.")] = "uz",
    target: Annotated[str, typer.Option("--to", "-t", metavar="LANG", help="Target language.")] = "en",
    as_json: Annotated[bool, typer.Option("--json", metavar="", help="One JSON object instead of a line.")] = False,
) -> None:
    """chrF, BLEU (sacrebleu) and sentences per second of a model on gold pairs."""
    from translit.translate.commands import eval_translation

    raise typer.Exit(
        eval_translation(gold, model=model, backend=backend, source=source, target=target, as_json=as_json)
    )


models_app = typer.Typer(help="Translation backends and models: list, install, fetch.", no_args_is_help=True)


@models_app.command("list")
@errors_as_one_line
def models_list() -> None:
    """Show the backends, whether they can run here, and the models installed for each."""
    from translit.translate import backend_class, backend_names
    from translit.translate.models import models_dir

    typer.echo(f"model store: {models_dir()}")
    for name in backend_names():
        try:
            cls = backend_class(name)
            models = cls.installed_models()
            status = "available"
        except TranslitError as exc:
            typer.echo(f"{name}: unavailable ({exc})")
            continue
        typer.echo(f"{name}: {status}, {len(models)} model(s)")
        for m in models:
            size = f"{m.size_bytes / 1e6:.1f} MB" if m.size_bytes >= 1e5 else f"{m.size_bytes / 1e3:.0f} KB"
            typer.echo(f"  {m.name}  [{' '.join(m.languages)}]  {size}  {m.path}")


@models_app.command("install")
@errors_as_one_line
def models_install(
    path: Annotated[Path, typer.Argument(metavar="PATH", help="An .argosmodel file or a CTranslate2 model directory.")],
    name: Annotated[
        str | None, typer.Option("--name", metavar="NAME", help="Install a model directory under this name.")
    ] = None,
) -> None:
    """Install a local model: a CTranslate2 directory (copied to the model store) or an .argosmodel
    package."""
    from translit.translate.models import install_ct2_dir

    if path.is_dir():
        dest = install_ct2_dir(path, name)
    elif path.suffix.lower() == ".argosmodel" or path.is_file():
        from translit.translate.argos import install_argos_package

        dest = install_argos_package(path)
    else:
        raise InputError(path, "no such file or directory")
    typer.echo(f"installed {dest}")


@models_app.command("fetch")
@errors_as_one_line
def models_fetch(
    model: Annotated[
        str,
        typer.Argument(
            metavar="[MODEL]", help="nllb-200-distilled-600M, nllb-200-distilled-1.3B, nllb-200-1.3B, nllb-200-3.3B"
        ),
    ] = "nllb-200-distilled-600M",
    quantization: Annotated[
        str, typer.Option("--quantization", metavar="TYPE", help="int8, int8_float32, float16, ...")
    ] = "int8",
    yes: Annotated[bool, typer.Option("--yes", "-y", metavar="", help="Download without asking.")] = False,
) -> None:
    """Download NLLB-200 from the Hugging Face Hub and convert it for CTranslate2 (needs network; asks
    first)."""
    from translit.translate.fetch import fetch_model, fetch_plan

    typer.echo(fetch_plan(model, quantization))
    if not yes:
        if not sys.stdin.isatty():
            typer.echo("Nothing downloaded. Run again with --yes to go ahead.", err=True)
            raise typer.Exit(1)
        if not typer.confirm("Go ahead?", default=False):
            raise typer.Exit(1)
    dest = fetch_model(model, quantization=quantization)
    typer.echo(f"installed {dest}")


cache_app = typer.Typer(help="The translation cache: where it is, how big, and clearing it.", no_args_is_help=True)
CachePathOption = Annotated[
    Path | None, typer.Option("--cache", metavar="FILE", help="Cache file (default: user cache).")
]


@cache_app.command("info")
@errors_as_one_line
def cache_info(cache_path: CachePathOption = None) -> None:
    """Where the cache is, how many sentences it holds, its size and cap, and which models filled it."""
    from translit.translate.cache import TranslationCache, default_cache_path

    path = cache_path or default_cache_path()
    if not path.exists():
        typer.echo(f"cache: {path} (empty: no file yet)")
        return
    with TranslationCache(path) as cache:
        info = cache.info()
    mib = 1024 * 1024
    typer.echo(f"cache: {info.path}")
    typer.echo(f"entries: {info.entries}")
    typer.echo(
        f"size: {info.bytes_used / mib:.1f} MiB used, {info.file_bytes / mib:.1f} MiB on disk, "
        f"cap {info.max_bytes / mib:.0f} MiB (TRANSLIT_CACHE_MAX_MB)"
    )
    for backend, model, n in info.models:
        typer.echo(f"  {backend}  {model}  {n}")


@cache_app.command("clear")
@errors_as_one_line
def cache_clear(cache_path: CachePathOption = None) -> None:
    """Remove every cached translation."""
    from translit.translate.cache import TranslationCache, default_cache_path

    path = cache_path or default_cache_path()
    if not path.exists():
        typer.echo(f"cache: {path} (empty: nothing to clear)")
        return
    with TranslationCache(path) as cache:
        removed = cache.clear()
    typer.echo(f"cleared {removed} entries from {path}")
