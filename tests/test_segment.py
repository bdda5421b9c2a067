"""Sentence segmentation: exact splits on the tricky cases of each language, and offsets that map back."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translit.segment import split_sentences

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def texts(text: str, lang: str) -> list[str]:
    return [s.text for s in split_sentences(text, lang)]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "uz",
            "Ушбу ташриф ҳисса қўшди, — деди В. Баҳритдинов. Тақдимот катта қизиқиш уйғотди.",
            ["Ушбу ташриф ҳисса қўшди, — деди В. Баҳритдинов.", "Тақдимот катта қизиқиш уйғотди."],
        ),
        (
            "uz-Cyrl",
            "Европа Парламенти депутати О. Достал таъкидлади. Шунингдек, у сўзлади!",
            ["Европа Парламенти депутати О. Достал таъкидлади.", "Шунингдек, у сўзлади!"],
        ),
        (
            "uz",
            "Биз ЕИ ва Қозоғистон ўртасида давра суҳбати ўтказмоқдамиз. Бу муҳим мавзу.",
            ["Биз ЕИ ва Қозоғистон ўртасида давра суҳбати ўтказмоқдамиз.", "Бу муҳим мавзу."],
        ),
        (
            "uz",
            "Проф. Каримов 2025 й. Тошкентда сўзлади. Китоблар, дафтарлар т.ф.д. Ҳаммаси тайёр.",
            ["Проф. Каримов 2025 й. Тошкентда сўзлади.", "Китоблар, дафтарлар т.ф.д.", "Ҳаммаси тайёр."],
        ),
        (
            "uz",
            "«Бу биринчи қадам.» деди у. Нарх 1.5 баробар ошди… Кейин «Янги лойиҳа» бошланди.",
            ["«Бу биринчи қадам.» деди у.", "Нарх 1.5 баробар ошди…", "Кейин «Янги лойиҳа» бошланди."],
        ),
        (
            "uz-Latn",
            "Yevropa Parlamenti deputati O. Dostal taʼkidladi. Prof. Karimov 2025-y. Toshkentda gapirdi. "
            "Kitoblar, daftarlar t.f.d. Hammasi tayyor.",
            [
                "Yevropa Parlamenti deputati O. Dostal taʼkidladi.",
                "Prof. Karimov 2025-y. Toshkentda gapirdi.",
                "Kitoblar, daftarlar t.f.d.",
                "Hammasi tayyor.",
            ],
        ),
        (
            "kk",
            "Қ. Тоқаев сөз сөйледі. Кітаптар, дәптерлер т.б. Бәрі дайын. 2025 ж. Астанада өтті.",
            ["Қ. Тоқаев сөз сөйледі.", "Кітаптар, дәптерлер т.б.", "Бәрі дайын.", "2025 ж. Астанада өтті."],
        ),
        (
            "ru",
            "Это, т.е. Новый проект, важен. Были книги, тетради и т.д. Всё готово. В 2025 г. Москва росла.",
            [
                "Это, т.е. Новый проект, важен.",
                "Были книги, тетради и т.д.",
                "Всё готово.",
                "В 2025 г. Москва росла.",
            ],
        ),
        (
            "en",
            "Mr. Smith met Dr. J. R. Brown in the U.S. on Monday. They talked about apples, pears, etc. Then "
            "they left. Was it late? Yes!",
            [
                "Mr. Smith met Dr. J. R. Brown in the U.S. on Monday.",
                "They talked about apples, pears, etc.",
                "Then they left.",
                "Was it late?",
                "Yes!",
            ],
        ),
        (
            "uz",
            "— Биз тайёрмиз. — Яхши, — деди у. (Изоҳ: муҳим.) Охири.",
            ["— Биз тайёрмиз.", "— Яхши, — деди у.", "(Изоҳ: муҳим.)", "Охири."],
        ),
    ],
)
def test_splits(lang: str, text: str, expected: list[str]) -> None:
    assert texts(text, lang) == expected


def test_lower_case_after_dot_does_not_split() -> None:
    assert texts("Бу т.е. янги нарса. ва давоми бор.", "uz") == ["Бу т.е. янги нарса. ва давоми бор."]


def test_paragraphs_are_lines_and_never_crossed() -> None:
    text = "Биринчи гап. Иккинчи гап\n\nУчинчи гап.\r\n  Тўртинчи\n"
    got = split_sentences(text, "uz")
    assert [(s.text, s.paragraph) for s in got] == [
        ("Биринчи гап.", 0),
        ("Иккинчи гап", 0),
        ("Учинчи гап.", 1),
        ("Тўртинчи", 2),
    ]
    assert all(text[s.start : s.end] == s.text for s in got)


def test_empty_and_blank_input() -> None:
    assert split_sentences("", "uz") == []
    assert split_sentences(" \n\t\n", "uz") == []


def test_seed_article_offsets_and_count() -> None:
    text = (CORPUS / "kazinform-2025-12-10.uz-Cyrl.txt").read_text(encoding="utf-8")
    got = split_sentences(text, "uz-Cyrl")
    assert all(text[s.start : s.end] == s.text for s in got)
    assert len(got) == 21
    joined = " ".join(s.text for s in got)
    # The initials of the article stay inside their sentences.
    assert "деди В. Баҳритдинов." in joined
    assert [s.text for s in got if "О. Достал" in s.text] == [
        "Европа Парламенти депутати О. Достал шунингдек, Қозоғистон билан Европа Иттифоқи учун муҳим хомашё "
        "соҳасида ҳамкорликни ўрнатиш муҳимлигини таъкидлади."
    ]


def test_latin_article_splits_like_cyrillic() -> None:
    """The Latin reference is the same article line for line: the same number of sentences per paragraph."""
    cyr = split_sentences((CORPUS / "kazinform-2025-12-10.uz-Cyrl.txt").read_text(encoding="utf-8"), "uz")
    lat = split_sentences((CORPUS / "kazinform-2025-12-10.uz-Latn.txt").read_text(encoding="utf-8"), "uz")
    assert [s.paragraph for s in cyr] == [s.paragraph for s in lat]


_ALPHABET = "аоуўқғҳшчАОУЎҚҒҲШЧaoushchAOUSHCHʻʼ .!?…«»\"'()—-0123456789\n\r\t"


@given(st.text(alphabet=_ALPHABET, max_size=300), st.sampled_from(["uz", "uz-Latn", "kk", "ru", "en", "xx"]))
@settings(max_examples=300, deadline=None)
def test_sentences_cover_the_text_in_order(text: str, lang: str) -> None:
    """Whatever the input: offsets map back, no sentence crosses a line, and nothing but whitespace is lost."""
    got = split_sentences(text, lang)
    position = 0
    for s in got:
        assert s.text and s.text == text[s.start : s.end] and s.text == s.text.strip()
        assert "\n" not in s.text and "\r" not in s.text
        assert s.start >= position and text[position : s.start].strip() == ""
        position = s.end
    assert text[position:].strip() == ""
    assert [s.paragraph for s in got] == sorted(s.paragraph for s in got)
