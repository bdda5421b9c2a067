"""The batched hot path (`Stage.convert`) against the reference: tokenize, then `_miss` on each word alone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import translit
from translit import _speedups, registry
from translit.engine import Stage, _lines_holding, _split_case, _title_all

ROOT = Path(__file__).resolve().parent.parent
IDS = [info.id for info in translit.available()]


def reference(stage: Stage, text: str) -> str:
    parts = stage._tokenizer.split(text)
    return "".join(stage._miss(p) if i % 2 else p for i, p in enumerate(parts))


def fresh(rule_set_id: str, fast: bool = True, style: str = "official") -> list[Stage]:
    """New stages (empty memos); `fast=False` turns the C word loop off, leaving the batched Python path."""
    stages = [Stage(s.compiled) for s in registry.converter_for_id(rule_set_id, style=style).stages]
    for stage in stages:
        stage._fast = stage._fast and fast
    return stages


FAST = [pytest.param(True, id="c-loop"), pytest.param(False, id="python")]


def _letters(rule_set_id: str) -> str:
    letters: set[str] = set()
    for stage in fresh(rule_set_id):
        rs = stage.compiled.ruleset
        letters |= {c for k in rs.mapping for c in k} | {c for r in rs.rules for s in r.sources for c in s}
    return "".join(sorted(letters | {c.upper() for c in letters if len(c.upper()) == 1}))


_EXTRA = [" ", "  ", "\n", ".", ",", "'", "`", "ʻ", "’", "-", "1", "@", "/", "www.", "x", "é", "\u0301", "\u00ad", "İ"]
_EXTRA += ["w", "C", "XI", "MC", "Google"]  # what uz-Latn → uz-Cyrl's [protect] keeps


@pytest.mark.parametrize("style", registry.styles())
@pytest.mark.parametrize("fast", FAST)
@pytest.mark.parametrize("rule_set_id", IDS)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_batched_equals_word_by_word_on_random_text(
    rule_set_id: str, fast: bool, style: str, data: st.DataObject
) -> None:
    pieces = st.sampled_from(list(_letters(rule_set_id)) + _EXTRA + ["-", "'", "sham", "mavqe"])
    text = "".join(data.draw(st.lists(pieces, max_size=60)))
    for stage in fresh(rule_set_id, fast, style):
        expected = reference(stage, text)
        assert stage.convert(text) == expected
        assert stage.convert(text) == expected  # again, from the memos
        text = expected


REAL = [ROOT / "corpus" / "kazinform-2025-12-10.uz-Cyrl.txt", ROOT / "corpus" / "kazinform-2025-12-10.uz-Latn.txt"]
REAL += sorted((ROOT / "corpus" / "dev").glob("*.tsv"))


@pytest.mark.parametrize("style", registry.styles())
@pytest.mark.parametrize("fast", FAST)
@pytest.mark.parametrize("rule_set_id", IDS)
def test_batched_equals_word_by_word_on_real_text(rule_set_id: str, fast: bool, style: str) -> None:
    text = "".join(p.read_text(encoding="utf-8") for p in REAL)
    for stage in fresh(rule_set_id, fast, style):
        expected = reference(stage, text)
        assert stage.convert(text) == expected
        text = expected


# any characters at all, with the ones the word rules look at (apostrophes, dots, o/g, marks) made likely
_ANY = st.one_of(
    st.characters(codec="utf-8"),
    st.sampled_from(
        ["'", "’", "‘", "`", "´", ".", "o", "g", "O", "G", "\u0306", "\u00ad", "\u2060", "_", "7", "\n", "-", "‑"]
    ),
    st.sampled_from(["ш", "Ш", "е", "ў", "ʻ", "𝐀", "ß", "İ", "ǅ", "Ⅻ", "ⅰ", "²", "٣", "Σ", "ς"]),
)


@pytest.mark.parametrize("rule_set_id", ["uz-Cyrl__uz-Latn", "uz-Latn__uz-Cyrl", "kk-Latn__kk-Cyrl"])
@settings(max_examples=300, deadline=None)
@given(text=st.text(_ANY, max_size=80))
def test_c_loop_equals_reference_on_any_text(rule_set_id: str, text: str) -> None:
    for stage in fresh(rule_set_id):
        expected = reference(stage, text)
        assert stage.convert(text) == expected
        text = expected


def test_c_loop_is_built_where_a_compiler_is() -> None:
    """The editable install of the README builds it here; CI and developers' machines have gcc."""
    import shutil

    from translit import engine

    if shutil.which("cc") is None and shutil.which("gcc") is None:
        pytest.skip("no C compiler")
    assert engine._speedups is not None


# -- the batched helpers of `Stage._fill_words`, each against what it replaces -------------------------------

_WORDISH = st.one_of(_ANY, st.sampled_from(["Σ", "ς", "σ", "İ", "I", "ı", "ǈ", "ẞ", "ʻ", "ʼ", "'", "ц", "ь", "с"]))


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.text(_WORDISH, min_size=1, max_size=12).filter(lambda w: "\n" not in w), max_size=30))
def test_lower_all_equals_lower_word_by_word(words: list[str]) -> None:
    for rule_set_id in ("uz-Cyrl__uz-Latn", "kk-Latn__kk-Cyrl"):
        for stage in fresh(rule_set_id):
            caser = stage.compiled.caser
            assert caser.lower_all(words) == [caser.lower(w) for w in words]


def _real_words() -> list[str]:
    import re

    text = "".join(p.read_text(encoding="utf-8") for p in REAL)
    found = re.findall(r"[\w'’‘`ʻʼ´\u0300-\u036f]+", text)
    return sorted(set(found))


@pytest.mark.parametrize("rule_set_id", IDS)
def test_listed_equals_lexicon_word_by_word(rule_set_id: str) -> None:
    for stage in fresh(rule_set_id):
        lowers = [stage.compiled.caser.lower(w) for w in _real_words()]
        lowers += [w + "lar" for w in list(stage.compiled.stems)[:200]] + list(stage.compiled.words)[:200]
        assert stage._listed(lowers) == {w for w in lowers if stage._lexicon(w) is not None}


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_listed_equals_lexicon_on_random_words(data: st.DataObject) -> None:
    stage = fresh("uz-Latn__uz-Cyrl")[0]
    c = stage.compiled
    heads = sorted(c.stems)[:: max(1, len(c.stems) // 50)] + sorted(c.words)[:: max(1, len(c.words) // 50)]
    piece = st.one_of(st.sampled_from(heads), st.sampled_from(list("abo'ʻʼ’`gx")), st.text(_ANY, max_size=3))
    words = data.draw(st.lists(st.lists(piece, min_size=1, max_size=4).map("".join), max_size=20))
    lowers = [w for w in words if w and "\n" not in w]
    assert stage._listed(lowers) == {w for w in lowers if stage._lexicon(w) is not None}


def test_fallback_in_one_pass_equals_word_by_word() -> None:
    stage = fresh("uz-Latn__uz-Cyrl")[0]
    c = stage.compiled
    assert c.fallback is not None
    outs = [c.caser.lower(w).translate(c.table) for w in _real_words()]
    outs += [k.replace("^", "").replace("$", "") for k in sorted(c.fallback.soft | c.fallback.tse)]
    assert c.fallback.apply_all(outs) == [c.fallback.apply(o) for o in outs]
    assert c.fallback.apply_all(outs, _speedups.window_hits) == [c.fallback.apply(o) for o in outs]
    assert any(c.fallback.apply(o) != o for o in outs)  # the table does change some of them


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.one_of(_ANY, st.sampled_from(["с", "ь", "нс", "^", "$"])), max_size=40).map("".join))
def test_fallback_in_one_pass_on_any_text(text: str) -> None:
    c = fresh("uz-Latn__uz-Cyrl")[0].compiled
    assert c.fallback is not None
    words = text.split("\n")
    assert c.fallback.apply_all(words) == [c.fallback.apply(w) for w in words]
    assert c.fallback.apply_all(words, _speedups.window_hits) == [c.fallback.apply(w) for w in words]


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_window_hits_in_c_are_the_words_the_regex_scan_finds(data: st.DataObject) -> None:
    """The C window search against the fallback's regex trie, on words made of the contexts' own letters."""
    fallback = fresh("uz-Latn__uz-Cyrl")[0].compiled.fallback
    assert fallback is not None and fallback._any is not None and fallback._packed is not None
    keys = sorted(fallback.soft | fallback.tse)
    piece = st.one_of(
        st.sampled_from([k.strip("^$") for k in keys]), st.sampled_from(fallback._alphabet + "xё\U0001f600")
    )
    words = data.draw(st.lists(st.lists(piece, max_size=6).map("".join), max_size=8))
    padded = ["^^^" + w + "$$" for w in words]
    expected = [i for i, p in enumerate(padded) if fallback._any.search(p)]
    assert _speedups.window_hits(words, fallback._alphabet, fallback._packed) == expected


def test_window_hits_checks_its_arguments() -> None:
    with pytest.raises(ValueError, match="alphabet"):
        _speedups.window_hits(["a"], "ab", (1 << 40,))
    with pytest.raises(ValueError, match="never 0"):
        _speedups.window_hits(["a"], "^$a", (0,))
    with pytest.raises(TypeError, match="str"):
        _speedups.window_hits([1], "^$a", (5 << 40,))


@pytest.mark.parametrize("style", registry.styles())
@pytest.mark.parametrize("rule_set_id", IDS)
@settings(max_examples=30, deadline=None)
@given(text=st.text(_ANY, max_size=200))
def test_c_translate_equals_str_translate(rule_set_id: str, style: str, text: str) -> None:
    from translit import _speedups

    if _speedups is None:
        pytest.skip("no C word loop")
    for stage in fresh(rule_set_id, style=style):
        letters = _letters(rule_set_id)
        mixed = text + letters + text
        if stage._table is not None:
            assert _speedups.translate(mixed, stage._table) == mixed.translate(stage.compiled.table)


@pytest.mark.parametrize("rule_set_id", ["uz-Cyrl__uz-Latn", "uz-Latn__uz-Cyrl"])
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_lines_left_to_python_are_cut_in_place(rule_set_id: str, data: st.DataObject) -> None:
    """Lines holding a URL, e-mail, handle or final-tutuq word go to Python, the rest through C (`cuts`)."""
    plain = st.sampled_from(["Тошкент шаҳри", "O'zbekiston", "ёзди.", "", " ", "sham' mavqe'", "Ш. Рашидов"])
    odd = st.sampled_from(["x@y.uz", "https://kun.uz/a", "www.gov.uz", "@handle", "mavqe' bor", "WWW.UZ", "a://b"])
    lines = data.draw(st.lists(st.one_of(plain, plain, plain, plain, plain, odd), min_size=1, max_size=30))
    text = "\n".join(lines)
    for stage in fresh(rule_set_id):
        expected = reference(stage, text)
        assert stage.convert(text) == expected
        text = expected


def test_cuts_are_checked() -> None:
    from translit import _speedups

    if _speedups is None:
        pytest.skip("no C word loop")
    memo = {"a": "A", "b": "B"}
    assert _speedups.convert("a\nxy\nb", memo, False, memo.update, [(2, 4, "ZZ")]) == "A\nZZ\nB"
    for bad in ([(4, 2, "x")], [(0, 99, "x")], [(2, 4, "x"), (3, 5, "y")], [(0, 1, 2)], ["x"]):
        with pytest.raises((ValueError, TypeError)):
            _speedups.convert("a\nxy\nb", memo, False, memo.update, bad)


def test_a_failing_fill_releases_what_the_loop_held() -> None:
    """The loop cuts every word first, then looks them up: when the fill fails, the cuts' outputs it held (and
    the words it made) are released once each, not leaked nor freed twice."""
    import sys

    out = "".join(["Z", "Z"])  # a str of our own, not an interned constant
    before = sys.getrefcount(out)
    text = " ".join(f"w{i}" for i in range(40)) + "\ncut\n" + " ".join(f"v{i}" for i in range(40))
    start = text.index("cut")

    def fail(new: set[str]) -> None:
        raise ZeroDivisionError(len(new))

    for table in (None, _speedups.WordTable()):
        with pytest.raises(ZeroDivisionError):
            _speedups.convert(text, {}, False, fail, [(start, start + 3, out)], table)
        assert sys.getrefcount(out) == before
    memo = {f"w{i}": f"W{i}" for i in range(40)} | {f"v{i}": f"V{i}" for i in range(40)}
    got = _speedups.convert(text, memo, False, memo.update, [(start, start + 3, out)], _speedups.WordTable())
    assert got == text.upper().replace("CUT", "ZZ")
    assert sys.getrefcount(out) == before


# -- the C loop's table of words met by earlier calls (`_speedups.WordTable`) --------------------------------


@pytest.mark.parametrize("rule_set_id", ["uz-Cyrl__uz-Latn", "uz-Latn__uz-Cyrl", "kk-Cyrl__kk-Latn"])
@settings(max_examples=100, deadline=None)
@given(texts=st.lists(st.text(_ANY, max_size=40), min_size=2, max_size=12))
def test_words_met_by_earlier_calls_convert_as_the_reference(rule_set_id: str, texts: list[str]) -> None:
    """One stage over many texts (as a bulk run's documents): the later ones find words in the table, including
    words of another str kind (a Latin word cut from a Cyrillic or an emoji text is narrower on its own)."""
    stage = fresh(rule_set_id)[0]
    mixed = texts + [t + " 😀" for t in texts] + [t + " ш" for t in texts] + texts
    for text in mixed:
        assert stage.convert(text) == reference(stage, text)
    if stage._met is not None:
        # only words the C loop met are in the table; a line holding a handle or an e-mail (`@`) goes to Python
        # and fills the memo alone, so the table may stay empty here, but never holds more than the memo
        assert len(stage._met) <= len(stage._memo)
        stage.convert("ш ш")  # a plain line: the C loop, which records its words
        assert 0 < len(stage._met) <= len(stage._memo)


def test_words_met_by_earlier_calls_on_real_lines() -> None:
    """The corpus line by line through one stage per direction, each line against the reference."""
    lines = "".join(p.read_text(encoding="utf-8") for p in REAL).splitlines()
    for rule_set_id in ("uz-Cyrl__uz-Latn", "uz-Latn__uz-Cyrl"):
        stage = fresh(rule_set_id)[0]
        assert stage._met is not None
        for line in lines:
            assert stage.convert(line) == reference(stage, line)
        assert len(stage._met) > 1000  # most words were met again in later lines


def test_word_table_is_cleared_with_the_memo(monkeypatch: pytest.MonkeyPatch) -> None:
    from translit import engine

    monkeypatch.setattr(engine, "_MEMO_LIMIT", 5)
    stage = fresh("uz-Cyrl__uz-Latn")[0]
    assert stage._met is not None
    assert stage.convert("бир икки уч тўрт беш олти етти") == "bir ikki uch toʻrt besh olti yetti"
    assert len(stage._memo) == 0 and len(stage._met) == 0
    assert stage.convert("бир икки") == "bir ikki"
    assert len(stage._met) == 2


def test_word_table_is_checked() -> None:
    from translit import _speedups

    memo = {"a": "A"}
    with pytest.raises(TypeError):
        _speedups.convert("a", memo, False, memo.update, None, {})
    with pytest.raises(TypeError):
        _speedups.WordTable(1)  # type: ignore[call-arg]
    table = _speedups.WordTable()
    assert _speedups.convert("a a", memo, False, memo.update, None, table) == "A A"
    memo["a"] = "changed"  # the table is the memo's cache: the caller clears both together
    assert _speedups.convert("a", memo, False, memo.update, None, table) == "A"
    table.clear()
    assert _speedups.convert("a", memo, False, memo.update, None, table) == "changed"


def test_a_pickled_stage_gets_a_new_word_table() -> None:
    """The registry's disk cache and the workers pickle stages: the C table is left behind and made anew."""
    import pickle

    stage = fresh("uz-Cyrl__uz-Latn")[0]
    assert stage.convert("Тошкент шаҳри") == "Toshkent shahri"
    loaded = pickle.loads(pickle.dumps(stage))
    assert loaded._met is not None and loaded._met is not stage._met and len(loaded._met) == 0
    assert loaded.convert("Тошкент шаҳри") == "Toshkent shahri"
    assert len(loaded._met) == 2


def test_converters_from_the_registry_have_a_word_table() -> None:
    """`get_converter` may load its stages from the disk cache (unpickled): each still has its table."""
    for stage in translit.get_converter("uz-Cyrl", "uz-Latn").stages:
        assert stage._met is not None


# the regex `Stage._fill_words` used before `_lines_holding`: what a word must hold for `_miss` to look twice
_MAYBE_PROTECTED = re.compile(r"^(?:[^\n]*[@/][^\n]*|`[^\n]*|(?:www|WWW)\.[^\n]*)$", re.MULTILINE)


@settings(max_examples=500, deadline=None)
@given(pieces=st.lists(st.sampled_from(["a", "@", "/", "`", "w", "www.", "WWW.", "\n", "W", "."]), max_size=20))
def test_lines_holding_a_protected_candidate_equal_the_regex(pieces: list[str]) -> None:
    joined = "".join(pieces)
    assert _lines_holding(joined) == set(_MAYBE_PROTECTED.findall(joined))


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.text(st.one_of(_ANY, st.sampled_from("AaÁáǄǅǆİıШшʼ1 ")), max_size=6), max_size=20))
def test_split_case_in_c_equals_the_python_reference(words: list[str]) -> None:
    assert _speedups.split_case(words) == _split_case(words)
    assert _speedups.split_case(set(words)) == _split_case(set(words))


def test_split_case_refuses_what_is_not_str() -> None:
    with pytest.raises(TypeError, match="str"):
        _speedups.split_case(["a", 1])  # type: ignore[list-item]


@pytest.mark.parametrize("rule_set_id", ["uz-Latn__uz-Cyrl", "kk-Latn__kk-Cyrl", "kk-Cyrl__kk-Latn"])
@settings(max_examples=200, deadline=None)
@given(outs=st.lists(st.text(st.one_of(_ANY, st.sampled_from("aıiшß1ʼǆ")), max_size=5), max_size=12))
def test_title_all_in_c_equals_the_python_reference(rule_set_id: str, outs: list[str]) -> None:
    caser = fresh(rule_set_id)[0].compiled.caser
    expected = _title_all(outs, caser.upper, caser.title)
    assert _speedups.title_all(outs, caser.upper, caser.title) == expected
    assert expected == [caser.title(o) for o in outs]  # what `Caser.title` gives, by its quicker road


def test_title_all_checks_its_arguments() -> None:
    with pytest.raises(TypeError, match="str"):
        _speedups.title_all(["a", 1], str.upper, str.title)  # type: ignore[list-item]
    with pytest.raises(TypeError, match="upper must return str"):
        _speedups.title_all(["a"], lambda s: 1, str.title)  # type: ignore[arg-type,return-value]
    with pytest.raises(ZeroDivisionError):
        _speedups.title_all(["1"], str.upper, lambda s: 1 / 0)  # type: ignore[arg-type,return-value]


def _by_full_pattern(stage: Stage, lower: str) -> str:
    """A lowercase word by the full alternation (every rule and map key, as `explain` reads it)."""
    c = stage.compiled
    parts, pos = [], 0
    for m in c.pattern.finditer(lower):
        parts += [lower[pos : m.start()], c.outputs[m.lastindex or 0]]
        pos = m.end()
    return "".join([*parts, lower[pos:]])


@pytest.mark.parametrize("rule_set_id", IDS)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_special_pass_with_merged_literals_equals_the_full_alternation(rule_set_id: str, data: st.DataObject) -> None:
    """`special` (rules and multi-letter keys by first letter, neighbouring literals merged into a character
    class) plus the letter table gives what the full alternation gives."""
    for stage in fresh(rule_set_id):
        letters = sorted({ch.lower() for ch in _letters(rule_set_id)} | set("'ʻʼ‘’`´\u00ad-"))
        word = "".join(data.draw(st.lists(st.sampled_from(letters), max_size=12)))
        lower = stage.compiled.caser.lower(word)
        assert stage._render(lower, 0) == _by_full_pattern(stage, lower)
