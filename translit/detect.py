"""Which script (and language) a text is written in, so `convert` can run without `--from`.

Decides by letters, not by a model: Uzbek Cyrillic has ў and ҳ that no neighbour uses; Kazakh has ә ө ү ұ і ң һ;
Russian Cyrillic has neither set; the reformed Uzbek Latin alphabet (2026) has ş ç ğ ö where the 1995 one
writes sh ch gʻ oʻ. Confidence is the share of the deciding evidence among the letters seen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_UZ_CYRL = re.compile(r"[ўҳЎҲ]")
_KK_CYRL = re.compile(r"[әөүұіңһӘӨҮҰІҢҺ]")
_SHARED_TURKIC = re.compile(r"[қғҚҒ]")
_UZ_2026 = re.compile(r"[şçğöŞÇĞÖ]")
_UZ_1995 = re.compile(r"[oOgG][ʻ'‘’`]|ʼ|\b(?:sh|ch)", re.IGNORECASE)


@dataclass(frozen=True)
class Detection:
    """A script/language tag (`uz-Cyrl`, `kk-Cyrl`, `ru-Cyrl`, `uz-Latn`, `uz-Latn-2026`) or None."""

    tag: str | None
    confidence: float


def detect_script(text: str) -> Detection:
    """Best guess for the whole text; `tag` is None when it holds no Cyrillic or Latin letters."""
    cyrillic = len(_CYRILLIC.findall(text))
    latin = len(_LATIN.findall(text))
    if cyrillic == 0 and latin == 0:
        return Detection(None, 0.0)
    if cyrillic >= latin:
        share = cyrillic / (cyrillic + latin)
        uz, kk = len(_UZ_CYRL.findall(text)), len(_KK_CYRL.findall(text))
        if uz > kk:
            return Detection("uz-Cyrl", share)
        if kk > uz:
            return Detection("kk-Cyrl", share)
        if _SHARED_TURKIC.search(text):
            return Detection("uz-Cyrl", share * 0.6)
        return Detection("ru-Cyrl", share * 0.6)
    share = latin / (cyrillic + latin)
    new, old = len(_UZ_2026.findall(text)), len(_UZ_1995.findall(text))
    if new > old:
        return Detection("uz-Latn-2026", share)
    return Detection("uz-Latn", share if old else share * 0.5)
