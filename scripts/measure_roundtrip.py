"""Round trip over a real word list: Cyrillic → Latin (uz-Cyrl__uz-Latn) → Cyrillic (uz-Latn__uz-Cyrl).

With --language kk: Kazakh, kk-Cyrl → kk-Latn → kk-Cyrl (e.g. the word list of tesseract-ocr-kaz, unpacked
with `combine_tessdata -u` and `dawg2wordlist` as scripts/build_lexicon.py does for Uzbek).

Prints how many words come back exactly, and the first failures. Lists:
  corpus/wordlists/uz-Cyrl.heldout.txt (default): tesseract words the lexicon build never saw;
  /usr/share/hunspell/uz_UZ.dic: Debian's hunspell-uz (GPL-2+, an independent list; measured, not shipped).
Usage: python scripts/measure_roundtrip.py [WORDLIST ...] [--show N]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translit.registry import get_converter  # noqa: E402

_WORD = re.compile(r"[абвгдеёжзийклмнопрстуфхцчшъьэюяўқғҳ]+")
_KK_WORD = re.compile(r"[а-яёәғқңөұүһі]+")


def read_words(path: Path, pattern: re.Pattern[str] = _WORD) -> list[str]:
    """Lowercase Uzbek Cyrillic words of a list (one a line, `#` comments, hunspell `/FLAGS` dropped)."""
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.split("/")[0].strip().lower()
        if word and not word.startswith("#") and pattern.fullmatch(word):
            words.add(word)
    return sorted(words)


def roundtrip(words: list[str], language: str = "uz") -> tuple[int, list[tuple[str, str, str]]]:
    to_latin = get_converter(f"{language}-Cyrl", f"{language}-Latn")
    to_cyrillic = get_converter(f"{language}-Latn", f"{language}-Cyrl")
    failures = []
    for word in words:
        latin = to_latin.convert_word(word)
        back = to_cyrillic.convert_word(latin)
        if back != word:
            failures.append((word, latin, back))
    return len(words) - len(failures), failures


def only_extra_soft_sign(listed: str, restored: str) -> bool:
    """The list's spelling is ours without some ь: a spelling variant of a loanword, not a lost letter."""
    return restored.count("ь") > listed.count("ь") and restored.replace("ь", "") == listed.replace("ь", "")


def loan_variant(listed: str, restored: str) -> bool:
    """The list writes a Russian loan the way Latin-converted text does: without ь, с or тс for ц
    (албом, сензура, принсип), where we restore the dictionary spelling (альбом, цензура, принцип)."""

    def simplified(word: str) -> str:
        return word.replace("ь", "").replace("тс", "с").replace("ц", "с")

    return listed != restored and "ц" not in listed and simplified(restored) == simplified(listed)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("lists", nargs="*", type=Path, default=[ROOT / "corpus/wordlists/uz-Cyrl.heldout.txt"])
    parser.add_argument("--show", type=int, default=20)
    parser.add_argument("--language", choices=["uz", "kk"], default="uz")
    args = parser.parse_args()
    for path in args.lists:
        words = read_words(path, _KK_WORD if args.language == "kk" else _WORD)
        ok, failures = roundtrip(words, args.language)
        soft = sum(1 for word, _latin, back in failures if only_extra_soft_sign(word, back))
        loans = sum(1 for word, _latin, back in failures if loan_variant(word, back))
        print(f"{path}: {ok}/{len(words)} words restored = {100 * ok / len(words):.2f} %")
        print(
            f"  + {soft} where the list writes a Russian loan without the ь we restore (албом for альбом):"
            f" {100 * (ok + soft) / len(words):.2f} %"
        )
        print(
            f"  + {loans} counting both ь-less and с-for-ц loan spellings (сензура for цензура) as variants:"
            f" {100 * (ok + loans) / len(words):.2f} %"
        )
        for word, latin, back in failures[: args.show]:
            print(f"  {word} → {latin} → {back}")


if __name__ == "__main__":
    main()
