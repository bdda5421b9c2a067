"""Script and language detection, per text and per paragraph, and paragraph-wise conversion."""

from __future__ import annotations

from pathlib import Path

import pytest

from translit.text import TextOptions, TextPath, detect_paragraphs, detect_script

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("Ўзбекистон Республикаси Президенти", "uz-Cyrl"),
        ("Тошкент шаҳри", "uz-Cyrl"),
        ("Қазақстан Республикасының Президенті", "kk-Cyrl"),
        ("Президент выступил с речью в Москве.", "ru"),
        ("Oʻzbekiston Respublikasi Prezidenti", "uz-Latn"),
        ("Salom dunyo, qalaysiz?", "uz-Latn"),
        ("Özbekiston Respublikasi Prezidenti şaharga keldi", "uz-Latn-2026"),
        ("The quick brown fox jumps over the lazy dog.", "en"),
        ("Türkiye Cumhuriyeti başkenti Ankara'dır.", "tr"),
        ("12 345 — 67", None),
    ],
)
def test_detect_script(text: str, tag: str | None) -> None:
    assert detect_script(text).tag == tag


def test_confidence_is_high_for_real_articles_and_zero_without_letters() -> None:
    cyr = (ROOT / "corpus" / "kazinform-2025-12-10.uz-Cyrl.txt").read_text(encoding="utf-8")
    lat = (ROOT / "corpus" / "kazinform-2025-12-10.uz-Latn.txt").read_text(encoding="utf-8")
    assert detect_script(cyr).tag == "uz-Cyrl" and detect_script(cyr).confidence > 0.9
    assert detect_script(lat).tag == "uz-Latn" and detect_script(lat).confidence > 0.9
    assert detect_script("…").confidence == 0.0


MIXED = (
    "Ўзбекистон шаҳарлари катта.\n\n"
    "Президент выступил с речью в Москве.\r\n\r\n"
    "The quick brown fox jumps over the lazy dog.\n\n"
    "Тошкент гўзал шаҳар.\n"
)


def test_paragraphs_are_detected_separately() -> None:
    found = [(MIXED[p.start : p.end], p.tag) for p in detect_paragraphs(MIXED)]
    assert found == [
        ("Ўзбекистон шаҳарлари катта.", "uz-Cyrl"),
        ("Президент выступил с речью в Москве.", "ru"),
        ("The quick brown fox jumps over the lazy dog.", "en"),
        ("Тошкент гўзал шаҳар.", "uz-Cyrl"),
    ]


def convert_paragraphs(text: str, to: str, romanize_russian: bool = False) -> str:
    return TextPath(TextOptions(to, romanize_russian=romanize_russian)).convert(text)


def test_russian_and_english_paragraphs_are_left_alone_unless_asked() -> None:
    assert convert_paragraphs(MIXED, "uz-Latn") == (
        "Oʻzbekiston shaharlari katta.\n\n"
        "Президент выступил с речью в Москве.\r\n\r\n"
        "The quick brown fox jumps over the lazy dog.\n\n"
        "Toshkent goʻzal shahar.\n"
    )
    romanized = convert_paragraphs(MIXED, "uz-Latn", romanize_russian=True)
    assert "Prezident vystupil s rech'ju v Moskve.\r\n\r\n" in romanized


def test_english_paragraph_in_latin_text_is_not_made_cyrillic() -> None:
    text = "Salom dunyo, yoʻlda ketyapmiz.\n\nHello world, this is an English paragraph."
    assert (
        convert_paragraphs(text, "uz-Cyrl")
        == "Салом дунё, йўлда кетяпмиз.\n\nHello world, this is an English paragraph."
    )


def test_transliterate_packs_run_translit_rules() -> None:
    from transliterate import translit as tr

    from translit.transliterate_pack import register

    assert register() == ["uz", "uz_2026"]
    assert tr("Oʻzbekiston, dekabrda", "uz") == "Ўзбекистон, декабрда"
    assert tr("Ўзбекистон шаҳарлари", "uz", reversed=True) == "Oʻzbekiston shaharlari"
    assert tr("Ўзбекистон", "uz_2026", reversed=True) == "Özbekiston"


def test_cli_detect_and_convert_paragraphs(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from cli import app

    src = tmp_path / "mixed.txt"
    src.write_text(MIXED, encoding="utf-8", newline="")
    runner = CliRunner()
    shown = runner.invoke(app, ["detect", str(src)])
    assert shown.exit_code == 0, shown.output
    assert [line.split()[1] for line in shown.stdout.splitlines()] == ["uz-Cyrl", "ru", "en", "uz-Cyrl"]
    out = tmp_path / "out.txt"
    done = runner.invoke(app, ["convert", str(src), "--to", "uz-Latn", "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert out.read_text(encoding="utf-8").splitlines()[0] == "Oʻzbekiston shaharlari katta."
    missing = runner.invoke(app, ["detect", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2
    assert missing.stderr.strip() == f"error: {tmp_path / 'nope.txt'}: no such file"
