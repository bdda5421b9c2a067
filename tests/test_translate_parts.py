"""The translation report names the document part each segment came from (body, header, footer, footnote,
comment, text box, slide N, sheet N), in the report, its JSON and the command's output."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from bulk_fixtures import ODF_NS, read_zip, zip_bytes
from test_translate_documents import Echo

from translit.documents import DocumentOptions, convert_document
from translit.translate.commands import translate_files
from translit.translate.documents import part_name, read_units, translate_file
from translit.translate.xliff import export_xliff, merge_xliff

pytest_plugins = ["translate_fixtures"]

DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
W_NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"


def _p(text: str, extra: str = "") -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r>{extra}</w:p>"


def report_docx(comment: str = "Санани текширинг.") -> bytes:
    """A complete DOCX (content types, relationships) with a body paragraph carrying a footnote and a comment,
    a text box, a header and a footer: the parts a translator expects translated."""
    body = (
        '<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>Бугун Тошкентда янги мактаб очилди.</w:t></w:r>'
        '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>'
        '<w:r><w:footnoteReference w:id="1"/></w:r></w:p>'
        '<w:p><w:r><w:pict><v:shape id="box1" style="width:200pt;height:40pt"><v:textbox><w:txbxContent>'
        + _p("Қутидаги матн шу ерда.")
        + "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"
        '<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/>'
        '<w:footerReference w:type="default" r:id="rIdF"/></w:sectPr>'
    )
    types = (
        f'{DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{MAIN}.document.main+xml"/>'
        f'<Override PartName="/word/header1.xml" ContentType="{MAIN}.header+xml"/>'
        f'<Override PartName="/word/footer1.xml" ContentType="{MAIN}.footer+xml"/>'
        f'<Override PartName="/word/footnotes.xml" ContentType="{MAIN}.footnotes+xml"/>'
        f'<Override PartName="/word/comments.xml" ContentType="{MAIN}.comments+xml"/>'
        "</Types>"
    )
    root_rels = (
        f'{DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/></Relationships>'
    )
    doc_rels = (
        f'{DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rIdH" Type="{REL}/header" Target="header1.xml"/>'
        f'<Relationship Id="rIdF" Type="{REL}/footer" Target="footer1.xml"/>'
        f'<Relationship Id="rIdN" Type="{REL}/footnotes" Target="footnotes.xml"/>'
        f'<Relationship Id="rIdC" Type="{REL}/comments" Target="comments.xml"/></Relationships>'
    )
    footnotes = (
        f"{DECL}<w:footnotes {W_NS}>"
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
        "</w:footnote>"
        '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Манба: вазирлик.</w:t>'
        "</w:r></w:p></w:footnote></w:footnotes>"
    )
    comments = (
        f'{DECL}<w:comments {W_NS}><w:comment w:id="0" w:author="Муҳаррир" w:date="2026-01-01T00:00:00Z">'
        + _p(comment)
        + "</w:comment></w:comments>"
    )
    return zip_bytes(
        [
            ("[Content_Types].xml", types),
            ("_rels/.rels", root_rels),
            ("word/_rels/document.xml.rels", doc_rels),
            ("word/document.xml", f"{DECL}<w:document {W_NS}><w:body>{body}</w:body></w:document>"),
            ("word/header1.xml", f"{DECL}<w:hdr {W_NS}>{_p('Ҳисобот, 2026 йил.')}</w:hdr>"),
            ("word/footer1.xml", f"{DECL}<w:ftr {W_NS}>{_p('Тошкент шаҳри.')}</w:ftr>"),
            ("word/footnotes.xml", footnotes),
            ("word/comments.xml", comments),
        ]
    )


EXPECTED_PARTS = ["body", "text box", "header", "footer", "footnote", "comment"]


def test_each_unit_knows_its_part_and_member() -> None:
    units = [u for u in read_units("report.docx", report_docx()) if u.sentences]
    assert [(u.part, u.member) for u in units] == [
        ("body", "word/document.xml"),
        ("text box", "word/document.xml"),
        ("header", "word/header1.xml"),
        ("footer", "word/footer1.xml"),
        ("footnote", "word/footnotes.xml"),
        ("comment", "word/comments.xml"),
    ]


def test_the_report_says_which_parts_were_translated() -> None:
    doc = translate_file("report.docx", report_docx(), "en", backend=Echo(), source="uz")
    assert doc.status == "translated"
    assert doc.report()["parts"] == {name: {"segments": 1, "translated": 1} for name in EXPECTED_PARTS}
    assert list(doc.report()["parts"]) == EXPECTED_PARTS  # document order
    parts = read_zip(doc.data)
    assert "<w:t>&lt;en&gt; Bugun Toshkentda yangi maktab ochildi.</w:t>" in parts["word/document.xml"].decode()
    assert "&lt;en&gt; Qutidagi matn shu yerda." in parts["word/document.xml"].decode()
    for member, text in [
        ("word/header1.xml", "Hisobot, 2026 yil."),
        ("word/footer1.xml", "Toshkent shahri."),
        ("word/footnotes.xml", "Manba: vazirlik."),
        ("word/comments.xml", "Sanani tekshiring."),
    ]:
        assert f"&lt;en&gt; {text}" in parts[member].decode(), member


def test_each_xliff_unit_of_a_docx_names_its_part() -> None:
    from translate.storage import xliff2

    doc = translate_file("report.docx", report_docx(), "en", backend=Echo(), source="uz")
    text = export_xliff(doc)
    assert '<note category="translit:part">header (word/header1.xml)</note>' in text
    assert '<note category="translit:part">text box (word/document.xml)</note>' in text
    assert text.count('category="translit:part"') == len(EXPECTED_PARTS)
    store = xliff2.Xliff2File.parsestring(text.encode())
    assert len(store.units) == len(EXPECTED_PARTS)
    assert merge_xliff(text).data == doc.data


def test_a_part_left_untranslated_is_reported_as_such() -> None:
    data = report_docx(comment="Проверьте, пожалуйста, эту дату ещё раз.")
    doc = translate_file("report.docx", data, "en", backend=Echo(), source="uz", only=["uz"])
    assert doc.report()["parts"]["comment"] == {"segments": 1, "translated": 0}
    assert doc.report()["parts"]["header"] == {"segments": 1, "translated": 1}
    assert doc.status == "partly translated"


def test_translate_doc_prints_the_parts_and_writes_them_to_the_json_report(tmp_path: Path, tiny_model: Path) -> None:
    import io

    src = tmp_path / "report.docx"
    src.write_bytes(report_docx())
    out = io.StringIO()
    code = translate_files([src], ["en"], model=str(tiny_model), no_cache=True, report=tmp_path / "r.json", stream=out)
    assert code == 0, out.getvalue()
    assert "  parts: body 1/1, text box 1/1, header 1/1, footer 1/1, footnote 1/1, comment 1/1\n" in out.getvalue()
    (entry,) = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert list(entry["parts"]) == EXPECTED_PARTS
    assert entry["output"] == str(tmp_path / "report.en.docx")


def test_a_file_of_one_part_prints_no_parts_line(tmp_path: Path, tiny_model: Path) -> None:
    import io

    src = tmp_path / "a.txt"
    src.write_text("Бугун Тошкентда янги мактаб очилди.\n", encoding="utf-8")
    out = io.StringIO()
    translate_files([src], ["en"], model=str(tiny_model), no_cache=True, stream=out)
    assert "parts:" not in out.getvalue()
    doc = translate_file("a.txt", src.read_bytes(), "en", backend=Echo(), source="uz")
    assert doc.report()["parts"] == {"document": {"segments": 1, "translated": 1}}


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
def test_the_translated_docx_opens_in_pandoc_with_every_part(tmp_path: Path) -> None:
    """No LibreOffice here; pandoc's DOCX reader (body, notes and comments) stands in as a second reader."""
    doc = translate_file("report.docx", report_docx(), "en", backend=Echo(), source="uz")
    path = tmp_path / "report.en.docx"
    path.write_bytes(doc.data)
    text = subprocess.run(
        ["pandoc", "-f", "docx", "-t", "plain", "--track-changes=all", str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    flat = " ".join(text.split())
    for sentence in ["Bugun Toshkentda yangi maktab ochildi.", "Manba: vazirlik.", "Sanani tekshiring."]:
        assert f"<en> {sentence}" in flat, (sentence, text)


def test_odt_places_footnote_header_and_text_box() -> None:
    content = (
        f'{DECL}<office:document-content {ODF_NS} xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0">'
        "<office:body><office:text>"
        '<text:p>Бугун мактаб очилди.<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>'
        "<text:note-body><text:p>Манба: вазирлик.</text:p></text:note-body></text:note> Яна бир гап.</text:p>"
        "<text:p><draw:frame><draw:text-box><text:p>Қутидаги матн.</text:p></draw:text-box></draw:frame></text:p>"
        "</office:text></office:body></office:document-content>"
    )
    styles = (
        f'{DECL}<office:document-styles {ODF_NS}><office:master-styles><style:master-page style:name="Standard">'
        "<style:header><text:p>Ҳисобот.</text:p></style:header><style:footer><text:p>Тошкент.</text:p></style:footer>"
        "</style:master-page></office:master-styles></office:document-styles>"
    )
    data = zip_bytes(
        [("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", content), ("styles.xml", styles)],
        stored_first=True,
    )
    doc = translate_file("a.odt", data, "en", backend=Echo(), source="uz")
    by_part = {doc.units[s.unit].part: [] for s in doc.segments}
    for s in doc.segments:
        by_part[doc.units[s.unit].part].append(s.source)
    assert by_part == {
        "body": ["Бугун мактаб очилди.", "Яна бир гап."],
        "footnote": ["Манба: вазирлик."],
        "text box": ["Қутидаги матн."],
        "header": ["Ҳисобот."],
        "footer": ["Тошкент."],
    }


def test_part_names_of_other_containers() -> None:
    assert part_name("ppt/slides/slide3.xml") == "slide 3"
    assert part_name("ppt/notesSlides/notesSlide2.xml") == "notes page 2"
    assert part_name("xl/worksheets/sheet2.xml") == "sheet 2"
    assert part_name("xl/sharedStrings.xml") == "cells"
    assert part_name("xl/comments1.xml") == "comment"
    assert part_name("word/footer2.xml") == "footer"
    assert part_name("word/endnotes.xml") == "endnote"
    assert part_name("OEBPS/chapter1.xhtml") == "OEBPS/chapter1.xhtml"
    assert part_name("EPUB/toc.ncx") == part_name("EPUB/nav.xhtml") == "table of contents"
    assert part_name("OEBPS/content.opf") == "metadata"
    assert part_name(None) == "document"
    assert part_name("word/document.xml", "text box") == "text box"


def test_transliteration_of_the_same_docx_is_untouched_by_the_part_names() -> None:
    """The part and places are for translation only: converting still gives each part converted in place."""
    result = convert_document("report.docx", report_docx(), DocumentOptions(target="uz-Latn", source="uz-Cyrl"))
    parts, before = read_zip(result.data), read_zip(report_docx())
    assert "<w:t>Bugun Toshkentda yangi maktab ochildi.</w:t>" in parts["word/document.xml"].decode()
    assert "Manba: vazirlik." in parts["word/footnotes.xml"].decode()
    assert parts["_rels/.rels"] == before["_rels/.rels"]
