"""Markdown: one pipe table, a row per sentence; a paragraph's first sentence carries its number."""

from __future__ import annotations

from collections.abc import Sequence

from translit.sidebyside._common import cells, columns
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
        out.append(f"| {mark} | " + " | ".join(_escape(c) for c in cells(row, cols)) + " |")
    return "\n".join(out) + "\n"
