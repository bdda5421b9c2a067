"""The text path decides and writes exactly what it did before its per-unit bookkeeping was made cheaper.

`text_path_reference` keeps the former `TextPath` and `DocumentState` verbatim. Random sequences of units
(whole sentences and short cells in several scripts and languages, names, numbers, empty and blank units,
long paragraphs past the judge's cache and sample, and a few that fill the window by letters alone) are
handed to both through every way in: a text (whole and streamed), a document read once on a guess (with
its second reading after `Misguessed`), a document read twice, and units decided without either. The
actions, the converted text, the outcome and the document's source must be the same.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
import text_path_reference as former
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translit.text.path import Action, Misguessed, Outcome, TextOptions, TextPath

LINES = (Path(__file__).resolve().parent / "data" / "mixed.txt").read_text(encoding="utf-8").splitlines()
SHORT = [
    "",
    " ",
    "  \t",
    "7",
    "2024",
    "— 5 —",
    "ва",
    "Мы",
    "Ok",
    "Салом",
    "Хива",
    "Ташкент",
    "Москва",
    "Toshkent",
    "Alisher Navoiy",
    "oʻzbek",
    "Hello",
    "Главная",
    "Контакты",
    "Бүгін",
    "Тоҷикистон",
    "Тошкент, катта",
    "Sahifa",
    "Yangiliklar",
]
LONG = [
    " ".join(LINES[i % len(LINES)] for i in range(start, start + 12)) for start in range(0, 18, 3)
]  # past the judge's 512-character cache
HUGE = [
    "Тошкент шаҳрида янги мактаб очилди. " * 700,
    "Bugun Toshkentda ob-havo yaxshi. " * 800,
]  # > SAMPLE, > window letters

TARGETS = ["uz-Latn", "uz-Cyrl", "kk-Latn"]

unit = st.one_of(
    st.sampled_from(LINES),
    st.sampled_from(SHORT),
    st.sampled_from(LONG),
    st.text(alphabet="абвгдўқғҳ ABCabcʻ'1-., әөүі\u0416ş", max_size=30),
    st.sampled_from(HUGE),
)
# runs of one unit too: a document's window is full after 64 units that decide, and its votes may be close
# runs of one unit too, and two runs of sentences around a short unit: a document's window is full after 64 units
# that decide, and its votes may be close there
runs = st.lists(st.tuples(unit, st.integers(1, 40)), max_size=12).map(
    lambda runs: [u for u, n in runs for _ in range(n)][:200]
)
close = st.tuples(
    st.sampled_from(SHORT), st.sampled_from(LINES), st.integers(0, 64), st.sampled_from(LINES), st.integers(0, 64)
).map(lambda t: [t[0], *[t[1]] * t[2], *[t[3]] * t[4], t[0]])
units_lists = runs | close | st.lists(unit, max_size=150)
options = st.builds(
    TextOptions,
    target=st.sampled_from(TARGETS),
    romanize_russian=st.booleans(),
)


def _snapshot(outcome: Outcome) -> tuple[object, ...]:
    return (outcome.target, dict(outcome.converted), dict(outcome.kept), outcome.no_letters, outcome.short)


def _read_once(
    make: Callable[[TextOptions], TextPath], opts: TextOptions, groups: Sequence[Sequence[str]], ask_at: int
) -> tuple[list[Action], tuple[object, ...], list[str | None]]:
    """As `convert_document`: one reading on a guess, a second after `Misguessed`; the source asked at `ask_at`."""
    path = make(opts)
    try:
        with path.speculating():
            return _decide_groups(path, groups, ask_at)
    except Misguessed:
        path = path.replay()  # type: ignore[assignment]
        return _decide_groups(path, groups, ask_at)


def _decide_groups(
    path: TextPath, groups: Sequence[Sequence[str]], ask_at: int
) -> tuple[list[Action], tuple[object, ...], list[str | None]]:
    actions: list[Action] = []
    sources: list[str | None] = []
    for index, group in enumerate(groups):
        if index == ask_at:
            sources.append(path.document_source())
        actions.extend(path.decide(group))
    sources.append(path.document_source())
    return actions, _snapshot(path.outcome()), sources


def _groups(units: list[str], cuts: list[int]) -> list[list[str]]:
    """The units cut into consecutive calls (a document hands over a paragraph, a table, a list at a time)."""
    bounds = sorted({min(c, len(units)) for c in cuts} | {0, len(units)})
    return [units[a:b] for a, b in itertools.pairwise(bounds)] or [[]]


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(opts=options, units=units_lists, cuts=st.lists(st.integers(0, 150), max_size=6), ask_at=st.integers(-1, 6))
def test_a_document_read_once_decides_as_before(
    opts: TextOptions, units: list[str], cuts: list[int], ask_at: int
) -> None:
    groups = _groups(units, cuts)
    assert _read_once(TextPath, opts, groups, ask_at) == _read_once(former.TextPath, opts, groups, ask_at)


@SETTINGS
@given(opts=options, units=units_lists, cuts=st.lists(st.integers(0, 150), max_size=6))
def test_a_document_read_twice_decides_as_before(opts: TextOptions, units: list[str], cuts: list[int]) -> None:
    groups = _groups(units, cuts)

    def twice(make: Callable[[TextOptions], TextPath]) -> tuple[object, ...]:
        path = make(opts)
        with path.priming():
            for group in groups:
                path.decide(group)
        primed = _snapshot(path.outcome())
        return (primed, *_decide_groups(path, groups, -1), path.convert_units(units))

    assert twice(TextPath) == twice(former.TextPath)


@SETTINGS
@given(opts=options, units=units_lists, cuts=st.lists(st.integers(0, 150), max_size=6))
def test_units_decided_unprimed_decide_as_before(opts: TextOptions, units: list[str], cuts: list[int]) -> None:
    groups = _groups(units, cuts)
    assert _decide_groups(TextPath(opts), groups, 0) == _decide_groups(former.TextPath(opts), groups, 0)  # type: ignore[arg-type]


@SETTINGS
@given(
    opts=options,
    units=units_lists,
    ends=st.lists(st.sampled_from(["\n", "\r\n", "\n\n"]), min_size=1),
    last=st.booleans(),
    size=st.integers(1, 400),
)
def test_a_text_converts_as_before(opts: TextOptions, units: list[str], ends: list[str], last: bool, size: int) -> None:
    text = "".join(u + ends[i % len(ends)] for i, u in enumerate(units))
    if last and units:
        text = text.rstrip("\r\n")
    chunks = [text[i : i + size] for i in range(0, len(text), size)]

    def run(make: Callable[[TextOptions], TextPath]) -> tuple[object, ...]:
        whole = make(opts)
        converted = whole.convert(text)
        streamed = make(opts)
        out = "".join(streamed.iter_convert(chunks))
        return converted, _snapshot(whole.outcome()), out, _snapshot(streamed.outcome()), whole.document_source()

    assert run(TextPath) == run(former.TextPath)  # type: ignore[arg-type]


@SETTINGS
@given(opts=options, units=units_lists)
def test_a_text_document_read_once_converts_as_before(opts: TextOptions, units: list[str]) -> None:
    """A plain-text document is converted through `convert` inside `speculating` (and again after Misguessed)."""
    text = "\n".join(units)

    def run(make: Callable[[TextOptions], TextPath]) -> tuple[object, ...]:
        path = make(opts)
        try:
            with path.speculating():
                source = path.document_source()
                out = path.convert(text)
        except Misguessed:
            path = path.replay()  # type: ignore[assignment]
            source = path.document_source()
            out = path.convert(text)
        return out, source, _snapshot(path.outcome())

    assert run(TextPath) == run(former.TextPath)  # type: ignore[arg-type]


# Two runs of sentences whose votes tip one way or the other on the window's 64th unit (found by searching
# the pairs of `LINES`: a window of 63 units settles these documents otherwise), each a little shorter and longer.
EDGES = [  # target, the first run (a line of LINES, how many), the second
    ("uz-Latn", 0, 35, 2, 29),
    ("uz-Latn", 4, 41, 6, 23),
    ("uz-Latn", 7, 53, 6, 11),
    ("uz-Cyrl", 13, 47, 12, 17),
]


@pytest.mark.parametrize(("target", "first", "a", "second", "b"), EDGES)
@pytest.mark.parametrize("more", [-1, 0, 1])
def test_votes_that_tip_on_the_windows_last_unit_decide_as_before(
    target: str, first: int, a: int, second: int, b: int, more: int
) -> None:
    opts = TextOptions(target=target)
    units = ["Хива", *[LINES[first]] * a, *[LINES[second]] * (b + more), "Хива", "Toshkent"]
    text = "\n".join(units)
    assert TextPath(opts).convert(text) == former.TextPath(opts).convert(text)  # type: ignore[arg-type]
    one_each = [[u] for u in units]
    assert _read_once(TextPath, opts, one_each, 1) == _read_once(former.TextPath, opts, one_each, 1)  # type: ignore[arg-type]
