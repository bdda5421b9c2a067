"""The README's accuracy table: every dev set, both directions, each style, in one run.

Why: a change to a rule, the lexicon or a style must show at once where it helps and where it hurts, on
the same sets each time. Prints one line per (set, direction, style): word accuracy and word count, and
for the seed article whether the output is byte-identical to its reference.

Usage: python scripts/measure_accuracy.py [--dev DIR] [--styles official,press]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.measure_roundtrip import read_words  # noqa: E402
from translit import evaluate  # noqa: E402
from translit.registry import get_converter  # noqa: E402

DEV = ROOT / "corpus" / "dev"
SETS = ("udhr", "cldr_uz", "uzbekistan_pkg_names", "orthography_examples", "testsuite_pairs", "kazinform-2025-12-10")


def word_forms(style: str) -> tuple[float, int]:
    """Cyrillic → Latin → Cyrillic, exact, on the held-out real word forms the lexicon build never saw."""
    words = read_words(ROOT / "corpus" / "wordlists" / "uz-Cyrl.heldout.txt")
    to_latin = get_converter("uz-Cyrl", "uz-Latn", style=style)
    to_cyrillic = get_converter("uz-Latn", "uz-Cyrl", style=style)
    back = sum(to_cyrillic.convert_word(to_latin.convert_word(w)) == w for w in words)
    return 100.0 * back / len(words), len(words)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dev", type=Path, default=DEV)
    parser.add_argument("--styles", default="official,press")
    args = parser.parse_args()
    for style in args.styles.split(","):
        for name in SETS:
            path = args.dev / f"{name}.tsv"
            if not path.exists():
                path = ROOT / "corpus" / f"{name}.tsv"
            if not path.exists():
                continue
            for source, target, reverse in (("uz-Cyrl", "uz-Latn", False), ("uz-Latn", "uz-Cyrl", True)):
                conv = get_converter(source, target, style=style)
                result = evaluate.score(list(evaluate.read_gold(path, reverse=reverse)), conv)
                print(f"{style:<9} {name:<22} {source}→{target}  {result.word_accuracy:6.2f}%  ({result.words} words)")
        exact, count = word_forms(style)
        print(f"{style:<9} {'heldout word forms':<22} uz-Cyrl→uz-Latn→uz-Cyrl  {exact:6.2f}%  ({count} words)")
        article = ROOT / "corpus" / "kazinform-2025-12-10"
        cyr = article.with_suffix(".uz-Cyrl.txt").read_text(encoding="utf-8")
        lat = article.with_suffix(".uz-Latn.txt").read_text(encoding="utf-8")
        same = get_converter("uz-Cyrl", "uz-Latn", style=style).convert(cyr) == lat
        print(f"{style:<9} {'seed article':<22} byte-identical: {same}")


if __name__ == "__main__":
    main()
