"""The XLIFF export against the OASIS XLIFF 2 core schema (tests/data/xliff, validated offline with lxml).

Besides these tests, `translate_fixtures.every_xliff_export_is_schema_valid` validates every export any
translation test makes (the CLI's included).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bulk_fixtures import docx
from test_translate_documents import MD, Echo
from xliff_schema import XLIFF_SCHEMA, assert_valid_xliff, xliff_schema

from translit.translate.documents import translate_file
from translit.translate.xliff import export_xliff, merge_xliff

pytest_plugins = ["translate_fixtures"]

DATA = Path(__file__).resolve().parent / "data"


def test_the_schema_imports_only_local_files() -> None:
    text = XLIFF_SCHEMA.read_text(encoding="utf-8")
    assert 'schemaLocation="xml.xsd"' in text and "http://www.w3.org/2001/xml.xsd" not in text
    assert (XLIFF_SCHEMA.parent / "xml.xsd").is_file()


def test_the_schema_rejects_what_xliff_2_forbids() -> None:
    """The validation can fail: a segment without a source, an unknown state, a file without units."""
    doc = translate_file("a.md", MD.encode(), "en", backend=Echo())
    good = export_xliff(doc)
    assert_valid_xliff(good)
    bad = [
        good.replace('state="initial"', 'state="machine"', 1),
        good.replace('<unit id="u1">', '<unit id="u 1">', 1),
        good.replace('version="2.1" ', "", 1),
    ]
    for text in bad:
        with pytest.raises(AssertionError, match="not valid"):
            assert_valid_xliff(text)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("a.md", MD.encode()),
        ("mixed.docx", (DATA / "mixed.pandoc.docx").read_bytes()),
        ("news.epub", (DATA / "news.pandoc.epub").read_bytes()),
        ("a.docx", docx("<w:p><w:r><w:t>Салом дунё.</w:t></w:r></w:p>")),
        ("a.html", "<p>Bu <b>Python</b> tili. <code>x</code> Это русский.</p>".encode()),
        ("a.srt", "1\n00:00:01,000 --> 00:00:02,000\nСалом дунё.\n".encode()),
    ],
)
@pytest.mark.parametrize("trust_mt", [False, True])
def test_every_export_is_valid_xliff_2(name: str, data: bytes, trust_mt: bool) -> None:
    doc = translate_file(name, data, "en", backend=Echo())
    assert doc.segments
    assert_valid_xliff(export_xliff(doc, trust_mt=trust_mt), xliff_schema())


def test_a_document_without_prose_exports_valid_xliff_that_merges_back() -> None:
    doc = translate_file("n.txt", b"12345\n", "en", backend=Echo())
    assert doc.status == "empty"
    text = export_xliff(doc)
    assert_valid_xliff(text)
    assert '<group id="empty"' in text
    merged = merge_xliff(text)
    assert merged.data == b"12345\n" and merged.segments == 0


def test_every_export_in_a_test_is_validated(every_xliff_export_is_schema_valid: list[str]) -> None:
    doc = translate_file("a.md", MD.encode(), "en", backend=Echo())
    export_xliff(doc)
    assert len(every_xliff_export_is_schema_valid) == 1
