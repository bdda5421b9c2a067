"""Test doubles shared by the translation cache tests (a plain module: no fixtures, no assertion rewriting)."""

from __future__ import annotations

from collections.abc import Sequence

from translit.translate.ct2 import CTranslate2Backend


class Counting(CTranslate2Backend):
    """The CTranslate2 backend, recording every sentence it is asked to translate (cache tests)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.seen: list[str] = []

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        self.seen.extend(sentences)
        return super().translate(sentences, source, target)


def no_converter(source: str, target: str) -> None:
    """A converter factory that has no conversion for any pair."""
    return None
