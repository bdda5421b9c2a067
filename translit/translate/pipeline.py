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
from typing import TYPE_CHECKING

from translit.errors import ModelError, TranslationError, TranslitError
from translit.segment import split_sentences
from translit.translate.base import TranslationBackend
from translit.translate.cache import TranslationCache

if TYPE_CHECKING:
    from translit.translate.glossary import Glossary

__all__ = [
    "UNDECIDED",
    "AlignedSentence",
    "ConverterFactory",
    "TargetSpec",
    "check_targets",
    "detect_sentences",
    "filter_language_tokens",
    "resolve_source_tag",
    "target_spec",
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
OTHER_TAG = "und"


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
    #: target as requested -> the honest tag of its text ("uz" -> "uz-Latn": what the model writes)
    translation_tags: dict[str, str] = field(default_factory=dict)
    start: int | None = None  # character offsets of the sentence in the text that was translated
    end: int | None = None
    file: str | None = None  # the document (and archive member) the sentence comes from, when known
    member: str | None = None
    notes: list[str] = field(default_factory=list)  # "kept: not in --only", dropped glossary terms


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
        target = target.strip().split("-")[0].lower()  # "uz-Cyrl" is reached through "uz"
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


_LANG_TOKEN = re.compile(r"(?<![\w-])[a-z]{3}_[A-Z][a-z]{3}(?![\w-])\s?")
#: detector bases that do not decide a sentence alone (it follows its neighbours or the given source)
UNDECIDED = frozenset({"short", "unsure", "no-letters"})


def filter_language_tokens(text: str) -> str:
    """Remove NLLB language tokens ("eng_Latn") a model leaked into its output."""
    return _LANG_TOKEN.sub("", text).strip() if "_" in text else text


def detect_sentences(texts: Sequence[str], detector: str = "py3langid") -> list[tuple[str | None, str]]:
    """(tag, basis) of each sentence, read as conversion reads the lines of a text: the same detector, and a
    sentence too short or unsure to decide alone follows its neighbours."""
    from translit.text.detect import detect_paragraphs

    lines = [" ".join(t.split()) for t in texts]
    found = detect_paragraphs("\n".join(lines), detector) if lines else []
    if len(found) != len(lines):  # a line without letters has no paragraph of its own
        out: list[tuple[str | None, str]] = []
        for line in lines:
            one = detect_paragraphs(line, detector) if line else []
            out.append((one[0].tag, one[0].basis) if one else (None, "no-letters"))
        return out
    return [(f.tag, f.basis) for f in found]


@dataclass(frozen=True)
class TargetSpec:
    """What was asked for and how it is reached: the model's language, then an optional transliteration."""

    requested: str  # "en", "uz-Cyrl", "kk-Latn", "uz-Latn-2026"
    lang: str  # the model's target language ("uz")
    tag: str  # the honest tag of the output ("uz-Cyrl"; "uz-Latn" for a bare "uz")
    model_tag: str | None  # the tag of what the model writes ("uz-Latn"), when the model says its script
    after: Callable[[str], str] | None  # model output -> the requested script


def target_spec(
    target: str, backend: TranslationBackend, converter_factory: ConverterFactory = _engine_converter
) -> TargetSpec:
    """Resolve a target ("en", "uz-Cyrl", …): the model's language, and a transliteration of its output when
    the requested script is not the one the model writes (uz-Cyrl, uz-Latn-2026 and kk-Latn from NLLB)."""
    target = target.strip()
    lang = target.split("-")[0].lower()
    script = backend.input_script(lang)
    model_tag = f"{lang}-{script}" if script and lang in ("uz", "kk") else None
    if "-" not in target:
        # Uzbek is written in two scripts in use, so its tag says which; a bare "kk" is Cyrillic (CLDR's
        # likely script) and stays bare when that is what the model writes.
        bare = lang == "kk" and model_tag == "kk-Cyrl"
        return TargetSpec(lang, lang, lang if bare else model_tag or lang, model_tag, None)
    if model_tag is None or model_tag.lower() == target.lower():
        return TargetSpec(target, lang, target, model_tag, None)
    after = converter_factory(model_tag, target)
    if after is None:
        raise ModelError(f"the model writes {model_tag} and there is no transliteration from {model_tag} to {target}")
    return TargetSpec(target, lang, target, model_tag, after)


def _routable(backend: TranslationBackend, lang: str, targets: Sequence[TargetSpec], pivot: str | None) -> bool:
    for spec in targets:
        if spec.lang != lang:
            try:
                _legs(backend, lang, spec.lang, pivot)
            except ModelError:
                return False
    return True


def restore(text: str, terms: dict[int, str]) -> tuple[str, tuple[str, ...]]:
    from translit.translate.glossary import restore as put_back

    return put_back(text, terms)


def translate_document(
    text: str,
    source_lang: str,
    targets: Iterable[str],
    *,
    backend: TranslationBackend,
    cache: TranslationCache | None = None,
    pivot: str | None = None,
    converter_factory: ConverterFactory = _engine_converter,
    detector: str = "py3langid",
    per_sentence: bool = True,
    file: str | None = None,
    member: str | None = None,
    only: Iterable[str] = (),
    glossary: Glossary | None = None,
) -> list[AlignedSentence]:
    """Split `text` into sentences and translate each into every language of `targets`.

    `source_lang` is "uz", "kk", "ru", "en" or a tag with a script ("uz-Cyrl"); for uz and kk without a
    script, the script is detected from the letters. With `per_sentence` (the default) each sentence's
    language is detected with the detector conversion uses: a sentence it decides is in another language (a
    Russian quote in an Uzbek text) is tagged so and goes to the model as that language; the others keep the
    document's tag. Sentences are given to the model in the script it expects (Uzbek Cyrillic becomes Latin
    first). A target with a script the model does not write ("uz-Cyrl", "kk-Latn", "uz-Latn-2026") is the
    model's output transliterated. `pivot="en"` forces two legs through English; without it, pairs the
    backend lacks go through English automatically. Translations come from `cache` when present and are
    added to it. `only` ("uz", "ru") leaves sentences in other languages as they are in every column;
    `glossary` terms are protected into the model and put back (`translit.translate.glossary`), and a term
    the model dropped is named in the row's `notes`.
    """
    doc_tag = resolve_source_tag(text, source_lang)
    specs = [target_spec(t, backend, converter_factory) for t in targets if t.strip()]
    pieces = split_sentences(text, doc_tag)
    if not pieces:
        return []
    originals = [p.text for p in pieces]
    tags = [doc_tag] * len(pieces)
    if per_sentence:
        for i, (tag, basis) in enumerate(detect_sentences(originals, detector)):
            if tag and tag != doc_tag and basis not in UNDECIDED and tag != OTHER_TAG:
                tags[i] = tag
        for tag in set(tags) - {doc_tag}:  # a language no model route reaches stays with its document
            if not _routable(backend, tag.split("-")[0], specs, pivot):
                tags = [doc_tag if t == tag else t for t in tags]

    shown: list[str | None] = [None] * len(pieces)
    shown_tags: list[str | None] = [None] * len(pieces)
    notes: list[list[str]] = [[] for _ in pieces]
    columns: dict[str, list[str]] = {spec.requested: [""] * len(pieces) for spec in specs}
    wanted = {o.strip().lower() for o in only if o.strip()}
    for tag in dict.fromkeys(tags):
        indexes = [i for i, t in enumerate(tags) if t == tag]
        group = [originals[i] for i in indexes]
        model_input, shown_group, shown_tag, convert_in = _model_input(group, tag, backend, converter_factory)
        for i, value in zip(indexes, shown_group, strict=True):
            shown[i], shown_tags[i] = value, shown_tag
        lang = tag.split("-")[0]
        skip = bool(wanted) and lang.lower() not in wanted and tag.lower() not in wanted
        for spec in specs:
            missing: list[tuple[str, ...]] = [()] * len(group)
            if skip:
                done = list(group)
            elif spec.lang == lang:
                same = tag.lower() == spec.tag.lower() or "-" not in tag or spec.after is None
                convert = None if same else converter_factory(tag, spec.tag)
                done = [convert(s) for s in group] if convert else list(group)
            else:
                inputs: list[str] = model_input
                terms: list[dict[int, str]] = [{} for _ in group]
                if glossary is not None and lang == glossary.source.split("-")[0].lower():
                    inputs, terms = _protected(group, tag, spec, glossary, converter_factory, convert_in)
                done = translate_sentences(inputs, lang, spec.lang, backend=backend, cache=cache, pivot=pivot)
                done = [filter_language_tokens(d) for d in done]
                if spec.after is not None:
                    done = [spec.after(d) for d in done]
                if glossary is not None:
                    restored = [restore(d, t) for d, t in zip(done, terms, strict=True)]
                    done, missing = [d for d, _m in restored], [m for _d, m in restored]
            for i, value, lost in zip(indexes, done, missing, strict=True):
                columns[spec.requested][i] = value
                if lost:
                    notes[i].append(f"{spec.requested}: the model dropped glossary term(s) {', '.join(lost)}")
        if skip:
            for i in indexes:
                notes[i].append("kept: not in --only")
    honest = [{spec.requested: spec.tag for spec in specs} for _ in pieces]
    for i, tag in enumerate(tags):
        for spec in specs:
            if spec.lang == tag.split("-")[0] and spec.after is None and "-" not in spec.requested:
                honest[i][spec.requested] = tag  # the sentence itself, in its own script
    return [
        AlignedSentence(
            index=i,
            paragraph=p.paragraph,
            source=p.text,
            source_tag=tags[i],
            transliteration=shown[i],
            transliteration_tag=shown_tags[i] if shown[i] is not None else None,
            translations={spec.requested: columns[spec.requested][i] for spec in specs},
            translation_tags=honest[i],
            start=p.start,
            end=p.end,
            file=file,
            member=member,
            notes=notes[i],
        )
        for i, p in enumerate(pieces)
    ]


def _protected(
    group: list[str],
    tag: str,
    spec: TargetSpec,
    glossary: Glossary,
    converter_factory: ConverterFactory,
    convert_in: Callable[[str], str] | None,
) -> tuple[list[str], list[dict[int, str]]]:
    """The model's input with the glossary's terms for `spec` replaced by markers, and what each stands for."""
    from translit.translate.glossary import counterpart, protect

    other = counterpart(tag)
    respell = converter_factory(other, tag) if other else None
    inputs, terms = [], []
    for text in group:
        marked, found = protect(glossary, text, tag, spec.requested, spec.lang, respell)
        inputs.append(convert_in(marked) if convert_in else marked)
        terms.append(found)
    return inputs, terms


def _model_input(
    originals: list[str], source_tag: str, backend: TranslationBackend, converter_factory: ConverterFactory
) -> tuple[list[str], list[str | None], str | None, Callable[[str], str] | None]:
    """What the model is given for sentences of one tag, the transliteration column (with its tag), and the
    conversion into the model's script (None: the sentences go as they are)."""
    lang = source_tag.split("-")[0]
    model_script = backend.input_script(lang)
    source_script = source_tag.split("-")[1] if "-" in source_tag else None  # "ru", "en": one script only
    model_tag = f"{lang}-{model_script}" if model_script and source_script else source_tag
    display_tag = _COUNTERPART.get(source_tag)
    convert = converter_factory(source_tag, model_tag) if model_tag != source_tag else None
    if convert is None and source_script and model_script and source_script != model_script:
        raise TranslationError(
            f"the model expects {model_tag} but there is no converter from {source_tag} to {model_tag}"
        )
    if convert is not None:
        model_input = [convert(s) for s in originals]
        return model_input, list(model_input), model_tag, convert
    # already in the model's script (uz-Latn-2026 without a converter is still Latin)
    to_display = converter_factory(source_tag, display_tag) if display_tag else None
    if to_display is None:
        return originals, [None] * len(originals), None, None
    return originals, [to_display(s) for s in originals], display_tag, None
