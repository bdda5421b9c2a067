"""Accuracy against human-made pairs (`id<TAB>cyrillic<TAB>latin`), the figure every direction reports.

Apostrophe variants (ʻ ‘ ’ ʼ ' `) are folded before comparing, because the gold files mix them; everything
else must match exactly. Words are aligned with difflib, so one wrong word costs one word, not a whole line.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
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

    @property
    def word_accuracy(self) -> float:
        return 100.0 * self.correct_words / self.words if self.words else 100.0

    @property
    def segment_accuracy(self) -> float:
        return 100.0 * self.exact_segments / self.segments if self.segments else 100.0

    def last_line(self) -> str:
        """The one line every direction prints last: `word accuracy: 99.12% (1234 words)`."""
        return f"word accuracy: {self.word_accuracy:.2f}% ({self.words} words)"


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
        diffs = [
            (" ".join(ref[i1:i2]), " ".join(hyp[j1:j2]))
            for tag, i1, i2, j1, j2 in matcher.get_opcodes()
            if tag != "equal"
        ]
        if not diffs:  # same words, different spacing
            diffs = [(expected, got)]
        result.mismatches.append(Mismatch(pair.id, pair.line, diffs))
    return result
