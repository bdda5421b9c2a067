"""Convert a mixed document paragraph by paragraph, each from its own detected script.

An Uzbek document often quotes Russian or English. Converting it as one text would transliterate those
paragraphs too; here each paragraph is detected on its own (`translit.detect`) and only paragraphs in a
script that a rule set converts to the target are converted. Russian paragraphs are left alone unless
`romanize_russian=True` (transliterate's `ru` pack); other languages are always left alone.
Everything between paragraphs (blank lines, CRLF) is kept byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterable

from translit.detect import RU, detect_paragraphs
from translit.errors import UnknownScriptError
from translit.registry import available, canonical_tag, get_converter


def convert_paragraphs(
    text: str,
    to: str,
    *,
    romanize_russian: bool = False,
    only: Iterable[str] | None = None,
    min_confidence: float = 0.0,
) -> str:
    """`text` with every paragraph that is in a convertible script converted to `to`.

    `only` limits conversion to these source tags (say `{"uz-Cyrl"}` to leave Kazakh paragraphs alone);
    paragraphs detected with less than `min_confidence` are left alone.
    """
    target = canonical_tag(to)
    sources = {info.source for info in available() if info.target == target}
    if only is not None:
        sources &= {canonical_tag(t) for t in only}
    if not sources and not romanize_russian:
        raise UnknownScriptError(f"no rule set converts anything to {target}")
    parts: list[str] = []
    pos = 0
    for para in detect_paragraphs(text):
        parts.append(text[pos : para.start])
        chunk = text[para.start : para.end]
        if para.tag in sources and para.confidence >= min_confidence:
            chunk = get_converter(para.tag, target).convert(chunk)
        elif para.tag == RU and romanize_russian:
            from translit.transliterate_pack import romanize_russian as romanize

            chunk = romanize(chunk)
        parts.append(chunk)
        pos = para.end
    parts.append(text[pos:])
    return "".join(parts)
