"""Office formats as zip-of-XML specifications: which parts hold prose and how (see `xmlzip`).

OOXML keeps prose in `w:t` / `a:t` / `t` elements and the core properties (title, subject, description);
field codes `w:instrText`, sheet names and relationship targets are never touched, and in a worksheet only
the string literals of formulas and their cached string results are converted. ODF keeps prose as mixed
content of `text:p` / `text:h` (headers and footers live in styles.xml, so that part is rewritten too).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator

from lxml import etree

from translit.documents._context import DocContext
from translit.documents._lang import subtags
from translit.documents.xmlzip import (
    Custom,
    MixedContent,
    PartRule,
    TextElements,
    ZipFormat,
    retarget_lang_attributes,
    rewrite_text_elements,
    rewrite_zip,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
DC = "{http://purl.org/dc/elements/1.1/}"
_CORE_TEXT = frozenset({DC + "title", DC + "subject", DC + "description"})

#: the language of a run of text, the mark at a paragraph's end and a list level's default (DrawingML)
_DRAWING_LANGS = tuple((A + element, "lang") for element in ("rPr", "endParaRPr", "defRPr"))
#: a run's (or a style's) language for Latin and Cyrillic text (`w:eastAsia` and `w:bidi` name the languages of
#: East Asian and right-to-left text, which no conversion here writes: not read, a third of the walk's cost)
_WORD_LANGS = ((W + "lang", W + "val"),)
_DRAWING = TextElements(
    paragraph=frozenset({A + "p"}),
    text=frozenset({A + "t"}),
    breaks=frozenset({A + "br"}),
    lang_attributes=_DRAWING_LANGS,
)
#: Word style ids that mark code, kept as written as Markdown's and HTML's code is (`Kept`): paragraphs and runs
#: as pandoc writes them (`SourceCode`, `VerbatimChar`), LibreOffice (`PreformattedText`, `SourceText`) and Word's
#: built-in HTML styles (`HTMLPreformatted`, `HTMLCode`). Style ids, not the names shown: the same in every locale.
_WORD_CODE_PARAGRAPHS = frozenset({"SourceCode", "PreformattedText", "HTMLPreformatted"})
_WORD_CODE_RUNS = frozenset({"VerbatimChar", "SourceText", "HTMLCode"})
_WORD_CODE = {
    W + "pStyle": (W + "pPr", W + "p", _WORD_CODE_PARAGRAPHS),
    W + "rStyle": (W + "rPr", W + "r", _WORD_CODE_RUNS),
}


def _word_code(root: etree._Element) -> set[etree._Element]:
    """The paragraphs (`w:p/w:pPr/w:pStyle`) and runs (`w:r/w:rPr/w:rStyle`) of a Word part styled as code; not a
    paragraph mark's run properties (`w:pPr/w:rPr`), nor a tracked change's former style (`w:pPrChange`)."""
    found = set()
    for style in root.iter(*_WORD_CODE):
        properties, holder, ids = _WORD_CODE[str(style.tag)]
        if style.get(W + "val") in ids:
            parent = style.getparent()
            owner = None if parent is None else parent.getparent()
            if parent is not None and parent.tag == properties and owner is not None and owner.tag == holder:
                found.add(owner)
    return found


_WORD = TextElements(
    paragraph=frozenset({W + "p"}),
    text=frozenset({W + "t"}),
    breaks=frozenset({W + "tab", W + "br", W + "cr", W + "ptab"}),
    preserve_space=True,
    lang_attributes=_WORD_LANGS,
    kept=_word_code,
)
_SHEET_STRINGS = TextElements(
    paragraph=frozenset({S + "si", S + "is", S + "text"}),
    text=frozenset({S + "t"}),
    skip=frozenset({S + "rPh"}),  # phonetic guides
)


def _rule(
    pattern: str, model: TextElements | MixedContent | Custom, wanted: Callable[[bytes, DocContext], bool] | None = None
) -> PartRule:
    return PartRule(re.compile(pattern), model, wanted)


def _word_styles_langs(root: etree._Element, ctx: DocContext) -> bool:
    """word/styles.xml: the document's default language (w:docDefaults) and each style's, which every run without
    a w:lang of its own is in."""
    return retarget_lang_attributes(root, _WORD_LANGS, ctx)


def _names_source_language(data: bytes, ctx: DocContext) -> bool:
    """Whether a Word part's `w:val`s may name a language the document may be converted from (parsed only then;
    found by the bytes alone, without settling the document's source)."""
    languages = {tag.split("-")[0].encode("ascii", "ignore") for tag in ctx.possible_sources()} if ctx.target else ()
    return any(re.search(rb'w:val="' + re.escape(lang) + rb'[-_"]', data, re.IGNORECASE) for lang in languages)


#: docProps/core.xml of every OOXML file: the title, subject and description the file manager shows
_CORE = _rule(r"^docProps/core\.xml$", TextElements(paragraph=_CORE_TEXT, text=_CORE_TEXT))
_LITERAL = re.compile(r'"((?:[^"]|"")*)"')


def _rewrite_sheet(root: etree._Element, ctx: DocContext) -> bool:
    """A worksheet: inline strings, the string literals inside formulas and the cached string results of
    formula cells (what the cell shows until the file is recalculated), all converted alike.

    A literal holding "!" is left alone: it names a sheet or a cell (INDIRECT("'Лист1'!A1")), and sheet names
    stay as they are."""
    changed = rewrite_text_elements(root, _SHEET_STRINGS, ctx)
    slots: list[tuple[etree._Element, int, int]] = []  # (element, start, end); end -1: the whole text
    texts: list[str] = []
    for f in root.iter(S + "f"):
        for m in _LITERAL.finditer(f.text or ""):
            literal = m.group(1).replace('""', '"')
            if any(c.isalpha() for c in literal) and "!" not in literal:
                slots.append((f, m.start(1), m.end(1)))
                texts.append(literal)
    for cell in root.iter(S + "c"):
        if cell.get("t") == "str":
            for v in cell.iter(S + "v"):
                if v.text and any(c.isalpha() for c in v.text):
                    slots.append((v, 0, -1))
                    texts.append(v.text)
    if not texts:
        return changed
    # derived values, not prose of their own (the cells they build on are units already): converted, but
    # not listed among the document's text units (what a side-by-side file translates)
    units, ctx.units = ctx.units, None
    try:
        converted = ctx.convert_many(texts)
    finally:
        ctx.units = units
    # formula literals are replaced from the last to the first, so earlier offsets stay valid
    for (el, start, end), old, new in sorted(
        zip(slots, texts, converted, strict=True), key=lambda item: (id(item[0][0]), -item[0][1])
    ):
        if new == old:
            continue
        text = el.text or ""
        el.text = new if end < 0 else text[:start] + new.replace('"', '""') + text[end:]
        changed = True
    return changed


def _note_sheet_names(root: etree._Element, ctx: DocContext) -> bool:
    """Sheet names are kept (formulas, defined names and links refer to them); say so when one has letters."""
    names = [str(el.get("name")) for el in root.iter(S + "sheet") if any(c.isalpha() for c in el.get("name", ""))]
    if names and any(not n.isascii() for n in names):
        ctx.warnings.append(f"sheet names are kept as they are (formulas refer to them): {', '.join(names)}")
    return False


DOCX = ZipFormat(
    "DOCX",
    [
        _rule(r"^word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$", _WORD),
        _rule(r"^word/styles\.xml$", Custom(_word_styles_langs), wanted=_names_source_language),
        _rule(r"^word/(charts/chart\d*|diagrams/data\d*)\.xml$", _DRAWING),
        _CORE,
    ],
    marker=lambda zf: "[Content_Types].xml" in zf.NameToInfo and "word/document.xml" in zf.NameToInfo,
)
XLSX = ZipFormat(
    "XLSX",
    [
        _rule(r"^xl/(sharedStrings|comments\d*)\.xml$", _SHEET_STRINGS),
        _rule(r"^xl/worksheets/sheet\d+\.xml$", Custom(_rewrite_sheet)),
        _rule(r"^xl/workbook\.xml$", Custom(_note_sheet_names)),
        _rule(r"^xl/(drawings/drawing\d+|charts/chart\d+|diagrams/data\d+)\.xml$", _DRAWING),
        _CORE,
    ],
    marker=lambda zf: "[Content_Types].xml" in zf.NameToInfo and "xl/workbook.xml" in zf.NameToInfo,
)
PPTX = ZipFormat(
    "PPTX",
    [
        _rule(
            r"^ppt/(slides/slide\d+|notesSlides/notesSlide\d+|charts/chart\d+|diagrams/data\d+)\.xml$",
            _DRAWING,
        ),
        _CORE,
    ],
    marker=lambda zf: "[Content_Types].xml" in zf.NameToInfo and "ppt/presentation.xml" in zf.NameToInfo,
)

_ODF_PARAGRAPHS = (TEXT + "p", TEXT + "h")
_ODF_INLINE = frozenset(
    TEXT + t
    for t in [
        "span",
        "a",
        "bookmark",
        "bookmark-start",
        "bookmark-end",
        "reference-mark",
        "reference-mark-start",
        "reference-mark-end",
        "soft-page-break",
        "ruby",
        "ruby-base",
        "meta",
        "note-ref",
        "bookmark-ref",
        "sequence",
        "date",
        "time",
        "page-number",
    ]
)
_ODF_BREAKS = frozenset(TEXT + t for t in ("s", "tab", "line-break"))


def _odf_roots(root: etree._Element) -> Iterator[etree._Element]:
    """Outermost paragraphs and headings; nested ones (notes, frames) are walked as blocks inside them."""
    for el in root.iter(*_ODF_PARAGRAPHS):
        parent = el.getparent()
        while parent is not None and parent.tag not in _ODF_PARAGRAPHS:
            parent = parent.getparent()
        if parent is None:
            yield el


def _odf_classify(el: etree._Element) -> str:
    if el.tag in _ODF_INLINE:
        return "inline"
    if el.tag in _ODF_BREAKS:
        return "break"
    if el.tag == OFFICE + "annotation-end":
        return "skip"
    return "block"


FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
#: a style's languages (for Western, Asian and complex-script text), each as language, script and country, and
#: the BCP 47 tag ODF 1.2 adds beside them for what the three cannot say
_ODF_LANGS = (
    (FO + "language", FO + "script", FO + "country", STYLE + "rfc-language-tag"),
    *(
        (
            STYLE + f"language-{kind}",
            STYLE + f"script-{kind}",
            STYLE + f"country-{kind}",
            STYLE + f"rfc-language-tag-{kind}",
        )
        for kind in ("asian", "complex")
    ),
)


def _odf_langs(root: etree._Element, ctx: DocContext) -> bool:
    """The languages of ODF styles (`style:text-properties`, in content.xml's automatic styles and styles.xml):
    read as one tag, retargeted, written back as the script (and the BCP 47 tag, where there is one)."""
    changed = False
    for el in root.iter(STYLE + "text-properties"):
        for language, script, country, rfc in _ODF_LANGS:
            parts = [el.get(language), el.get(script), el.get(country)]
            if not parts[0] or parts[0] == "none":
                continue
            new = ctx.retarget_lang(el.get(rfc) or "-".join(p for p in parts if p and p != "none"))
            if new is None:
                continue
            # each part written anew: a conversion changes the script only, a translation the language too and
            # drops script and region (`uz-Cyrl-UZ` -> `en`, `translated_tag`), which then no attribute may keep
            for name, value in zip((language, script, country), subtags(new), strict=True):
                if value is not None:
                    el.set(name, value)
                elif name in el.attrib:
                    del el.attrib[name]
            if el.get(rfc) is not None:
                el.set(rfc, new)
            changed = True
    return changed


#: ODF styles that mark code (`Kept`): LibreOffice's "Preformatted Text" paragraphs and "Source Text" spans, as it
#: and pandoc write them (ODF names escape a space as `_20_`; pandoc writes `Source_Text`)
_ODF_CODE_STYLES = frozenset({"Preformatted_20_Text", "Source_20_Text", "Source_Text"})


def _odf_code(root: etree._Element) -> set[etree._Element]:
    """The paragraphs, headings and spans of an ODF part styled as code: by one of `_ODF_CODE_STYLES`, or by an
    automatic style of the part whose parent is one (LibreOffice gives a code block a `P3` whose parent is
    "Preformatted Text")."""
    names = set(_ODF_CODE_STYLES)
    names.update(
        str(el.get(STYLE + "name"))
        for el in root.iter(STYLE + "style")
        if el.get(STYLE + "parent-style-name") in _ODF_CODE_STYLES
    )
    style_name = TEXT + "style-name"
    return {el for el in root.iter(TEXT + "p", TEXT + "h", TEXT + "span") if el.get(style_name) in names}


_ODF_TEXT = MixedContent(roots=_odf_roots, classify=_odf_classify, retarget_langs=_odf_langs, kept=_odf_code)
_ODF_META = TextElements(
    paragraph=frozenset({DC + "title", DC + "description", DC + "subject"}),
    text=frozenset({DC + "title", DC + "description", DC + "subject"}),
    lang_elements=frozenset({DC + "language"}),
)


def _odf_marker(mimetypes: tuple[str, ...]) -> Callable[[zipfile.ZipFile], bool]:
    def check(zf: zipfile.ZipFile) -> bool:
        if "mimetype" not in zf.NameToInfo or "content.xml" not in zf.NameToInfo:
            return False
        return zf.read("mimetype").decode("ascii", "replace").strip() in mimetypes

    return check


#: The OpenDocument kinds whose body is text, tables or slides (one text model for all). "text-web" is what
#: LibreOffice writes into an .odt saved from a document it opened as HTML (Writer/Web); "text-master" a master
#: document, whose own text is that of a text document.
ODF_MIMETYPES = tuple(
    "application/vnd.oasis.opendocument." + kind
    for kind in (
        "text",
        "text-template",
        "text-web",
        "text-master",
        "spreadsheet",
        "spreadsheet-template",
        "presentation",
        "presentation-template",
    )
)

ODF = ZipFormat(
    "ODF",
    [_rule(r"^(content|styles)\.xml$", _ODF_TEXT), _rule(r"^meta\.xml$", _ODF_META)],
    marker=_odf_marker(ODF_MIMETYPES),
)

FORMATS: dict[str, ZipFormat] = {
    "docx": DOCX,
    "docm": DOCX,
    "dotx": DOCX,
    "xlsx": XLSX,
    "xlsm": XLSX,
    "pptx": PPTX,
    "odt": ODF,
    "ott": ODF,
    "ods": ODF,
    "odp": ODF,
}


def rewrite(data: bytes, ctx: DocContext, ext: str) -> bytes:
    """Convert an office document held in memory."""
    fmt = FORMATS[ext]
    named = ZipFormat(ext.upper(), fmt.rules, fmt.marker, fmt.extra_parts)
    return rewrite_zip(data, named, ctx)
