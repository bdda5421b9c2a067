"""Bridges to the `transliterate` package (optional extra `translit-uz[transliterate]`, LGPL-2.1 / GPL-2.0).

Two directions:
- `romanize_russian`: Russian paragraphs are romanized with transliterate's own `ru` pack, on request only
  (translit has no Russian rule file; that pack is the well-kept solution).
- `register`: translit's Uzbek rule sets become transliterate language packs, so code already written
  against that library (`translit(text, "uz")`) runs our rules. transliterate's convention is kept: a pack
  converts Latin to its native script, and `reversed=True` converts back to Latin.
  `uz`: Uzbek Latin (1995) ↔ Cyrillic; `uz_2026`: Uzbek Latin (2026) ↔ Cyrillic.

transliterate discovers its own packs (ru, uk, el, …) only while its registry is empty, so `register()` has it
discover them first; otherwise adding ours would hide all of them for the rest of the process.
"""

from __future__ import annotations

from typing import Any

from translit.errors import DependencyError, TranslitError

PACKS = {"uz": ("Uzbek", "uz-Latn"), "uz_2026": ("Uzbek (Latin 2026)", "uz-Latn-2026")}


def _transliterate() -> Any:
    try:
        import transliterate
    except ImportError as exc:
        raise DependencyError(
            "the 'transliterate' package is not installed: pip install 'translit-uz[transliterate]'"
        ) from exc
    return transliterate


def _discover_own_packs() -> None:
    """Let transliterate register its bundled packs now, while its registry may still be empty."""
    from transliterate.utils import ensure_autodiscover

    ensure_autodiscover()


def romanize_russian(text: str) -> str:
    """Russian Cyrillic → Latin with transliterate's `ru` pack (its default scheme)."""
    module = _transliterate()
    _discover_own_packs()
    from transliterate.exceptions import LanguagePackNotFound

    try:
        return str(module.translit(text, "ru", reversed=True))
    except LanguagePackNotFound as exc:
        raise TranslitError(f"transliterate has no 'ru' language pack here ({exc})") from exc


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
    """Register translit's Uzbek packs with transliterate (idempotent), after transliterate's own; returns
    their language codes."""
    _transliterate()
    _discover_own_packs()
    from transliterate.base import registry

    for code, (name, latin_tag) in PACKS.items():
        registry.register(_pack_class(code, name, latin_tag), force=True)
    return list(PACKS)
