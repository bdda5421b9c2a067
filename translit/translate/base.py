"""The one interface every translation backend implements: translate a batch of sentences between two languages.

Why so small: the pipeline owns segmentation, transliteration, caching, pivoting and alignment, so a backend
only has to turn a list of sentences into a list of translations of the same length and say which pairs it
knows. Third-party backends register a subclass under the ``translit.translation_backends`` entry-point group.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

__all__ = ["InstalledModel", "TranslationBackend"]


@dataclass(frozen=True, slots=True)
class InstalledModel:
    """A model a backend can use: what `translit models list` prints."""

    backend: str
    name: str
    path: Path
    languages: tuple[str, ...]  # short codes ("uz", "kk", "en") or "uz->en" pairs for one-way models
    size_bytes: int


class TranslationBackend(ABC):
    """Translates sentences from one language to another. Language codes are ISO 639-1 ("uz", "kk", "en",
    "ru").

    Instances may hold a loaded model; call `close()` (or use `with`) to free it.
    """

    name: ClassVar[str] = ""

    @property
    @abstractmethod
    def model_id(self) -> str:
        """A stable identifier of the loaded model (name plus a content fingerprint), used as the cache
        key."""

    def model_id_for(self, source: str, target: str) -> str:
        """The model used for one pair (backends with one model per pair override this)."""
        return self.model_id

    def decoding_options(self) -> dict[str, object]:
        """Every setting that changes what the model writes (beam size, length limit, compute type): part of
        the cache key, so output made with other settings is never reused."""
        return {}

    @abstractmethod
    def pairs(self) -> frozenset[tuple[str, str]]:
        """Every (source, target) pair this backend translates directly."""

    @abstractmethod
    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        """Translate each sentence; the result has the same length and order. One sentence per item."""

    def input_script(self, lang: str) -> str | None:
        """The script the model expects for `lang` ("Latn", "Cyrl"), or None when it does not care."""
        return None

    def supports(self, source: str, target: str) -> bool:
        return (source, target) in self.pairs()

    def close(self) -> None:  # noqa: B027 - optional hook, most backends free memory on garbage collection
        """Release the model."""

    def __enter__(self) -> TranslationBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @classmethod
    def installed_models(cls) -> list[InstalledModel]:
        """Models of this backend found in the usual places (for `translit models list`)."""
        return []
