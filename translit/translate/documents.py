"""Translated documents: the document rewriters of `translit.documents`, driven by a context that translates.

`translate_file(name, data, "en", backend=...)` reads the document's units (paragraphs, cells, cues, strings:
whatever its rewriter converts, headers, footers, notes, comments and text boxes included), cuts each into
sentences (`translit.translate.units`), decides each sentence's language with the detector conversion uses
(`translit.detect_paragraphs`), translates it from that language (Cyrillic Uzbek transliterated to the Latin
the model knows first), and writes the document again with the translations in place. The same second pass
writes a document from a post-edited XLIFF (`translit.translate.xliff.merge_xliff`).

Nothing is handed back silently: every segment has a status, and a document in which no segment could be
translated has ``status == "untranslated"``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from translit.documents import document_format, rewrite_document
from translit.documents._context import DocContext
from translit.documents._flow import Piece
from translit.documents._lang import language_of, retarget
from translit.documents._protect import PLACEHOLDER, protect
from translit.errors import ModelError, TranslationError
from translit.translate.base import TranslationBackend
from translit.translate.cache import TranslationCache
from translit.translate.glossary import Glossary, counterpart, restore
from translit.translate.glossary import protect as protect_terms
from translit.translate.pipeline import (
    UNDECIDED,
    AlignedSentence,
    ConverterFactory,
    TargetSpec,
    _engine_converter,
    _legs,
    detect_sentences,
    filter_language_tokens,
    resolve_source_tag,
    target_spec,
    translate_sentences,
)
from translit.translate.units import MARKER, Unit, prepare, strip_markers

__all__ = [
    "Segment",
    "TargetSpec",
    "TranslatedDocument",
    "document_rows",
    "filter_language_tokens",
    "part_name",
    "read_units",
    "target_spec",
    "translate_file",
    "translate_units",
    "translated_from",
    "translated_name",
    "translated_tag",
    "write_units",
]


@dataclass
class Segment:
    """One sentence of a unit: its source (markers ``[[n]]`` for inline code), detected language, target."""

    unit: int  # the unit's number in document order (0-based, every unit counted)
    index: int  # the sentence's number in its unit
    source: str
    lang: str | None  # the detected tag ("uz-Cyrl", "ru"); None: no letters to decide on
    target: str | None = None  # the translation (markers kept); None: the sentence is kept as it is
    status: str = "translated"  # "translated", "transliterated", "kept: <why>"
    missing_terms: tuple[str, ...] = ()
    missing_codes: tuple[str, ...] = ()
    start: int = 0  # character offsets of the sentence in the unit's text (markers counted)
    end: int = 0


@dataclass
class TranslatedDocument:
    """A translated document and what happened to each of its segments."""

    name: str
    data: bytes
    source_data: bytes
    target: TargetSpec
    units: list[Unit]
    segments: list[Segment]
    warnings: list[str] = field(default_factory=list)
    simplified: int = 0

    @property
    def status(self) -> str:
        """ "translated", "partly translated" (some segments kept), "untranslated" or "empty" (no prose)."""
        if not self.segments:
            return "empty"
        done = sum(s.target is not None for s in self.segments)
        if done == 0:
            return "untranslated"
        return "translated" if done == len(self.segments) else "partly translated"

    def parts(self) -> dict[str, dict[str, int]]:
        """Per part of the document ("body", "header", "footnote", "slide 2" …), in document order: how many
        segments it has and how many of them were translated."""
        out: dict[str, dict[str, int]] = {}
        for s in self.segments:
            counts = out.setdefault(self.units[s.unit].part, {"segments": 0, "translated": 0})
            counts["segments"] += 1
            counts["translated"] += s.target is not None
        return out

    def report(self) -> dict[str, Any]:
        """What was translated, for a JSON report or a summary line."""
        statuses = Counter(s.status for s in self.segments)
        return {
            "file": self.name,
            "status": self.status,
            "target": self.target.tag,
            "segments": len(self.segments),
            "translated": sum(s.target is not None for s in self.segments),
            "statuses": dict(statuses),
            "languages": dict(Counter(s.lang or "none" for s in self.segments)),
            "units": len(self.units),
            "units_translated": len({s.unit for s in self.segments if s.target is not None}),
            "parts": self.parts(),
            "missing_terms": sorted({t for s in self.segments for t in s.missing_terms}),
            "missing_codes": sum(len(s.missing_codes) for s in self.segments),
            "formatting_simplified": self.simplified,
            "warnings": list(self.warnings),
        }


# ---------------------------------------------------------------------------------------------- the parts

#: container member -> the part's human name ("{0}": the member's number), first match wins
_PARTS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), name)
    for p, name in [
        (r"^word/document\.xml$", "body"),
        (r"^word/header\d*\.xml$", "header"),
        (r"^word/footer\d*\.xml$", "footer"),
        (r"^word/footnotes\.xml$", "footnote"),
        (r"^word/endnotes\.xml$", "endnote"),
        (r"^(?:word|xl)/comments\d*\.xml$", "comment"),
        (r"^(?:docProps/core|meta)\.xml$", "properties"),
        (r"^ppt/slides/slide(\d+)\.xml$", "slide {0}"),
        (r"^ppt/notesSlides/notesSlide(\d+)\.xml$", "notes page {0}"),
        (r"^xl/sharedStrings\.xml$", "cells"),
        (r"^xl/worksheets/sheet(\d+)\.xml$", "sheet {0}"),
        (r"/charts/chart\d+\.xml$", "chart"),
        (r"/diagrams/data\d+\.xml$", "diagram"),
        (r"/drawings/drawing\d+\.xml$", "drawing"),
        (r"\.opf$", "metadata"),  # EPUB package document: title, description
        (r"\.ncx$|(?:^|/)nav\.x?html?$", "table of contents"),
        (r"^content\.xml$", "body"),
        (r"^styles\.xml$", "styles"),
    ]
]


def part_name(member: str | None, place: str | None = None) -> str:
    """A human name for where a unit is: its place inside the part when that tells more (a text box, an ODF
    footnote or header), else the part's name (``word/footer2.xml`` -> "footer", ``ppt/slides/slide3.xml`` ->
    "slide 3"); another member (an EPUB chapter) by its own name; "document" for a file of one part."""
    if place is not None:
        return place
    if member is None:
        return "document"
    for pattern, name in _PARTS:
        m = pattern.search(member)
        if m:
            return name.format(*m.groups())
    return member


# ---------------------------------------------------------------------------------------------- the contexts


def _identity(text: str) -> str:
    return text


class _UnitContext(DocContext):
    """A DocContext that sees every unit as pieces and lets `_handle` decide each unit's new pieces."""

    def __init__(self, name: str, target: str | None = None) -> None:
        super().__init__(convert=_identity, path=name, target=target, want_places=True, fill_targets=True)
        self.markdown = document_format(name) in ("md", "markdown")
        self.count = 0

    def _handle(self, unit: Unit) -> list[str]:
        raise NotImplementedError

    def flows(self, flows: Sequence[Sequence[Piece]]) -> list[list[str]]:
        out = []
        places = list(self.places) if len(self.places) == len(flows) else [None] * len(flows)
        for pieces, where in zip(flows, places, strict=True):
            unit = prepare(pieces, markdown=self.markdown)
            unit.part, unit.member = part_name(self.part, where), self.part
            out.append(self._handle(unit))
            self.count += 1
        return out

    def convert_many(self, texts: Sequence[str]) -> list[str]:
        return ["".join(p) for p in self.flows([[t] for t in texts])]

    def convert_protected(self, texts: Sequence[str], pattern: re.Pattern[str] = PLACEHOLDER) -> list[str]:
        return ["".join(p) for p in self.flows([protect(t, pattern) for t in texts])]

    def convert_text(self, text: str) -> str:
        return "".join(self.convert_many(text.splitlines(keepends=True)))


class _Reader(_UnitContext):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.found: list[Unit] = []

    def _handle(self, unit: Unit) -> list[str]:
        self.found.append(unit)
        return [p if isinstance(p, str) else p.raw for p in unit.pieces]


class _Writer(_UnitContext):
    def __init__(
        self,
        name: str,
        targets: Sequence[Sequence[str | None]],
        target: str | None = None,
        sources: Iterable[str] = (),
    ) -> None:
        super().__init__(name, target)
        self.targets = targets
        self.simplified = 0
        self.sources = frozenset(sources)

    def possible_sources(self) -> frozenset[str]:
        return self.sources if self.target else frozenset()

    def retarget_lang(self, value: str) -> str | None:
        return translated_tag(value, self.sources, self.target)

    def _handle(self, unit: Unit) -> list[str]:
        wanted = self.targets[self.count] if self.count < len(self.targets) else []
        if len(wanted) != len(unit.sentences):
            raise TranslationError(
                f"{self.path}: unit {self.count + 1} has {len(unit.sentences)} sentences, the translation "
                f"{len(wanted)}; the document changed since it was read"
            )
        pieces, simplified = unit.rebuild(wanted)
        self.simplified += simplified
        return pieces


def translated_tag(value: str, sources: Iterable[str], target: str | None) -> str | None:
    """What a language tag of a translated document reads afterwards (None: it stays as it is).

    Documents mark their text's language for spell checkers, hyphenation and screen readers (Word's `w:lang`,
    HTML's `lang`): an English translation left saying ``uz-Cyrl-UZ`` has Word check every English word
    against the Uzbek Cyrillic dictionary. A tag naming a language some segments were translated from
    (`sources`: their detected tags) becomes the target's tag; its region goes, since a region says which
    variety of the source language it was (``en-UZ`` is no locale). A tag of the target's own language
    in another script follows the transliteration as conversion retargets it (``uz-Cyrl-UZ`` →
    ``uz-Latn-UZ``). Any other tag stays: its text was not translated (an English quote in an Uzbek text
    translated to Kazakh, when no sentence was translated from English).
    """
    if not target or not value.strip():
        return None
    language = language_of(value)
    same = [source for source in sources if language_of(source) == language]
    if not same:
        return None
    if language == language_of(target):
        return next((tag for source in same if (tag := retarget(value, source, target)) is not None), None)
    return None if value.strip().lower() == target.lower() else target


def read_units(name: str, data: bytes) -> list[Unit]:
    """Every unit of a document, in the order its rewriter hands them over."""
    reader = _Reader(name)
    rewrite_document(_rewritten_as(name), data, reader)
    return reader.found


def write_units(
    name: str,
    data: bytes,
    targets: Sequence[Sequence[str | None]],
    target: str | None = None,
    sources: Iterable[str] = (),
) -> tuple[bytes, int]:
    """The document with each unit's sentences replaced by `targets[unit][sentence]` (None: kept); `target`
    is the tag of the translation (what a gettext header's Language says), `sources` the tags of the languages
    sentences were translated from (the language tags naming them become `target`: `translated_tag`).

    Returns the bytes and the number of sentence groups whose formatting was simplified."""
    writer = _Writer(name, targets, target, sources)
    out = rewrite_document(_rewritten_as(name), data, writer)
    if writer.count != len(targets):
        raise TranslationError(f"{name}: {writer.count} units in the document, {len(targets)} translated")
    return out, writer.simplified


# ---------------------------------------------------------------------------------------------- translation


def _detect(texts: Sequence[str], detector: str) -> list[tuple[str | None, str]]:
    return detect_sentences([strip_markers(t) for t in texts], detector)


def translate_units(
    units: Sequence[Unit],
    target: str | TargetSpec,
    *,
    backend: TranslationBackend,
    cache: TranslationCache | None = None,
    source: str | None = None,
    only: Iterable[str] = (),
    glossary: Glossary | None = None,
    pivot: str | None = None,
    detector: str = "py3langid",
    converter_factory: ConverterFactory = _engine_converter,
) -> list[Segment]:
    """Translate every sentence of `units` into `target` and return the segments in document order.

    Each sentence's language is detected (`source` is used where the detector has nothing to go on);
    `only` ("uz", "ru") leaves sentences in other languages as they are ("kept: not in --only").
    """
    spec = target if isinstance(target, TargetSpec) else target_spec(target, backend, converter_factory)
    wanted = {o.strip().lower() for o in only if o.strip()}
    segments = [
        Segment(u, i, unit.flat[a:b], None, start=a, end=b)
        for u, unit in enumerate(units)
        for i, (a, b) in enumerate(unit.sentences)
    ]
    tags = _detect([s.source for s in segments], detector) if segments else []
    batches: dict[str, list[tuple[Segment, str, dict[int, str]]]] = {}
    for segment, (tag, basis) in zip(segments, tags, strict=True):
        if source and (tag is None or basis in UNDECIDED):  # the user's word where the detector has none
            tag = resolve_source_tag(segment.source, source)
        segment.lang = tag
        if tag is None:
            segment.status = "kept: no language"
            continue
        lang = tag.split("-")[0].lower()
        if wanted and lang not in wanted and tag.lower() not in wanted:
            segment.status = "kept: not in --only"
            continue
        if lang == spec.lang:
            if tag.lower() == spec.tag.lower() or "-" not in tag:
                segment.status = "kept: already in the target language"
                continue
            convert = converter_factory(tag, spec.tag)
            if convert is None:
                segment.status = f"kept: no transliteration from {tag} to {spec.tag}"
                continue
            segment.target, segment.status = convert(segment.source), "transliterated"
            continue
        try:
            _legs(backend, lang, spec.lang, pivot)
        except ModelError:
            segment.status = f"kept: no model for {lang}->{spec.lang}"
            continue
        text = segment.source
        terms: dict[int, str] = {}
        if glossary is not None and lang == glossary.source.split("-")[0].lower():
            other = counterpart(tag)
            respell = converter_factory(other, tag) if other else None
            text, terms = protect_terms(glossary, text, tag, spec.requested, spec.lang, respell)
        script = backend.input_script(lang)
        model_tag = f"{lang}-{script}" if script else tag
        if "-" in tag and script and tag != model_tag:
            convert = converter_factory(tag, model_tag)
            if convert is None:
                segment.status = f"kept: no transliteration from {tag} to {model_tag}"
                continue
            text = convert(text)
        batches.setdefault(lang, []).append((segment, text, terms))
    for lang, batch in batches.items():
        done = translate_sentences(
            [t for _s, t, _g in batch], lang, spec.lang, backend=backend, cache=cache, pivot=pivot
        )
        for (segment, _text, terms), out in zip(batch, done, strict=True):
            _finish(segment, out, terms, spec, units[segment.unit])
    return segments


def _finish(segment: Segment, out: str, terms: dict[int, str], spec: TargetSpec, unit: Unit) -> None:
    out = filter_language_tokens(out)
    if spec.after is not None:
        out = spec.after(out)
    present = {int(m.group(1)) for m in MARKER.finditer(out)}
    out, segment.missing_terms = restore(out, terms)
    codes = [int(m.group(1)) for m in MARKER.finditer(segment.source)]
    segment.missing_codes = tuple(unit.codes.get(n, "") for n in codes if n not in present)
    if not strip_markers(out):
        segment.status = "kept: the model returned nothing"
        return
    segment.target = out


def translate_file(
    name: str,
    data: bytes,
    target: str,
    *,
    backend: TranslationBackend,
    cache: TranslationCache | None = None,
    source: str | None = None,
    only: Iterable[str] = (),
    glossary: Glossary | None = None,
    pivot: str | None = None,
    detector: str = "py3langid",
    converter_factory: ConverterFactory = _engine_converter,
) -> TranslatedDocument:
    """Translate one supported document held in memory (see the module docstring)."""
    spec = target_spec(target, backend, converter_factory)
    units = read_units(name, data)
    segments = translate_units(
        units,
        spec,
        backend=backend,
        cache=cache,
        source=source,
        only=only,
        glossary=glossary,
        pivot=pivot,
        detector=detector,
        converter_factory=converter_factory,
    )
    return document_from_segments(name, data, spec, units, segments)


def translated_from(segments: Iterable[Segment]) -> list[str]:
    """The detected tags of the segments that have a translation, in order of first appearance."""
    return list(dict.fromkeys(s.lang for s in segments if s.target is not None and s.lang))


def document_from_segments(
    name: str, data: bytes, spec: TargetSpec, units: list[Unit], segments: list[Segment]
) -> TranslatedDocument:
    """Write the translated document for `segments` (their targets, None where kept)."""
    targets: list[list[str | None]] = [[None] * len(u.sentences) for u in units]
    for s in segments:
        targets[s.unit][s.index] = s.target
    out, simplified = write_units(name, data, targets, spec.tag, translated_from(segments))
    doc = TranslatedDocument(name, out, data, spec, units, segments, simplified=simplified)
    kept = Counter(s.status for s in segments if s.target is None)
    for why, n in sorted(kept.items()):
        doc.warnings.append(f"{n} segment(s) {why}")
    terms = sorted({t for s in segments for t in s.missing_terms})
    if terms:
        doc.warnings.append(f"the model dropped glossary term(s): {', '.join(terms)}")
    codes = sum(len(s.missing_codes) for s in segments)
    if codes:
        doc.warnings.append(f"the model dropped {codes} inline code marker(s); they stay where they were")
    if simplified:
        doc.warnings.append(f"formatting simplified in {simplified} sentence group(s) spread over several runs")
    if doc.status == "untranslated":
        doc.warnings.append("nothing in this document was translated: the output is the original text")
    return doc


def _rewritten_as(name: str) -> str:
    """The name whose rewriter reads the document: a gettext template (``messages.pot``) is a catalogue whose
    msgstr are empty, which is what a translation fills (conversion leaves templates alone)."""
    p = Path(name)
    return str(p.with_suffix(".po")) if p.suffix.lower() == ".pot" else name


def translated_name(path: str | Path, target: str) -> str:
    """ "report.docx", "en" -> "report.en.docx" (the target's tag as given); a template ``messages.pot`` gives
    the catalogue ``messages.en.po``."""
    p = Path(path)
    suffix = ".po" if p.suffix.lower() == ".pot" else p.suffix
    return p.with_name(f"{p.stem}.{target}{suffix}").name


def document_rows(
    docs: Sequence[TranslatedDocument], *, file: str | None = None, member: str | None = None
) -> list[AlignedSentence]:
    """Side-by-side rows for one document translated into several targets (one `TranslatedDocument` each,
    all of the same source): a row per segment, inline code shown as it is in the document, list markers and
    other markup left out, each row tagged with its sentence's detected language. `paragraph` is the unit's
    number and `start`/`end` the sentence's offsets in the unit's text. A kept segment's "translation" is the
    sentence as the translated document has it (the source)."""
    if not docs:
        return []
    first = docs[0]
    rows = []
    for k, seg in enumerate(first.segments):
        unit = first.units[seg.unit]
        translations: dict[str, str] = {}
        tags: dict[str, str] = {}
        for doc in docs:
            other = doc.segments[k]
            translations[doc.target.requested] = unit.display(
                other.target if other.target is not None else other.source
            )
            tags[doc.target.requested] = doc.target.tag if other.target is not None else (other.lang or "und")
        rows.append(
            AlignedSentence(
                index=k,
                paragraph=seg.unit,
                source=unit.display(seg.source),
                source_tag=seg.lang or "und",
                transliteration=None,
                transliteration_tag=None,
                translations=translations,
                translation_tags=tags,
                start=seg.start,
                end=seg.end,
                file=file or first.name,
                member=member,
            )
        )
    return rows
