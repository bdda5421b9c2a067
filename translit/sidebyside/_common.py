"""What every side-by-side writer shares: the column layout and text clean-up."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from translit.translate.pipeline import AlignedSentence

__all__ = ["Column", "cells", "columns", "row_tag", "xml_safe"]

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the side-by-side view: its role, its BCP-47 tag and a human label."""

    role: str  # "source", "transliteration" or "translation"
    tag: str
    label: str
    key: str = ""  # a translation column's target as requested ("uz"; its tag may say "uz-Latn")


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
    # the document's language is the one most of its sentences are in (a quoted sentence may come first)
    tags = [r.source_tag for r in rows]
    source_tag = max(dict.fromkeys(tags), key=lambda t: (tags.count(t), "-" in t))
    cols = [Column("source", source_tag, label(source_tag))]
    shown = next((r.transliteration_tag for r in rows if r.transliteration_tag), None)
    if shown:
        cols.append(Column("transliteration", shown, label(shown)))
    for key in first.translations:
        found = [r.translation_tags.get(key, key) for r in rows]
        tag = max(dict.fromkeys(found), key=found.count)  # a sentence already in the target keeps its own tag
        cols.append(Column("translation", tag, label(tag), key))
    return cols


def row_tag(row: AlignedSentence, col: Column) -> str:
    """The language of one cell: the sentence's own detected tag for the source column, the honest tag of
    its translation (a sentence already in the target language keeps its own) for the others."""
    if col.role == "source":
        return row.source_tag
    if col.role == "transliteration":
        return row.transliteration_tag or col.tag
    return row.translation_tags.get(col.key, col.tag)


def cells(row: AlignedSentence, cols: Sequence[Column]) -> list[str]:
    """The row's text for each column, in column order."""
    out = []
    for col in cols:
        if col.role == "source":
            out.append(row.source)
        elif col.role == "transliteration":
            out.append(row.transliteration or "")
        else:
            out.append(row.translations.get(col.key or col.tag, ""))
    return out


def xml_safe(text: str) -> str:
    """Drop the control characters XML 1.0 forbids (they would make the TMX or HTML unparsable)."""
    return _NOT_XML.sub("", text)
