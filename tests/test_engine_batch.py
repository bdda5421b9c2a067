"""The batched hot path (`Stage.convert`) against the reference: tokenize, then `_miss` on each word alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import translit
from translit import registry
from translit.engine import Stage

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
    st.sampled_from(["ш", "Ш", "е", "ў", "ʻ", "𝐀", "ß", "İ", "ǅ", "Ⅻ", "ⅰ", "²", "٣"]),
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
