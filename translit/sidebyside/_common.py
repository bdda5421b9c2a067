"""What every side-by-side writer shares: the column layout and text clean-up."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from translit.translate.pipeline import AlignedSentence

__all__ = ["Column", "cells", "columns", "xml_safe"]

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the side-by-side view: its role, its BCP-47 tag and a human label."""

    role: str  # "source", "transliteration" or "translation"
    tag: str
    label: str


_NAMES = {
    "uz-Cyrl": "Uzbek (Cyrillic)",
    "uz-Latn": "Uzbek (Latin)",
    "uz-Latn-2026": "Uzbek (Latin 2026)",
    "kk-Cyrl": "Kazakh (Cyrillic)",
    "kk-Latn": "Kazakh (Latin)",
    "uz": "Uzbek",
    "kk": "Kazakh",
    "en": "English",
    "ru": "Russian",
    "ky": "Kyrgyz",
    "tg": "Tajik",
    "tr": "Turkish",
}


def label(tag: str) -> str:
    return _NAMES.get(tag, tag)


def columns(rows: Sequence[AlignedSentence]) -> list[Column]:
    """Original | transliteration (when there is one) | each translation, in request order."""
    if not rows:
        return []
    first = rows[0]
    cols = [Column("source", first.source_tag, label(first.source_tag))]
    if first.transliteration_tag:
        cols.append(Column("transliteration", first.transliteration_tag, label(first.transliteration_tag)))
    cols.extend(Column("translation", t, label(t)) for t in first.translations)
    return cols


def cells(row: AlignedSentence, cols: Sequence[Column]) -> list[str]:
    """The row's text for each column, in column order."""
    out = []
    for col in cols:
        if col.role == "source":
            out.append(row.source)
        elif col.role == "transliteration":
            out.append(row.transliteration or "")
        else:
            out.append(row.translations.get(col.tag, ""))
    return out


def xml_safe(text: str) -> str:
    """Drop the control characters XML 1.0 forbids (they would make the TMX or HTML unparsable)."""
    return _NOT_XML.sub("", text)
