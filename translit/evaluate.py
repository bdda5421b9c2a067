"""Accuracy against human-made pairs (`id<TAB>cyrillic<TAB>latin`), the figure every direction reports.

Apostrophe variants (ʻ ‘ ’ ʼ ' `) are folded before comparing, because the gold files mix them; everything
else must match exactly. Words are aligned with difflib, so one wrong word costs one word, not a whole line.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from translit.engine import Converter
from translit.errors import InputError
from translit.textio import read_text

_FOLD = str.maketrans({c: "'" for c in "ʻ‘’ʼ`´"})


def fold(text: str) -> str:
    return text.translate(_FOLD)


@dataclass(frozen=True)
class GoldPair:
    id: str
    source: str
    expected: str
    line: int


@dataclass
class Mismatch:
    id: str
    line: int
    words: list[tuple[str, str]]  # (expected, got) per differing stretch


@dataclass
class Score:
    words: int = 0
    correct_words: int = 0
    segments: int = 0
    exact_segments: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)
    categories: Counter[str] = field(default_factory=Counter)  # wrong words by `category`

    @property
    def word_accuracy(self) -> float:
        return 100.0 * self.correct_words / self.words if self.words else 100.0

    @property
    def segment_accuracy(self) -> float:
        return 100.0 * self.exact_segments / self.segments if self.segments else 100.0

    def last_line(self) -> str:
        """The one line every direction prints last: `word accuracy: 99.12% (1234 words)`."""
        return f"word accuracy: {self.word_accuracy:.2f}% ({self.words} words)"


def _same_after(a: str, b: str, table: Callable[[str], str]) -> bool:
    return table(a) == table(b)


_SOFT_VOWELS = str.maketrans({"я": "а", "ю": "у", "ё": "о", "Я": "А", "Ю": "У", "Ё": "О"})
_NOT_LETTER = re.compile(r"[^\w'ʻʼ‘’`´]+")

# (name, normaliser): the first under which expected and got agree names the error. Each pair covers the
# Cyrillic letter and what Latin writes for it, so one table serves both directions.
_CATEGORIES: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("case", str.lower),
    ("tutuq/ъ", lambda w: re.sub("[ъ']", "", w.lower())),
    ("ь", lambda w: w.lower().replace("ь", "")),
    ("ц", lambda w: re.sub("тс|ц|ts", "s", w.lower()).replace("с", "s")),
    ("е/э", lambda w: w.lower().replace("э", "е").replace("ye", "e")),
    (
        "ё/ю/я",
        lambda w: re.sub("(?<=[^aeiouаеиоуўэ])y(?=[aou])", "", w.lower()).translate(_SOFT_VOWELS).replace("й", ""),
    ),
    ("ь/ъ+vowel", lambda w: re.sub("[ьъy]", "", w.lower())),
    ("punctuation", lambda w: _NOT_LETTER.sub("", w)),
)


def category(expected: str, got: str, *, first: bool = False) -> str:
    """Why a word came out wrong: the first of case, tutuq/ъ, ь, ц, е/э, ё/ю/я, ь/ъ+vowel, punctuation
    under which the two agree, else `other`; prefixed `names/` in a capitalised word that does not open
    its segment (a proper name: Бельгия). Counted per word, so a change shows where it helps and hurts."""
    found = next((name for name, normalise in _CATEGORIES if _same_after(expected, got, normalise)), "other")
    if found != "case" and not first and expected[:1].isupper() and not expected.isupper():
        return f"names/{found}"
    return found


def category_table(result: Score) -> list[str]:
    """`translit eval`'s error table: one line per category, most errors first."""
    total = sum(result.categories.values())
    if not total:
        return []
    lines = [f"errors by category ({total} words):"]
    for name, count in result.categories.most_common():
        lines.append(f"  {name:<18} {count:>6}  {100.0 * count / total:5.1f}%")
    return lines


def read_gold(path: Path, reverse: bool = False) -> Iterator[GoldPair]:
    """Rows of `id<TAB>cyrillic<TAB>latin`; `reverse` reads latin as the source."""
    for number, raw in enumerate(read_text(path).splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = raw.split("\t")
        if len(cells) != 3:
            raise InputError(path, f"line {number}: expected 3 tab-separated columns, found {len(cells)}")
        ident, cyr, lat = cells
        yield GoldPair(ident, lat, cyr, number) if reverse else GoldPair(ident, cyr, lat, number)


def score(pairs: Iterator[GoldPair] | list[GoldPair], converter: Converter) -> Score:
    result = Score()
    for pair in pairs:
        got = fold(converter.convert(pair.source))
        expected = fold(pair.expected)
        ref, hyp = expected.split(), got.split()
        result.segments += 1
        result.words += len(ref)
        matcher = difflib.SequenceMatcher(a=ref, b=hyp, autojunk=False)
        result.correct_words += sum(block.size for block in matcher.get_matching_blocks())
        if got == expected:
            result.exact_segments += 1
            continue
        diffs = []
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            diffs.append((" ".join(ref[i1:i2]), " ".join(hyp[j1:j2])))
            if tag == "replace" and i2 - i1 == j2 - j1:
                for k in range(i2 - i1):
                    result.categories[category(ref[i1 + k], hyp[j1 + k], first=i1 + k == 0)] += 1
            else:
                result.categories["split/joined"] += max(i2 - i1, 1)
        if not diffs:  # same words, different spacing
            diffs = [(expected, got)]
        result.mismatches.append(Mismatch(pair.id, pair.line, diffs))
    return result
