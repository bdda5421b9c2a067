"""Side-by-side writers: exact TSV/Markdown, JSONL and TMX parsed back, HTML structure, atomic writes."""

from __future__ import annotations

import dataclasses
import json
import os
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from translit.errors import OutputError, TranslationError
from translit.sidebyside import FORMATS, format_for_path, render, write_side_by_side
from translit.translate import AlignedSentence

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

ROWS = [
    AlignedSentence(
        0, 0, "Салом дунё.", "uz-Cyrl", "Salom dunyo.", "uz-Latn", {"en": "Hello world.", "kk": "Сәлем әлем."}
    ),
    AlignedSentence(
        1,
        0,
        "«Kazakhstan–EU Gateway» | 5 < 6 & 7 > 3\tтаб.",
        "uz-Cyrl",
        "«Kazakhstan–EU Gateway» | 5 < 6 & 7 > 3\ttab.",
        "uz-Latn",
        {"en": 'A "quoted" <b>tag</b>', "kk": ""},
    ),
    AlignedSentence(2, 1, "Янги\x01 параграф.", "uz-Cyrl", "Yangi parag‘raf.", "uz-Latn", {"en": "New", "kk": "Жаңа"}),
]


def test_tsv_exact() -> None:
    assert render(ROWS, "tsv") == (
        "index\tparagraph\tlang\tuz-Cyrl\tuz-Latn\ten\tkk\n"
        "0\t0\tuz-Cyrl\tСалом дунё.\tSalom dunyo.\tHello world.\tСәлем әлем.\n"
        "1\t0\tuz-Cyrl\t«Kazakhstan–EU Gateway» | 5 < 6 & 7 > 3\\tтаб.\t"
        "«Kazakhstan–EU Gateway» | 5 < 6 & 7 > 3\\ttab.\t"
        'A "quoted" <b>tag</b>\t\n'
        "2\t1\tuz-Cyrl\tЯнги\x01 параграф.\tYangi parag‘raf.\tNew\tЖаңа\n"
    )


def test_jsonl_parses_back_to_the_rows() -> None:
    lines = render(ROWS, "jsonl").splitlines()
    assert len(lines) == 3
    back = [AlignedSentence(**json.loads(line)) for line in lines]
    assert back == ROWS
    assert "Салом" in lines[0]  # UTF-8, not \\u escapes


def test_markdown_exact() -> None:
    assert render(ROWS, "md", title="Test | doc") == (
        "# Test \\| doc\n"
        "\n"
        "| ¶ | Uzbek (Cyrillic) | Uzbek (Latin) | English | Kazakh |\n"
        "|---:|---|---|---|---|\n"
        "| 1 | Салом дунё. | Salom dunyo. | Hello world. | Сәлем әлем. |\n"
        "|  | «Kazakhstan–EU Gateway» \\| 5 < 6 & 7 > 3\tтаб. | "
        "«Kazakhstan–EU Gateway» \\| 5 < 6 & 7 > 3\ttab. | "
        'A "quoted" <b>tag</b> |  |\n'
        "| 2 | Янги\x01 параграф. | Yangi parag‘raf. | New | Жаңа |\n"
    )


def test_tmx_is_valid_tmx_1_4_and_parses_back() -> None:
    root = ET.fromstring(render(ROWS, "tmx").encode("utf-8"))
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    assert header is not None
    for attr in (
        "creationtool",
        "creationtoolversion",
        "segtype",
        "o-tmf",
        "adminlang",
        "srclang",
        "datatype",
    ):
        assert header.get(attr), attr
    assert header.get("srclang") == "uz-Cyrl" and header.get("segtype") == "sentence"
    tus = root.findall("body/tu")
    assert [tu.get("tuid") for tu in tus] == ["1", "2", "3"]
    assert [tu.findtext("prop[@type='x-paragraph']") for tu in tus] == ["1", "1", "2"]
    variants = [{tuv.get(XML_LANG): tuv.findtext("seg") for tuv in tu.findall("tuv")} for tu in tus]
    assert variants[0] == {
        "uz-Cyrl": "Салом дунё.",
        "uz-Latn": "Salom dunyo.",
        "en": "Hello world.",
        "kk": "Сәлем әлем.",
    }
    assert variants[1]["en"] == 'A "quoted" <b>tag</b>'  # escaped on the way out, intact on the way back
    assert variants[1]["uz-Cyrl"] == "«Kazakhstan–EU Gateway» | 5 < 6 & 7 > 3\tтаб."
    assert variants[2]["uz-Cyrl"] == "Янги параграф."  # U+0001 is not allowed in XML 1.0: dropped


def test_tmx_has_one_variant_per_language() -> None:
    rows = [AlignedSentence(0, 0, "Salom.", "uz-Latn", None, None, {"uz": "Salom.", "en": "Hi."})]
    tu = ET.fromstring(render(rows, "tmx")).find("body/tu")
    assert tu is not None
    assert [tuv.get(XML_LANG) for tuv in tu.findall("tuv")] == ["uz-Latn", "en"]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.rows: list[list[tuple[str | None, str | None, str]]] = []
        self._cell: list[str] | None = None
        self._cell_attrs: dict[str, str | None] = {}
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "tr" and dict(attrs).get("id", "") and dict(attrs)["id"].startswith("s"):  # type: ignore[union-attr]
            self.rows.append([])
        if tag == "td":
            self._cell, self._cell_attrs = [], dict(attrs)
        if tag == "title":
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None:
            self.rows[-1].append((self._cell_attrs.get("class"), self._cell_attrs.get("lang"), "".join(self._cell)))
            self._cell = None
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._in_title:
            self.title += data


def test_html_structure_text_and_offline() -> None:
    page = render(ROWS, "html", title="Brussels <news>")
    parser = _Collector()
    parser.feed(page)
    assert parser.title == "Brussels <news>"
    assert page.startswith("<!DOCTYPE html>")
    assert ("meta", {"charset": "utf-8"}) in parser.tags
    headers = [a.get("class") for t, a in parser.tags if t == "th"]
    assert headers == ["num", "source", "transliteration", "translation", "translation"]
    assert len(parser.rows) == 3
    assert parser.rows[0] == [
        ("num", None, "1"),
        ("source", "uz-Cyrl", "Салом дунё."),
        ("transliteration", "uz-Latn", "Salom dunyo."),
        ("translation", "en", "Hello world."),
        ("translation", "kk", "Сәлем әлем."),
    ]
    assert parser.rows[1][3] == ("translation", "en", 'A "quoted" <b>tag</b>')  # shown as text, not markup
    assert parser.rows[1][4] == ("translation empty", "kk", "")
    assert parser.rows[2][1] == ("source", "uz-Cyrl", "Янги параграф.")
    # Paragraphs are separate groups.
    assert [a.get("id") for t, a in parser.tags if t == "tbody"] == ["p1", "p2"]
    # Nothing is fetched from anywhere: no scripts, links, images, fonts or URLs.
    assert not {t for t, _ in parser.tags} & {"script", "link", "img", "iframe", "object"}
    assert "http" not in page and "url(" not in page and "@import" not in page


def test_every_format_handles_an_empty_document() -> None:
    assert render([], "tsv") == "index\tparagraph\tlang\n"
    assert render([], "jsonl") == ""
    assert ET.fromstring(render([], "tmx")).findall("body/tu") == []
    assert "<tbody" not in render([], "html")
    assert render([], "md") == "| ¶ |  |\n|---:||\n"


def test_rows_without_transliteration() -> None:
    rows = [AlignedSentence(0, 0, "Hello.", "en", None, None, {"kk": "Сәлем."})]
    assert render(rows, "tsv") == "index\tparagraph\tlang\ten\tkk\n0\t0\ten\tHello.\tСәлем.\n"


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_write_is_atomic_and_matches_render(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"out.{fmt}"
    out.write_text("old content", encoding="utf-8")
    assert write_side_by_side(ROWS, out, fmt) == out
    assert out.read_bytes() == render(ROWS, fmt).encode("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"out.{fmt}"]  # no temporary file left
    assert out.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_format_from_suffix(tmp_path: Path) -> None:
    assert [format_for_path(p) for p in ("a.TSV", "b.jsonl", "c.md", "d.htm", "e.tmx", "f.txt")] == [
        "tsv",
        "jsonl",
        "md",
        "html",
        "tmx",
        None,
    ]
    write_side_by_side(ROWS, tmp_path / "page.html")
    assert (tmp_path / "page.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    with pytest.raises(OutputError, match="cannot tell the format from the file name"):
        write_side_by_side(ROWS, tmp_path / "page.txt")
    with pytest.raises(TranslationError, match=r"unknown side-by-side format 'pdf'"):
        render(ROWS, "pdf")


def test_unwritable_destination_is_a_clear_error_and_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="cannot write here") as info:
        write_side_by_side(ROWS, tmp_path / "missing-dir" / "out.tsv")
    assert "missing-dir" in str(info.value)
    target = tmp_path / "is-a-dir.tsv"
    target.mkdir()
    with pytest.raises(OutputError, match="cannot write the file"):
        write_side_by_side(ROWS, target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["is-a-dir.tsv"]


MT_ROWS = [
    AlignedSentence(0, 0, "Салом дунё.", "uz-Cyrl", "Salom dunyo.", "uz-Latn", {"en": "Hello world."}, {"en": "en"}),
    AlignedSentence(1, 1, "Привет, мир.", "ru", None, None, {"en": "Hello, world."}, {"en": "en"}),
]


def test_tmx_marks_machine_translation_and_puts_the_source_first() -> None:
    root = ET.fromstring(render(MT_ROWS, "tmx"))
    assert root.find("header").get("srclang") == "*all*"  # type: ignore[union-attr]
    tu = root.findall("body/tu")
    assert [v.get(XML_LANG) for v in tu[0].findall("tuv")] == ["uz-Cyrl", "en", "uz-Latn"]
    assert [v.get(XML_LANG) for v in tu[1].findall("tuv")] == ["ru", "en"]  # the sentence's own language
    en = tu[0].findall("tuv")[1]
    assert en.get("creationtool") == "translit-mt" and en.findtext("prop[@type='x-origin']") == "machine-translation"
    assert tu[0].findall("tuv")[2].findtext("prop[@type='x-origin']") == "transliteration"
    assert tu[0].findall("tuv")[0].find("prop") is None  # the source is nobody's translation


def test_tmx_bilingual_reads_as_source_to_translation_in_translate_toolkit() -> None:
    from translate.storage import tmx as ttk_tmx

    store = ttk_tmx.tmxfile.parsestring(render(MT_ROWS, "tmx-bilingual").encode("utf-8"))
    assert [(u.source, u.target) for u in store.units] == [
        ("Салом дунё.", "Hello world."),
        ("Привет, мир.", "Hello, world."),
    ]
    assert "uz-Latn" not in render(MT_ROWS, "tmx-bilingual")


def test_tsv_lang_column_shows_each_sentence_s_detected_language() -> None:
    lines = [line.split("\t") for line in render(MT_ROWS, "tsv").splitlines()]
    assert lines[0][:3] == ["index", "paragraph", "lang"]
    assert [(line[2], line[3]) for line in lines[1:]] == [("uz-Cyrl", "Салом дунё."), ("ru", "Привет, мир.")]


def test_markdown_and_html_show_a_sentence_detected_in_another_language() -> None:
    md = render(MT_ROWS, "md")
    assert "| 2 | Привет, мир. *(ru)* |  | Hello, world. |" in md
    page = render(MT_ROWS, "html")
    assert '<td class="source" lang="ru">Привет, мир. <small class="lang">ru</small></td>' in page


def test_jsonl_carries_file_member_and_offsets() -> None:
    row = AlignedSentence(0, 0, "Salom.", "uz-Latn", None, None, {"en": "Hi."}, {"en": "en"}, 4, 10, "a.zip", "b.txt")
    got = json.loads(render([row], "jsonl"))
    assert (got["file"], got["member"], got["start"], got["end"]) == ("a.zip", "b.txt", 4, 10)


def test_columns_follow_the_document_when_its_first_sentence_is_a_quotation() -> None:
    rows = [MT_ROWS[1], *(dataclasses.replace(MT_ROWS[0], index=i, paragraph=1) for i in (2, 3))]
    lines = render(rows, "tsv").splitlines()
    assert lines[0] == "index\tparagraph\tlang\tuz-Cyrl\tuz-Latn\ten"
    assert lines[1:3] == [
        "1\t1\tru\tПривет, мир.\t\tHello, world.",
        "2\t1\tuz-Cyrl\tСалом дунё.\tSalom dunyo.\tHello world.",
    ]
    tus = ET.fromstring(render(rows, "tmx")).findall("body/tu")
    assert [v.get(XML_LANG) for v in tus[1].findall("tuv")] == ["uz-Cyrl", "en", "uz-Latn"]
