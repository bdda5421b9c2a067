"""Spans that must survive conversion untouched: placeholders, escapes, markup tags inside strings.

In the Latin → Cyrillic direction `%s` would become `%с` and `{name}` `{наме}`; such spans are cut out of the
text before conversion (they separate words) and put back as they were.
"""

from __future__ import annotations

import re

from translit.documents._flow import Fixed, Piece

#: printf (%s %d %1$s %(name)s), Python/ICU/Jinja braces ({x} {0} {{ x }}), escapes (\n \t \"), tags (<b>),
#: character references (&amp; &#1096;).
PLACEHOLDER = re.compile(
    r"%(?:\([^)]*\))?[-+ #0]*\d*(?:\.\d+)?[hlLqjzt]*[sdifuxXoeEgGcrap%@]"
    r"|%\d+\$[sdif]"
    r"|\{\{.*?\}\}|\{[A-Za-z0-9_.:!]*\}"
    r"|\\[nrtv\"'\\]|\\u[0-9a-fA-F]{4}"
    r"|</?[A-Za-z][^<>]*>"
    r"|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);"  # character references
)


def protect(text: str, pattern: re.Pattern[str] = PLACEHOLDER, stand_in: str = " ") -> list[Piece]:
    """Split `text` into convertible pieces and Fixed pieces for every match of `pattern`."""
    pieces: list[Piece] = []
    last = 0
    for m in pattern.finditer(text):
        if m.start() > last:
            pieces.append(text[last : m.start()])
        pieces.append(Fixed(m.group(0), stand_in))
        last = m.end()
    if last < len(text):
        pieces.append(text[last:])
    return pieces
