"""Is a word-final apostrophe in Uzbek Latin a tutuq (mavqe' → мавқеъ) or a closing quote ('kitob')?

Why: uz-Latn__uz-Cyrl reads a final apostrophe after a letter other than o/g as a tutuq only in the words its
lexicon lists with one (mavqeʼ, shamʼ); everywhere else it is a quote. A general rule would turn more of
them into ъ. This script counts the evidence for and against such a rule, so the decision rests on data:

1. Cyrillic word forms that end in ъ, in the Uzbek Cyrillic word list the lexicon is built from (tesseract's
   uzb_cyrl list, if installed) and in the Cyrillic side of every dev set: how often a final tutuq is written.
2. In every dev pair set, the seed article and the Uzbek rows of the multilingual gettext data, each Latin
   word followed by an apostrophe after a letter other than o/g, and what three policies would make of it,
   scored against the Cyrillic reference (ъ there: a tutuq; otherwise: a quote):
   - listed: a tutuq only in the lexicon's words (what the rule set does);
   - always: every such apostrophe is a tutuq;
   - unquoted: a tutuq unless an opening single quote before it on the same line is still unmatched.

Usage: python scripts/measure_final_apostrophe.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translit.contexts import APOSTROPHES  # noqa: E402
from translit.registry import get_converter  # noqa: E402

_A = re.escape(APOSTROPHES)
_FINAL = re.compile(rf"(?<![^\W\d_])([^\W\d_]+)[{_A}](?![^\W\d_])")
_OPEN = re.compile(rf"(?<![^\W\d_])[{_A}](?=[^\W\d_])")
_CYR_FINAL_HARD = re.compile(r"[а-яёўқғҳ]ъ(?![а-яёўқғҳ])", re.IGNORECASE)


def pairs() -> list[tuple[str, str, str]]:
    """(set, Latin, Cyrillic) lines of every dev set, the seed article and the multilingual gettext rows."""
    out: list[tuple[str, str, str]] = []
    for path in [*sorted((ROOT / "corpus" / "dev").glob("*.tsv")), ROOT / "corpus" / "kazinform-2025-12-10.tsv"]:
        for line in path.read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            if len(cols) >= 3 and not line.startswith("#"):
                out.append((path.stem, cols[2], cols[1]))
    gettext = ROOT / "corpus" / "multilingual" / "gettext" / "gettext.tsv"
    if gettext.exists():
        rows: dict[str, dict[str, str]] = {}
        for line in gettext.read_text(encoding="utf-8").splitlines()[1:]:
            cols = line.split("\t")
            if len(cols) >= 4 and cols[1] in ("uz-Latn", "uz-Cyrl"):
                rows.setdefault(cols[0].split(":", 1)[1], {})[cols[1]] = cols[3]
        out += [("gettext", r["uz-Latn"], r["uz-Cyrl"]) for r in rows.values() if len(r) == 2]
    return out


def tesseract_final_hard() -> tuple[int, int, int] | None:
    """(words, words ending in ъ, words with ъ elsewhere) of tesseract's Uzbek Cyrillic list, or None."""
    try:
        from scripts.build_lexicon import tesseract_words
    except ImportError:  # pragma: no cover - the build script always ships with this one
        return None
    try:
        words = tesseract_words("uzb_cyrl", False)
    except SystemExit:
        return None
    final = sum(1 for w in words if w.endswith("ъ"))
    return len(words), final, sum(1 for w in words if "ъ" in w) - final


def main() -> None:
    conv = get_converter("uz-Latn", "uz-Cyrl")
    listed = {w.rstrip("'") for w in conv.stages[0].compiled.words if w.endswith("'") and w[-2:-1] not in "og"}
    found = tesseract_final_hard()
    if found is None:
        print("tesseract uzb_cyrl word list: not installed (apt-get install tesseract-ocr-uzb-cyrl)")
    else:
        print(f"tesseract uzb_cyrl word list: {found[1]} of {found[0]} word forms end in ъ ({found[2]} hold it inside)")
    data = pairs()
    hard = sum(len(_CYR_FINAL_HARD.findall(cyr)) for _, _, cyr in data)
    print(f"dev Cyrillic references ({len(data)} lines): {hard} words end in ъ")
    right = {"listed": 0, "always": 0, "unquoted": 0}
    cases = 0
    for name, lat, cyr in data:
        for m in _FINAL.finditer(lat):
            word = m.group(1)
            if word[-1].lower() in "og" or not re.match(r"[A-Za-z]", word):
                continue
            cases += 1
            tutuq = re.search(re.escape(conv.convert(word)) + "ъ", cyr, re.IGNORECASE) is not None
            opened = len(_OPEN.findall(lat, 0, m.start(1))) - len(_FINAL.findall(lat, 0, m.start(1)))
            guesses = {"listed": word.lower() in listed, "always": True, "unquoted": opened <= 0}
            for policy, guess in guesses.items():
                right[policy] += guess == tutuq
            print(f"  {name}: {lat[max(0, m.start() - 20) : m.end() + 5]!r} → {'tutuq' if tutuq else 'quote'}")
    print(f"word-final apostrophes after a letter other than o/g: {cases}")
    for policy, n in right.items():
        print(f"  {policy:<9} right {n} of {cases}")


if __name__ == "__main__":
    main()
