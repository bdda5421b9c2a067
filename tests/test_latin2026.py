"""The 2026 Latin alphabet: 1995 ↔ 2026 exact both ways, and Cyrillic ↔ 2026 through the chain files."""

from __future__ import annotations

from pathlib import Path

import translit

ROOT = Path(__file__).resolve().parent.parent


def test_four_letters_change_and_nothing_else() -> None:
    assert translit.convert("Oʻzbekiston shaharlari, chiroyli togʻlar", to="uz-Latn-2026", source="uz-Latn") == (
        "Özbekiston şaharlari, çiroyli toğlar"
    )
    assert translit.convert("ŞAHAR, Çiroyli, ÖZBEK, Ğalaba", to="uz-Latn", source="uz-Latn-2026") == (
        "SHAHAR, Chiroyli, OʻZBEK, Gʻalaba"
    )


def test_s_h_boundary_is_kept_both_ways() -> None:
    assert translit.convert("Isʼhoq va Ishoq", to="uz-Latn-2026", source="uz-Latn") == "Isʼhoq va Işoq"
    assert translit.convert("Isʼhoq va Işoq", to="uz-Latn", source="uz-Latn-2026") == "Isʼhoq va Ishoq"


def test_ng_stays_two_letters() -> None:
    assert translit.convert("tong, yangi", to="uz-Latn-2026", source="uz-Latn") == "tong, yangi"


def test_1995_to_2026_round_trip_is_exact_on_the_reference_article() -> None:
    text = (ROOT / "corpus" / "kazinform-2025-12-10.uz-Latn.txt").read_text(encoding="utf-8")
    new = translit.convert(text, to="uz-Latn-2026", source="uz-Latn")
    assert "ş" in new and "ö" in new and "sh" not in new.replace("sʼh", "")
    assert translit.convert(new, to="uz-Latn", source="uz-Latn-2026") == text


def test_cyrillic_to_2026_and_back() -> None:
    assert translit.convert("Ўзбекистон шаҳарлари", to="uz-Latn-2026", source="uz-Cyrl") == "Özbekiston şaharlari"
    assert translit.convert("Dekabrda Isʼhoq yölga çiqdi.", to="uz-Cyrl", source="uz-Latn-2026") == (
        "Декабрда Исҳоқ йўлга чиқди."
    )


def test_2026_text_is_detected() -> None:
    assert translit.detect_script("Özbekiston şaharlari çiroyli").tag == "uz-Latn-2026"
