"""`translit._flowcut` (the per-unit steps of `_flow` in C) against the Python functions it replaces.

`_units` and `_cut` call the C module when it is built, as it is by `pip install` on these machines; the Python
functions `_units_py` and `_cut_py` stay as the reference. Both are run on the flows and conversions of
tests/test_documents_flow.py (words and every kind of whitespace, inline tags, converters that change length,
case and spacing) and on real paragraphs: the same units, the same pieces, the same simplified count, and the
same prefixes asked for.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_documents_flow import CONVERTERS, SPACES, _corpus_lines, _mutate, cut_randomly, flow, text_piece

from translit.documents import _flow
from translit.documents._flow import Fixed, Piece, _cut_py, _flats_py, _flows_py, _prefixes_py, _units_py

Convert = Callable[[str], str]


def test_the_c_module_is_built_and_used() -> None:
    assert _flow._flowcut is not None, "translit._flowcut was not built: pip install -e . with a C compiler"
    assert _flow._flowcut.API == 4


def _c_cut(unit: list[tuple[int, str]], text: str, converted: str, convert: Convert) -> tuple[list[str], int]:
    assert _flow._flowcut is not None
    return _flow._cut(unit, converted, convert, text)


def _asked(convert: Convert) -> tuple[Convert, list[str]]:
    """`convert`, recording the strings it is asked for (the prefixes a cut looks up)."""
    asked: list[str] = []

    def recording(text: str) -> str:
        asked.append(text)
        return convert(text)

    return recording, asked


@settings(max_examples=500, deadline=None)
@given(flow)
@example([Fixed("<b>", ""), "ab", Fixed("</b>", ""), "cd", Fixed("<br>", " "), "ef"])
@example(["ab ", Fixed("<i>", ""), "cd", Fixed("", ""), "\u3000x"])
def test_units_as_the_python_function(pieces: list[Piece]) -> None:
    assert _flow._flowcut is not None
    assert _flow._flowcut.units(pieces) == _units_py(pieces)


@settings(max_examples=300, deadline=None)
@given(st.lists(flow, max_size=5))
@example([["ab"], [], [""], [Fixed("<br>", " ")], ["a", Fixed("<b>", ""), "b"]])
def test_flows_as_the_python_function(flows: list[list[Piece]]) -> None:
    assert _flow._flowcut is not None
    assert _flow._flowcut.flows(flows) == _flows_py(flows)
    assert _flow._flowcut.flats(flows) == _flats_py(flows)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.lists(
            st.one_of(text_piece, st.sampled_from(["a\x00b", "x\u3000y", "c\u00add", "\tq"])), min_size=2, max_size=6
        ),
        max_size=5,
    )
)
@example([["Ш", "АҲАР"], ["Ш", "АҲАР", " ёз"], ["a\tb", "c"], ["a\x00", "b"], ["a b\u00adc", "d"]])
def test_prefixes_as_the_python_function(units: list[list[str]]) -> None:
    assert _flow._flowcut is not None
    cut = [(list(enumerate(texts)), "".join(texts)) for texts in units]
    assert _flow._flowcut.prefixes(cut) == _prefixes_py(cut)


@settings(max_examples=800, deadline=None)
@given(st.lists(text_piece, min_size=1, max_size=8), st.randoms(use_true_random=False), st.sampled_from(CONVERTERS))
def test_cut_as_the_python_function(texts: list[str], rng: random.Random, convert: Convert) -> None:
    unit = list(enumerate(texts))
    text = "".join(texts)
    for converted in (convert(text), _mutate(text, rng), _mutate(text, rng), text.upper()):
        slow, slow_asked = _asked(convert)
        fast, fast_asked = _asked(convert)
        assert _c_cut(unit, text, converted, fast) == _cut_py(unit, text, converted, slow)
        assert fast_asked == slow_asked


@pytest.mark.parametrize(
    ("texts", "converted"),
    [
        (["Ш", "АҲАР"], "SHAHAR"),  # a cut inside a word: the prefix agrees without case
        (["Ш", "АҲАР"], "XAHAR"),  # it does not: the whole word stays with the first piece
        ([" ab", " cd"], " AB CD"),  # a leading space: the empty first word
        (["a b", "c"], "a  bc"),  # a double space in the conversion: not this path
        (["a\u00adb", "c"], "a\u00adbc"),  # a soft hyphen is not printable: not this path
        (["a\U0001f600 b", "c"], "a\U0001f600 bc"),  # an astral character, printable
        (["a\ud800 b", "c"], "a\ud800 bc"),  # a lone surrogate: not printable
        (["ab", "c d"], "abc d e"),  # more spaces in the conversion: piece by piece
        (["ß", "x"], "SSX"),  # casefold lengthens: ß against SS
    ],
)
def test_cut_on_edges(texts: list[str], converted: str) -> None:
    unit = list(enumerate(texts))
    text = "".join(texts)
    for convert in CONVERTERS:
        assert _c_cut(unit, text, converted, convert) == _cut_py(unit, text, converted, convert)


def test_cut_on_real_paragraphs() -> None:
    """Real paragraphs cut at random places, as Word runs and HTML tags cut them, with their real conversion."""
    rng = random.Random(20261204)
    lines = _corpus_lines()
    assert len(lines) > 100
    checked = 0
    for line, convert in lines:
        for _ in range(2):
            texts = cut_randomly(line, rng, 10)
            unit = list(enumerate(texts))
            converted = convert(line)
            assert _c_cut(unit, line, converted, convert) == _cut_py(unit, line, converted, convert)
            checked += 1
    assert checked > 200


def test_whitespace_kinds_take_the_same_path() -> None:
    """Every whitespace of the flow tests that is not a single space sends both to the path for any whitespace."""
    assert _flow._flowcut is not None
    for space in SPACES:
        unit = [(0, f"ab{space}c"), (1, "d")]
        text = f"ab{space}cd"
        result = _flow._flowcut.cut_spaces(unit, text, text, str.upper)
        if space == " ":
            assert result == ([f"ab{space}c", "d"], 0)
        else:
            assert result is None


@settings(max_examples=400, deadline=None)
@given(st.lists(flow, max_size=5), st.sampled_from(CONVERTERS))
def test_convert_flows_as_without_the_c_module(flows: list[list[Piece]], convert: Convert) -> None:
    """The whole of `convert_flows` (its three passes in C, the cuts `cut_spaces` declines in Python) against
    the same with `_flowcut` switched off; and the same strings are converted (the units `cut_spaces` declines are
    cut after the others, so the order differs; a conversion is a function of its string alone)."""
    fast, fast_asked = _asked(convert)
    slow, slow_asked = _asked(convert)
    with_c = _flow.convert_flows(flows, fast)
    saved = _flow._flowcut
    _flow._flowcut = None
    try:
        without = _flow.convert_flows(flows, slow)
    finally:
        _flow._flowcut = saved
    assert with_c == without
    assert sorted(fast_asked) == sorted(slow_asked)
