"""Statistical language identification behind one small interface, chosen by name through entry points.

The default is py3langid (BSD; a naive Bayes model shipped inside the package, nothing downloaded) on all
of its 97 languages: restricting it to the languages we convert is what made the first version read Kyrgyz,
Tajik or Tatar as Uzbek. langdetect, which users asked for, is the alternative: it has no Uzbek, Kazakh,
Kyrgyz or Tajik profile, so it can only vouch for the languages in its `trusted` set (Western European
Latin), and it is seeded, because its answers otherwise change from run to run. `none` never loads a model:
the letters alone decide. Models are loaded on first use only, so text whose letters decide costs nothing.

Other detectors plug in through the entry-point group `translit.detectors` (a class with `name`, `rank`,
`knows` and `trusted`).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, Protocol

from translit.errors import TranslitError

GROUP = "translit.detectors"
DEFAULT = "py3langid"


class LanguageModel(Protocol):
    """What the decision needs from a statistical detector."""

    name: str
    #: languages whose confident answer may leave a unit alone even when the model knows none of ours
    trusted: frozenset[str]

    def rank(self, text: str) -> Mapping[str, float]:
        """Probability of each language it knows (summing to about 1), for a short or long text."""
        ...

    def knows(self, language: str) -> bool:
        """Whether the model has a profile for this language code at all."""
        ...


class UnknownDetectorError(TranslitError):
    """A `--detector` / `detector=` name that no installed entry point provides."""


class Py3LangId:
    """py3langid over all of its languages, probabilities normalised."""

    name = "py3langid"
    trusted: frozenset[str] = frozenset()

    def __init__(self) -> None:
        from py3langid import langid

        model = Path(langid.__file__).parent / langid.MODEL_FILE
        unpacked = _unpacked_model(model)
        if unpacked is None:
            self._identifier = langid.LanguageIdentifier.from_modelpath(model, norm_probs=True)
        else:  # the same arrays, without decompressing the shipped LZMA file again
            import numpy as np
            from py3langid import modelio

            with np.load(unpacked, allow_pickle=False) as data:
                self._identifier = langid.LanguageIdentifier(
                    np.asarray(data["ptc"]),
                    np.asarray(data["pc"]),
                    data["classes"].tolist(),
                    modelio._to_array(data["nextmove"]),
                    data["out_feat"].tolist(),
                    norm_probs=True,
                    tk_row=modelio._to_array(data["nextmove_row"]),
                )
        classes = [str(c) for c in self._identifier.nb_classes]
        self._languages = frozenset(classes)
        # The model has two columns for a few labels (`uz`, `sr`); py3langid folds each pair into its first
        # column. Reading those columns straight from its scores skips the sort `rank()` does over 97 labels.
        first: dict[str, int] = {}
        for index, code in enumerate(classes):
            first.setdefault(code, index)
        self._names = list(first)
        self._columns = list(first.values())
        self._decide = getattr(self._identifier, "_decide", None)

    def rank(self, text: str) -> Mapping[str, float]:
        if self._decide is None:  # another py3langid version: its public ranking
            return {str(code): float(prob) for code, prob in self._identifier.rank(text)}
        scores = self._decide(text)
        return dict(zip(self._names, scores[self._columns].tolist(), strict=True))

    def knows(self, language: str) -> bool:
        return language in self._languages


class LangDetect:
    """langdetect (Apache-2.0), seeded so that the same text always gets the same answer.

    It reads Uzbek Latin as Somali, Indonesian or Turkish, so only Western-European answers are trusted.
    """

    name = "langdetect"
    trusted = frozenset(
        {"en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "no", "fi", "pl", "cs", "sk", "sl", "hr", "ro"}
        | {"hu", "et", "lv", "lt", "ca", "cy", "ga", "is"}
    )

    def __init__(self) -> None:
        from langdetect import DetectorFactory
        from langdetect.detector_factory import init_factory

        DetectorFactory.seed = 0
        init_factory()
        from langdetect import detector_factory

        factory: Any = detector_factory._factory
        self._languages = frozenset(str(code) for code in factory.get_lang_list())

    def rank(self, text: str) -> Mapping[str, float]:
        from langdetect import DetectorFactory, detect_langs
        from langdetect.lang_detect_exception import LangDetectException

        DetectorFactory.seed = 0
        try:
            return {str(found.lang): float(found.prob) for found in detect_langs(text)}
        except LangDetectException:  # no features (digits, punctuation)
            return {}

    def knows(self, language: str) -> bool:
        return language in self._languages


class LettersOnly:
    """No model: every decision rests on the letters and the document (`--detector none`)."""

    name = "none"
    trusted: frozenset[str] = frozenset()

    def rank(self, text: str) -> Mapping[str, float]:
        return {}

    def knows(self, language: str) -> bool:
        return False


_BUILT_IN: dict[str, type[Any]] = {"py3langid": Py3LangId, "langdetect": LangDetect, "none": LettersOnly}


def names() -> list[str]:
    """Detector names that can be chosen: the built-in ones and any installed entry point."""
    return sorted(set(_BUILT_IN) | {ep.name for ep in entry_points(group=GROUP)})


@functools.cache
def get_model(name: str = DEFAULT) -> LanguageModel:
    """The detector called `name`, loaded once per process (and only when a decision needs it)."""
    found = [ep for ep in entry_points(group=GROUP) if ep.name == name]
    factory = found[0].load() if found else _BUILT_IN.get(name)
    if factory is None:
        raise UnknownDetectorError(f"no language detector {name!r} (known: {', '.join(names())})")
    try:
        model: LanguageModel = factory()
    except ImportError as exc:
        extra = {"langdetect": "langdetect"}.get(name, name)
        raise UnknownDetectorError(
            f"the {name} detector needs {exc.name}, which is not installed: pip install {extra}"
        ) from exc
    return model


def _unpacked_model(model: Path) -> Path | None:
    """py3langid's model decompressed once into the user's cache (keyed by the file's size and mtime), or None.

    Decompressing the LZMA model is most of its load time; the unpacked .npz holds the very same arrays.
    `TRANSLIT_NO_MODEL_CACHE=1` (or a cache folder that cannot be written) keeps the plain load.
    """
    import lzma
    import os
    import shutil
    import tempfile

    if os.environ.get("TRANSLIT_NO_MODEL_CACHE", "") not in ("", "0"):
        return None
    try:
        stat = model.stat()
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "translit"
        target = base / f"py3langid-{stat.st_size}-{stat.st_mtime_ns}.npz"
        if target.exists():
            return target
        base.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=base, suffix=".tmp", delete=False) as tmp, lzma.open(model) as src:
            shutil.copyfileobj(src, tmp, length=1 << 20)
        os.replace(tmp.name, target)  # atomic: a concurrent process sees the whole file or none
        return target
    except (OSError, lzma.LZMAError):
        return None
