"""Builders for the documents and archives the document, archive and bulk tests generate.

Every document holds the same few Uzbek Cyrillic words whose Latin forms the 1995 rules fix, so each test
can state the exact expected bytes.
"""

from __future__ import annotations

import io
import tarfile
import zipfile
from pathlib import Path

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
S = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
A = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def zip_bytes(members: list[tuple[str, bytes | str]], stored_first: bool = False) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for i, (name, data) in enumerate(members):
            info = zipfile.ZipInfo(name, (2024, 5, 6, 7, 8, 10))
            info.compress_type = zipfile.ZIP_STORED if (stored_first and i == 0) else zipfile.ZIP_DEFLATED
            zf.writestr(info, data.encode() if isinstance(data, str) else data)
    return buf.getvalue()


def stored_bytes(archive: bytes, info: zipfile.ZipInfo) -> bytes:
    """A member's compressed bytes as stored, read past its local header (written here, not taken from the
    code under test)."""
    at = info.header_offset
    name_len = int.from_bytes(archive[at + 26 : at + 28], "little")
    extra_len = int.from_bytes(archive[at + 28 : at + 30], "little")
    start = at + 30 + name_len + extra_len
    return archive[start : start + info.compress_size]


def read_zip(data: bytes | Path) -> dict[str, bytes]:
    src = io.BytesIO(data) if isinstance(data, bytes) else data
    with zipfile.ZipFile(src) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


# ------------------------------------------------------------------------------------------------ documents


def docx_document_xml(body: str) -> str:
    return f"{DECL}<w:document {W}><w:body>{body}</w:body></w:document>"


def docx(body: str, header: str = "", instr: bool = False) -> bytes:
    """A minimal DOCX: document.xml with `body` paragraphs, and optionally a header part."""
    members: list[tuple[str, bytes | str]] = [
        (
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        ),
        ("word/document.xml", docx_document_xml(body)),
        ("word/styles.xml", f'{DECL}<w:styles {W}><w:style w:styleId="Шаҳар"/></w:styles>'),
        ("word/media/image1.png", b"\x89PNG\r\n\x1a\n binary"),
    ]
    if header:
        members.append(("word/header1.xml", f"{DECL}<w:hdr {W}>{header}</w:hdr>"))
    return zip_bytes(members)


def pptx(paragraphs: str) -> bytes:
    """A minimal PPTX: one slide holding `paragraphs` (DrawingML `a:p` elements)."""
    slide = f'<?xml version="1.0"?><p:sld xmlns:p="urn:p" {A}>{paragraphs}</p:sld>'
    return zip_bytes(
        [("[Content_Types].xml", "<Types/>"), ("ppt/presentation.xml", "<p/>"), ("ppt/slides/slide1.xml", slide)]
    )


def xlsx() -> bytes:
    return zip_bytes(
        [
            (
                "[Content_Types].xml",
                '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
            ),
            ("xl/workbook.xml", f'{DECL}<workbook {S}><sheets><sheet name="Шаҳар" sheetId="1"/></sheets></workbook>'),
            (
                "xl/sharedStrings.xml",
                f'{DECL}<sst {S} count="2"><si><t>Тошкент</t></si>'
                "<si><r><rPr><b/></rPr><t>Ш</t></r><r><t>АҲАР</t></r><rPh><t>шаҳар</t></rPh></si></sst>",
            ),
            (
                "xl/worksheets/sheet1.xml",
                f'{DECL}<worksheet {S}><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c>'
                '<c r="B1" t="str"><f>CONCATENATE("шаҳар",A1)</f><v>шаҳарТошкент</v></c>'
                '<c r="C1" t="inlineStr"><is><t>китоб</t></is></c></row></sheetData></worksheet>',
            ),
        ]
    )


ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"'
)


def odt() -> bytes:
    content = (
        f"{DECL}<office:document-content {ODF_NS}><office:body><office:text>"
        '<text:h text:outline-level="1">Ўзбекистон</text:h>'
        '<text:p text:style-name="P1">Офи<text:span text:style-name="T1">цант</text:span> ва'
        "<text:s/>китоб<text:tab/>Салом</text:p>"
        "</office:text></office:body></office:document-content>"
    )
    styles = (
        f'{DECL}<office:document-styles {ODF_NS}><office:master-styles><style:master-page style:name="Standard">'
        "<style:header><text:p>Тошкент шаҳри</text:p></style:header>"
        "</style:master-page></office:master-styles></office:document-styles>"
    )
    meta = (
        f'{DECL}<office:document-meta {ODF_NS} xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<office:meta><dc:title>Дунё</dc:title></office:meta></office:document-meta>"
    )
    return zip_bytes(
        [
            ("mimetype", "application/vnd.oasis.opendocument.text"),
            ("content.xml", content),
            ("styles.xml", styles),
            ("meta.xml", meta),
            ("Pictures/p.png", b"\x89PNG binary"),
        ],
        stored_first=True,
    )


def epub() -> bytes:
    container = (
        '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
        '<rootfiles><rootfile full-path="book/content.opf" media-type="application/oebps-package+xml"/>'
        "</rootfiles></container>"
    )
    opf = (
        '<?xml version="1.0" encoding="UTF-8"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Салом дунё</dc:title>'
        "<dc:language>uz-Cyrl</dc:language></metadata><manifest>"
        '<item id="c1" href="text/ch1.xhtml" media-type="application/xhtml+xml"/>'
        '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>'
        '<item id="css" href="style.css" media-type="text/css"/></manifest></package>'
    )
    chapter = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" lang="uz-Cyrl"><head><title>Тошкент</title>'
        '<link rel="stylesheet" href="../style.css"/></head><body>'
        '<p>Ш<b>АҲАР</b> <img src="шаҳар.png" alt="китоб"/></p><pre>шаҳар</pre></body></html>'
    )
    ncx = (
        '<?xml version="1.0"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/"><navMap><navPoint id="n1">'
        '<navLabel><text>Биринчи</text></navLabel><content src="text/ch1.xhtml"/></navPoint></navMap></ncx>'
    )
    return zip_bytes(
        [
            ("mimetype", "application/epub+zip"),
            ("META-INF/container.xml", container),
            ("book/content.opf", opf),
            ("book/text/ch1.xhtml", chapter),
            ("book/toc.ncx", ncx),
            ("book/style.css", "p { font: serif } /* шаҳар */"),
        ],
        stored_first=True,
    )


# ------------------------------------------------------------------------------------------------ archives


def tar_bytes(members: list[tuple[str, bytes]], mode: str = "w:gz", extra: list[tarfile.TarInfo] = ()) -> bytes:  # type: ignore[assignment]
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode) as tf:  # type: ignore[call-overload]
        for name, data in members:
            ti = tarfile.TarInfo(name)
            ti.size = len(data)
            ti.mtime = 1_700_000_000
            ti.mode = 0o644
            tf.addfile(ti, io.BytesIO(data))
        for ti in extra:
            tf.addfile(ti)
    return buf.getvalue()


def link(name: str, target: str, kind: bytes = tarfile.SYMTYPE) -> tarfile.TarInfo:
    ti = tarfile.TarInfo(name)
    ti.type = kind
    ti.linkname = target
    return ti


def device(name: str) -> tarfile.TarInfo:
    ti = tarfile.TarInfo(name)
    ti.type = tarfile.CHRTYPE
    ti.devmajor, ti.devminor = 1, 3
    return ti


def cp866_zip(members: list[tuple[str, bytes]]) -> bytes:
    """A zip as old Uzbek/Russian Windows wrote it: names in cp866 bytes, no UTF-8 flag."""
    buf = io.BytesIO()
    raws = []
    with zipfile.ZipFile(buf, "w") as zf:
        for i, (name, data) in enumerate(members):
            raw = name.encode("cp866")
            placeholder = (f"@{i}@" + "#" * len(raw))[: len(raw)].encode()  # ASCII: written without the flag
            raws.append((placeholder, raw))
            zf.writestr(zipfile.ZipInfo(placeholder.decode(), (2020, 1, 1, 0, 0, 0)), data)
    out = buf.getvalue()
    for placeholder, raw in raws:
        out = out.replace(placeholder, raw)  # in the local header and in the central directory
    return out
