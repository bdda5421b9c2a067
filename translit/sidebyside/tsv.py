"""Tab-separated values: a header row, then one sentence per line (tabs, newlines, backslashes escaped)."""

from __future__ import annotations

from collections.abc import Sequence

from translit.sidebyside._common import cells, columns
from translit.translate.pipeline import AlignedSentence


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def render(rows: Sequence[AlignedSentence], title: str | None = None) -> str:
    cols = columns(rows)
    lines = ["\t".join(["index", "paragraph", *(c.tag for c in cols)])]
    for row in rows:
        lines.append("\t".join([str(row.index), str(row.paragraph), *map(_escape, cells(row, cols))]))
    return "\n".join(lines) + "\n"
