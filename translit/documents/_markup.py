"""HTML vocabulary shared by the HTML rewriter and the XHTML parts of EPUB."""

from __future__ import annotations

import re

#: Elements that sit inside a line of text: a word may run through them, so they do not end a flow.
INLINE = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "big",
        "cite",
        "data",
        "dfn",
        "em",
        "font",
        "i",
        "ins",
        "del",
        "label",
        "mark",
        "q",
        "rp",
        "rt",
        "ruby",
        "s",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "time",
        "tt",
        "u",
        "wbr",
    ]
)
#: Elements whose content is not prose (or is code): kept byte for byte.
SKIP = frozenset(["script", "style", "code", "pre", "kbd", "samp", "var", "math", "svg", "template", "noscript"])
#: Void elements that separate words.
BREAKS = frozenset(["br", "hr", "img", "input"])
#: Attributes that hold prose a reader sees.
TEXT_ATTRIBUTES = frozenset(["title", "alt", "placeholder", "aria-label"])
#: Attributes holding a language tag, rewritten from the source tag to the target tag.
LANG_ATTRIBUTES = frozenset(("lang", "xml:lang"))

_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")


def split_entities(text: str) -> list[str | tuple[str]]:
    """Cut raw markup text at character references; a reference comes back as a 1-tuple (keep as is)."""
    out: list[str | tuple[str]] = []
    last = 0
    for m in _ENTITY.finditer(text):
        if m.start() > last:
            out.append(text[last : m.start()])
        out.append((m.group(0),))
        last = m.end()
    if last < len(text):
        out.append(text[last:])
    return out
