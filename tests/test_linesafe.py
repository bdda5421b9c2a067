"""`translit.linesafe`: a pattern it passes gives, in one scan of newline-joined words, what it gives each word
alone; the protected-word batch (`Stage._kept`) equals `CompiledRuleSet.protects` word by word."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translit import registry
from translit.engine import Stage, _lines_at
from translit.linesafe import confined_to_line

SAFE = [
    r"[wW]|[cC](?![hH])",
    r"[\u00C0-\u024F]",
    r"(?=[MDCLXVI]{2})M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})",
    r".*x.*",
    r"[^x\n]+",
    r"[^\s]",
    r"\S+",
    r"\bab",
    r"b\B",
    r"(?<=[a-z])x",
    r"(?<!a)b",
    r"x(?!.)",
    r"(?i:ab)",
    r"(a)\1",
    r"(?>a+)b",
    r"a++",
    r"\w+\d",
]
UNSAFE = [
    r"(?s:.*x)",
    r"[^x]",
    r"\s",
    r"a\nb",
    r"^x",
    r"x$",
    r"\Ax",
    r"x\Z",
    r"\W",
    r"\D",
    r"(?<!\n)x",
    r"[\x00-\x20]",
    r"(?:a|[^b])",
    r"[^\S]",
]


@pytest.mark.parametrize("pattern", SAFE)
def test_patterns_that_cannot_see_past_a_word_are_proven(pattern: str) -> None:
    assert confined_to_line(re.compile(pattern))


@pytest.mark.parametrize("pattern", UNSAFE)
def test_patterns_that_can_see_past_a_word_are_not(pattern: str) -> None:
    assert not confined_to_line(re.compile(pattern))


def test_dotall_for_the_whole_pattern_is_not_proven() -> None:
    assert not confined_to_line(re.compile(".x", re.DOTALL))


_WORDS = st.lists(st.text(st.sampled_from("abxwWcChCMDXIé1 \t"), max_size=8), max_size=12)


@pytest.mark.parametrize("pattern", SAFE)
@settings(max_examples=80, deadline=None)
@given(words=_WORDS)
def test_one_scan_of_joined_words_equals_each_word_alone(pattern: str, words: list[str]) -> None:
    compiled = re.compile(pattern)
    joined = "\n".join(words)
    whole = re.compile(f"^(?:{pattern})$", re.MULTILINE)
    assert {m[0] for m in whole.finditer(joined)} == {w for w in words if compiled.fullmatch(w)}
    assert _lines_at(joined, compiled) == {w for w in words if compiled.search(w)}


def test_an_unproven_pattern_would_differ_joined() -> None:
    """Why the proof matters: `\\s` finds the newline between two words that hold no space."""
    assert _lines_at("ab\ncd", re.compile(r"\s")) != set()


def _stage() -> Stage:
    return Stage(registry.converter_for_id("uz-Latn__uz-Cyrl").stages[0].compiled)


def test_the_latin_rule_set_scans_its_protect_patterns_in_one_pass() -> None:
    c = _stage().compiled
    assert c.protect_lines is not None and c.protect_in_lines is not None


_TERMS = st.sampled_from(["Google", "GOOGLE", "google", "Zoom", "zoomda", "ß", "İOS", "ios"])


@settings(max_examples=200, deadline=None)
@given(
    words=st.sets(st.one_of(st.text(st.sampled_from("aoshcCwWXIMéy'`\n"), min_size=1, max_size=7), _TERMS), max_size=30)
)
def test_kept_in_one_pass_equals_protects_word_by_word(words: set[str]) -> None:
    stage = _stage()
    assert stage._kept(set(words)) == {w for w in words if stage.compiled.protects(w)}


def test_kept_on_real_words() -> None:
    stage = _stage()
    words = {"Twitter", "XXI", "II", "Google", "google", "cheksiz", "Citroën", "chiroyli", "Mixail", "CC"}
    assert stage._kept(words) == {"Twitter", "XXI", "II", "Google", "google", "Citroën", "CC"}
    assert stage._kept(words) == {w for w in words if stage.compiled.protects(w)}


def test_terms_found_in_the_joined_words_are_whole_lines() -> None:
    """A user's term with a newline, or one that is a piece of a word, keeps no word."""
    compiled = registry._converter("uz-Latn__uz-Cyrl", "official", ("a\nb", "ka"), ()).stages[0].compiled
    stage = Stage(compiled)
    assert stage._kept({"a", "b", "kalit", "ka", "Ka"}) == {"ka", "Ka"}
