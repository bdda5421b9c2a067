"""Language tags follow the conversion (`translit.documents._lang`): a document's text marked Uzbek Cyrillic is
marked Uzbek Latin once converted, in HTML and EPUB `lang`, Word's `w:lang` (its runs and its styles' defaults) and
PowerPoint's `a:rPr lang`; other languages' tags stay as they were."""

from __future__ import annotations

import pytest
from bulk_fixtures import DECL, W, read_zip, zip_bytes

from translit.documents import DocumentOptions, convert_document
from translit.documents._lang import retarget

LATN = DocumentOptions(target="uz-Latn")


@pytest.mark.parametrize(
    ("value", "source", "target", "expected"),
    [
        ("uz-Cyrl", "uz-Cyrl", "uz-Latn", "uz-Latn"),
        ("uz-Cyrl-UZ", "uz-Cyrl", "uz-Latn", "uz-Latn-UZ"),  # Word's spelling: the region is kept
        ("UZ_cyrl_uz", "uz-Cyrl", "uz-Latn", "uz-Latn-UZ"),
        ("uz-Cyrl-UZ", "uz-Cyrl", "uz-Latn-2026", "uz-Latn-UZ-2026"),  # the target's variant follows the region
        ("kk-KZ", "kk-Cyrl", "kk-Latn", "kk-Latn-KZ"),  # Kazakh without a script is Cyrillic
        ("uz-UZ", "uz-Latn", "uz-Cyrl", "uz-Cyrl-UZ"),  # and Uzbek Latin
        ("ru-RU", "ru", "uz-Latn", "ru-Latn-RU"),  # Russian romanized stays Russian
        ("uz-Latn", "uz-Latn", "uz-Latn-2026", "uz-Latn-2026"),
        ("uz", "uz-Cyrl", "uz-Latn", None),  # Uzbek without a script is Latin: not the source's
        ("en-US", "uz-Cyrl", "uz-Latn", None),
        ("uz-Latn-UZ", "uz-Cyrl", "uz-Latn", None),
        ("", "uz-Cyrl", "uz-Latn", None),
    ],
)
def test_retarget(value: str, source: str, target: str, expected: str | None) -> None:
    assert retarget(value, source, target) == expected


def test_html_lang_with_a_region_follows_the_conversion() -> None:
    src = '<html lang="uz-Cyrl-UZ"><body><p>Тошкент шаҳри</p><p lang="en-GB">London</p></body></html>'
    out = convert_document("a.html", src.encode("utf-8"), LATN).data.decode("utf-8")
    assert out == '<html lang="uz-Latn-UZ"><body><p>Toshkent shahri</p><p lang="en-GB">London</p></body></html>'


def _docx(body: str, styles: str) -> bytes:
    return zip_bytes(
        [
            ("[Content_Types].xml", "<Types/>"),
            ("word/document.xml", f"{DECL}<w:document {W}><w:body>{body}</w:body></w:document>"),
            ("word/styles.xml", f"{DECL}<w:styles {W}>{styles}</w:styles>"),
        ]
    )


_STYLES = (
    '<w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="uz-Cyrl-UZ" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr>'
    '</w:rPrDefault></w:docDefaults><w:style w:styleId="Quote"><w:rPr><w:lang w:val="en-GB"/></w:rPr></w:style>'
)


def test_docx_w_lang_of_runs_and_of_the_styles_defaults_follows_the_conversion() -> None:
    body = (
        '<w:p><w:r><w:rPr><w:lang w:val="uz-Cyrl-UZ"/></w:rPr><w:t>Тошкент</w:t></w:r>'
        '<w:r><w:rPr><w:lang w:val="en-US"/></w:rPr><w:t xml:space="preserve"> London</w:t></w:r></w:p>'
    )
    parts = read_zip(convert_document("a.docx", _docx(body, _STYLES), LATN).data)
    document, styles = parts["word/document.xml"].decode(), parts["word/styles.xml"].decode()
    assert '<w:lang w:val="uz-Latn-UZ"/></w:rPr><w:t>Toshkent</w:t>' in document
    assert '<w:lang w:val="en-US"/>' in document
    assert '<w:lang w:val="uz-Latn-UZ" w:eastAsia="en-US" w:bidi="ar-SA"/>' in styles
    assert '<w:lang w:val="en-GB"/>' in styles


def test_a_docx_in_another_language_keeps_its_tags_and_its_styles_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    """English text marked English: nothing converts, no tag names the source's language, and styles.xml (whose
    bytes show no tag that could) is not even parsed: every part comes out as it went in."""
    from translit.documents import DocContext, xmlzip

    parsed: list[str] = []
    real = xmlzip.rewrite_xml

    def spy(data: bytes, model: xmlzip.Model, ctx: DocContext, name: str) -> bytes:
        parsed.append(name)
        return real(data, model, ctx, name)

    monkeypatch.setattr(xmlzip, "rewrite_xml", spy)
    styles = _STYLES.replace("uz-Cyrl-UZ", "en-US")
    src = _docx('<w:p><w:r><w:rPr><w:lang w:val="en-GB"/></w:rPr><w:t>London</w:t></w:r></w:p>', styles)
    assert read_zip(convert_document("a.docx", src, LATN).data) == read_zip(src)
    assert parsed == ["word/document.xml"]
    first = zip_bytes(sorted(read_zip(src).items(), key=lambda item: item[0] != "word/styles.xml"))
    assert next(iter(read_zip(first))) == "word/styles.xml"  # read before the text: its source is not known
    assert read_zip(convert_document("a.docx", first, LATN).data) == read_zip(src)
    assert parsed[1:] == ["word/document.xml"]  # nor guessed (a wrong guess would convert the document twice)
    convert_document("a.docx", _docx("<w:p><w:r><w:t>Тошкент</w:t></w:r></w:p>", _STYLES), LATN)
    assert parsed[2:] == ["word/document.xml", "word/styles.xml"]


def test_pptx_run_and_paragraph_end_langs_follow_the_conversion() -> None:
    from bulk_fixtures import pptx

    data = pptx(
        '<a:p><a:r><a:rPr lang="uz-Cyrl-UZ"/><a:t>Шаҳар</a:t></a:r><a:endParaRPr lang="uz-Cyrl-UZ"/></a:p>'
        '<a:p><a:r><a:rPr lang="en-US"/><a:t>Ok</a:t></a:r></a:p>'
    )
    out = read_zip(convert_document("s.pptx", data, LATN).data)["ppt/slides/slide1.xml"].decode()
    assert '<a:rPr lang="uz-Latn-UZ"/><a:t>Shahar</a:t></a:r><a:endParaRPr lang="uz-Latn-UZ"/>' in out
    assert '<a:rPr lang="en-US"/>' in out


def test_odt_style_languages_and_meta_language_follow_the_conversion() -> None:
    """ODF splits a style's language into language, script and country attributes (with ODF 1.2's BCP 47 tag
    beside them when there is one): the script is retargeted, the rest kept; meta.xml's dc:language too."""
    from bulk_fixtures import ODF_NS

    fo = 'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"'
    content = (
        f"{DECL}<office:document-content {ODF_NS} {fo}><office:automatic-styles>"
        '<style:style style:name="T1"><style:text-properties fo:language="uz" fo:script="Cyrl" fo:country="UZ" '
        'style:language-complex="ar" style:country-complex="SA"/></style:style>'
        '<style:style style:name="T2"><style:text-properties fo:language="uz" fo:country="UZ" '
        'style:rfc-language-tag="uz-Cyrl-UZ"/></style:style>'
        '<style:style style:name="T3"><style:text-properties fo:language="en" fo:country="GB"/></style:style>'
        "</office:automatic-styles><office:body><office:text><text:p>Тошкент шаҳри</text:p>"
        "</office:text></office:body></office:document-content>"
    )
    meta = (
        f'{DECL}<office:document-meta {ODF_NS} xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<office:meta><dc:language>uz-Cyrl</dc:language></office:meta></office:document-meta>"
    )
    src = zip_bytes(
        [("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", content), ("meta.xml", meta)],
        stored_first=True,
    )
    parts = read_zip(convert_document("a.odt", src, LATN).data)
    out = parts["content.xml"].decode()
    assert '<style:text-properties fo:language="uz" fo:script="Latn" fo:country="UZ" ' in out
    assert 'style:language-complex="ar" style:country-complex="SA"/>' in out
    assert 'fo:language="uz" fo:country="UZ" style:rfc-language-tag="uz-Latn-UZ" fo:script="Latn"/>' in out
    assert '<style:text-properties fo:language="en" fo:country="GB"/>' in out
    assert "<text:p>Toshkent shahri</text:p>" in out
    assert "<dc:language>uz-Latn</dc:language>" in parts["meta.xml"].decode()
