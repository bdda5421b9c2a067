"""translit: Uzbek (and Kazakh) script conversion driven by rule files in `rules/`.

>>> import translit
>>> translit.convert("Ўзбекистон Республикаси", to="uz-Latn")
'Oʻzbekiston Respublikasi'
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from translit.detect import Detection, detect_script
from translit.engine import Converter, Piece
from translit.errors import InputError, OutputError, RuleFileError, TranslitError, UnknownScriptError
from translit.model import RuleSetInfo
from translit.registry import available, canonical_tag, default_style, get_converter

__all__ = [
    "Converter",
    "Detection",
    "InputError",
    "OutputError",
    "Piece",
    "RuleFileError",
    "RuleSetInfo",
    "TranslitError",
    "UnknownScriptError",
    "available",
    "convert",
    "detect_script",
    "explain",
    "get_converter",
]

__version__ = "0.1.0"


def _resolve_source(text: str, source: str | None) -> str:
    if source:
        return source
    found = detect_script(text)
    if found.tag is None:
        raise UnknownScriptError("could not detect the script of the input (no letters); pass source=")
    return found.tag


def convert(
    text: str,
    to: str,
    *,
    source: str | None = None,
    apostrophe: str = "official",
    protect_terms: Iterable[str] = (),
    lexicon_files: Iterable[Path | str] = (),
    romanize_russian: bool = False,
    style: str = "official",
) -> str:
    """Convert `text` to the script `to`.

    With `source` given, all of the text is converted from it. Without, the script is detected, line by
    line where a line lacks the document's distinctive letters: Russian or English lines are left alone
    (Russian is romanized with `romanize_russian=True`), and text already in the target script is kept.
    `style` is a house style (`official`, the 1995 rules; `press`): see `translit.registry.styles()`.
    """
    with default_style(style):
        return _convert(text, to, source, apostrophe, protect_terms, lexicon_files, romanize_russian)


def _convert(
    text: str,
    to: str,
    source: str | None,
    apostrophe: str,
    protect_terms: Iterable[str],
    lexicon_files: Iterable[Path | str],
    romanize_russian: bool,
) -> str:
    if source:
        if canonical_tag(source) == canonical_tag(to):
            return text
        conv = get_converter(
            source, to, apostrophe=apostrophe, protect_terms=protect_terms, lexicon_files=lexicon_files
        )
        return conv.convert(text)
    from translit.paragraphs import MixedConverter

    mixed = MixedConverter(
        to,
        romanize_russian=romanize_russian,
        apostrophe=apostrophe,
        protect_terms=protect_terms,
        lexicon_files=lexicon_files,
    )
    return mixed.convert(text)


def explain(text: str, to: str, *, source: str | None = None) -> list[tuple[str, list[Piece]]]:
    """Which rule produced each piece of the output, stage by stage."""
    src = _resolve_source(text, source)
    return get_converter(src, to).explain(text)
