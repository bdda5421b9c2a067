"""translit: Uzbek (and Kazakh) script conversion driven by rule files in `rules/`.

>>> import translit
>>> translit.convert("Ўзбекистон Республикаси", to="uz-Latn")
'Oʻzbekiston Respublikasi'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple, get_args

from translit._environ import rules_path
from translit.engine import Converter, Piece
from translit.errors import (
    DependencyError,
    InputError,
    ModelError,
    NothingToConvertError,
    OptionError,
    OutputError,
    RuleFileError,
    TranslationError,
    TranslitError,
    UnknownScriptError,
)
from translit.model import RuleSetInfo
from translit.registry import available, canonical_tag, get_converter
from translit.text import Outcome, TextOptions, TextPath
from translit.text.path import forced

if TYPE_CHECKING:
    from translit.text.detect import Detection, ParagraphDetection, detect_paragraphs, detect_script

__all__ = [
    "Apostrophe",
    "Converter",
    "DependencyError",
    "Detection",
    "ExplainedStage",
    "InputError",
    "ModelError",
    "NothingToConvertError",
    "OptionError",
    "Outcome",
    "OutputError",
    "ParagraphDetection",
    "Piece",
    "RuleFileError",
    "RuleSetInfo",
    "TextOptions",
    "TextPath",
    "TranslationError",
    "TranslitError",
    "UnknownScriptError",
    "__version__",
    "available",
    "canonical_tag",
    "convert",
    "detect_paragraphs",
    "detect_script",
    "explain",
    "get_converter",
]

__version__ = "0.1.0"

Apostrophe = Literal["official", "ascii", "typographic"]
"""How the rules write oʻ gʻ and the tutuq: `official` (ʻ U+02BB, ʼ U+02BC), `ascii` ('), `typographic` (‘ ’)."""
_APOSTROPHES: tuple[str, ...] = get_args(Apostrophe)


class ExplainedStage(NamedTuple):
    """One stage of a conversion (a rule set of a chain) and the pieces of output it wrote."""

    stage: str
    pieces: list[Piece]


def _check_apostrophe(apostrophe: str) -> None:
    if apostrophe not in _APOSTROPHES:
        raise OptionError(f"apostrophe={apostrophe!r} is not a style; choose one of {', '.join(_APOSTROPHES)}")


def _resolve_source(text: str, source: str | None) -> str:
    if source:
        return source
    from translit.text.detect import detect_script

    found = detect_script(text)
    if found.tag is None:
        raise UnknownScriptError("could not detect the script of the text (no letters); pass source=")
    return found.tag


_FORCED: dict[tuple[object, ...], Callable[[str], str]] = {}


def convert(
    text: str,
    to: str,
    *,
    source: str | None = None,
    apostrophe: Apostrophe = "official",
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
    `NothingToConvertError` instead. `TextPath` gives the same conversion with its outcome. A parameter with
    a value that is not allowed raises `OptionError`. `style` is a house style (`official`, the 1995 rules;
    `press`; `typeset`): see `registry.styles()`.
    """
    terms = tuple(protect_terms) if protect_terms else ()
    lexicons = tuple(str(p) for p in lexicon_files) if lexicon_files else ()
    if source is not None and not strict:
        # What TextPath does with a source, without its per-call set-up: a spreadsheet column of 10,000 cells
        # pays one dictionary look-up per cell on top of the compiled converter.
        key = (to, source, apostrophe, terms, lexicons, style, rules_path())
        conv = _FORCED.get(key)
        if conv is None:
            _check_apostrophe(apostrophe)
            conv = _FORCED[key] = forced(TextOptions(to, source, apostrophe, terms, lexicons, style=style))
            if len(_FORCED) > 256:
                _FORCED.pop(next(iter(_FORCED)))
        return conv(text)
    _check_apostrophe(apostrophe)
    options = TextOptions(to, source, apostrophe, terms, lexicons, romanize_russian, detector, strict, style)
    path = TextPath(options)
    out = path.convert(text)
    path.finish()
    return out


def explain(text: str, to: str, *, source: str | None = None) -> list[ExplainedStage]:
    """Which rule produced each piece of the output, stage by stage (`for stage, pieces in explain(...)`)."""
    src = _resolve_source(text, source)
    return [ExplainedStage(stage, pieces) for stage, pieces in get_converter(src, to).explain(text)]


#: Imported when first used (PEP 562): see `translit.text`.
_DETECT = frozenset({"Detection", "ParagraphDetection", "detect_paragraphs", "detect_script"})


def __getattr__(name: str) -> object:
    if name in _DETECT:
        from translit.text import detect

        return getattr(detect, name)
    raise AttributeError(f"module 'translit' has no attribute {name!r}")
