"""Offline translation, kept aligned sentence by sentence with the original and its transliteration.

Library use::

    from translit.translate import open_backend, TranslationCache, translate_document
    from translit.sidebyside import write_side_by_side

    with open_backend("ct2", "nllb-200-distilled-600M") as backend, TranslationCache() as cache:
        rows = translate_document(text, "uz", ["en", "kk"], backend=backend, cache=cache)
    write_side_by_side(rows, "out.html", "html")

Backends are optional extras (``translit[ct2]``, ``translit[argos]``); importing this package needs neither.
"""

from __future__ import annotations

from translit.translate.base import InstalledModel, TranslationBackend
from translit.translate.cache import TranslationCache, default_cache_path
from translit.translate.pipeline import AlignedSentence, translate_document, translate_sentences
from translit.translate.registry import backend_class, backend_names, open_backend

__all__ = [
    "AlignedSentence",
    "InstalledModel",
    "TranslationBackend",
    "TranslationCache",
    "backend_class",
    "backend_names",
    "default_cache_path",
    "open_backend",
    "translate_document",
    "translate_sentences",
]
