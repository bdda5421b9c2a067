"""EPUB: follow META-INF/container.xml to the package document, rewrite its XHTML, NCX and metadata titles.

EbookLib loses <head>, stylesheets and metadata on a round trip (research §1.5), so this uses the same
zip-of-XML engine as the office formats; paths come from the manifest, not from guessed OEBPS/ folders.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from urllib.parse import unquote

from lxml import etree

from translit.documents._context import DocContext
from translit.documents._markup import BREAKS, INLINE, LANG_ATTRIBUTES, SKIP, TEXT_ATTRIBUTES
from translit.documents.xmlzip import MixedContent, Model, TextElements, ZipFormat, parser, rewrite_zip
from translit.errors import InputError

XHTML = "{http://www.w3.org/1999/xhtml}"
NCX = "{http://www.daisy.org/z3986/2005/ncx/}"
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"


def _xhtml_roots(root: etree._Element) -> Iterator[etree._Element]:
    yield from root.iter(XHTML + "title", "title")
    yield from root.iter(XHTML + "body", "body")


def _xhtml_classify(el: etree._Element) -> str:
    name = etree.QName(el.tag).localname.lower()
    if name in SKIP or el.get("translate", "").lower() == "no":
        return "skip"
    if name in INLINE:
        return "inline"
    if name in BREAKS:
        return "break"
    return "block"


XHTML_MODEL = MixedContent(
    roots=_xhtml_roots,
    classify=_xhtml_classify,
    attributes=TEXT_ATTRIBUTES,
    lang_attributes=LANG_ATTRIBUTES,
)
NCX_MODEL = TextElements(paragraph=frozenset({NCX + "text"}), text=frozenset({NCX + "text"}))
_DC_TEXT = frozenset(DC + t for t in ("title", "description", "subject", "creator", "publisher"))
OPF_MODEL = TextElements(paragraph=_DC_TEXT, text=_DC_TEXT, lang_elements=frozenset({DC + "language"}))


def _parts(zf: zipfile.ZipFile) -> dict[str, Model]:
    try:
        container = etree.fromstring(zf.read("META-INF/container.xml"), parser())
    except (KeyError, etree.XMLSyntaxError) as exc:
        raise InputError(None, f"EPUB without a readable META-INF/container.xml ({exc})") from exc
    parts: dict[str, Model] = {}
    for rootfile in container.iter(CONTAINER + "rootfile"):
        opf_path = rootfile.get("full-path", "")
        if opf_path not in zf.NameToInfo:
            continue
        parts[opf_path] = OPF_MODEL
        opf = etree.fromstring(zf.read(opf_path), parser())
        base = posixpath.dirname(opf_path)
        for item in opf.iter(OPF + "item"):
            raw = unquote(item.get("href", "").split("#")[0])
            href = posixpath.normpath(posixpath.join(base, raw))
            if href.startswith(("../", "/")) or href == ".." or "://" in raw:
                notes = getattr(zf, "notes", None)
                if isinstance(notes, list):
                    notes.append(f"manifest item {raw!r} points outside the book; ignored")
                continue
            media = item.get("media-type", "")
            if media == "application/xhtml+xml":
                parts[href] = XHTML_MODEL
            elif media == "application/x-dtbncx+xml":
                parts[href] = NCX_MODEL
    return parts


EPUB = ZipFormat(
    "EPUB",
    rules=[],
    marker=lambda zf: "mimetype" in zf.NameToInfo and zf.read("mimetype").strip() == b"application/epub+zip",
    extra_parts=_parts,
)


def rewrite(data: bytes, ctx: DocContext) -> bytes:
    """Convert an EPUB held in memory."""
    return rewrite_zip(data, EPUB, ctx)
