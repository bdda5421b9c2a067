"""Mixed documents: each line converted from its own script, foreign lines left alone, streaming-safe."""

from __future__ import annotations

import pytest

import translit
from translit.errors import NothingToConvertError
from translit.text import TextOptions, TextPath

DOC = (
    "Ўзбекистон шаҳарлари катта.\r\n"
    "Президент выступил с речью в Москве перед депутатами.\r\n"
    "Салом дунё\r\n"
    "The quick brown fox jumps over the lazy dog.\r\n"
    "Тошкент гўзал шаҳар.\r\n"
)
EXPECTED = (
    "Oʻzbekiston shaharlari katta.\r\n"
    "Президент выступил с речью в Москве перед депутатами.\r\n"
    "Salom dunyo\r\n"
    "The quick brown fox jumps over the lazy dog.\r\n"
    "Toshkent goʻzal shahar.\r\n"
)


def test_library_convert_without_source_leaves_russian_lines() -> None:
    assert translit.convert(DOC, to="uz-Latn") == EXPECTED


def test_explicit_source_converts_everything() -> None:
    out = translit.convert(DOC, to="uz-Latn", source="uz-Cyrl")
    assert out.splitlines()[1] == "Prezident vistupil s rechyu v Moskve pered deputatami."


@pytest.mark.parametrize("size", [1, 5, 17, 4096])
def test_streaming_in_any_chunk_size_gives_the_same(size: int) -> None:
    mixed = TextPath(TextOptions("uz-Latn"))
    chunks = [DOC[i : i + size] for i in range(0, len(DOC), size)]
    assert "".join(mixed.iter_convert(chunks)) == EXPECTED


def test_cyrillic_line_in_latin_document_is_unified() -> None:
    text = "Bugun havo yaxshi, oʻqishga boramiz.\nЎзбекистон шаҳарлари катта.\n"
    expected = "Bugun havo yaxshi, oʻqishga boramiz.\nOʻzbekiston shaharlari katta.\n"
    assert translit.convert(text, to="uz-Latn") == expected


def test_romanize_russian_on_request() -> None:
    out = translit.convert(DOC, to="uz-Latn", romanize_russian=True)
    assert out.splitlines()[1] == "Prezident vystupil s rech'ju v Moskve pered deputatami."


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("12 345 — !!!\n", "no letters to convert; left unchanged"),
        ("Президент выступил с речью в Москве перед депутатами.", "nothing converts to uz-Latn (found: ru (1))"),
        ("Oʻzbekiston Respublikasi", "already in uz-Latn; left unchanged"),
    ],
)
def test_text_that_needs_nothing_is_unchanged_with_a_note_and_strict_makes_it_an_error(text: str, note: str) -> None:
    path = TextPath(TextOptions("uz-Latn"))
    assert path.convert(text) == text
    assert (path.outcome().note() or "").startswith(note)
    assert translit.convert(text, to="uz-Latn") == text
    with pytest.raises(NothingToConvertError, match="left unchanged"):
        translit.convert(text, to="uz-Latn", strict=True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Салом дунё", "Salom dunyo"), ("Хива", "Xiva"), ("Жами", "Jami"), ("ва", "va"), ("Hello", "Hello")],
)
def test_short_input_follows_the_script_that_converts_to_the_target(text: str, expected: str) -> None:
    assert translit.convert(text, to="uz-Latn") == expected


def test_leading_lines_without_letters_wait_for_the_script() -> None:
    mixed = TextPath(TextOptions("uz-Latn"))
    assert "".join(mixed.iter_convert(["2025\n", "---\n", "Шаҳар\n"])) == "2025\n---\nShahar\n"


def test_a_short_line_the_model_finds_russian_stays_russian() -> None:
    text = "Ўзбекистон шаҳарлари катта.\nГлавная страница\nТошкент\n"
    assert translit.convert(text, to="uz-Latn") == "Oʻzbekiston shaharlari katta.\nГлавная страница\nToshkent\n"
