"""Which script or language a text, and each of its lines, is in: the text path's own decisions, reported.

`translit detect` and `translit.detect_script` use exactly the judgement that conversion uses
(`translit.text.judge` and `translit.text.decide`), so what they report is what `convert` will do.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from translit.text.decide import DocumentState
from translit.text.judge import Verdict, judge
from translit.text.profiles import profiles

_LINE = re.compile(r"[^\r\n]+")


@dataclass(frozen=True)
class Detection:
    """A tag (`uz-Cyrl`, `kk-Cyrl`, `uz-Latn`, `uz-Latn-2026`, another language's code such as `ru`) or None."""

    tag: str | None
    confidence: float


@dataclass(frozen=True)
class ParagraphDetection:
    """One line of a text: its span (`text[start:end]`, line break excluded), tag and why."""

    start: int
    end: int
    tag: str | None
    confidence: float
    basis: str = ""


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the non-blank lines of `text` (line endings excluded): the units conversion judges."""
    for match in _LINE.finditer(text):
        if match.group().strip():
            yield match.span()


def _state(detector: str, spans: list[tuple[int, int]], text: str) -> tuple[DocumentState, list[Verdict]]:
    state = DocumentState("und", frozenset(p.tag for p in profiles()))
    verdicts = [judge(text[a:b], detector) for a, b in spans]
    for (a, b), verdict in zip(spans, verdicts, strict=True):
        if state.observe(verdict, b - a):
            break
    state.fix()
    return state, verdicts


def detect_paragraphs(text: str, detector: str = "py3langid") -> list[ParagraphDetection]:
    """Each line's tag as conversion without --from sees it (following its document where it must)."""
    spans = list(paragraphs(text))
    state, verdicts = _state(detector, spans, text)
    found = []
    for (a, b), verdict in zip(spans, verdicts, strict=True):
        tag = state.resolve(verdict)
        confidence = verdict.confidence if verdict.decided else 0.5
        found.append(ParagraphDetection(a, b, tag, round(confidence, 3), str(verdict.basis)))
    return found


def detect_script(text: str, detector: str = "py3langid") -> Detection:
    """The tag most of the text's letters are in (by line), with the share of letters in that tag."""
    spans = list(paragraphs(text))
    state, verdicts = _state(detector, spans, text)
    weight: Counter[str] = Counter()
    confidence: dict[str, float] = {}
    for verdict in verdicts:
        tag = state.resolve(verdict)
        if tag is None:
            continue
        weight[tag] += verdict.letters
        confidence[tag] = confidence.get(tag, 0.0) + verdict.letters * (verdict.confidence if verdict.decided else 0.5)
    if not weight:
        return Detection(None, 0.0)
    best = max(sorted(weight), key=lambda t: weight[t])
    total = sum(weight.values())
    return Detection(best, round(confidence[best] / total, 3))
