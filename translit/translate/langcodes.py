"""Language codes: our short ISO 639-1 codes to the NLLB-200 (FLORES-200) codes a model's vocabulary holds.

NLLB has only ``uzn_Latn`` for Uzbek (no Cyrillic code), so Cyrillic Uzbek is transliterated to Latin before
it reaches the model; the script after the underscore tells the pipeline which script each language must be
in.
"""

from __future__ import annotations

__all__ = ["NLLB_CODES", "nllb_code", "script_of_code"]

NLLB_CODES: dict[str, str] = {
    "uz": "uzn_Latn",
    "kk": "kaz_Cyrl",
    "en": "eng_Latn",
    "ru": "rus_Cyrl",
    "ky": "kir_Cyrl",
    "tg": "tgk_Cyrl",
    "tr": "tur_Latn",
    "tk": "tuk_Latn",
    "az": "azj_Latn",
    "tt": "tat_Cyrl",
    "uk": "ukr_Cyrl",
    "de": "deu_Latn",
    "fr": "fra_Latn",
}


def nllb_code(lang: str) -> str | None:
    """ "uz" or "uz-Cyrl" -> "uzn_Latn"; None for a language we have no mapping for."""
    return NLLB_CODES.get(lang.split("-")[0].lower())


def script_of_code(code: str) -> str:
    """ "uzn_Latn" -> "Latn"."""
    return code.rsplit("_", 1)[-1]
