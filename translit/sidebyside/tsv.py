"""Tab-separated values: a header row, then one sentence per line (tabs, newlines, backslashes escaped).

Columns: ``index``, ``paragraph``, ``lang`` (the sentence's own detected language: ``ru`` for a Russian
quotation in an Uzbek text, ``und`` when there was nothing to decide on), then the text columns, each headed by
its language tag (the source column by the document's language).
"""

from __future__ import annotations

from collections.abc import Sequence

from translit.sidebyside._common import cells, columns
from translit.translate.pipeline import AlignedSentence


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def render(rows: Sequence[AlignedSentence], title: str | None = None) -> str:
    cols = columns(rows)
    lines = ["\t".join(["index", "paragraph", "lang", *(c.tag for c in cols)])]
    for row in rows:
        lines.append(
            "\t".join([str(row.index), str(row.paragraph), _escape(row.source_tag), *map(_escape, cells(row, cols))])
        )
    return "\n".join(lines) + "\n"
