"""Mixed documents: each line converted from its own script, foreign lines left alone, streaming-safe."""

from __future__ import annotations

import pytest

import translit
from translit.errors import UnknownScriptError
from translit.paragraphs import MixedConverter

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
    mixed = MixedConverter("uz-Latn")
    chunks = [DOC[i : i + size] for i in range(0, len(DOC), size)]
    assert "".join(mixed.iter_convert(chunks)) == EXPECTED


def test_cyrillic_line_in_latin_document_is_unified() -> None:
    text = "Bugun havo yaxshi, oʻqishga boramiz.\nЎзбекистон шаҳарлари катта.\n"
    expected = "Bugun havo yaxshi, oʻqishga boramiz.\nOʻzbekiston shaharlari katta.\n"
    assert translit.convert(text, to="uz-Latn") == expected


def test_romanize_russian_on_request() -> None:
    out = translit.convert(DOC, to="uz-Latn", romanize_russian=True)
    assert out.splitlines()[1] == "Prezident vystupil s rech'ju v Moskve pered deputatami."


def test_text_without_letters_is_an_error() -> None:
    with pytest.raises(UnknownScriptError, match="could not detect"):
        translit.convert("12 345 — !!!\n", to="uz-Latn")


def test_document_in_an_unconvertible_script_is_an_error() -> None:
    with pytest.raises(UnknownScriptError, match="no rule set converts ru to uz-Latn"):
        translit.convert("Президент выступил с речью в Москве перед депутатами.", to="uz-Latn")


def test_leading_lines_without_letters_wait_for_the_script() -> None:
    mixed = MixedConverter("uz-Latn")
    assert "".join(mixed.iter_convert(["2025\n", "---\n", "Шаҳар\n"])) == "2025\n---\nShahar\n"


def test_a_line_too_short_to_judge_follows_the_document() -> None:
    text = "Ўзбекистон шаҳарлари катта.\nПривет всем\n"
    assert translit.convert(text, to="uz-Latn") == "Oʻzbekiston shaharlari katta.\nPrivet vsem\n"
