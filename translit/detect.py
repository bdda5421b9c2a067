"""Which script and language a text (or each paragraph of it) is written in, so `convert` can run without `--from`.

How it decides, in this order:
1. **Script** by counting letters: Cyrillic (U+0400–U+04FF) against Latin. No letters: tag None.
2. **Distinctive letters**, decisive even for a few words:
   - Cyrillic: ў ҳ only in Uzbek; ә ө ү ұ і ң һ only in Kazakh (among the languages we convert); қ ғ in both.
   - Latin: ş ç ğ (and ö) mark the 2026 Uzbek alphabet; oʻ gʻ (any apostrophe), sh, ch mark the 1995 one;
     ü ı ä ñ ə ý ň ž never occur in Uzbek, so such text goes to the statistical detector as "other".
     Text with 2026 letters and none of those is Uzbek even where the model says Turkish, Azerbaijani or
     Turkmen (it confuses them: "Bugun havo yaxşi. Çiroyli şahar." scores as Azerbaijani).
3. **A statistical detector**, py3langid (BSD, a naive Bayes model shipped inside the package, no download),
   restricted to the languages that occur here. It tells Russian from Uzbek or Kazakh Cyrillic that has no
   distinctive letter, Uzbek Latin from English or Turkish, and settles ties. Cyrillic is reported as
   another language (uk, bg, ky, …) only when the model is sure (p ≥ 0.9); a weaker guess is replaced by
   the best of uz, kk and ru in the model's ranking. langdetect has no Uzbek or
   Kazakh profile, which is why it is not used. Without py3langid installed (extra `translit[detect]`),
   step 3 is skipped and confidences are lower.

The confidence (0–1) is the share of the text's letters in the deciding script times the strength of the
language evidence: 1 − 0.3ⁿ for n distinctive letters, or py3langid's normalised probability, whichever the
decision rested on (both agreeing gives the larger).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

UZ_CYRL, KK_CYRL, RU, UZ_LATN, UZ_LATN_2026 = "uz-Cyrl", "kk-Cyrl", "ru", "uz-Latn", "uz-Latn-2026"
UZBEK_TAGS = frozenset({UZ_CYRL, UZ_LATN, UZ_LATN_2026})

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_UZ_CYRL = re.compile(r"[ўҳЎҲ]")
_KK_CYRL = re.compile(r"[әөүұіңһӘӨҮҰІҢҺ]")
_UZ_2026 = re.compile(r"[şçğŞÇĞ]|(?<![a-zà-ÿ])[öÖ]|[öÖ](?=[a-z])", re.IGNORECASE)
_UZ_1995 = re.compile(r"[og][ʻ'‘’`´]|sh|ch|ʻ", re.IGNORECASE)
_NOT_UZ_LATIN = re.compile(r"[üıäñəýňžÜİÄÑƏÝŇŽáéíóúàèìòùâêîôûãõåøæœß]")
_TURKIC_LATIN = frozenset({"uz", "tr", "az", "tk"})  # the model confuses 2026 Uzbek with these
_LINE = re.compile(r"[^\r\n]+")

# py3langid codes → our tags, per script. Everything else keeps its ISO 639-1 code ("en", "tr").
_LANGS = ["uz", "kk", "ru", "en", "tr", "az", "tg", "ky", "uk", "be", "bg", "de", "fr", "tk", "tt"]
_CYRILLIC_TAGS = {"uz": UZ_CYRL, "kk": KK_CYRL, "ru": RU}


@dataclass(frozen=True)
class Detection:
    """A tag (`uz-Cyrl`, `kk-Cyrl`, `ru`, `uz-Latn`, `uz-Latn-2026`, another language's code) or None."""

    tag: str | None
    confidence: float


@dataclass(frozen=True)
class ParagraphDetection:
    """One paragraph of a text: its span (`text[start:end]`, line breaks excluded) and what it is."""

    start: int
    end: int
    tag: str | None
    confidence: float


@functools.lru_cache(maxsize=1)
def _identifier() -> Any | None:
    """py3langid restricted to our languages, loaded once; None when the package is not installed."""
    try:
        from py3langid import langid
    except ImportError:
        return None
    model = Path(langid.__file__).parent / langid.MODEL_FILE
    identifier = langid.LanguageIdentifier.from_modelpath(model, norm_probs=True)
    identifier.set_languages(_LANGS)
    return identifier


def _statistical(text: str) -> tuple[str, float] | None:
    identifier = _identifier()
    if identifier is None:
        return None
    lang, prob = identifier.classify(text)
    return str(lang), float(prob)


def _strength(count: int) -> float:
    return 1.0 - 0.3**count


def detect_script(text: str) -> Detection:
    """Best guess for the whole text (see the module docstring for how it decides)."""
    cyrillic = len(_CYRILLIC.findall(text))
    latin = len(_LATIN.findall(text))
    if cyrillic == 0 and latin == 0:
        return Detection(None, 0.0)
    if cyrillic >= latin:
        return _cyrillic(text, cyrillic / (cyrillic + latin))
    return _latin(text, latin / (cyrillic + latin))


def _cyrillic(text: str, share: float) -> Detection:
    uz, kk = len(_UZ_CYRL.findall(text)), len(_KK_CYRL.findall(text))
    stat = _statistical(text)
    if uz or kk:
        tag = UZ_CYRL if uz >= kk else KK_CYRL
        strength = _strength(abs(uz - kk)) if uz != kk else 0.5
        if stat is not None and _CYRILLIC_TAGS.get(stat[0]) == tag:
            strength = max(strength, stat[1])
        return Detection(tag, round(share * strength, 3))
    if stat is None:  # no distinctive letter and no model: Russian is the usual Cyrillic without them
        return Detection(RU, round(share * 0.5, 3))
    lang, prob = stat
    if lang in _CYRILLIC_TAGS or prob >= 0.9:
        return Detection(_CYRILLIC_TAGS.get(lang, lang), round(share * prob, 3))
    # A weak guess at another language (short text: "Тошкент" scores as Kyrgyz): choose among the three
    # Cyrillic languages this tool knows, by the model's own ranking, with a confidence to match.
    identifier = _identifier()
    assert identifier is not None  # `stat` above came from it
    ranked = {code: p for code, p in identifier.rank(text) if code in _CYRILLIC_TAGS}
    best = max(ranked, key=ranked.__getitem__)
    return Detection(_CYRILLIC_TAGS[best], round(share * ranked[best], 3))


def _latin(text: str, share: float) -> Detection:
    new, old = len(_UZ_2026.findall(text)), len(_UZ_1995.findall(text))
    foreign = bool(_NOT_UZ_LATIN.search(text))
    stat = _statistical(text)
    if stat is None:
        is_uzbek = bool(new or old) and not foreign
    else:
        # ş ç ğ without the letters Turkish (ı ü), Azerbaijani (ə) and Turkmen (ä ý ň ž) cannot do without
        # is the 2026 Uzbek alphabet, whatever the model says among those languages.
        is_uzbek = stat[0] == "uz" or (new > old and not foreign and stat[0] in _TURKIC_LATIN)
    if not is_uzbek:
        if stat is None:
            return Detection("und", round(share * 0.5, 3))
        return Detection(stat[0], round(share * stat[1], 3))
    tag = UZ_LATN_2026 if new > old else UZ_LATN
    strength = _strength(abs(new - old)) if new != old else 0.5
    if stat is not None:
        strength = max(strength, stat[1]) if new != old or new == 0 else min(strength, stat[1])
    return Detection(tag, round(share * strength, 3))


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the non-blank lines of `text` (line endings excluded).

    Lines are the unit, as in `translit convert` without --from: many texts put one paragraph per line, and a
    blank-line-separated paragraph is simply judged line by line.
    """
    for match in _LINE.finditer(text):
        if match.group().strip():
            yield match.span()


def detect_paragraphs(text: str) -> list[ParagraphDetection]:
    """Each line's own detection, so a Russian or English paragraph in an Uzbek text is seen as such."""
    found = []
    for start, end in paragraphs(text):
        result = detect_script(text[start:end])
        found.append(ParagraphDetection(start, end, result.tag, result.confidence))
    return found
