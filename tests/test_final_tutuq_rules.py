"""A word-final apostrophe in Uzbek Latin: a tutuq only in the words the lexicon lists, a quote elsewhere.

The policy is the rule set's data (whole-word lexicon keys ending in ʼ), chosen on the evidence that
`scripts/measure_final_apostrophe.py` prints: no word form of the 100,823 in tesseract's Uzbek Cyrillic list,
and none in any dev reference, ends in ъ (the list has мавқе, шам, мавзе, and no мавқеъ, шамъ), so a general "final
apostrophe = tutuq" rule has nothing to gain and would turn closing quotes into ъ.
"""

from __future__ import annotations

import pytest

import translit
from translit.registry import get_converter


def to_cyr(text: str) -> str:
    return translit.convert(text, "uz-Cyrl", source="uz-Latn")


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("mavqe'", "мавқеъ"),
        ("mavqeʼ", "мавқеъ"),
        ("MAVQE'", "МАВҚЕЪ"),
        ("Mavqe’ jihatdan", "Мавқеъ жиҳатдан"),
        ("sham'", "шамъ"),
        ("Bir sham' yoqdi.", "Бир шамъ ёқди."),
    ],
)
def test_listed_words_keep_their_final_tutuq(latin: str, cyrillic: str) -> None:
    assert to_cyr(latin) == cyrillic


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("'salom'", "'салом'"),
        ("U 'salom' dedi.", "У 'салом' деди."),
        ("'kitob' emas", "'китоб' эмас"),
        ("kitob' emas", "китоб' эмас"),  # an unlisted word: the apostrophe is copied, never ъ
        # a listed word right after an opening quote reads as quoted, also where the quote goes on: a chunk
        # between spaces is converted alone (the chunk memo), so the later closing quote cannot decide
        ("'mavqe' jihatdan'", "'мавқе' жиҳатдан'"),
        ("jihatdan 'mavqe' emas", "жиҳатдан 'мавқе' эмас"),
    ],
)
def test_any_other_final_apostrophe_is_a_quote(latin: str, cyrillic: str) -> None:
    assert to_cyr(latin) == cyrillic


def test_o_and_g_before_a_final_apostrophe_are_still_letters() -> None:
    assert to_cyr("bog' va tog'") == "боғ ва тоғ"


def test_english_possessives_keep_their_apostrophes() -> None:
    english = "The teachers' room and John's car are over there."
    assert translit.convert(english, "uz-Cyrl") == english  # the text path leaves English alone
    # forced through the Uzbek rules, a final possessive apostrophe is still not a tutuq
    assert get_converter("uz-Latn", "uz-Cyrl").convert("teachers'").endswith("'")


def test_a_listed_word_alone_in_single_quotes_ends_in_a_quote() -> None:
    assert to_cyr("U 'sham' dedi.") == "У 'шам' деди."
    assert to_cyr("‘sham’, ‘mavqe’.") == "‘шам’, ‘мавқе’."
    assert to_cyr("U sham' va 'sham' dedi.") == "У шамъ ва 'шам' деди."  # the same word, both readings
