"""Backends by name, found through the ``translit.translation_backends`` entry-point group.

Why entry points: another package can add a backend (a different engine, a remote service on the user's own
network) by declaring ``[project.entry-points."translit.translation_backends"] mine = "pkg.mod:Class"``
without touching translit. The built-in ones are declared the same way in our pyproject.toml; they are also
listed here so that a source checkout that was never installed still finds them.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import EntryPoint, entry_points
from typing import Any

from translit.errors import TranslationError
from translit.translate.base import TranslationBackend

__all__ = ["GROUP", "backend_class", "backend_names", "open_backend"]

GROUP = "translit.translation_backends"
_BUILTIN = {
    "ct2": "translit.translate.ct2:CTranslate2Backend",
    "argos": "translit.translate.argos:ArgosBackend",
}


def _entry_points() -> dict[str, EntryPoint]:
    found = {name: EntryPoint(name, value, GROUP) for name, value in _BUILTIN.items()}
    for ep in entry_points(group=GROUP):
        found[ep.name] = ep
    return found


def backend_names() -> list[str]:
    """Names of all registered backends, loaded or not (loading may need an optional extra)."""
    return sorted(_entry_points())


def backend_class(name: str) -> type[TranslationBackend]:
    """The backend class registered under `name`."""
    eps = _entry_points()
    if name not in eps:
        raise TranslationError(f"unknown translation backend {name!r} (known: {', '.join(sorted(eps))})")
    ep = eps[name]
    try:
        module_name, _, attr = ep.value.partition(":")
        obj: Any = import_module(module_name)
        for part in attr.split("."):
            obj = getattr(obj, part)
    except (ImportError, AttributeError) as exc:
        raise TranslationError(f"translation backend {name!r} ({ep.value}) cannot be loaded: {exc}") from exc
    if not (isinstance(obj, type) and issubclass(obj, TranslationBackend)):
        raise TranslationError(f"translation backend {name!r} ({ep.value}) is not a TranslationBackend subclass")
    return obj


def open_backend(name: str = "ct2", model: str | None = None, **options: Any) -> TranslationBackend:
    """Open backend `name` with `model` (a path or an installed model's name; None picks the default)."""
    cls = backend_class(name)
    opener = getattr(cls, "open", None)
    if opener is None:
        return cls(**options) if model is None else cls(model, **options)  # type: ignore[call-arg]
    backend: TranslationBackend = opener(model, **options)
    return backend
