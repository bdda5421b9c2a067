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


def test_a_simple_table_keeps_its_columns_and_their_alignment() -> None:
    """pandoc cuts a row where the next column's dashes start and aligns a column by where its header stands:
    `Тошкент` -> `Toshkent` grows past its dashes, so the column widens and the right-aligned one moves with it."""
    src = "  Шаҳар    Аҳоли\n  ------- ------\n  Тошкент   3000\n  Чирчиқ     150\n"
    assert _convert(src) == "  Shahar    Aholi\n  -------- ------\n  Toshkent   3000\n  Chirchiq    150\n"


def test_a_headerless_and_a_multiline_table_keep_their_rules() -> None:
    headerless = (
        "Матн.\n\n  --------- ------------\n  Тошкент   Ўзбекистон\n  Қарши     2025 йил\n  --------- ------------\n"
    )
    assert _convert(headerless) == (
        "Matn.\n\n  --------- ------------\n  Toshkent  Oʻzbekiston\n  Qarshi    2025 yil\n  --------- ------------\n"
    )
    multiline = (
        "-------------------------------\n"
        "  Шаҳар     Изоҳ\n"
        "----------- -------------------\n"
        "  Тошкент   Ўзбекистон пойтахти,\n"
        "            катта шаҳар\n"
        "\n"
        "  Чирчиқ    Кичик шаҳар\n"
        "-------------------------------\n"
    )
    assert _convert(multiline) == (
        "---------------------------------\n"
        "  Shahar    Izoh\n"
        "----------- ---------------------\n"
        "  Toshkent  Oʻzbekiston poytaxti,\n"
        "            katta shahar\n"
        "\n"
        "  Chirchiq  Kichik shahar\n"
        "---------------------------------\n"
    )


def test_dashes_that_are_no_table_are_left_alone() -> None:
    """A thematic break of spaced dashes, a setext heading and short runs: nothing is laid out again."""
    for text in (
        "Шаҳар ва\n- - -\nТошкент  шаҳри\n",
        "Сарлавҳа\n--------\n\nТошкент  шаҳри\n",
        "Шаҳар\n-- --\nТошкент\n",
    ):
        assert _convert(text) == convert_document("a.txt", text.encode(), LATN).data.decode()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3), min_size=3, max_size=3),
        min_size=2,
        max_size=5,
    )
)
def test_every_converted_simple_table_row_splits_into_its_converted_cells(rows: list[list[list[str]]]) -> None:
    """Read as pandoc reads a simple table (each row cut where a column's dashes start), every converted row gives
    each cell's own conversion."""
    cells = [[" ".join(words) for words in row] for row in rows]
    widths = [max(max(len(row[k]) for row in cells), 3) for k in range(3)]
    line = "  " + " ".join("-" * w for w in widths) + "\n"
    body = "".join(
        "  " + " ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() + "\n" for row in cells
    )
    out = _convert("Матн.\n\n" + body.split("\n", 1)[0] + "\n" + line + body.split("\n", 1)[1]).splitlines()[2:]
    starts = [m.start() for m in re.finditer(r"-+", out[1])]
    for row, converted in zip([cells[0], *cells[1:]], [out[0], *out[2:]], strict=True):
        got = [converted[a:b].strip() for a, b in zip(starts, [*starts[1:], None], strict=True)]
        assert got == [_convert(c + "\n").strip() for c in row]


def test_a_table_header_commonmark_reads_as_indented_code_is_converted_with_the_table() -> None:
    """pandoc stands a centred header five spaces in: CommonMark reads that line (after a blank line) as
    indented code, and rows under the dashes (a thematic break to it) too; they are the table's, and converted."""
    src = "Матн.\n\n       Шаҳар   Изоҳ\n  ------------ -----\n      Тошкент   бор\n  ------------ -----\n"
    out = "Matn.\n\n       Shahar  Izoh\n  ------------ -----\n      Toshkent  bor\n  ------------ -----\n"
    assert _convert(src) == out
    fenced = "```\n       Шаҳар   Изоҳ\n  ------------ -----\n```\n"
    assert _convert(fenced) == fenced
