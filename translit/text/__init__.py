"""The one text path: what to convert in a text unit, decided in one place and used by every way in.

- `profiles`: what each source script looks like, read from the rule files' `[detect]` tables;
- `langid`: the statistical detectors (py3langid by default, langdetect, none), loaded only when needed;
- `judge`: one unit's own verdict; `decide`: a unit among its neighbours and its document;
- `path`: `TextPath`, which the CLI, the library, documents and bulk runs all convert through;
- `detect`: the same decisions, reported (`translit detect`).
"""

from typing import TYPE_CHECKING

from translit.text.path import Action, Outcome, TextOptions, TextPath

if TYPE_CHECKING:
    from translit.text.detect import Detection, ParagraphDetection, detect_paragraphs, detect_script

#: Imported when first used (PEP 562): a conversion with a given source never judges or reports a unit, and the
#: judge, its profiles and detect's tables are a twentieth of such a start-up.
_DETECT = frozenset({"Detection", "ParagraphDetection", "detect_paragraphs", "detect_script"})


def __getattr__(name: str) -> object:
    if name in _DETECT:
        from translit.text import detect

        return getattr(detect, name)
    raise AttributeError(f"module 'translit.text' has no attribute {name!r}")


__all__ = [
    "Action",
    "Detection",
    "Outcome",
    "ParagraphDetection",
    "TextOptions",
    "TextPath",
    "detect_paragraphs",
    "detect_script",
]
