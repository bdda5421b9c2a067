"""Uzbek Cyrillic → Latin through the engine: the official rules, real-world text, streaming, API."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import translit
from translit import registry
from translit.errors import UnknownScriptError


@pytest.fixture(scope="module")
def conv() -> translit.Converter:
    return translit.get_converter("uz-Cyrl", "uz-Latn")


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("ўқиш ғалаба ҳаёт хабар", "oʻqish gʻalaba hayot xabar"),
        ("шаҳар чой жон йўл эшик", "shahar choy jon yoʻl eshik"),
        ("ел қаерда келин", "yel qayerda kelin"),
        ("цирк концерт функция абзац шприц лицей милиция", "sirk konsert funksiya abzas shpris litsey militsiya"),
        ("ёмғир заём юрист ядро", "yomgʻir zayom yurist yadro"),
        ("октябрь сентябрь бюджет стажёр", "oktabr sentabr budjet stajor"),
        ("плёнка бюрократ славян", "plyonka byurokrat slavyan"),
        ("альбом апрель декабрь Бельгия", "albom aprel dekabr Belgiya"),
        ("премьера интервью павильон Пьер", "premyera intervyu pavilyon Pyer"),
        ("разъезд объект маъно санъат маъюс меъёр мўъжиза", "razyezd obyekt maʼno sanʼat maʼyus meʼyor moʻjiza"),
        ("Исҳоқ", "Isʼhoq"),
    ],
)
def test_official_rules(conv: translit.Converter, cyrillic: str, latin: str) -> None:
    assert conv.convert(cyrillic) == latin


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Шаҳар Чорсу Ёшлик Ўзбек Ғарб Елкан", "Shahar Chorsu Yoshlik Oʻzbek Gʻarb Yelkan"),
        ("ШАҲАР ЎЗБЕКИСТОН ЧИҚИШ БАРЧАМИЗНИ", "SHAHAR OʻZBEKISTON CHIQISH BARCHAMIZNI"),
        ("Ш. Мирзиёев", "Sh. Mirziyoyev"),
        ("Ё. Жумаев, Ю. Эрматова", "Y. Jumayev, Y. Ermatova"),
        ("ЎзР ЎзМУ", "OʻzR OʻzMU"),
        ("ЕИ ва АҚШ", "YI va AQSH"),
        ("ОКТЯБРДА Октябрда", "OKTABRDA Oktabrda"),
    ],
)
def test_case(conv: translit.Converter, cyrillic: str, latin: str) -> None:
    assert conv.convert(cyrillic) == latin


@pytest.mark.parametrize(
    "text",
    [
        "Kazakhstan–EU Gateway, KU Leuven",
        "https://kun.uz/news/2025/12/10/янги?q=ўзбек",
        "mail: info@gazeta.uz",
        "@kunuz_bot",
        "12 345,67 — 2025-12-10",
    ],
)
def test_untouchable_text_is_kept_byte_for_byte(conv: translit.Converter, text: str) -> None:
    assert conv.convert(text) == text


def test_mixed_script_words_are_repaired(conv: translit.Converter) -> None:
    assert conv.convert("ASTANА. Кazinform Кazinformга") == "ASTANA. Kazinform Kazinformga"


def test_whitespace_bom_crlf_quotes_are_kept(conv: translit.Converter) -> None:
    text = '\ufeffСалом,\r\n«дунё»  \t"10 йиллиги"\r\n— тамом…\n'
    assert conv.convert(text) == '\ufeffSalom,\r\n«dunyo»  \t"10 yilligi"\r\n— tamom…\n'


@pytest.mark.parametrize(
    ("style", "expected"),
    [("official", "Oʻzbek maʼno"), ("ascii", "O'zbek ma'no"), ("typographic", "O‘zbek ma’no")],
)
def test_apostrophe_styles(style: str, expected: str) -> None:
    assert translit.convert("Ўзбек маъно", to="uz-Latn", apostrophe=style) == expected


def test_apostrophe_style_does_not_touch_latin_input() -> None:
    assert translit.convert("Oʻzbek ва", to="uz-Latn", source="uz-Cyrl", apostrophe="ascii") == "Oʻzbek va"


def test_convert_detects_source_and_leaves_target_script_alone() -> None:
    assert translit.convert("Тошкент шаҳри", to="uz-Latn") == "Toshkent shahri"
    assert translit.convert("Toshkent shahri", to="uz-Latn") == "Toshkent shahri"


def test_unknown_pair_is_a_clear_error() -> None:
    with pytest.raises(UnknownScriptError, match="no rule set converts uz-Cyrl to xx-Latn"):
        translit.get_converter("uz-Cyrl", "xx-Latn")


def test_converter_is_cached() -> None:
    assert translit.get_converter("uz-Cyrl", "uz-Latn") is translit.get_converter("uz-cyrl", "UZ_LATN")


def test_user_protect_terms_and_lexicon(tmp_path: Path) -> None:
    lexicon = tmp_path / "mine.tsv"
    lexicon.write_text("# my words\nкосрае\tkosrae\nфин*\tfinn*\n", encoding="utf-8")
    conv = translit.get_converter("uz-Cyrl", "uz-Latn", protect_terms=["ТошМИ"], lexicon_files=[lexicon])
    assert conv.convert("ТошМИ Косрае ФИНЛАР") == "ТошМИ Kosrae FINNLAR"


def test_seed_article_matches_reference(corpus: Path, conv: translit.Converter) -> None:
    source = (corpus / "kazinform-2025-12-10.uz-Cyrl.txt").read_text(encoding="utf-8")
    reference = (corpus / "kazinform-2025-12-10.uz-Latn.txt").read_text(encoding="utf-8")
    assert conv.convert(source) == reference


@pytest.mark.parametrize("chunk_size", [1, 7, 64, 1 << 16])
def test_streaming_equals_whole_string(corpus: Path, conv: translit.Converter, chunk_size: int) -> None:
    source = (corpus / "kazinform-2025-12-10.uz-Cyrl.txt").read_text(encoding="utf-8")
    source = source.replace("\n", "\r\n") + " Ш. Мирзиёев https://kun.uz/x"
    out = io.StringIO()
    conv.convert_stream(io.StringIO(source, newline=""), out, chunk_size=chunk_size)
    assert out.getvalue() == conv.convert(source)


def test_explain_names_rule_and_offsets(conv: translit.Converter) -> None:
    [(stage, pieces)] = conv.explain("лицей")
    assert stage == "uz-Cyrl__uz-Latn"
    ts = next(p for p in pieces if p.source == "ц")
    assert (ts.start, ts.end, ts.output, ts.rule) == (2, 3, "ts", "ts.inside-after-vowel")
    assert ts.warning is not None
    assert "".join(p.output for p in pieces) == "litsey"


def test_explain_reports_lexicon_stem(conv: translit.Converter) -> None:
    [(_stage, pieces)] = conv.explain("Октябрда")
    assert [(p.source, p.output, p.rule) for p in pieces[:1]] == [("Октябр", "oktabr", "lexicon")]


def test_memo_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from translit import engine

    monkeypatch.setattr(engine, "_MEMO_LIMIT", 10)
    stage = engine.Stage(registry.converter_for_id("uz-Cyrl__uz-Latn").stages[0].compiled)
    words = " ".join(f"сўз{'а' * i}" for i in range(50))
    stage.convert(words)
    assert len(stage._memo) <= 10


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("кел\u00adеди", "kel\u00adedi"),  # е after a consonant, through a soft hyphen
        ("қа\u00adер\u00adда", "qa\u00adyer\u00adda"),  # е after a vowel, through a soft hyphen
        ("ли\u00adцей аб\u00adзац", "li\u00adtsey ab\u00adzas"),
        ("\u00adел", "\u00adyel"),  # at the start of a word
        ("ША\u00adҲАР Ўз\u200dбек", "SHA\u00adHAR Oʻz\u200dbek"),
    ],
)
def test_soft_hyphens_and_joiners_are_kept_and_transparent(conv: translit.Converter, cyrillic: str, latin: str) -> None:
    assert conv.convert(cyrillic) == latin
