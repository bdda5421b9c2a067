"""Cutting a converted flow back into its pieces: the walk over cut positions against the former whole-unit split.

`_cut` used to split the whole unit and its conversion on whitespace and look every cut up in two lists of
accumulated lengths; it now walks the cut positions only. The former implementation is kept here, verbatim,
as the reference: both must give the same pieces and the same simplified count on any flow, for converters
that change word lengths and case (the real ones and made-up ones), change whitespace, or add text.
"""

from __future__ import annotations

import random
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from itertools import accumulate

from conftest import CORPUS
from hypothesis import given, settings
from hypothesis import strategies as st

import translit
from translit.documents._flow import Fixed, Piece, _cut, _units, convert_flows, convert_many

Convert = Callable[[str], str]

# ------------------------------------------------------------------------------------ the former implementation

_WS_REF = re.compile(r"(\s+)")


def cut_reference(unit: list[tuple[int, str]], converted: str, convert: Convert) -> tuple[list[str], int]:
    text = "".join(t for _i, t in unit)
    src = _WS_REF.split(text)
    dst = _WS_REF.split(converted)
    if len(src) != len(dst) or src[1::2] != dst[1::2]:
        return [convert(t) for _i, t in unit], 0
    src_at = list(accumulate(map(len, src), initial=0))
    dst_at = list(accumulate(map(len, dst), initial=0))
    simplified: set[int] = set()

    def where(c: int) -> int:
        k = bisect_right(src_at, c) - 1
        if k >= len(src):
            return len(converted)
        offset = c - src_at[k]
        if offset == 0:
            return dst_at[k]
        if k % 2 == 1:
            return dst_at[k] + offset
        if k not in simplified:
            prefix = convert(src[k][:offset])
            if dst[k][: len(prefix)].casefold() == prefix.casefold():
                return dst_at[k] + len(prefix)
            simplified.add(k)
        return dst_at[k + 1]

    out: list[str] = []
    start = 0
    last = 0
    for _i, t in unit:
        end = start + len(t)
        a = max(where(start), last)
        b = len(converted) if end == len(text) else max(where(end), a)
        out.append(converted[a:b])
        last, start = b, end
    return out, len(simplified)


def convert_flows_reference(flows: Sequence[Sequence[Piece]], convert: Convert) -> tuple[list[list[str]], int]:
    results = [[p.raw if isinstance(p, Fixed) else p for p in flow] for flow in flows]
    units = [(n, unit) for n, flow in enumerate(flows) for unit in _units(flow)]  # unchanged: shared
    converted = convert_many(["".join(t for _i, t in unit) for _n, unit in units], convert)  # unchanged: shared
    simplified = 0
    for (n, unit), conv in zip(units, converted, strict=True):
        if len(unit) == 1:
            results[n][unit[0][0]] = conv
            continue
        parts, lost = cut_reference(unit, conv, convert)
        simplified += lost
        for (index, _t), part in zip(unit, parts, strict=True):
            results[n][index] = part
    return results, simplified


# ------------------------------------------------------------------------------------ converters

CYRL_LATN = translit.get_converter("uz-Cyrl", "uz-Latn").convert  # ш → sh, ц → ts/s, ё → yo: lengths change
LATN_CYRL = translit.get_converter("uz-Latn", "uz-Cyrl").convert  # sh → ш, oʻ → ў: lengths shrink


def by_word(text: str) -> str:
    """Depends on the whole word: a prefix alone often disagrees with the word's start (cut is simplified)."""
    return re.sub(r"\S+", lambda m: m.group(0)[::-1] if len(m.group(0)) % 3 == 0 else m.group(0).upper() * 2, text)


def shrinking(text: str) -> str:
    """Drops some letters: a prefix may convert to nothing, or to more than the converted word holds."""
    return text.replace("ъ", "").replace("ь", "").replace("h", "").replace("s", "ß")


def respacing(text: str) -> str:
    """Changes whitespace (tabs and double spaces become one space): the unit is cut piece by piece."""
    return re.sub(r"\t|  ", " ", CYRL_LATN(text))


def splitting(text: str) -> str:
    """Splits some words in two, joins others: single spaces are added and lost."""
    return CYRL_LATN(text).replace("sh", "s h").replace("a b", "ab")


def prefixing(text: str) -> str:
    """Adds a letter before everything: the first piece starts after it, when the text starts with a space."""
    return "ʻ" + CYRL_LATN(text)


CONVERTERS: list[Convert] = [
    CYRL_LATN,
    LATN_CYRL,
    by_word,
    shrinking,
    respacing,
    splitting,
    prefixing,
    str.upper,
    str.lower,
]

# ------------------------------------------------------------------------------------ flows

CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяўқғҳАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯЎҚҒҲ"
LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZʻʼ'ßİı"
WORDS = ["Ш", "АҲАР", "шаҳар", "Шаҳар", "ШаҲаР", "Ўзбекистон", "ЦЕНТР", "цирк", "ёз", "Ё", "съезд", "Sh", "O'zbek"]
SPACES = [" ", " ", " ", "  ", "\t", "\n", "\r\n", "\xa0", "\u2028", "\u3000", "\x1c", " \n "]

word = st.one_of(
    st.sampled_from(WORDS),
    st.text(st.sampled_from(CYRILLIC), min_size=1, max_size=8),
    st.text(st.sampled_from(LATIN), min_size=1, max_size=8),
    st.text(st.sampled_from(CYRILLIC + LATIN + "-.,«»0123456789"), min_size=1, max_size=6),
)
space = st.sampled_from(SPACES)
#: a text piece: words and whitespace, possibly starting or ending inside either
text_piece = st.lists(st.one_of(word, space), min_size=1, max_size=6).map("".join)
fixed_piece = st.builds(Fixed, st.sampled_from(["<b>", "</b>", "&nbsp;", "", "<br>"]), st.sampled_from(["", " "]))
flow = st.lists(st.one_of(text_piece, text_piece, fixed_piece, st.just("")), max_size=12)


@settings(max_examples=400, deadline=None)
@given(st.lists(flow, max_size=4), st.sampled_from(CONVERTERS))
def test_convert_flows_matches_the_former_implementation(flows: list[list[Piece]], convert: Convert) -> None:
    assert convert_flows(flows, convert) == convert_flows_reference(flows, convert)


def _mutate(text: str, rng: random.Random) -> str:
    """A made-up conversion keeping (mostly) the whitespace: words lengthened, shortened, recased, replaced."""
    parts = _WS_REF.split(text)
    for k in range(0, len(parts), 2):
        w = parts[k]
        choice = rng.randrange(7)
        if choice == 0:
            w = w.upper()
        elif choice == 1:
            w = w[: rng.randrange(len(w) + 1)]
        elif choice == 2:
            w = "".join(ch * rng.randint(1, 3) for ch in w)
        elif choice == 3:
            w = rng.choice(["", "x", "ʻ", "ss", "ß", "SS"]) + w
        elif choice == 4:
            w = w.replace("ss", "ß").replace("S", "ß")  # casefold lengthens ß again
        parts[k] = w
    if rng.random() < 0.1 and len(parts) > 1:
        parts[1] = rng.choice(SPACES)  # sometimes the whitespace changes too
    if rng.random() < 0.1:
        parts[0] = " ".join(parts[0])  # or a word falls apart (as many runs more, all single spaces)
    return "".join(parts)


@settings(max_examples=500, deadline=None)
@given(st.lists(text_piece, min_size=2, max_size=8), st.randoms(use_true_random=False), st.sampled_from(CONVERTERS))
def test_cut_matches_the_former_implementation_on_any_conversion(
    texts: list[str], rng: random.Random, convert: Convert
) -> None:
    unit = list(enumerate(texts))
    text = "".join(texts)
    for converted in (convert(text), _mutate(text, rng), _mutate(text, rng)):
        assert _cut(unit, converted, convert) == cut_reference(unit, converted, convert)


def _corpus_lines() -> list[tuple[str, Convert]]:
    lines: list[tuple[str, Convert]] = []
    for name, convert in (
        ("kazinform-2025-12-10.uz-Cyrl.txt", CYRL_LATN),
        ("kazinform-2025-12-10.uz-Latn.txt", LATN_CYRL),
    ):
        lines.extend((line, convert) for line in (CORPUS / name).read_text("utf-8").splitlines() if line.strip())
    for row in (CORPUS / "dev" / "udhr.tsv").read_text("utf-8").splitlines():
        _id, cyrl, latn = row.split("\t")[:3]
        lines.extend([(cyrl, CYRL_LATN), (latn, LATN_CYRL)])
    return lines


def cut_randomly(line: str, rng: random.Random, most: int) -> list[str]:
    """`line` cut at 1 to `most` random places (inside words, at spaces), as Word runs and HTML tags cut it."""
    cuts = sorted(rng.sample(range(1, len(line)), min(len(line) - 1, rng.randint(1, most))))
    return [line[a:b] for a, b in zip([0, *cuts], [*cuts, len(line)], strict=True)]


def test_cut_matches_the_former_implementation_on_corpus_text() -> None:
    """Real paragraphs cut at random places (inside words, at spaces), between <b> tags, as Word and HTML do."""
    rng = random.Random(20260)
    lines = _corpus_lines()
    assert len(lines) > 100
    simplified = 0
    for line, convert in lines:
        for _ in range(3):
            texts = cut_randomly(line, rng, 12)
            pieces: list[Piece] = []
            for t in texts:
                pieces.extend([t, Fixed("<b>", "")])
            got = convert_flows([pieces], convert)
            assert got == convert_flows_reference([pieces], convert)
            simplified += got[1]
            assert "".join(got[0][0]).replace("<b>", "") == convert(line)  # nothing lost, nothing doubled
    assert simplified < len(lines)  # the real converters mostly cut where the pieces were
