"""Pandoc grid tables in Markdown stay drawn after conversion (`translit/documents/_mdtables.py`)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from translit.documents import DocumentOptions, convert_document

LATN = DocumentOptions(target="uz-Latn", source="uz-Cyrl")
CYRL = DocumentOptions(target="uz-Cyrl", source="uz-Latn")

GRID = """\
Жадвал:

+-----------+:---------------------+
| Шаҳар     | Изоҳ                 |
+===========+:=====================+
| Тошкент   | Ўзбекистон пойтахти  |
+-----------+:---------------------+
| Чирчиқ    | Шаҳар, ҳаммаси яхши  |
|           | ва чиройли           |
+-----------+:---------------------+
"""


def _convert(text: str, options: DocumentOptions = LATN) -> str:
    return convert_document("a.md", text.encode(), options).data.decode()


def test_a_grid_table_is_laid_out_again_around_its_converted_text() -> None:
    assert (
        _convert(GRID)
        == """\
Jadval:

+-----------+:-----------------------+
| Shahar    | Izoh                   |
+===========+:=======================+
| Toshkent  | Oʻzbekiston poytaxti   |
+-----------+:-----------------------+
| Chirchiq  | Shahar, hammasi yaxshi |
|           | va chiroyli            |
+-----------+:-----------------------+
"""
    )


def test_cells_that_shrink_are_padded_back_to_their_column() -> None:
    src = "+--------+--------+\n| shahar | choy   |\n+--------+--------+\n"
    assert _convert(src, CYRL) == "+--------+--------+\n| шаҳар  | чой    |\n+--------+--------+\n"


def test_a_table_in_code_a_pipe_table_and_a_table_with_spans_are_left_as_converted() -> None:
    code = "```\n+----+\n| Шаҳар |\n+----+\n```\n"
    assert _convert(code) == code
    pipes = "| Шаҳар | Изоҳ |\n|---|---|\n| Тошкент | Ўзбекистон |\n"
    assert _convert(pipes) == "| Shahar | Izoh |\n|---|---|\n| Toshkent | Oʻzbekiston |\n"
    spanned = "+------+------+\n| Шаҳар ва ўқиш |\n+------+------+\n"  # a cell over two columns
    assert _convert(spanned) == "+------+------+\n| Shahar va oʻqish |\n+------+------+\n"


WORDS = ["шаҳар", "ўқиш", "чой", "Тошкент", "ёш", "юз", "қиш", "ғишт", "цирк", "2025", "ва", "Ер"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.lists(st.sampled_from(WORDS), min_size=0, max_size=3), min_size=3, max_size=3),
        min_size=1,
        max_size=4,
    )
)
def test_every_converted_row_keeps_its_pipes_under_the_borders_corners(rows: list[list[list[str]]]) -> None:
    cells = [[" ".join(words) for words in row] for row in rows]
    widths = [max(len(row[k]) for row in cells) + 2 for k in range(3)]
    border = "+" + "+".join("-" * w for w in widths) + "+\n"
    body = "".join("|" + "|".join(f" {c}".ljust(w) for c, w in zip(row, widths, strict=True)) + "|\n" for row in cells)
    out = _convert("Матн.\n\n" + border + body + border).splitlines()[2:]
    corners = [m.start() for m in re.finditer(r"\+", out[0])]
    assert all(line == out[0] for line in (out[0], out[-1]))
    for line in out[1:-1]:
        assert [m.start() for m in re.finditer(r"\|", line)] == corners
