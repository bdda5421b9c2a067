"""Random pandoc simple tables of Uzbek Cyrillic, converted by translit, read back by pandoc itself.

    python scripts/check_md_tables.py [--tables 300] [--seed 1]

Why: `translit/documents/_mdtables.py` lays out pandoc's drawn tables again after conversion; the test suite
checks the layout by reading rows the way pandoc's reader cuts them, and this checks it against pandoc (on PATH;
Debian: `apt-get install pandoc`). Each table has two to four columns, each left-, right- or centre-aligned, with
or without a header, its cells one to three random words; a table passes when pandoc reads from the converted
Markdown the cells translit gives each source cell converted alone, with the alignments it reads from the source.
Prints how many passed, and how many of the others differ only by a column pandoc reads as "default" in the source
and as "left" in the output (a column whose header reached both ends of its dashes and no longer does: rendered
alike). Exits 1 when any other difference is found.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
from typing import Any

from translit.documents import DocumentOptions, convert_document

WORDS = [
    "шаҳар",
    "ўқиш",
    "чой",
    "Тошкент",
    "ёш",
    "юз",
    "қиш",
    "ғишт",
    "цирк",
    "2025",
    "ва",
    "Ер",
    "Чирчиқ",
    "Ўзбекистон",
]
OPTIONS = DocumentOptions(target="uz-Latn", source="uz-Cyrl")


def pandoc_tables(markdown: str) -> list[tuple[list[str], list[list[str]]]]:
    """Each table pandoc reads: its columns' alignments and its rows' cells (head and body), as plain text."""
    proc = subprocess.run(["pandoc", "-f", "markdown", "-t", "json"], input=markdown, capture_output=True, text=True)
    doc = json.loads(proc.stdout)

    def text(blocks: list[dict[str, Any]]) -> str:
        return "".join(x["c"] if x["t"] == "Str" else " " for b in blocks for x in b["c"])

    found = []
    for block in doc["blocks"]:
        if block["t"] == "Table":
            _attr, _caption, specs, head, bodies, _foot = block["c"]
            rows = head[1] + [row for body in bodies for row in body[3]]
            found.append(([spec[0]["t"] for spec in specs], [[text(cell[4]) for cell in row[1]] for row in rows]))
    return found


def random_table(rng: random.Random) -> str:
    columns, count = rng.randint(2, 4), rng.randint(2, 5)
    cells = [
        [" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3))) for _ in range(columns)] for _ in range(count)
    ]
    widths = [max(max(len(row[k]) for row in cells), 3) + rng.randint(0, 3) for k in range(columns)]
    aligns = [rng.choice("lrc") for _ in range(columns)]

    def line(row: list[str]) -> str:
        laid = (
            c.ljust(w) if a == "l" else c.rjust(w) if a == "r" else c.center(w)
            for c, w, a in zip(row, widths, aligns, strict=True)
        )
        return ("  " + " ".join(laid)).rstrip()

    dashes = "  " + " ".join("-" * w for w in widths)
    if rng.random() < 0.5:
        return "\n".join(["Матн.", "", line(cells[0]), dashes, *map(line, cells[1:])]) + "\n"
    return "\n".join(["Матн.", "", dashes, *map(line, cells), dashes]) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tables", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if shutil.which("pandoc") is None:
        print("pandoc is not on PATH", file=sys.stderr)
        return 2
    rng = random.Random(args.seed)
    passed = default_to_left = failed = 0
    for _ in range(args.tables):
        source = random_table(rng)
        converted = convert_document("a.md", source.encode(), OPTIONS).data.decode()
        (aligns, rows), *_rest = pandoc_tables(source)
        want = [
            [convert_document("a.txt", (c + "\n").encode(), OPTIONS).data.decode().strip() for c in r] for r in rows
        ]
        got = pandoc_tables(converted)
        if got and got[0] == (aligns, want):
            passed += 1
        elif (
            got
            and got[0][1] == want
            and all(a == b or (a, b) == ("AlignDefault", "AlignLeft") for a, b in zip(aligns, got[0][0], strict=True))
        ):
            default_to_left += 1
        else:
            failed += 1
            print(f"differs:\n{source}\n{converted}\n{aligns} {want}\n{got}\n")
    print(
        f"{args.tables} tables: {passed} read alike, {default_to_left} with a default column read as left, "
        f"{failed} otherwise different"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
