"""Translated documents, XLIFF round trips, per-sentence language and glossaries.

`Echo` is a backend that writes ``<en> `` before each sentence it is given and records what it was given,
so that structure, routing and placeholders can be asserted exactly; the tiny CTranslate2 model runs the
real token protocol (its output is garbage: only structure is asserted with it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from bulk_fixtures import DECL, ODF_NS, A, docx, odt, read_zip, zip_bytes
from lxml import etree

from translit.translate.base import TranslationBackend
from translit.translate.ct2 import CTranslate2Backend
from translit.translate.documents import filter_language_tokens, translate_file, translated_name, translated_tag
from translit.translate.glossary import Glossary, load_glossary
from translit.translate.xliff import export_xliff, merge_xliff

pytest_plugins = ["translate_fixtures"]  # tests/translate_fixtures.py: tiny_model

_SCRIPTS = {"uz": "Latn", "kk": "Cyrl", "ru": "Cyrl", "en": "Latn"}


class Echo(TranslationBackend):
    name = "echo"

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, list[str]]] = []

    @property
    def model_id(self) -> str:
        return "echo"

    def pairs(self) -> frozenset[tuple[str, str]]:
        return frozenset((a, b) for a in _SCRIPTS for b in _SCRIPTS if a != b)

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        self.calls.append((source, target, list(sentences)))
        return [f"<{target}> {s}" for s in sentences]

    def input_script(self, lang: str) -> str | None:
        return _SCRIPTS.get(lang)


MD = (
    "# Сарлавҳа бу ерда\n\n"
    "Биринчи гап шу ерда. Иккинчи гап `code` билан.\n\n"
    "* Рўйхат банди бир\n"
    "* Это русское предложение, довольно длинное.\n"
)


def test_markdown_is_translated_by_sentence_with_code_kept_and_markers_out_of_the_model() -> None:
    echo = Echo()
    doc = translate_file("a.md", MD.encode(), "en", backend=echo)
    assert doc.data.decode() == (
        "# <en> Sarlavha bu yerda\n\n"
        "<en> Birinchi gap shu yerda. <en> Ikkinchi gap `code` bilan.\n\n"
        "* <en> Roʻyxat bandi bir\n"
        "* <en> Это русское предложение, довольно длинное.\n"
    )
    given = [s for _a, _b, batch in echo.calls for s in batch]
    assert "Ikkinchi gap [[1]] bilan." in given  # the code span is a placeholder in the segment
    assert not any(s.lstrip().startswith(("*", "#")) for s in given)  # block markers never reach the model
    assert doc.status == "translated"
    assert doc.report()["languages"] == {"uz-Cyrl": 4, "ru": 1}


def test_a_russian_sentence_goes_to_the_model_as_russian() -> None:
    echo = Echo()
    doc = translate_file("a.md", MD.encode(), "en", backend=echo)
    by_lang = {source: batch for source, _t, batch in echo.calls}
    assert by_lang["ru"] == ["Это русское предложение, довольно длинное."]
    assert all("Это" not in s for s in by_lang["uz"])
    assert [s.lang for s in doc.segments][-1] == "ru"


def test_only_leaves_other_languages_untranslated_and_says_so() -> None:
    doc = translate_file("a.md", MD.encode(), "en", backend=Echo(), only=["ru"])
    assert doc.status == "partly translated"
    assert doc.data.decode().count("<en>") == 1
    assert "4 segment(s) kept: not in --only" in doc.warnings


def test_nothing_translated_is_reported_not_handed_back_silently() -> None:
    doc = translate_file("a.md", MD.encode(), "en", backend=Echo(), only=["kk"])
    assert doc.status == "untranslated"
    assert doc.data == MD.encode()
    assert any("nothing in this document was translated" in w for w in doc.warnings)


def test_docx_runs_holding_whole_sentences_keep_their_format_and_the_header_is_translated() -> None:
    body = (
        "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Биринчи гап.</w:t></w:r>"
        '<w:r><w:t xml:space="preserve"> Иккинчи гап.</w:t></w:r></w:p>'
        "<w:p><w:r><w:t>Бу </w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>қалин</w:t></w:r>"
        '<w:r><w:t xml:space="preserve"> сўз ва матн.</w:t></w:r></w:p>'
    )
    doc = translate_file(
        "a.docx", docx(body, header="<w:p><w:r><w:t>Салом дунё</w:t></w:r></w:p>"), "en", backend=Echo()
    )
    parts = read_zip(doc.data)
    xml = parts["word/document.xml"].decode()
    assert "<w:r><w:rPr><w:b/></w:rPr><w:t>&lt;en&gt; Birinchi gap.</w:t></w:r>" in xml
    assert '<w:t xml:space="preserve"> &lt;en&gt; Ikkinchi gap.</w:t>' in xml
    # a word in italics inside a sentence: the sentence goes to the run with most letters
    assert "<w:t/></w:r><w:r><w:rPr><w:i/></w:rPr><w:t/></w:r>" in xml.replace("<w:t></w:t>", "<w:t/>")
    assert "&lt;en&gt; Bu qalin soʻz va matn.</w:t>" in xml
    assert "&lt;en&gt; Salom dunyo" in parts["word/header1.xml"].decode()
    assert doc.report()["formatting_simplified"] == 1


def test_tiny_model_translates_docx_odt_pptx_html_md_srt_with_structure_intact(tiny_model: Path) -> None:
    backend = CTranslate2Backend(tiny_model)
    body = "<w:p><w:r><w:t>Салом дунё. Бугун ҳаво яхши.</w:t></w:r></w:p><w:p><w:r><w:t>Тошкент шаҳри</w:t></w:r></w:p>"
    slide = f'<?xml version="1.0"?><p:sld xmlns:p="urn:p" {A}><a:p><a:r><a:t>Салом дунё</a:t></a:r></a:p></p:sld>'
    pptx = zip_bytes(
        [("[Content_Types].xml", "<Types/>"), ("ppt/presentation.xml", "<p/>"), ("ppt/slides/slide1.xml", slide)]
    )
    html = (
        "<html><head><title>Салом</title></head>"
        "<body><p>Салом дунё. Бугун <b>ҳаво</b> яхши.</p><pre>код</pre></body></html>"
    )
    srt = "1\n00:00:01,000 --> 00:00:02,000\nСалом дунё.\n\n2\n00:00:03,000 --> 00:00:04,000\nБугун ҳаво яхши.\n"
    inputs = {
        "a.docx": docx(body),
        "a.odt": odt(),
        "a.pptx": pptx,
        "a.html": html.encode(),
        "a.md": MD.encode(),
        "a.srt": srt.encode(),
    }
    for name, data in inputs.items():
        doc = translate_file(name, data, "en", backend=backend)
        assert doc.status in ("translated", "partly translated"), (name, doc.warnings)
        assert doc.data != data, name
        assert doc.report()["translated"] >= 1
        if name.endswith(("docx", "odt", "pptx")):
            before, after = read_zip(data), read_zip(doc.data)
            assert list(before) == list(after), name
            for part, xml in after.items():
                if part.endswith(".xml") and before[part] != xml:
                    old, new = etree.fromstring(before[part]), etree.fromstring(xml)
                    assert [e.tag for e in old.iter()] == [e.tag for e in new.iter()], (name, part)
        elif name.endswith("srt"):
            lines = doc.data.decode().splitlines()
            assert lines[0:2] == ["1", "00:00:01,000 --> 00:00:02,000"]
            assert lines[4:6] == ["2", "00:00:03,000 --> 00:00:04,000"]
            assert "Салом" not in doc.data.decode()
        elif name.endswith("html"):
            out = doc.data.decode()
            assert out.startswith("<html><head><title>") and "<pre>код</pre>" in out and out.count("<b>") == 1
        else:
            out = doc.data.decode()
            assert out.startswith("# ") and "`code`" in out and out.count("\n* ") == 2


def test_glossary_terms_are_protected_put_back_capitalised_and_reported_when_dropped(
    tiny_model: Path,
    tmp_path: Path,
) -> None:
    file = tmp_path / "terms.tsv"
    file.write_text("uz\ten\nhokimlik\tmayor's office\nToshkent\tTashkent\n", encoding="utf-8")
    glossary = load_glossary(file)
    echo = Echo()
    text = "Ҳокимлик қарор қилди. Тошкентда янги мактаб очилди.\n"
    doc = translate_file("a.txt", text.encode(), "en", backend=echo, glossary=glossary)
    assert doc.data.decode() == "<en> Mayor's office qaror qildi. <en> Tashkent yangi maktab ochildi.\n"
    assert [s for _a, _b, batch in echo.calls for s in batch] == [
        "[[1000]] qaror qildi.",
        "[[1000]] yangi maktab ochildi.",
    ]
    dropped = translate_file("a.txt", text.encode(), "en", backend=CTranslate2Backend(tiny_model), glossary=glossary)
    assert dropped.report()["missing_terms"] == ["Mayor's office", "Tashkent"]
    assert any("dropped glossary term" in w for w in dropped.warnings)


def test_a_glossary_without_a_header_is_refused(tmp_path: Path) -> None:
    import pytest

    from translit.errors import InputError

    file = tmp_path / "g.tsv"
    file.write_text("hokimlik\n", encoding="utf-8")
    with pytest.raises(InputError, match="header row"):
        load_glossary(file)
    assert Glossary.from_pairs("en", {"a": "b"}).for_target("en") == {"a": "b"}


def test_targets_through_transliteration_have_honest_tags() -> None:
    text = "Это русское предложение, довольно длинное.\n".encode()
    cyr = translate_file("a.txt", text, "uz-Cyrl", backend=Echo())
    assert cyr.target.tag == "uz-Cyrl"
    assert cyr.data.decode() == "<уз> Это русское предложение, довольно длинное.\n"
    latn = translate_file("a.txt", text, "uz", backend=Echo())
    assert latn.target.tag == "uz-Latn"
    kk = translate_file("a.txt", text, "kk-Latn", backend=Echo())
    assert kk.target.tag == "kk-Latn" and kk.data.decode().startswith("<kk> ")
    assert translated_name("dir/report.docx", "en") == "report.en.docx"


def test_language_tokens_are_filtered_from_the_output() -> None:
    assert filter_language_tokens("eng_Latn Hello world") == "Hello world"
    assert filter_language_tokens("a snake_case name") == "a snake_case name"


def test_xliff_parses_in_translate_toolkit_and_round_trips_an_edit() -> None:
    from translate.storage import xliff2

    doc = translate_file("a.md", MD.encode(), "en", backend=Echo())
    xliff = export_xliff(doc)
    store = xliff2.Xliff2File.parsestring(xliff.encode())
    pairs = [(u.source, u.target) for u in store.units]
    assert pairs[0] == ("Сарлавҳа бу ерда", "<en> Sarlavha bu yerda")
    assert pairs[-1] == (
        "Это русское предложение, довольно длинное.",
        "<en> Это русское предложение, довольно длинное.",
    )
    assert 'state="initial" subState="translit:mt"' in xliff
    assert '<ph id="ph1" dataRef="d1" />' in xliff and '<data id="d1">`code`</data>' in xliff
    assert "segment s2 is in ru" in xliff
    assert 'state="translated"' in export_xliff(doc, trust_mt=True)
    edited = xliff.replace("&lt;en&gt; Ikkinchi gap <ph", "The second sentence, with <ph").replace(
        '<ph id="ph1" dataRef="d1" /> bilan.</target>', '<ph id="ph1" dataRef="d1" />.</target>'
    )
    merged = merge_xliff(edited)
    assert merged.name == "a.md" and merged.target == "en"
    assert merged.data.decode() == doc.data.decode().replace(
        "<en> Ikkinchi gap `code` bilan.", "The second sentence, with `code`."
    )


def test_xliff_merge_of_a_docx_gives_the_edited_document() -> None:
    body = "<w:p><w:r><w:t>Салом дунё.</w:t></w:r></w:p>"
    doc = translate_file("a.docx", docx(body), "en", backend=Echo(), source="uz")
    merged = merge_xliff(export_xliff(doc).replace("&lt;en&gt; Salom dunyo.", "Hello, world."))
    assert "<w:t>Hello, world.</w:t>" in read_zip(merged.data)["word/document.xml"].decode()


def test_side_by_side_rows_of_a_document_keep_code_and_leave_list_markers_out() -> None:
    from translit.translate.documents import document_rows

    echo = Echo()
    rows = document_rows([translate_file("a.md", MD.encode(), "en", backend=echo)], member="docs/a.md")
    assert [r.source for r in rows] == [
        "Сарлавҳа бу ерда",
        "Биринчи гап шу ерда.",
        "Иккинчи гап `code` билан.",
        "Рўйхат банди бир",
        "Это русское предложение, довольно длинное.",
    ]
    assert rows[2].translations == {"en": "<en> Ikkinchi gap `code` bilan."}
    assert rows[4].source_tag == "ru" and rows[4].source == "Это русское предложение, довольно длинное."
    assert {(r.file, r.member) for r in rows} == {("a.md", "docs/a.md")}


class Table(Echo):
    """Translates from a fixed table (what a real model would answer)."""

    def __init__(self, table: dict[str, str]) -> None:
        super().__init__()
        self.table = table

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        self.calls.append((source, target, list(sentences)))
        return [self.table[s] for s in sentences]


def test_a_word_in_bold_that_comes_back_verbatim_keeps_its_format() -> None:
    html = "<p>Bu <b>Python</b> tili juda qulay va tez ishlaydi.</p>"
    table = {"Bu Python tili juda qulay va tez ishlaydi.": "This Python language is handy and fast."}
    doc = translate_file("a.html", html.encode(), "en", backend=Table(table), source="uz")
    assert doc.data.decode() == "<p>This <b>Python</b> language is handy and fast.</p>"
    assert doc.simplified == 0
    other = {"Bu Python tili juda qulay va tez ishlaydi.": "It is handy and fast."}
    lost = translate_file("a.html", html.encode(), "en", backend=Table(other), source="uz")
    assert lost.data.decode() == "<p><b></b>It is handy and fast.</p>"  # the sentence takes the plain format
    assert lost.simplified == 1


DATA = Path(__file__).resolve().parent / "data"


def test_pandoc_documents_route_each_sentence_and_an_unedited_xliff_merges_to_the_same_bytes() -> None:
    docx_doc = translate_file("mixed.docx", (DATA / "mixed.pandoc.docx").read_bytes(), "en", backend=Echo())
    statuses = docx_doc.report()["statuses"]
    assert docx_doc.report()["languages"]["ru"] == 2 and statuses["translated"] == 14
    assert statuses["kept: no model for tr->en"] == 1  # a Turkish line: the echo backend has no Turkish
    russian = [s for s in docx_doc.segments if s.lang == "ru"]
    assert all(s.target == f"<en> {s.source}" for s in russian)  # sent as Russian: not romanized first
    for doc in (docx_doc, translate_file("news.epub", (DATA / "news.pandoc.epub").read_bytes(), "en", backend=Echo())):
        assert merge_xliff(export_xliff(doc)).data == doc.data


# --- language tags follow the translation --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "sources", "target", "expected"),
    [
        ("uz-Cyrl-UZ", ["uz-Cyrl"], "en", "en"),  # the region of the source language goes
        ("uz", ["uz-Latn"], "kk", "kk"),
        ("ru-RU", ["uz-Cyrl", "ru"], "en", "en"),  # a second language translated from
        ("en-US", ["uz-Cyrl"], "en", None),  # the target's language already: its text was kept
        ("tr-TR", ["uz-Cyrl"], "en", None),  # nothing was translated from Turkish
        ("uz-Cyrl-UZ", ["uz-Cyrl"], "uz-Latn", "uz-Latn-UZ"),  # the same language: follows the script
        ("uz-Latn-UZ", ["uz-Cyrl"], "uz-Latn", None),
        ("EN", ["uz-Cyrl"], "en", None),
        (" ", ["uz-Cyrl"], "en", None),
        ("uz-Cyrl", ["uz-Cyrl"], None, None),
    ],
)
def test_a_tag_naming_a_language_translated_from_becomes_the_targets(
    value: str, sources: list[str], target: str | None, expected: str | None
) -> None:
    assert translated_tag(value, sources, target) == expected


def _run(text: str, lang: str) -> str:
    return f'<w:p><w:r><w:rPr><w:lang w:val="{lang}"/></w:rPr><w:t>{text}</w:t></w:r></w:p>'


def test_a_translated_docx_says_its_text_is_in_the_target_language() -> None:
    body = (
        _run("Тошкент шаҳрида янги мактаб очилди, унда минг бола ўқийди.", "uz-Cyrl-UZ")
        + _run("Это русское предложение, довольно длинное и понятное.", "ru-RU")
        + _run("This English sentence stays exactly as it is written here.", "en-US")
    )
    doc = translate_file("a.docx", docx(body), "en", backend=Echo())
    assert [s.lang for s in doc.segments] == ["uz-Cyrl", "ru", "en"]
    part = read_zip(doc.data)["word/document.xml"].decode()
    assert re.findall(r'w:lang w:val="([^"]+)"', part) == ["en", "en", "en-US"]
    assert merge_xliff(export_xliff(doc)).data == doc.data  # the merge retargets the same tags


def test_a_translated_odt_writes_the_target_language_into_its_styles_parts() -> None:
    """ODF keeps a tag in parts (fo:language, fo:script, fo:country): a translated style says `en`, with no script
    or country left from the Uzbek Cyrillic it named (as LibreOffice writes styles for `<p lang=uz-Cyrl-UZ>`)."""
    fo = 'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"'
    styles = "".join(
        f'<style:style style:name="P{i}" style:family="paragraph"><style:text-properties {props}/></style:style>'
        for i, props in enumerate(
            [
                'fo:language="uz" fo:script="Cyrl" fo:country="UZ" style:rfc-language-tag="uz-Cyrl-UZ"',
                'fo:language="ru" fo:country="RU"',
                'fo:language="en" fo:country="GB"',
            ],
            start=1,
        )
    )
    texts = [
        "Тошкент шаҳрида янги мактаб очилди, унда минг бола ўқийди.",
        "Это русское предложение, довольно длинное и понятное.",
        "This English sentence stays exactly as it is written here.",
    ]
    body = "".join(f'<text:p text:style-name="P{i}">{t}</text:p>' for i, t in enumerate(texts, start=1))
    content = (
        f"{DECL}<office:document-content {ODF_NS} {fo}><office:automatic-styles>{styles}</office:automatic-styles>"
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )
    src = zip_bytes([("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", content)], True)
    doc = translate_file("a.odt", src, "en", backend=Echo())
    assert [s.lang for s in doc.segments] == ["uz-Cyrl", "ru", "en"]
    out = read_zip(doc.data)["content.xml"].decode()
    assert re.findall(r"<style:text-properties [^>]*/>", out) == [
        '<style:text-properties fo:language="en" style:rfc-language-tag="en"/>',
        '<style:text-properties fo:language="en"/>',
        '<style:text-properties fo:language="en" fo:country="GB"/>',
    ]


def test_a_translated_html_page_and_its_spans_say_the_target_language() -> None:
    page = (
        '<html lang="uz-Cyrl"><body><p>Тошкент шаҳрида янги мактаб очилди, унда минг бола ўқийди.</p>'
        '<p lang="ru">Это русское предложение, довольно длинное и понятное.</p></body></html>'
    ).encode()
    doc = translate_file("a.html", page, "kk", backend=Echo())
    out = doc.data.decode()
    assert '<html lang="kk">' in out and '<p lang="kk">' in out


def test_a_docx_translated_into_uzbek_latin_retargets_its_cyrillic_tags_by_script() -> None:
    body = _run("Тошкент шаҳрида янги мактаб очилди, унда минг бола ўқийди.", "uz-Cyrl-UZ")
    doc = translate_file("a.docx", docx(body), "uz-Latn", backend=Echo())
    assert doc.segments[0].target is not None
    part = read_zip(doc.data)["word/document.xml"].decode()
    assert re.findall(r'w:lang w:val="([^"]+)"', part) == ["uz-Latn-UZ"]


def test_nothing_translated_leaves_every_tag() -> None:
    body = _run("This English sentence stays exactly as it is written here.", "en-US")
    doc = translate_file("a.docx", docx(body), "en", backend=Echo())
    assert doc.status == "untranslated"
    assert re.findall(r'w:lang w:val="([^"]+)"', read_zip(doc.data)["word/document.xml"].decode()) == ["en-US"]
