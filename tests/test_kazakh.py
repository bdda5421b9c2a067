"""Kazakh Cyrillic ↔ Latin (2021 alphabet), including the dotted/dotless i case pairs."""

from __future__ import annotations

import pytest

import translit

SAMPLE_CYR = "Бұрыңғы өткен заманда, бір данышпан кісі, Бағдат шаһарының бір үлкен қазысының үйіне келіп қоныпты."
SAMPLE_LAT = "Būryñğy ötken zamanda, bır danyşpan kısı, Bağdat şaharynyñ bır ülken qazysynyñ üiıne kelıp qonypty."


def test_the_2021_table_letters() -> None:
    assert translit.convert("Ә Ғ Қ Ң Ө Ұ Ү І Ш Ч ә ғ қ ң ө ұ ү і ш ч", to="kk-Latn", source="kk-Cyrl") == (
        "Ä Ğ Q Ñ Ö Ū Ü I Ş Ç ä ğ q ñ ö ū ü ı ş ç"
    )


def test_published_sample_sentence() -> None:
    assert translit.convert(SAMPLE_CYR, to="kk-Latn", source="kk-Cyrl") == SAMPLE_LAT


@pytest.mark.parametrize(
    ("cyr", "lat"), [("ИНДИВИД", "İNDİVİD"), ("Ирина", "İrina"), ("ІЛИЯС", "ILİİAS"), ("ірі", "ırı")]
)
def test_dotted_and_dotless_i_both_ways(cyr: str, lat: str) -> None:
    assert translit.convert(cyr, to="kk-Latn", source="kk-Cyrl") == lat
    assert translit.convert(lat, to="kk-Cyrl", source="kk-Latn") == cyr


def test_latin_to_cyrillic_reads_i_after_a_vowel_as_short_i() -> None:
    assert translit.convert("söilesıp, syi, qalaiyn", to="kk-Cyrl", source="kk-Latn") == "сөйлесіп, сый, қалайын"


def test_h_is_written_as_kh_and_explain_warns() -> None:
    assert translit.convert("şahar", to="kk-Cyrl", source="kk-Latn") == "шахар"
    steps = translit.explain("şahar", to="kk-Cyrl", source="kk-Latn")
    warnings = [p.warning for _stage, pieces in steps for p in pieces if p.warning]
    assert warnings == ["h is х or һ in the 2021 alphabet (шаһар, жиһаз); х is written"]


def test_kazakh_cyrillic_is_detected() -> None:
    found = translit.detect_script(SAMPLE_CYR)
    assert found.tag == "kk-Cyrl"
    assert found.confidence > 0.9
