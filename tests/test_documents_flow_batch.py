"""Cutting flows with the word prefixes converted in one batch, against converting each prefix when it is met.

`_cut` converted the prefix of every cut inside a word with its own converter call; `convert_flows` now
collects the prefixes of all its units first (`_prefixes`) and converts them together, for converters known
to give each string of a batch what they give it alone (`_separable`), and `_cut` takes its single-space
walk (`_cut_spaces`) when it can. The former `_cut` and `convert_flows` are kept here, verbatim, as the
reference: both must give the same pieces and the same simplified count on any flow, for converters that
change lengths and case, that break the separator (so `convert_many` goes one by one), that change
whitespace, and for the rule-set converters, one of which (Latin to Cyrillic) chooses a writer's convention
from its whole input and so must not be batched.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st
from test_documents_flow import CONVERTERS, SPACES, _corpus_lines, _mutate, fixed_piece, word

import translit
from translit.documents._flow import (
    Fixed,
    Piece,
    _cut,
    _prefixes,
    _separable,
    _units,
    convert_flows,
    convert_many,
)
from translit.engine import Converter

Convert = Callable[[str], str]

# ------------------------------------------------------------------------------------ the former implementation

_WS = re.compile(r"\s+")


@lru_cache(maxsize=128)
def _skip(runs: int, spaces: bool) -> re.Pattern[str]:
    """From a word's start, `runs` words each with the whitespace run after it (single spaces when `spaces`):
    where the word after them starts, found by the regex engine instead of a Python loop over the words."""
    return re.compile(rf"(?:[^ ]*+ ){{{runs}}}" if spaces else rf"(?:\S*+\s++){{{runs}}}")


def cut_previous(
    unit: list[tuple[int, str]], converted: str, convert: Convert, text: str | None = None
) -> tuple[list[str], int]:
    if text is None:
        text = "".join(t for _i, t in unit)
    spaces = text.isprintable() and converted.isprintable() and "  " not in text and "  " not in converted
    if spaces:
        same = text.count(" ") == converted.count(" ")
    else:
        same = _WS.findall(text) == _WS.findall(converted)
    if not same:
        return [convert(t) for _i, t in unit], 0  # the converter changed whitespace: piece by piece
    size = len(converted)
    src = dst = 0  # where the current word starts in the text and in the conversion (a word may be empty)
    failed = -1  # the start (in the text) of the word whose prefix did not agree
    simplified = 0
    bounds: list[int] = []  # where each piece's output starts in the conversion
    last = 0
    c = 0  # where the piece starts in the text: the cut before it (0 < len(text): pieces are not empty)
    for _i, t in unit:
        runs = text.count(" ", src, c) if spaces else len(_WS.findall(text, src, c))  # between cursor and cut
        if runs:
            skip = _skip(runs, spaces)
            in_text, in_converted = skip.match(text, src), skip.match(converted, dst)
            assert in_text is not None and in_converted is not None  # the same runs on both sides
            src, dst = in_text.end(), in_converted.end()
        if c < src:  # inside the run before the word, identical on both sides
            at = dst - (src - c)
        elif c == src and not text[c].isspace():  # at the start of a (non-empty) word
            at = dst
        else:
            if spaces:
                end = converted.find(" ", dst)
                end = size if end < 0 else end
            else:
                m = _WS.search(converted, dst)
                end = m.start() if m else size
            at = end  # at the end of the word (str.isspace is the regex's \s), or inside a word that stays whole
            if not text[c].isspace() and failed != src:  # inside the word: where its prefix ends, if it agrees
                prefix = convert(text[src:c])
                head = converted[dst : min(end, dst + len(prefix))]
                if head == prefix or head.casefold() == prefix.casefold():
                    at = dst + len(prefix)
                else:
                    failed = src
                    simplified += 1
        if at > last:
            last = at
        bounds.append(last)
        c += len(t)
    bounds.append(size)
    return [converted[a:b] for a, b in pairwise(bounds)], simplified


def convert_flows_previous(flows: Sequence[Sequence[Piece]], convert: Convert) -> tuple[list[list[str]], int]:
    results = [[p.raw if isinstance(p, Fixed) else p for p in flow] for flow in flows]
    units = [(n, unit) for n, flow in enumerate(flows) for unit in _units(flow)]  # unchanged: shared
    texts = ["".join(t for _i, t in unit) for _n, unit in units]
    converted = convert_many(texts, convert)  # unchanged: shared
    simplified = 0
    for (n, unit), text, conv in zip(units, texts, converted, strict=True):
        if len(unit) == 1:
            results[n][unit[0][0]] = conv
            continue
        parts, lost = cut_previous(unit, conv, convert, text)
        simplified += lost
        for (index, _t), part in zip(unit, parts, strict=True):
            results[n][index] = part
    return results, simplified


# ------------------------------------------------------------------------------------ converters

CYRL_LATN = translit.get_converter("uz-Cyrl", "uz-Latn").convert
LATN_CYRL = translit.get_converter("uz-Latn", "uz-Cyrl").convert  # has a writer's convention: not batched


def eszett(text: str) -> str:
    """ss ↔ ß both ways and the case swapped: lengths change, and casefold makes ß and ss agree."""
    return text.replace("ss", "\x01").replace("ß", "ss").replace("\x01", "ß").swapcase()


def doubling(text: str) -> str:
    """Every letter doubled, upper case: a prefix converts to more than its length in the text."""
    return "".join(ch.upper() * 2 if ch.isalpha() else ch for ch in text)


def vanishing(text: str) -> str:
    """Vowels dropped: a prefix may convert to nothing."""
    return re.sub(r"[aeiouаеиоуўэюяё]", "", CYRL_LATN(text), flags=re.IGNORECASE)


def nul_dropping(text: str) -> str:
    """Not separator-safe: the separator's NUL is lost, so `convert_many` converts one by one."""
    return CYRL_LATN(text).replace("\x00", "")


def newline_to_space(text: str) -> str:
    """Not separator-safe and changes whitespace: line breaks become spaces."""
    return CYRL_LATN(text).replace("\n", " ")


#: converters that convert each string of a batch as they convert it alone, or break the separator (so that
#: `convert_many` converts one by one): batching their prefixes must not change a cut
BATCHABLE: list[Convert] = [
    CYRL_LATN,
    str.upper,
    str.lower,
    str.swapcase,
    eszett,
    doubling,
    vanishing,
    nul_dropping,
    newline_to_space,
    *(c for c in CONVERTERS if c.__name__ in ("by_word", "shrinking", "respacing", "splitting")),
]
#: all of them as `convert_flows` gets them: made-up ones are not batched (`_separable` says so)
ALL: list[Convert] = [*CONVERTERS, *BATCHABLE, LATN_CYRL]

# ------------------------------------------------------------------------------------ flows

APOSTROPHES = ["ʻ", "ʼ", "'", "‘", "’", "`"]
MORE_WORDS = ["Oʻzbekiston", "OʻZBEKISTON", "gʻalla", "ma'no", "Ss", "ßa", "STRASSE", "kontsert", "aksiya"]
odd_word = st.one_of(
    word,
    st.sampled_from(MORE_WORDS),
    st.text(st.sampled_from("sSßoOgGʻʼ'‘’`\x00\xad\u200b"), min_size=1, max_size=5),
)
space = st.sampled_from([*SPACES, "\x0b", "\x0c", "\x85", "\u2000", "\u200a", "\u202f", "\u205f", "\x1f"])
text_piece = st.lists(st.one_of(odd_word, odd_word, space), min_size=1, max_size=6).map("".join)
#: flows cut inside words often: text pieces side by side, or with an inline tag between them
flow = st.lists(
    st.one_of(text_piece, text_piece, text_piece, fixed_piece, st.just(Fixed("<b>", "")), st.just("")),
    max_size=14,
)


@settings(max_examples=500, deadline=None)
@given(st.lists(flow, max_size=5), st.sampled_from(ALL))
def test_convert_flows_matches_converting_each_prefix_alone(flows: list[list[Piece]], convert: Convert) -> None:
    assert convert_flows(flows, convert) == convert_flows_previous(flows, convert)


@settings(max_examples=500, deadline=None)
@given(st.lists(flow, max_size=5), st.sampled_from(BATCHABLE))
def test_batched_prefixes_cut_as_prefixes_converted_alone(flows: list[list[Piece]], convert: Convert) -> None:
    """The batch forced on made-up converters (which `convert_flows` does not batch): the same cuts."""
    units = [unit for f in flows for unit in _units(f)]
    texts = ["".join(t for _i, t in unit) for unit in units]
    cut = [(unit, text) for unit, text in zip(units, texts, strict=True) if len(unit) > 1]
    lookup = _prefixes(cut, convert)
    for unit, text in cut:
        converted = convert(text)
        assert _cut(unit, converted, lookup, text) == cut_previous(unit, converted, convert, text)


@settings(max_examples=500, deadline=None)
@given(st.lists(text_piece, min_size=2, max_size=8), st.randoms(use_true_random=False), st.sampled_from(BATCHABLE))
def test_cut_matches_the_previous_cut_on_any_conversion(texts: list[str], rng: random.Random, convert: Convert) -> None:
    """Any pieces (cut at spaces too, unlike `_units`' units), any conversion, whitespace changed or not."""
    unit = list(enumerate(texts))
    text = "".join(texts)
    for converted in (convert(text), _mutate(text, rng), _mutate(text, rng)):
        assert _cut(unit, converted, convert, text) == cut_previous(unit, converted, convert, text)
        assert _cut(unit, converted, convert) == cut_previous(unit, converted, convert)


def test_separable_only_for_rule_set_converters_without_conventions() -> None:
    assert _separable(CYRL_LATN)
    assert not _separable(LATN_CYRL)  # chooses the ts-writer convention from its whole input
    assert translit.get_converter("uz-Latn", "uz-Cyrl").variants  # (which is why)
    for made_up in (str.upper, eszett, lambda text: CYRL_LATN(text), *CONVERTERS[2:]):
        assert not _separable(made_up)

    class Prefixing(Converter):
        def convert(self, text: str) -> str:
            return "ʻ" + super().convert(text)

    owner = CYRL_LATN.__self__
    assert isinstance(owner, Converter)
    sub = Prefixing(owner.stages, owner.source, owner.target, owner.id)
    assert not _separable(sub.convert)
    assert not _separable(Converter.convert.__get__(sub))  # the base method, bound to a subclass


def test_a_writers_convention_in_one_prefix_would_change_the_others() -> None:
    """Why LATN_CYRL is not batched: a prefix showing ts for ц (kontsert) makes a batch convert aksiya as a
    ts-writer's аксия, where alone it is акция. Cut inside both words, the flows still cut as before."""
    alone = [LATN_CYRL(p) for p in ("kontsert", "aksiya")]
    together = convert_many(["kontsert", "aksiya"], LATN_CYRL)
    assert alone[1] == "акция" and together[1] == "аксия"
    flows: list[list[Piece]] = [["kontsert", Fixed("<b>", ""), "i"], ["aksiya", Fixed("<b>", ""), "lar"]]
    before = convert_flows_previous(flows, LATN_CYRL)
    assert convert_flows(flows, LATN_CYRL) == before
    assert before == ([["концерт", "<b>", "и"], ["аксиялар", "<b>", ""]], 1)  # the unit batch is a ts-writer's
    unit = _units(flows[1])[0]
    forced = _prefixes([(_units(flows[0])[0], "kontserti"), (unit, "aksiyalar")], LATN_CYRL)
    assert _cut(unit, "аксиялар", forced, "aksiyalar") == (["аксия", "лар"], 0)  # batched: another cut


def test_corpus_documents_cut_as_before() -> None:
    """Real paragraphs, many to a call as in a document, cut inside words as Word and HTML cut them (at fixed
    places and at random ones), with an odd whitespace now and then."""
    rng = random.Random(20261)
    lines = _corpus_lines()
    by_convert: dict[Convert, list[str]] = {}
    for line, convert in lines:
        by_convert.setdefault(convert, []).append(line)
    checked = 0
    for convert, paragraphs in by_convert.items():
        for start in range(0, len(paragraphs), 40):
            flows: list[list[Piece]] = []
            for line in paragraphs[start : start + 40]:
                if rng.random() < 0.2:
                    line = line.replace(" ", rng.choice(["\xa0", "\t", "  "]), 1)
                cuts = sorted({15, 20, 40, *rng.sample(range(1, len(line)), min(len(line) - 1, 4))})
                cuts = [c for c in cuts if c < len(line)]
                pieces = [line[a:b] for a, b in zip([0, *cuts], [*cuts, len(line)], strict=True)]
                flow_: list[Piece] = []
                for piece in pieces:
                    flow_.extend([piece, Fixed("<b>", "") if rng.random() < 0.7 else Fixed("<i/>", "")])
                flows.append(flow_)
            got = convert_flows(flows, convert)
            assert got == convert_flows_previous(flows, convert)
            checked += len(flows)
    assert checked > 200
