"""The one text path: what to convert in a text unit, decided in one place and used by every way in.

- `profiles`: what each source script looks like, read from the rule files' `[detect]` tables;
- `langid`: the statistical detectors (py3langid by default, langdetect, none), loaded only when needed;
- `judge`: one unit's own verdict; `decide`: a unit among its neighbours and its document;
- `path`: `TextPath`, which the CLI, the library, documents and bulk runs all convert through;
- `detect`: the same decisions, reported (`translit detect`).
"""

from translit.text.detect import Detection, ParagraphDetection, detect_paragraphs, detect_script
from translit.text.path import Action, Outcome, TextOptions, TextPath

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
