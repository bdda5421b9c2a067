"""translit: Uzbek (and Kazakh) script conversion driven by rule files in `rules/`.

>>> import translit
>>> translit.convert("Ўзбекистон Республикаси", to="uz-Latn")
'Oʻzbekiston Respublikasi'
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from translit.engine import Converter, Piece
from translit.errors import (
    InputError,
    NothingToConvertError,
    OutputError,
    RuleFileError,
    TranslitError,
    UnknownScriptError,
)
from translit.model import RuleSetInfo
from translit.registry import available, canonical_tag, default_style, get_converter
from translit.text import Detection, Outcome, TextOptions, TextPath, detect_paragraphs, detect_script

__all__ = [
    "Converter",
    "Detection",
    "InputError",
    "NothingToConvertError",
    "Outcome",
    "OutputError",
    "Piece",
    "RuleFileError",
    "RuleSetInfo",
    "TextOptions",
    "TextPath",
    "TranslitError",
    "UnknownScriptError",
    "available",
    "canonical_tag",
    "convert",
    "detect_paragraphs",
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
        raise UnknownScriptError("could not detect the script of the text (no letters); give source=")
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
    detector: str = "py3langid",
    strict: bool = False,
    style: str = "official",
) -> str:
    """Convert `text` to the script `to`, through the one text path that every other way in uses.

    With `source` given, all of the text is converted from it. Without, each line is judged (its letters,
    the statistical `detector` where they leave it open, its neighbours and its document): a line in a
    script that converts to `to` is converted from it, and any other line (Russian, English, Kazakh under
    `to="uz-Latn"`, text already in `to`) is left as it is. Russian lines are romanized with
    `romanize_russian=True`. Text that needs nothing comes back unchanged; `strict=True` raises
    `NothingToConvertError` instead. `TextPath` gives the same conversion with its outcome.
    `style` is a house style (`official`, the 1995 rules; `press`; `typeset`): see `registry.styles()`.
    """
    with default_style(style):  # every converter the text path builds gets the style
        path = TextPath(
            TextOptions(
                to,
                source,
                apostrophe,
                tuple(protect_terms),
                tuple(str(p) for p in lexicon_files),
                romanize_russian,
                detector,
                strict,
            )
        )
        out = path.convert(text)
        path.finish()
    return out


def explain(text: str, to: str, *, source: str | None = None) -> list[tuple[str, list[Piece]]]:
    """Which rule produced each piece of the output, stage by stage."""
    src = _resolve_source(text, source)
    return get_converter(src, to).explain(text)
