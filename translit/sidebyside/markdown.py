"""Markdown: one pipe table, a row per sentence; a paragraph's first sentence carries its number."""

from __future__ import annotations

from collections.abc import Sequence

from translit.sidebyside._common import cells, columns, row_tag
from translit.translate.pipeline import AlignedSentence


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("\r", " ")


def render(rows: Sequence[AlignedSentence], title: str | None = None) -> str:
    cols = columns(rows)
    out = []
    if title:
        out += [f"# {_escape(title)}", ""]
    out.append("| ¶ | " + " | ".join(_escape(c.label) for c in cols) + " |")
    out.append("|---:|" + "|".join("---" for _ in cols) + "|")
    previous = None
    for row in rows:
        mark = str(row.paragraph + 1) if row.paragraph != previous else ""
        previous = row.paragraph
        shown = [
            _escape(text) + (f" *({row_tag(row, col)})*" if text and row_tag(row, col) != col.tag else "")
            for col, text in zip(cols, cells(row, cols), strict=True)
        ]
        out.append(f"| {mark} | " + " | ".join(shown) + " |")
    return "\n".join(out) + "\n"
