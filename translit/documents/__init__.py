"""Documents: one rewriter per format family, all driven by one `convert(text) -> text` function.

`convert_document(name, data, options)` is the entry point used by the bulk job (and usable on its own): it
picks the rewriter by file extension, detects the source script from the document's own text when none is
given, builds the converter through `translit.get_converter`, and returns the new bytes with what it found.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field, fields
from types import ModuleType
from typing import TYPE_CHECKING

from translit.documents._context import DocContext
from translit.errors import InputError
from translit.text.path import Misguessed, Outcome, TextOptions, TextPath

if TYPE_CHECKING:
    from translit.archives import Limits

__all__ = [
    "DocContext",
    "DocumentOptions",
    "DocumentResult",
    "convert_document",
    "document_format",
    "document_text",
    "rewrite_document",
    "unsupported_format",
    "unsupported_hint",
    "zip_container",
]

#: extension → rewriter module
FORMATS: dict[str, str] = {
    "txt": "txt",
    "text": "txt",
    "md": "md",
    "markdown": "md",
    "html": "html",
    "htm": "html",
    "xhtml": "html",
    "docx": "office",
    "docm": "office",
    "dotx": "office",
    "xlsx": "office",
    "xlsm": "office",
    "pptx": "office",
    "odt": "office",
    "ott": "office",
    "ods": "office",
    "odp": "office",
    "epub": "epub",
    "srt": "subtitles",
    "vtt": "subtitles",
    "csv": "tables",
    "tsv": "tables",
    "json": "jsondoc",
    "po": "po",
}
_WITH_EXT = frozenset({"office", "subtitles", "tables"})


#: Formats people expect converted but this tool cannot read (binary Office, RTF, PDF): said, never silent.
UNSUPPORTED: dict[str, str] = {
    "doc": ".docx or .odt",
    "dot": ".dotx or .ott",
    "rtf": ".docx or .odt",
    "wps": ".docx or .odt",
    "xls": ".xlsx or .ods",
    "xlt": ".xlsx or .ods",
    "ppt": ".pptx or .odp",
    "pps": ".pptx or .odp",
    "pdf": ".docx or .odt from the program that made it (or export its text)",
}


def _extension(name: str) -> str:
    """A name's extension, lower case, without its dot: `PurePosixPath(name).suffix.lower().lstrip(".")`.

    Why not that: a bulk run asks for each member's name and label (`archive!member`), twice as many names as
    members, and `PurePosixPath` costs 7.6 µs a time against 1.1 µs here (an lru_cache hit only helped names
    asked again: 2.6 ms of a run over 200 documents). The last part is pathlib's (the text after the last
    "/", or, for a name ending in "/" or "/.", the last part that is neither empty nor "."), and so is the
    suffix (from the part's last dot, neither its first nor its last character);
    tests/test_documents_extension.py checks the two agree on generated names.
    """
    base = name[name.rfind("/") + 1 :]
    if not base or base == ".":
        base = next((part for part in reversed(name.split("/")) if part and part != "."), "")
    dot = base.rfind(".")
    return base[dot + 1 :].lower() if 0 < dot < len(base) - 1 else ""


def unsupported_format(name: str) -> str | None:
    """The extension of a document format that is recognised but not supported (doc, rtf, xls, ppt, pdf)."""
    ext = _extension(name)
    return ext if ext in UNSUPPORTED else None


def unsupported_hint(name: str) -> str:
    """What the report says about an unsupported document: that its text is not converted, and what to do."""
    ext = unsupported_format(name) or _extension(name)
    best = UNSUPPORTED.get(ext, ".docx")
    return f"unsupported format .{ext}: its text is not converted; save as .docx/.odt/.xlsx (here: {best})"


def document_format(name: str) -> str | None:
    """The extension a supported document is known by (lower case), or None for any other file."""
    ext = _extension(name)
    return ext if ext in FORMATS else None


def zip_container(name: str) -> bool:
    """Whether a supported document is a zip of parts (docx, xlsx, pptx, odt, epub …), read through the archive
    guards, rather than one stream of text."""
    return FORMATS.get(_extension(name)) in ("office", "epub")


def rewrite_document(name: str, data: bytes, ctx: DocContext) -> bytes:
    """Rewrite one document with the conversion function in `ctx` (no detection, no rule lookup)."""
    ext = document_format(name)
    if ext is None:
        raise InputError(name, "not a supported document format")
    module = _rewriter(name, ext)
    out: bytes = module.rewrite(data, ctx, ext) if FORMATS[ext] in _WITH_EXT else module.rewrite(data, ctx)
    return out


#: which extra brings the library a rewriter imports
_EXTRA_OF = {"lxml": "documents", "markdown_it": "documents", "polib": "documents", "py7zr": "archives"}


def _rewriter(name: str, ext: str) -> ModuleType:
    """The rewriter module of a format; a missing optional library is one error saying which pip install
    brings it (never a bare "No module named ...")."""
    try:
        return importlib.import_module(f"translit.documents.{FORMATS[ext]}")
    except ImportError as exc:  # the format's library is an optional extra
        missing = (exc.name or "").split(".")[0]
        extra = _EXTRA_OF.get(missing, "bulk")
        raise InputError(
            name, f".{ext} needs {missing or exc}, which is not installed: pip install 'translit-uz[{extra}]'"
        ) from exc


@dataclass(frozen=True)
class DocumentOptions:
    """Everything a document conversion needs; plain values only, so it pickles to worker processes."""

    target: str
    source: str | None = None
    apostrophe: str = "official"
    keep_encoding: bool = False
    encoding: str | None = None
    columns: tuple[str, ...] = ()
    protect_terms: tuple[str, ...] = ()
    lexicon_files: tuple[str, ...] = ()
    romanize_russian: bool = False
    detector: str = "py3langid"
    strict: bool = False
    style: str = "official"

    @property
    def text(self) -> TextOptions:
        """The part that decides how text is converted: the same options every other path takes (every
        field of `TextOptions` is a field here too, under the same name)."""
        return TextOptions(**{f.name: getattr(self, f.name) for f in fields(TextOptions)})

    @classmethod
    def from_text(
        cls,
        text: TextOptions,
        *,
        keep_encoding: bool = False,
        encoding: str | None = None,
        columns: tuple[str, ...] = (),
    ) -> DocumentOptions:
        """Document options around the text options every path shares."""
        shared = {f.name: getattr(text, f.name) for f in fields(TextOptions)}
        return cls(**shared, keep_encoding=keep_encoding, encoding=encoding, columns=columns)


@dataclass
class DocumentResult:
    """The converted bytes and what a report says about them."""

    data: bytes
    status: str  # "converted" or "unchanged"
    source: str | None
    warnings: list[str] = field(default_factory=list)
    encoding: str | None = None
    newline: str | None = None
    bom: bool | None = None
    outcome: Outcome | None = None
    #: bytes inflated reading a zip container (what an archive holding this document is charged)
    inflated: int = 0


_MD_BLOCK = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d{1,9}[.)]\s+)")


def document_text(name: str, data: bytes, options: DocumentOptions) -> str:
    """The document's text units (paragraphs, cells, cues, strings, title and alt texts), in the order its
    rewriter converts them, one paragraph per line; units without a letter (numbers, dates) are left out.

    Why the rewriter's units and not a text extraction library: they are exactly the text the conversion
    touches (code, markup, URLs, keys and timings are not units), so the side-by-side view of a document
    lines up with what was converted. Plain text is taken as it is (each line a paragraph); in Markdown a
    heading, list item or quote line starts a paragraph (its marker left out) and other lines continue one;
    elsewhere a unit is one paragraph, its line breaks read as spaces.
    """
    units: list[str] = []
    ctx = DocContext(
        convert=lambda text: text, path=name, encoding=options.encoding, columns=options.columns, units=units
    )
    rewrite_document(name, data, ctx)
    fmt = FORMATS.get(document_format(name) or "", "")
    paragraphs: list[str] = []
    for unit in units:
        if fmt == "txt":
            paragraphs.extend(unit.splitlines())
        elif fmt == "md":
            paragraphs.extend(_md_paragraphs(unit))
        else:
            paragraphs.append(" ".join(unit.split()))
    return "\n".join(p for p in paragraphs if any(c.isalpha() for c in p))


def _md_paragraphs(unit: str) -> list[str]:
    out: list[list[str]] = []
    after_heading = False  # an ATX heading is one line: the next line starts a paragraph of its own
    for line in unit.splitlines():
        marker = _MD_BLOCK.match(line)
        if marker or after_heading or not out:
            out.append([])
        out[-1].append(line[marker.end() :] if marker else line)
        after_heading = bool(marker and marker.group().lstrip().startswith("#"))
    return [" ".join(" ".join(lines).split()) for lines in out]


def convert_document(name: str, data: bytes, options: DocumentOptions, limits: Limits | None = None) -> DocumentResult:
    """Convert one supported document held in memory; `name` gives its format and appears in errors.

    Every text unit goes through one `TextPath`, as a text file's lines do. Without a source, the document's
    tag is settled by its first units (prose only: the rewriters hand over no markup, CSS, metadata or ids),
    and a unit that follows the document (a heading, a name) may come before them. The document is read
    once on a guess of that tag (`TextPath.speculating`), and read again only when a unit depended on a tag
    its window settled otherwise: the result is the same as reading it twice, at half the parsing (measured
    on 200 news documents: the second reading was a third of the time of converting them).

    A zip container (docx, odt, epub …) is read through the archive guards within `limits` (the defaults
    when None): overlapping members, a part over the size or ratio limit, or more than the total refuse it.
    """
    warnings: list[str] = []
    path = TextPath(options.text)
    inflated = 0
    try:
        with path.speculating():
            ctx = _context(name, options, path, warnings, limits)
            out = rewrite_document(name, data, ctx)
    except Misguessed:  # a unit needed a tag its window settled otherwise: read it again on the settled tags
        inflated = ctx.inflated
        path = path.replay()
        warnings = []
        ctx = _context(name, options, path, warnings, limits)
        out = rewrite_document(name, data, ctx)
    if ctx.simplified:
        warnings.append(f"formatting simplified in {ctx.simplified} word(s) split across runs")
    outcome = path.finish(name)
    note = outcome.note()
    if note is not None:
        warnings.append(note)
    d = ctx.decoded
    sources = outcome.sources
    return DocumentResult(
        out,
        "converted" if out != data else "unchanged",
        sources[0] if sources else options.source,
        warnings,
        encoding=d.encoding if d else None,
        newline=d.newline if d else None,
        bom=d.bom if d else None,
        outcome=outcome,
        inflated=max(inflated, ctx.inflated),
    )


def _context(
    name: str, options: DocumentOptions, path: TextPath, warnings: list[str], limits: Limits | None = None
) -> DocContext:
    return DocContext(
        convert=path.convert,
        path=name,
        keep_encoding=options.keep_encoding,
        encoding=options.encoding,
        columns=options.columns,
        source=options.source,
        target=options.target,
        warnings=warnings,
        text_path=path,
        limits=limits,
    )
