"""Sentence segmentation for Uzbek (Cyrillic and Latin), Kazakh, Russian and English.

Why our own: no offline splitter handles Uzbek initials and abbreviations (pysbd has no Uzbek, sentencex
splits after every Cyrillic initial, blingfire is 99 MB and still splits after "О."). NLLB translates one
sentence at a time and drops material from multi-sentence inputs, so the split must be right and must keep
offsets: every sentence maps back to its exact span in the original text and to its paragraph (one line = one
paragraph).

Rule: a sentence ends at ``. ! ? …`` (plus closing quotes/brackets) followed by whitespace and a sentence
opener (an upper-case letter, a digit, an opening quote or bracket, a dash, a list bullet), except after

* an initial or a dotted initialism: a single letter ("В. Баҳритдинов", "О. Достал", "Е.И. Иванов", "т.е.");
* an abbreviation that cannot end a sentence in that language ("проф.", "й.", "г.", "Mr.");

whereas abbreviations such as "т.д.", "т.ф.д.", "etc." end a sentence when an opener follows them. Acronyms
without dots ("ЕИ", "YI") are ordinary words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

__all__ = ["Sentence", "split_sentences", "supported_languages"]


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: its text (surrounding whitespace removed) and where it lies in the original."""

    text: str
    start: int  # offset of the first character in the original text
    end: int  # offset one past the last character
    paragraph: int  # 0-based index of the non-empty line the sentence belongs to


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Abbreviations (lower case, without the final dot) that never end a sentence: an upper-case word after them
# is a name or the rest of the same sentence.
_NON_FINAL: dict[str, frozenset[str]] = {
    "uz": _set(
        "й йил ш ш.ҳ м проф акад доц тахм млн млрд минг ст ком муҳ ред тарж"  # Cyrillic
        " y yil sh sh.h m prof akad dots taxm mln mlrd ming red tarj"  # Latin (1995 and 2026)
    ),
    "kk": _set("ж жж ғ ғғ проф акад доц мыс млн млрд мың т.ғ.к ст ред ауд"),
    "ru": _set("г гг в вв т.е т.к т.н т.о напр см ср проф акад доц им ул д стр млн млрд тыс руб коп ред пер ст"),
    "en": _set(
        "mr mrs ms dr prof st jr sr vs e.g i.e no nos fig figs approx cf al ed eds vol pp p"
        " jan feb mar apr jun jul aug sep sept oct nov dec gen col capt lt sgt rev hon"
    ),
}

# Abbreviations that may end a sentence ("... ва б.", "и т.д."): split after them only before an opener.
_FINAL_OK: dict[str, frozenset[str]] = {
    "uz": _set("т.ф.д т.қ б в.б t.f.d b"),
    "kk": _set("т.б т.с.с т.т б"),
    "ru": _set("т.д т.п др пр"),
    "en": _set("etc inc ltd co corp"),
}

_TERMINATOR = re.compile(r"[.!?…]+[\"'»”’“)\]]*(?=\s)")
_OPENING_PUNCT = frozenset("«\"“„'‘([—–-*•")
_INITIALISM = re.compile(r"^(?:[^\W\d_]\.)*[^\W\d_]$")
_LEADING_PUNCT = "«\"“„‘'([—–-"


def supported_languages() -> list[str]:
    """Languages with their own abbreviation lists; any other code uses all lists together."""
    return sorted(_NON_FINAL)


@cache
def _lists(lang: str) -> tuple[frozenset[str], frozenset[str]]:
    """The (never-final, may-be-final) abbreviation sets for a language tag such as "uz-Cyrl" or "kk"."""
    base = lang.split("-")[0].lower()
    if base in _NON_FINAL:
        return _NON_FINAL[base], _FINAL_OK[base]
    return frozenset().union(*_NON_FINAL.values()), frozenset().union(*_FINAL_OK.values())


def _is_boundary(text: str, dot_at: int, term: str, after: int, lang: str) -> bool:
    """Decide whether the terminator `term` (starting at `dot_at`) ends a sentence, `after` being the next
    non-space offset."""
    nxt = text[after]
    if not (nxt.isupper() or nxt.isdigit() or nxt in _OPENING_PUNCT):
        return False
    if not term.startswith(".") or term.startswith(".."):
        return True  # "!", "?", "…", "..." always end a sentence before an opener
    word_start = dot_at
    while word_start > 0 and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start:dot_at].lstrip(_LEADING_PUNCT)
    if not word:
        return True
    never, may = _lists(lang)
    lower = word.lower()
    tail = lower.rsplit("-", 1)[-1]  # "2025-y." abbreviates "yil" after a number
    if tail != lower and tail in never:
        return False
    if lower in may:
        return True
    # An initial is upper case ("О.", "Е.И."); a one-letter lower-case word ("деди у.") is a real word.
    return not (lower in never or (word.isupper() and _INITIALISM.match(word)))


def _split_paragraph(text: str, start: int, end: int, paragraph: int, lang: str) -> list[Sentence]:
    out: list[Sentence] = []
    sent_start = start
    for m in _TERMINATOR.finditer(text, start, end):
        after = m.end()
        while after < end and text[after].isspace():
            after += 1
        if after < end and _is_boundary(text, m.start(), m.group(), after, lang):
            out.append(_make(text, sent_start, m.end(), paragraph))
            sent_start = after
    out.append(_make(text, sent_start, end, paragraph))
    return [s for s in out if s.text]


def _make(text: str, start: int, end: int, paragraph: int) -> Sentence:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(text[start:end], start, end, paragraph)


_LINE = re.compile(r"[^\r\n]+")


def split_sentences(text: str, lang: str = "uz") -> list[Sentence]:
    """Split `text` into sentences; each non-empty line is a paragraph, and no sentence crosses a line break.

    `lang` is a language or BCP-47 tag ("uz", "uz-Cyrl", "uz-Latn", "kk", "ru", "en"); it picks the
    abbreviation list. Offsets index into `text` itself: `text[s.start:s.end] == s.text` for every sentence.
    """
    sentences: list[Sentence] = []
    paragraph = 0
    for line in _LINE.finditer(text):
        if line.group().strip():
            sentences.extend(_split_paragraph(text, line.start(), line.end(), paragraph, lang))
            paragraph += 1
    return sentences
