"""Bridges to the `transliterate` package (optional extra `translit[transliterate]`, LGPL-2.1 / GPL-2.0).

Two directions:
- `romanize_russian`: Russian paragraphs are romanized with transliterate's own `ru` pack, on request only
  (translit has no Russian rule file; that pack is the well-kept solution).
- `register`: translit's Uzbek rule sets become transliterate language packs, so code already written
  against that library (`translit(text, "uz")`) runs our rules. transliterate's convention is kept: a pack
  converts Latin to its native script, and `reversed=True` converts back to Latin.
  `uz`: Uzbek Latin (1995) ↔ Cyrillic; `uz_2026`: Uzbek Latin (2026) ↔ Cyrillic.
"""

from __future__ import annotations

from typing import Any

from translit.errors import TranslitError

PACKS = {"uz": ("Uzbek", "uz-Latn"), "uz_2026": ("Uzbek (Latin 2026)", "uz-Latn-2026")}


def _transliterate() -> Any:
    try:
        import transliterate
    except ImportError as exc:
        raise TranslitError(
            "the 'transliterate' package is not installed: pip install 'translit[transliterate]'"
        ) from exc
    return transliterate


def romanize_russian(text: str) -> str:
    """Russian Cyrillic → Latin with transliterate's `ru` pack (its default scheme)."""
    return str(_transliterate().translit(text, "ru", reversed=True))


def _pack_class(code: str, name: str, latin_tag: str) -> type:
    from transliterate.base import TranslitLanguagePack

    from translit.registry import get_converter

    class _UzbekPack(TranslitLanguagePack):  # type: ignore[misc]
        """A transliterate pack whose conversions are translit's rule sets, not a character table."""

        language_code = code
        language_name = name
        character_ranges = ((0x0400, 0x04FF),)
        # transliterate insists on a non-empty table; ours is never used, translit() below replaces it.
        mapping = ("abdefghijklmnopqrstuvxyz", "абдефгҳижклмнопқрстувхйз")
        detectable = False

        def translit(self, value: str, reversed: bool = False, strict: bool = False, fail_silently: bool = True) -> str:
            source, target = ("uz-Cyrl", latin_tag) if reversed else (latin_tag, "uz-Cyrl")
            return get_converter(source, target).convert(value)

    _UzbekPack.__name__ = f"UzbekPack_{code}"
    return _UzbekPack


def register() -> list[str]:
    """Register translit's Uzbek packs with transliterate (idempotent); returns their language codes."""
    from transliterate.base import registry

    _transliterate()
    for code, (name, latin_tag) in PACKS.items():
        registry.register(_pack_class(code, name, latin_tag), force=True)
    return list(PACKS)
