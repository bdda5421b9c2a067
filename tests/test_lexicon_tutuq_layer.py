"""The lexicon layer for Uzbek Latin typed without its tutuq (elon → эълон), built by scripts/build_tutuq_layer.py."""

from __future__ import annotations

from pathlib import Path

import pytest

import translit
from translit.loader import read_lexicon_tsv
from translit.registry import get_converter

LAYER = Path(__file__).resolve().parent.parent / "rules" / "lexicon" / "uz-Latn__uz-Cyrl.tutuq.tsv"


def to_cyr(text: str) -> str:
    return translit.convert(text, "uz-Cyrl", source="uz-Latn")


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("elon", "эълон"),
        ("Elonlar berildi", "Эълонлар берилди"),
        ("azolari", "аъзолари"),
        ("ELLIKQALA", "ЭЛЛИКҚАЛЪА"),
        ("istemolchilar", "истеъмолчилар"),
        ("ananalari", "анъаналари"),
        ("maruza", "маъруза"),
        ("malumot", "маълумот"),
        ("takidlash", "таъкидлаш"),
        ("Quronni", "Қуръонни"),
    ],
)
def test_tutuq_less_spellings_get_their_hard_sign(latin: str, cyrillic: str) -> None:
    assert to_cyr(latin) == cyrillic


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("surat", "сурат"),  # "picture"; surʼat (суръат, "speed") is another word
        ("suratda", "суратда"),
        ("davo", "даво"),  # "cure"; daʼvo (даъво, "claim") is another word
        ("ray", "рай"),
        ("davolari", "даволари"),  # davo is даво "cure" on its own: no davol* for даъволари
        ("variantga", "вариантга"),
        ("ananas", "ананас"),
        ("maluku", "малуку"),
        ("qalash", "қалаш"),  # no stem ends inside a digraph: qalas* would give қалъасҳ
        ("e'lon", "эълон"),  # the official spelling is untouched
    ],
)
def test_words_spelled_so_on_their_own_are_left_alone(latin: str, cyrillic: str) -> None:
    assert to_cyr(latin) == cyrillic


def test_every_entry_is_its_value_in_official_latin_without_the_tutuq() -> None:
    to_latin = get_converter("uz-Cyrl", "uz-Latn")
    entries = read_lexicon_tsv(LAYER)
    assert len(entries) > 20
    for key, value in entries.items():
        stem = key.endswith("*")
        assert stem == value.endswith("*"), key
        latin = to_latin.convert_word(value.rstrip("*"))
        assert "ʼ" in latin, key
        assert latin.replace("ʼ", "") == key.rstrip("*"), key


def test_layer_says_where_it_comes_from() -> None:
    head = LAYER.read_text(encoding="utf-8").split("\n", 12)[:12]
    text = "\n".join(head)
    assert "tesseract-ocr-uzb-cyrl" in text and "Apache" in text and "scripts/build_tutuq_layer.py" in text
