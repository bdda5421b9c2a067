"""translate_document: alignment, transliteration before the model, pivoting, errors (tiny real model)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from translit.errors import ModelError, TranslationError
from translit.segment import split_sentences
from translit.translate import AlignedSentence, translate_document
from translit.translate.ct2 import CTranslate2Backend
from translit.translate.pipeline import resolve_source_tag

pytest_plugins = ["translate_fixtures"]  # tests/translate_fixtures.py: tiny_model, recorder

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
LATIN = (CORPUS / "kazinform-2025-12-10.uz-Latn.txt").read_text(encoding="utf-8")


class Spy(CTranslate2Backend):
    """The real tiny-model backend, recording every call the pipeline makes."""

    def __init__(self, *args: object, only: set[tuple[str, str]] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.calls: list[tuple[str, str, list[str]]] = []
        self.only = only

    def pairs(self) -> frozenset[tuple[str, str]]:
        pairs = super().pairs()
        return pairs if self.only is None else pairs & frozenset(self.only)

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        self.calls.append((source, target, list(sentences)))
        return super().translate(sentences, source, target)


@pytest.fixture
def spy(tiny_model: Path) -> Spy:
    return Spy(tiny_model, beam_size=2, max_decoding_length=64)


def test_rows_align_with_sentences_and_direct_translation(spy: Spy, tiny_model: Path, recorder) -> None:
    rows = translate_document(LATIN, "uz", ["en", "kk"], backend=spy, converter_factory=recorder)
    sentences = [s.text for s in split_sentences(LATIN, "uz-Latn")]
    assert [r.source for r in rows] == sentences
    assert [r.index for r in rows] == list(range(len(sentences)))
    assert [r.paragraph for r in rows] == [s.paragraph for s in split_sentences(LATIN, "uz")]
    assert {r.source_tag for r in rows} == {"uz-Latn"}
    # Latin input already suits the model: the transliteration column shows the Cyrillic counterpart.
    assert recorder.log == [("uz-Latn", "uz-Cyrl")]
    assert [r.transliteration for r in rows] == [f"<uz-Cyrl>{s}" for s in sentences]
    assert {r.transliteration_tag for r in rows} == {"uz-Cyrl"}
    direct = CTranslate2Backend(tiny_model, beam_size=2, max_decoding_length=64)
    assert [r.translations["en"] for r in rows] == direct.translate(sentences, "uz", "en")
    assert [r.translations["kk"] for r in rows] == direct.translate(sentences, "uz", "kk")
    assert all(list(r.translations) == ["en", "kk"] for r in rows)


def test_cyrillic_uzbek_is_transliterated_before_the_model(spy: Spy, recorder) -> None:
    text = "Салом дунё. Бугун ҳаво яхши.\nЯнги параграф."
    rows = translate_document(text, "uz", ["en"], backend=spy, converter_factory=recorder)
    assert recorder.log == [("uz-Cyrl", "uz-Latn")]
    assert [r.source for r in rows] == ["Салом дунё.", "Бугун ҳаво яхши.", "Янги параграф."]
    assert [r.transliteration for r in rows] == [
        "<uz-Latn>Салом дунё.",
        "<uz-Latn>Бугун ҳаво яхши.",
        "<uz-Latn>Янги параграф.",
    ]
    assert [r.paragraph for r in rows] == [0, 0, 1]
    # The model saw the transliteration, not the Cyrillic original.
    assert spy.calls == [("uz", "en", [r.transliteration for r in rows])]


def test_a_target_equal_to_the_source_language_is_the_original(spy: Spy) -> None:
    rows = translate_document("Salom dunyo.", "uz-Latn", ["uz", "en"], backend=spy, converter_factory=lambda a, b: None)
    assert rows[0].translations["uz"] == "Salom dunyo."
    assert rows[0].transliteration is None and rows[0].transliteration_tag is None
    assert [c[:2] for c in spy.calls] == [("uz", "en")]


def test_no_converter_for_a_script_the_model_needs(spy: Spy) -> None:
    with pytest.raises(TranslationError, match="expects uz-Latn but there is no converter from uz-Cyrl"):
        translate_document("Салом дунё.", "uz", ["en"], backend=spy, converter_factory=lambda a, b: None)


def test_explicit_pivot_runs_two_legs(spy: Spy, tiny_model: Path) -> None:
    sentences = ["Salom dunyo.", "Bugun havo yaxshi."]
    rows = translate_document(
        " ".join(sentences), "uz-Latn", ["kk"], backend=spy, pivot="en", converter_factory=lambda a, b: None
    )
    direct = CTranslate2Backend(tiny_model, beam_size=2, max_decoding_length=64)
    english = direct.translate(sentences, "uz", "en")
    assert [r.translations["kk"] for r in rows] == direct.translate(english, "en", "kk")
    assert [(s, t) for s, t, _ in spy.calls] == [("uz", "en"), ("en", "kk")]
    assert [r.translations["kk"] for r in rows] != direct.translate(sentences, "uz", "kk")


def test_missing_pair_pivots_through_english_automatically(tiny_model: Path) -> None:
    limited = Spy(tiny_model, beam_size=2, max_decoding_length=64, only={("uz", "en"), ("en", "kk")})
    rows = translate_document("Salom dunyo.", "uz-Latn", ["kk"], backend=limited, converter_factory=lambda a, b: None)
    assert [(s, t) for s, t, _ in limited.calls] == [("uz", "en"), ("en", "kk")]
    direct = CTranslate2Backend(tiny_model, beam_size=2, max_decoding_length=64)
    assert rows[0].translations["kk"] == direct.translate(direct.translate(["Salom dunyo."], "uz", "en"), "en", "kk")[0]


def test_missing_pair_without_a_route_names_the_model_to_install(tiny_model: Path) -> None:
    limited = Spy(tiny_model, only={("uz", "en")})
    with pytest.raises(ModelError) as info:
        translate_document("Salom.", "uz-Latn", ["kk"], backend=limited, converter_factory=lambda a, b: None)
    message = str(info.value)
    assert "no model for uz->kk nor through 'en' (missing: en->kk)" in message
    assert "translit models install" in message
    assert limited.calls == []


def test_duplicate_sentences_are_translated_once(spy: Spy) -> None:
    rows = translate_document("Ha. Yo‘q. Ha. Ha.", "uz-Latn", ["en"], backend=spy, converter_factory=lambda a, b: None)
    assert [r.source for r in rows] == ["Ha.", "Yo‘q.", "Ha.", "Ha."]
    assert spy.calls == [("uz", "en", ["Ha.", "Yo‘q."])]
    assert rows[0].translations == rows[2].translations == rows[3].translations


def test_empty_document(spy: Spy) -> None:
    assert translate_document("", "uz", ["en"], backend=spy) == []
    assert translate_document("\n \n", "uz", ["en"], backend=spy) == []
    assert spy.calls == []


def test_rows_are_plain_data() -> None:
    row = AlignedSentence(0, 0, "a", "uz-Latn", None, None, {"en": "b"})
    assert row.translations == {"en": "b"}
    with pytest.raises(AttributeError):
        row.source = "c"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "lang", "tag"),
    [
        ("Салом дунё", "uz", "uz-Cyrl"),
        ("Salom dunyo", "uz", "uz-Latn"),
        ("Сәлем әлем", "kk", "kk-Cyrl"),
        ("Salom dunyo", "uz-Cyrl", "uz-Cyrl"),  # an explicit tag wins
        ("Hello", "EN", "en"),
        ("Кazinform — Сешанба куни Брюсселда «Kazakhstan–EU Gateway»", "uz", "uz-Cyrl"),
    ],
)
def test_source_tag(text: str, lang: str, tag: str) -> None:
    assert resolve_source_tag(text, lang) == tag


def test_real_engine_cyrillic_article(tiny_model: Path) -> None:
    """With the real uz-Cyrl -> uz-Latn engine: the transliteration column is the reference Latin text, sentence
    for sentence, and that Latin is exactly what the model translated."""
    cyrillic = (CORPUS / "kazinform-2025-12-10.uz-Cyrl.txt").read_text(encoding="utf-8")
    reference = [s.text for s in split_sentences(LATIN, "uz-Latn")]
    backend = Spy(tiny_model, beam_size=2, max_decoding_length=32)
    rows = translate_document(cyrillic, "uz", ["en"], backend=backend)
    assert {(r.source_tag, r.transliteration_tag) for r in rows} == {("uz-Cyrl", "uz-Latn")}
    assert [r.source for r in rows] == [s.text for s in split_sentences(cyrillic, "uz-Cyrl")]
    assert [r.transliteration for r in rows] == reference
    assert backend.calls == [("uz", "en", list(dict.fromkeys(reference)))]


def test_reformed_latin_without_a_converter_goes_to_the_model_as_it_is(spy: Spy) -> None:
    text = "Bugun havo yaxşi. Çiroyli şahar."
    assert resolve_source_tag(text, "uz") == "uz-Latn-2026"
    rows = translate_document(text, "uz", ["en"], backend=spy, converter_factory=lambda a, b: None)
    assert [r.transliteration for r in rows] == [None, None]
    assert spy.calls == [("uz", "en", ["Bugun havo yaxşi.", "Çiroyli şahar."])]


@pytest.mark.parametrize(
    ("text", "lang", "tag", "model_lang", "asked"),
    [
        ("Сәлем әлем. Бүгін ауа райы жақсы.", "kk", "kk-Cyrl", "kk", [("kk-Cyrl", "kk-Latn")]),
        ("Привет, мир. Сегодня хорошая погода.", "ru", "ru", "ru", []),
        ("Hello world. The weather is fine today.", "en", "en", "en", []),
    ],
)
def test_other_source_languages(
    spy: Spy, recorder, text: str, lang: str, tag: str, model_lang: str, asked: list[tuple[str, str]]
) -> None:
    rows = translate_document(text, lang, ["uz"], backend=spy, converter_factory=recorder)
    assert recorder.log == asked
    assert {r.source_tag for r in rows} == {tag}
    sentences = [s.text for s in split_sentences(text, lang)]
    assert len(rows) == 2 and [r.source for r in rows] == sentences
    # Kazakh is Cyrillic for NLLB: the original goes to the model; the Latin counterpart is only displayed.
    assert spy.calls == [(model_lang, "uz", sentences)]
    if asked:
        assert [r.transliteration for r in rows] == [f"<kk-Latn>{s}" for s in sentences]
    else:
        assert [r.transliteration for r in rows] == [None, None]


@pytest.mark.parametrize(("text", "lang"), [("Привет, мир.", "ru"), ("Hello world.", "en"), ("Сәлем әлем.", "kk")])
def test_other_source_languages_with_the_real_engine(spy: Spy, text: str, lang: str) -> None:
    rows = translate_document(text, lang, ["uz"], backend=spy)
    assert [r.source for r in rows] == [text]
    assert spy.calls == [(lang, "uz", [text])]


MIXED = "Бугун Тошкентда янги мактаб очилди ва унда юзлаб болалар ўқийди.\nЭто русское предложение о погоде в городе.\n"


def test_a_russian_sentence_in_an_uzbek_text_is_tagged_and_routed_as_russian(spy: Spy, recorder) -> None:
    rows = translate_document(MIXED, "uz", ["en"], backend=spy, converter_factory=recorder)
    assert [r.source_tag for r in rows] == ["uz-Cyrl", "ru"]
    assert [r.transliteration_tag for r in rows] == ["uz-Latn", None]
    assert spy.calls == [
        ("uz", "en", ["<uz-Latn>Бугун Тошкентда янги мактаб очилди ва унда юзлаб болалар ўқийди."]),
        ("ru", "en", ["Это русское предложение о погоде в городе."]),
    ]
    # the bulk job passes the document's tag with its script: the Russian sentence is still found
    again = translate_document(MIXED, "uz-Cyrl", ["en"], backend=spy, converter_factory=recorder)
    assert [r.source_tag for r in again] == ["uz-Cyrl", "ru"]
    assert [r.source_tag for r in translate_document(MIXED, "uz", ["en"], backend=spy, per_sentence=False)] == [
        "uz-Cyrl",
        "uz-Cyrl",
    ]


def test_rows_carry_offsets_and_the_file(spy: Spy) -> None:
    rows = translate_document(MIXED, "uz", ["en"], backend=spy, file="a.txt", member="inner/b.txt")
    assert [MIXED[r.start : r.end] for r in rows if r.start is not None and r.end is not None] == [
        r.source for r in rows
    ]
    assert {(r.file, r.member) for r in rows} == {("a.txt", "inner/b.txt")}


def test_targets_reached_through_transliteration(spy: Spy, recorder) -> None:
    direct = spy.translate(["Это русское предложение о погоде в городе."], "ru", "uz")[0]
    rows = translate_document(MIXED.splitlines()[1], "ru", ["uz-Cyrl", "uz"], backend=spy, converter_factory=recorder)
    assert rows[0].translations == {"uz-Cyrl": f"<uz-Cyrl>{direct}", "uz": direct}
    assert rows[0].translation_tags == {"uz-Cyrl": "uz-Cyrl", "uz": "uz-Latn"}  # never a bare "uz"
    kk = translate_document("Привет, мир.", "ru", ["kk-Latn"], backend=spy, converter_factory=recorder)
    assert kk[0].translation_tags == {"kk-Latn": "kk-Latn"} and kk[0].translations["kk-Latn"].startswith("<kk-Latn>")
    assert ("kk-Cyrl", "kk-Latn") in recorder.log


class Echo(Spy):
    """The tiny model's pairs and scripts, answering with its input (so placeholders come back)."""

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        self.calls.append((source, target, list(sentences)))
        return [f"<{target}> {s}" for s in sentences]


def test_glossary_and_only_in_the_side_by_side_path(tiny_model: Path) -> None:
    from translit.translate.glossary import Glossary

    echo = Echo(tiny_model)
    glossary = Glossary({"en": {"Toshkent": "Tashkent"}})
    rows = translate_document(MIXED, "uz", ["en"], backend=echo, glossary=glossary)
    assert echo.calls[0] == ("uz", "en", ["Bugun [[1000]] yangi maktab ochildi va unda yuzlab bolalar oʻqiydi."])
    assert rows[0].translations["en"] == "<en> Bugun Tashkent yangi maktab ochildi va unda yuzlab bolalar oʻqiydi."
    assert rows[0].notes == []
    dropped = translate_document(MIXED, "uz", ["en"], backend=Spy(tiny_model), glossary=glossary)
    assert dropped[0].notes == ["en: the model dropped glossary term(s) Tashkent"]
    only = translate_document(MIXED, "uz", ["en"], backend=Echo(tiny_model), only=["ru"])
    assert only[0].translations["en"] == only[0].source and only[0].notes == ["kept: not in --only"]
    assert only[1].translations["en"] == "<en> Это русское предложение о погоде в городе."
