"""DOCX, XLSX, ODT and EPUB through the zip-of-XML engine: prose parts rewritten, everything else kept."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

import pytest
from bulk_fixtures import DECL, ODF_NS, W, docx, docx_document_xml, epub, odt, read_zip, xlsx, zip_bytes

from translit.documents import DocumentOptions, convert_document, document_text
from translit.errors import InputError

LATN = DocumentOptions(target="uz-Latn")


def test_docx_word_split_across_runs_converts_as_one_word_and_keeps_run_formatting() -> None:
    body = (
        '<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr>'
        '<w:r><w:rPr><w:b/></w:rPr><w:t>Ш</w:t></w:r><w:r><w:t xml:space="preserve">АҲАР </w:t></w:r>'
        "<w:r><w:t>Офи</w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>цант</w:t></w:r></w:p>"
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText> HYPERLINK "http://ш.uz" </w:instrText></w:r>'
        "<w:r><w:t>Тошкент</w:t></w:r><w:r><w:tab/><w:t>шаҳри</w:t></w:r></w:p>"
    )
    result = convert_document("a.docx", docx(body, header="<w:p><w:r><w:t>Салом дунё</w:t></w:r></w:p>"), LATN)
    parts = read_zip(result.data)
    assert parts["word/document.xml"].decode() == docx_document_xml(
        '<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr>'
        '<w:r><w:rPr><w:b/></w:rPr><w:t>SH</w:t></w:r><w:r><w:t xml:space="preserve">AHAR </w:t></w:r>'
        "<w:r><w:t>Ofi</w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>tsant</w:t></w:r></w:p>"
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText> HYPERLINK "http://ш.uz" </w:instrText></w:r>'
        "<w:r><w:t>Toshkent</w:t></w:r><w:r><w:tab/><w:t>shahri</w:t></w:r></w:p>"
    )
    assert b"<w:t>Salom dunyo</w:t>" in parts["word/header1.xml"]
    original = read_zip(docx(body, header="<w:p/>"))
    assert parts["word/styles.xml"] == original["word/styles.xml"]  # style ids untouched
    assert parts["word/media/image1.png"] == original["word/media/image1.png"]
    assert result.warnings == []


def test_docx_text_box_paragraph_is_its_own_flow() -> None:
    body = (
        "<w:p><w:r><w:t>Ш</w:t></w:r><w:r><w:pict><w:txbxContent><w:p><w:r><w:t>китоб</w:t></w:r></w:p>"
        "</w:txbxContent></w:pict></w:r><w:r><w:t>аҳар</w:t></w:r></w:p>"
    )
    doc = read_zip(convert_document("t.docx", docx(body), LATN).data)["word/document.xml"].decode()
    assert "<w:t>kitob</w:t>" in doc
    assert "<w:t>Sh</w:t>" in doc and "<w:t>ahar</w:t>" in doc  # the box separates the two words


def test_member_order_compression_and_times_are_kept() -> None:
    src = odt()
    out = convert_document("a.odt", src, LATN).data
    with zipfile.ZipFile(BytesIO(src)) as a, zipfile.ZipFile(BytesIO(out)) as b:
        assert [i.filename for i in a.infolist()] == [i.filename for i in b.infolist()]
        assert [i.compress_type for i in a.infolist()] == [i.compress_type for i in b.infolist()]
        assert [i.date_time for i in a.infolist()] == [i.date_time for i in b.infolist()]
        assert b.infolist()[0].filename == "mimetype" and b.infolist()[0].compress_type == zipfile.ZIP_STORED


def test_odt_converts_body_header_in_styles_and_title() -> None:
    parts = read_zip(convert_document("a.odt", odt(), LATN).data)
    content = parts["content.xml"].decode()
    assert '<text:h text:outline-level="1">Oʻzbekiston</text:h>' in content
    assert (
        '<text:p text:style-name="P1">Ofi<text:span text:style-name="T1">tsant</text:span> va'
        "<text:s/>kitob<text:tab/>Salom</text:p>"
    ) in content
    assert "<text:p>Toshkent shahri</text:p>" in parts["styles.xml"].decode()
    assert "<dc:title>Dunyo</dc:title>" in parts["meta.xml"].decode()
    assert parts["mimetype"] == b"application/vnd.oasis.opendocument.text"


@pytest.mark.parametrize("kind", ["text-web", "text-master", "presentation-template"])
def test_odf_kinds_libreoffice_writes_convert_as_odf(kind: str) -> None:
    """LibreOffice saves an HTML page it opened as an .odt whose mimetype says text-web: still an ODF text."""
    parts = read_zip(odt())
    parts["mimetype"] = f"application/vnd.oasis.opendocument.{kind}".encode()
    src = zip_bytes(list(parts.items()), stored_first=True)
    out = read_zip(convert_document("a.odt", src, LATN).data)
    assert "<text:p>Toshkent shahri</text:p>" in out["styles.xml"].decode()
    assert out["mimetype"] == parts["mimetype"]


def test_odf_of_an_unknown_kind_is_refused() -> None:
    parts = read_zip(odt())
    parts["mimetype"] = b"application/vnd.oasis.opendocument.formula"
    with pytest.raises(InputError, match="not a valid ODT file"):
        convert_document("a.odt", zip_bytes(list(parts.items()), stored_first=True), LATN)


def test_xlsx_converts_cell_strings_and_formula_literals_not_sheet_names() -> None:
    parts = read_zip(convert_document("a.xlsx", xlsx(), LATN).data)
    shared = parts["xl/sharedStrings.xml"].decode()
    assert "<si><t>Toshkent</t></si>" in shared
    assert "<r><rPr><b/></rPr><t>SH</t></r><r><t>AHAR</t></r>" in shared
    assert "<rPh><t>шаҳар</t></rPh>" in shared  # phonetic guide untouched
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    # issue 11: a formula's string literal and its cached result show in the cell, so they are converted too
    assert '<f>CONCATENATE("shahar",A1)</f><v>shaharToshkent</v>' in sheet
    assert "<is><t>kitob</t></is>" in sheet
    assert parts["xl/workbook.xml"] == read_zip(xlsx())["xl/workbook.xml"]


def test_epub_follows_the_manifest_and_keeps_head_pre_and_urls() -> None:
    parts = read_zip(convert_document("b.epub", epub(), LATN).data)
    chapter = parts["book/text/ch1.xhtml"].decode()
    assert chapter == (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" lang="uz-Latn"><head><title>Toshkent</title>'
        '<link rel="stylesheet" href="../style.css"/></head><body>'
        '<p>SH<b>AHAR</b> <img src="шаҳар.png" alt="kitob"/></p><pre>шаҳар</pre></body></html>'
    )
    assert "<dc:title>Salom dunyo</dc:title>" in parts["book/content.opf"].decode()
    assert "<dc:language>uz-Latn</dc:language>" in parts["book/content.opf"].decode()
    assert "<text>Birinchi</text>" in parts["book/toc.ncx"].decode()
    assert parts["book/style.css"] == read_zip(epub())["book/style.css"]


def test_a_docx_that_is_not_a_zip_is_a_clear_error() -> None:
    with pytest.raises(InputError) as err:
        convert_document("broken.docx", "Тошкент".encode(), DocumentOptions(target="uz-Latn", source="uz-Cyrl"))
    assert str(err.value).startswith("broken.docx: not a valid DOCX file (not a zip container")


def test_a_zip_without_word_parts_is_not_taken_for_a_docx() -> None:
    fake = zip_bytes([("readme.txt", "Тошкент")])
    with pytest.raises(InputError) as err:
        convert_document("fake.docx", fake, DocumentOptions(target="uz-Latn", source="uz-Cyrl"))
    assert str(err.value) == "fake.docx: not a valid DOCX file (its zip lacks the DOCX parts)"


def test_xml_with_an_external_entity_is_not_resolved() -> None:
    body = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f"<w:document {W}><w:body><w:p><w:r><w:t>Тошкент &x;</w:t></w:r></w:p></w:body></w:document>"
    )
    data = zip_bytes([("[Content_Types].xml", "<Types/>"), ("word/document.xml", body)])
    out = read_zip(convert_document("x.docx", data, LATN).data)["word/document.xml"]
    assert b"root:" not in out
    assert b"Toshkent" in out


def test_pptx_slides_and_notes() -> None:
    from bulk_fixtures import pptx

    data = pptx("<a:p><a:r><a:t>Ш</a:t></a:r><a:r><a:t>АҲАР</a:t></a:r></a:p>")
    out = read_zip(convert_document("s.pptx", data, LATN).data)["ppt/slides/slide1.xml"].decode()
    assert "<a:r><a:t>SH</a:t></a:r><a:r><a:t>AHAR</a:t></a:r>" in out


def test_the_units_of_a_docx_leave_out_markup_and_field_codes() -> None:
    from translit.documents import document_text

    body = (
        '<w:p><w:r><w:instrText> HYPERLINK "http://example.com" </w:instrText></w:r>'
        "<w:r><w:t>Салом &amp; дунё</w:t></w:r></w:p>"
    )
    assert document_text("a.docx", docx(body), LATN) == "Салом & дунё"


def _word_run(text: str, style: str = "") -> str:
    props = f'<w:rPr><w:rStyle w:val="{style}"/></w:rPr>' if style else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{text}</w:t></w:r>'


def test_docx_code_paragraphs_and_runs_stay_as_written_and_break_words() -> None:
    """Code as pandoc, LibreOffice and Word style it is kept, as Markdown's and HTML's code is; a code run is a word
    break (`Мен`+code+`ертага` converts as two words: `ye` starts the second). A paragraph mark styled as code
    (`w:pPr/w:rPr`) and a tracked change's former style keep nothing."""
    body = (
        f'<w:p><w:pPr><w:pStyle w:val="SourceCode"/></w:pPr>{_word_run("print(&quot;Салом&quot;)")}</w:p>'
        f'<w:p><w:pPr><w:pStyle w:val="HTMLPreformatted"/></w:pPr>{_word_run("шаҳар = 1")}</w:p>'
        f"<w:p>{_word_run('Мен')}{_word_run('код()', 'VerbatimChar')}{_word_run('ертага келаман')}</w:p>"
        f"<w:p>{_word_run('Бу ')}{_word_run('калит', 'HTMLCode')}{_word_run(' ва ')}"
        f"{_word_run('сўз', 'SourceText')}</w:p>"
        '<w:p><w:pPr><w:rPr><w:rStyle w:val="VerbatimChar"/></w:rPr></w:pPr><w:r><w:t>Тошкент</w:t></w:r></w:p>'
        '<w:p><w:pPr><w:pStyle w:val="BodyText"/><w:pPrChange w:id="1"><w:pPr><w:pStyle w:val="SourceCode"/>'
        "</w:pPr></w:pPrChange></w:pPr><w:r><w:t>Самарқанд</w:t></w:r></w:p>"
    )
    src = docx(body)
    part = read_zip(convert_document("a.docx", src, LATN).data)["word/document.xml"].decode()
    texts = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", part)
    assert texts == [
        'print("Салом")',
        "шаҳар = 1",
        "Men",
        "код()",
        "yertaga kelaman",
        "Bu ",
        "калит",
        " va ",
        "сўз",
        "Toshkent",
        "Samarqand",
    ]
    units = document_text("a.docx", src, LATN)
    assert "Салом" not in units and "код()" not in units and "Мен ертага келаман" in units


def test_odt_code_paragraphs_and_spans_stay_as_written() -> None:
    content = (
        f"{DECL}<office:document-content {ODF_NS}><office:automatic-styles>"
        '<style:style style:name="P3" style:family="paragraph" style:parent-style-name="Preformatted_20_Text"/>'
        '<style:style style:name="T1" style:family="text" style:parent-style-name="Source_20_Text"/>'
        "</office:automatic-styles><office:body><office:text>"
        '<text:p text:style-name="P3">print("Салом")</text:p>'
        '<text:p text:style-name="Preformatted_20_Text">шаҳар = 1</text:p>'
        '<text:p>Мен<text:span text:style-name="Source_Text">код()</text:span>ертага '
        '<text:span text:style-name="T1">калит</text:span> келаман</text:p>'
        "</office:text></office:body></office:document-content>"
    )
    src = zip_bytes([("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", content)], True)
    out = read_zip(convert_document("a.odt", src, LATN).data)["content.xml"].decode()
    assert '<text:p text:style-name="P3">print("Салом")</text:p>' in out
    assert '<text:p text:style-name="Preformatted_20_Text">шаҳар = 1</text:p>' in out
    assert (
        '<text:p>Men<text:span text:style-name="Source_Text">код()</text:span>yertaga '
        '<text:span text:style-name="T1">калит</text:span> kelaman</text:p>'
    ) in out
