"""Backends found through the `translit.translation_backends` entry-point group, third-party ones included."""

from __future__ import annotations

from collections.abc import Sequence
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any

import pytest

from translit.errors import TranslationError
from translit.translate import registry, translate_document
from translit.translate.ct2 import CTranslate2Backend


class ReverseBackend(registry.TranslationBackend):
    """A third-party backend as another package would write it: reverses each word."""

    name = "reverse"

    def __init__(self, model: str | None = None, **options: Any) -> None:
        self.model = model or "default"

    @classmethod
    def open(cls, model: str | None = None, **options: Any) -> ReverseBackend:
        return cls(model, **options)

    @property
    def model_id(self) -> str:
        return f"reverse-{self.model}"

    def pairs(self) -> frozenset[tuple[str, str]]:
        return frozenset({("uz", "en"), ("en", "kk")})

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        return [" ".join(w[::-1] for w in s.split()) + f" [{source}>{target}]" for s in sentences]


class NotABackend:
    pass


@pytest.fixture
def third_party(monkeypatch: pytest.MonkeyPatch) -> None:
    eps = [
        EntryPoint("reverse", f"{__name__}:ReverseBackend", registry.GROUP),
        EntryPoint("broken", "no_such_module_xyz:Thing", registry.GROUP),
        EntryPoint("wrong", f"{__name__}:NotABackend", registry.GROUP),
    ]
    monkeypatch.setattr(registry, "entry_points", lambda group: [e for e in eps if e.group == group])


def test_builtins_are_declared_as_entry_points() -> None:
    from importlib.metadata import entry_points

    declared = {ep.name: ep.value for ep in entry_points(group=registry.GROUP)}
    assert declared["ct2"] == "translit.translate.ct2:CTranslate2Backend"
    assert declared["argos"] == "translit.translate.argos:ArgosBackend"
    assert registry.backend_class("ct2") is CTranslate2Backend


def test_a_third_party_backend_is_found_and_used(third_party: None) -> None:
    assert {"ct2", "argos", "reverse", "broken", "wrong"} <= set(registry.backend_names())
    backend = registry.open_backend("reverse", "m1")
    assert backend.model_id == "reverse-m1"
    rows = translate_document(
        "Salom dunyo. Xayr.", "uz-Latn", ["en", "kk"], backend=backend, converter_factory=lambda a, b: None
    )
    assert [r.translations for r in rows] == [
        {"en": "molaS .oynud [uz>en]", "kk": "Salom dunyo. ]ne>zu[ [en>kk]"},
        {"en": ".ryaX [uz>en]", "kk": "Xayr. ]ne>zu[ [en>kk]"},
    ]


def test_unknown_and_broken_backends_are_clear_errors(third_party: None) -> None:
    with pytest.raises(TranslationError, match=r"unknown translation backend 'nope' \(known: .*ct2.*\)"):
        registry.backend_class("nope")
    with pytest.raises(TranslationError, match=r"'broken' \(no_such_module_xyz:Thing\) cannot be loaded"):
        registry.open_backend("broken")
    with pytest.raises(TranslationError, match="is not a TranslationBackend subclass"):
        registry.backend_class("wrong")


def test_open_backend_passes_the_model_and_options(tiny_model: Path) -> None:
    backend = registry.open_backend("ct2", str(tiny_model), beam_size=3)
    assert isinstance(backend, CTranslate2Backend)
    assert backend.model_dir == tiny_model and backend.beam_size == 3


pytest_plugins = ["translate_fixtures"]  # tests/translate_fixtures.py: tiny_model
