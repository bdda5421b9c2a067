"""Document translation: segment -> transliterate -> translate (cached, pivoted if needed) -> aligned sentences.

Why transliterate first: NLLB-200 knows Uzbek only as ``uzn_Latn`` (its training data and FLORES are Latin),
so Cyrillic Uzbek given to it is out of distribution; our own converter turns it into the 1995 Latin alphabet
the model was trained on. The same step gives the side-by-side "transliteration" column: the sentence in the
other script of its language (uz-Cyrl <-> uz-Latn, kk-Cyrl <-> kk-Latn).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from translit.errors import ModelError, TranslationError, TranslitError
from translit.segment import split_sentences
from translit.translate.base import TranslationBackend
from translit.translate.cache import TranslationCache

__all__ = [
    "AlignedSentence",
    "ConverterFactory",
    "check_targets",
    "resolve_source_tag",
    "translate_document",
    "translate_sentences",
]

# (source tag, target tag) -> a function converting a string; None when no rule set exists.
ConverterFactory = Callable[[str, str], Callable[[str], str] | None]

_COUNTERPART = {
    "uz-Cyrl": "uz-Latn",
    "uz-Latn": "uz-Cyrl",
    "uz-Latn-2026": "uz-Latn",
    "kk-Cyrl": "kk-Latn",
    "kk-Latn": "kk-Cyrl",
}
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


@dataclass(frozen=True, slots=True)
class AlignedSentence:
    """One source sentence with its transliteration and its translations, in document order."""

    index: int  # 0-based position in the document
    paragraph: int  # 0-based paragraph (non-empty line) number
    source: str  # the sentence exactly as in the input
    source_tag: str  # BCP-47 tag of the input ("uz-Cyrl")
    transliteration: str | None  # the sentence in the other script of its language, if there is one
    transliteration_tag: str | None  # its tag ("uz-Latn")
    translations: dict[str, str] = field(default_factory=dict)  # target language -> text, in request order


def _engine_converter(source: str, target: str) -> Callable[[str], str] | None:
    """The engine's converter, or None when the engine has no rule set for the pair."""
    import translit

    try:
        conv = translit.get_converter(source, target)
    except TranslitError:
        return None
    convert: Callable[[str], str] = conv.convert
    return convert


def resolve_source_tag(text: str, source_lang: str) -> str:
    """ "uz" -> "uz-Cyrl", "uz-Latn" or "uz-Latn-2026"; a tag with a script is returned unchanged.

    Cyrillic wins at a third of the letters: Cyrillic Uzbek and Kazakh news quote Latin brand names often,
    Latin-script texts rarely quote Cyrillic. Latin Uzbek is told apart from the 2026 alphabet by the engine's
    detector (ş ç ğ ö against sh ch gʻ oʻ).
    """
    if "-" in source_lang:
        return source_lang
    lang = source_lang.lower()
    if lang not in ("uz", "kk"):
        return lang
    cyr, lat = len(_CYRILLIC.findall(text)), len(_LATIN.findall(text))
    if 2 * cyr >= lat:
        return f"{lang}-Cyrl"
    if lang == "uz" and _detect(text) == "uz-Latn-2026":
        return "uz-Latn-2026"
    return f"{lang}-Latn"


def _detect(text: str) -> str | None:
    from translit import detect_script

    return detect_script(text).tag


def _legs(backend: TranslationBackend, source: str, target: str, pivot: str | None) -> list[tuple[str, str]]:
    if pivot and pivot not in (source, target):
        legs = [(source, pivot), (pivot, target)]
    elif backend.supports(source, target):
        return [(source, target)]
    else:
        legs = [(source, "en"), ("en", target)]
    missing = [f"{a}->{b}" for a, b in legs if not backend.supports(a, b)]
    if missing:
        via = f" nor through {legs[0][1]!r}" if not pivot else f" through {pivot!r}"
        raise ModelError(
            f"the {backend.name} backend has no model for {source}->{target}{via} (missing: "
            f"{', '.join(missing)}); install one with `translit models install PATH` "
            "(see `translit models list`)"
        )
    return legs


def check_targets(
    backend: TranslationBackend, source: str, targets: Iterable[str], *, pivot: str | None = None
) -> None:
    """Raise the one clear `ModelError` when `backend` cannot translate `source` into every target (directly,
    through `pivot`, or through English); used to fail before a long job starts rather than on its first
    document."""
    lang = source.split("-")[0].lower()
    for target in targets:
        target = target.strip().lower()
        if target and target != lang:
            _legs(backend, lang, target, pivot)


def translate_sentences(
    sentences: Sequence[str],
    source: str,
    target: str,
    *,
    backend: TranslationBackend,
    cache: TranslationCache | None = None,
    pivot: str | None = None,
) -> list[str]:
    """Translate a list of sentences (already in the script the model expects), using and filling the
    cache."""
    current = list(sentences)
    for a, b in _legs(backend, source, target, pivot):
        current = _translate_leg(current, a, b, backend, cache)
    return current


def _translate_leg(
    sentences: list[str],
    source: str,
    target: str,
    backend: TranslationBackend,
    cache: TranslationCache | None,
) -> list[str]:
    unique = list(dict.fromkeys(s for s in sentences if s.strip()))
    known: dict[str, str] = {}
    if cache is not None and unique:
        known = cache.get_many(
            backend.name,
            backend.model_id_for(source, target),
            source,
            target,
            unique,
            options=backend.decoding_options(),
        )
    todo = [s for s in unique if s not in known]
    if todo:
        done = backend.translate(todo, source, target)
        if len(done) != len(todo):
            raise TranslationError(
                f"the {backend.name} backend returned {len(done)} translations for {len(todo)} sentences"
            )
        fresh = list(zip(todo, done, strict=True))
        known.update(fresh)
        if cache is not None:
            cache.put_many(
                backend.name,
                backend.model_id_for(source, target),
                source,
                target,
                fresh,
                options=backend.decoding_options(),
            )
    return [known.get(s, "") for s in sentences]


def translate_document(
    text: str,
    source_lang: str,
    targets: Iterable[str],
    *,
    backend: TranslationBackend,
    cache: TranslationCache | None = None,
    pivot: str | None = None,
    converter_factory: ConverterFactory = _engine_converter,
) -> list[AlignedSentence]:
    """Split `text` into sentences and translate each into every language of `targets`.

    `source_lang` is "uz", "kk", "ru", "en" or a tag with a script ("uz-Cyrl"); for uz and kk without a
    script, the script is detected from the letters. Sentences are given to the model in the script it expects
    (Uzbek Cyrillic becomes Latin first). `pivot="en"` forces two legs through English; without it, pairs the
    backend lacks go through English automatically. Translations come from `cache` when present and are added
    to it.
    """
    source_tag = resolve_source_tag(text, source_lang)
    lang = source_tag.split("-")[0]
    targets = [t.strip().lower() for t in targets if t.strip()]
    pieces = split_sentences(text, source_tag)
    if not pieces:
        return []
    originals = [p.text for p in pieces]

    model_script = backend.input_script(lang)
    source_script = source_tag.split("-")[1] if "-" in source_tag else None  # "ru", "en": one script only
    model_tag = f"{lang}-{model_script}" if model_script and source_script else source_tag
    display_tag = _COUNTERPART.get(source_tag)
    convert = converter_factory(source_tag, model_tag) if model_tag != source_tag else None
    if convert is None and source_script and model_script and source_script != model_script:
        raise TranslationError(
            f"the model expects {model_tag} but there is no converter from {source_tag} to {model_tag}"
        )
    shown: list[str | None]
    shown_tag: str | None
    if convert is not None:
        model_input = [convert(s) for s in originals]
        shown, shown_tag = list(model_input), model_tag
    else:  # already in the model's script (uz-Latn-2026 without a converter is still Latin)
        model_input = originals
        to_display = converter_factory(source_tag, display_tag) if display_tag else None
        shown_tag = display_tag if to_display else None
        shown = [to_display(s) for s in originals] if to_display else [None] * len(originals)

    columns: dict[str, list[str]] = {}
    for target in targets:
        if target == lang:
            columns[target] = list(originals)
        else:
            columns[target] = translate_sentences(model_input, lang, target, backend=backend, cache=cache, pivot=pivot)
    return [
        AlignedSentence(
            index=i,
            paragraph=p.paragraph,
            source=p.text,
            source_tag=source_tag,
            transliteration=shown[i],
            transliteration_tag=shown_tag,
            translations={t: columns[t][i] for t in targets},
        )
        for i, p in enumerate(pieces)
    ]
