"""A standalone HTML page: one column per version, one row per sentence, paragraphs kept apart.

Standalone and offline: CSS is inline, no script, font or image is loaded from anywhere. Each cell carries its
``lang`` so browsers pick the right hyphenation and fonts; rows highlight together on hover to follow
alignment.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from itertools import groupby

from translit.sidebyside._common import cells, columns, row_tag, xml_safe
from translit.translate.pipeline import AlignedSentence

_CSS = """
:root { color-scheme: light dark; --fg: #1d232a; --muted: #5b6570; --bg: #fdfdfc; --line: #e3e6ea;
  --head: #f1f4f7; --hover: #fff6d6; --accent: #2c6e9e; --rule: #c3cad2; --src: #f6f8fa; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e9ec; --muted: #9aa4ae; --bg: #15191d; --line: #2b3238;
  --head: #1e252b; --hover: #3a3420; --accent: #7fb4dc; --rule: #46505a; --src: #1a1f24; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 16px/1.55 "Noto Sans", "DejaVu Sans", "Segoe UI", system-ui, sans-serif; }
header { padding: 1.2rem 1.5rem .6rem; border-bottom: 1px solid var(--line); }
h1 { font-size: 1.25rem; margin: 0 0 .25rem; }
header p { margin: 0; color: var(--muted); font-size: .9rem; }
main { padding: 0 1.5rem 2rem; overflow-x: auto; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; min-width: 48rem; }
thead th { position: sticky; top: 0; background: var(--head); text-align: left; font-size: .85rem;
  letter-spacing: .02em; padding: .55rem .7rem; border-bottom: 2px solid var(--accent); }
thead th small { display: block; color: var(--muted); font-weight: normal; }
th.num, td.num { width: 3.2rem; text-align: right; color: var(--muted); font-size: .8rem;
  font-variant-numeric: tabular-nums; }
td { vertical-align: top; padding: .45rem .7rem; border-top: 1px dotted var(--line); hyphens: auto;
  overflow-wrap: anywhere; }
tbody.para + tbody.para > tr:first-child > td { border-top: 2px solid var(--rule); padding-top: .8rem; }
td.source { background: var(--src); }
tr:hover td { background: var(--hover); }
td.translation { color: var(--fg); }
td.transliteration { font-style: normal; }
td.empty::after { content: "—"; color: var(--muted); }
footer { padding: 0 1.5rem 1.5rem; color: var(--muted); font-size: .8rem; }
"""


def render(rows: Sequence[AlignedSentence], title: str | None = None) -> str:
    cols = columns(rows)
    heading = title or "Side-by-side translation"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="translit">',
        f"<title>{escape(heading)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{escape(heading)}</h1>",
        f"<p>{len(rows)} sentences · {' | '.join(escape(c.label) for c in cols)}</p>",
        "</header>",
        "<main>",
        "<table>",
        "<thead><tr>",
        '<th class="num" scope="col">#</th>',
    ]
    for col in cols:
        out.append(
            f'<th scope="col" class="{col.role}" lang="en">{escape(col.label)}<small>{escape(col.tag)}'
            f" · {col.role}</small></th>"
        )
    out.append("</tr></thead>")
    for paragraph, group in groupby(rows, key=lambda r: r.paragraph):
        out.append(f'<tbody class="para" id="p{paragraph + 1}">')
        for row in group:
            out.append(f'<tr id="s{row.index + 1}"><td class="num">{row.index + 1}</td>')
            for col, text in zip(cols, cells(row, cols), strict=True):
                klass = col.role + ("" if text else " empty")
                tag = row_tag(row, col)
                badge = f' <small class="lang">{escape(tag)}</small>' if tag != col.tag and text else ""
                out.append(f'<td class="{klass}" lang="{escape(tag)}">{escape(xml_safe(text))}{badge}</td>')
            out.append("</tr>")
        out.append("</tbody>")
    out += [
        "</table>",
        "</main>",
        "<footer>Machine translation made offline with translit; check it before relying on it.</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(out) + "\n"
