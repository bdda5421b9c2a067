"""Office formats as zip-of-XML specifications: which parts hold prose and how (see `xmlzip`).

OOXML keeps prose only in `w:t` / `a:t` / `t` elements (so field codes `w:instrText`, formulas `<f>`, sheet
names and relationship targets are never seen); ODF keeps it as mixed content of `text:p` / `text:h`
(headers and footers live in styles.xml, so that part is rewritten too).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator

from lxml import etree

from translit.documents._context import DocContext
from translit.documents.xmlzip import MixedContent, PartRule, TextElements, ZipFormat, rewrite_zip, sample_zip

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
DC = "{http://purl.org/dc/elements/1.1/}"

_DRAWING = TextElements(paragraph=frozenset({A + "p"}), text=frozenset({A + "t"}), breaks=frozenset({A + "br"}))
_WORD = TextElements(
    paragraph=frozenset({W + "p"}),
    text=frozenset({W + "t"}),
    breaks=frozenset({W + "tab", W + "br", W + "cr", W + "ptab"}),
    preserve_space=True,
)
_SHEET_STRINGS = TextElements(
    paragraph=frozenset({S + "si", S + "is", S + "text"}),
    text=frozenset({S + "t"}),
    skip=frozenset({S + "rPh"}),  # phonetic guides
)


def _rule(pattern: str, model: TextElements | MixedContent) -> PartRule:
    return PartRule(re.compile(pattern), model)


DOCX = ZipFormat(
    "DOCX",
    [
        _rule(r"^word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$", _WORD),
        _rule(r"^word/(charts/chart\d*|diagrams/data\d*)\.xml$", _DRAWING),
    ],
    marker=lambda zf: "[Content_Types].xml" in zf.NameToInfo and "word/document.xml" in zf.NameToInfo,
)
XLSX = ZipFormat(
    "XLSX",
    [
        _rule(r"^xl/(sharedStrings|worksheets/sheet\d+|comments\d*)\.xml$", _SHEET_STRINGS),
        _rule(r"^xl/(drawings/drawing\d+|charts/chart\d+|diagrams/data\d+)\.xml$", _DRAWING),
    ],
    marker=lambda zf: "[Content_Types].xml" in zf.NameToInfo and "xl/workbook.xml" in zf.NameToInfo,
)
PPTX = ZipFormat(
    "PPTX",
    [
        _rule(
            r"^ppt/(slides/slide\d+|notesSlides/notesSlide\d+|charts/chart\d+|diagrams/data\d+)\.xml$",
            _DRAWING,
        )
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


_ODF_TEXT = MixedContent(roots=_odf_roots, classify=_odf_classify)
_ODF_META = TextElements(
    paragraph=frozenset({DC + "title", DC + "description", DC + "subject"}),
    text=frozenset({DC + "title", DC + "description", DC + "subject"}),
)


def _odf_marker(mimetypes: tuple[str, ...]) -> Callable[[zipfile.ZipFile], bool]:
    def check(zf: zipfile.ZipFile) -> bool:
        if "mimetype" not in zf.NameToInfo or "content.xml" not in zf.NameToInfo:
            return False
        return zf.read("mimetype").decode("ascii", "replace").strip() in mimetypes

    return check


ODF = ZipFormat(
    "ODF",
    [_rule(r"^(content|styles)\.xml$", _ODF_TEXT), _rule(r"^meta\.xml$", _ODF_META)],
    marker=_odf_marker(
        tuple(
            "application/vnd.oasis.opendocument." + k
            for k in ("text", "text-template", "spreadsheet", "spreadsheet-template", "presentation")
        )
    ),
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


def sample(data: bytes, ext: str, limit: int) -> str:
    """Prose of an office document for script detection (see `xmlzip.sample_zip`)."""
    return sample_zip(data, FORMATS[ext], limit)
