"""A small character n-gram model deciding ь and ц in loanwords that no lexicon entry knows.

Why: Latin lost ь and writes ц as s; the lexicon restores them in the words it lists, but names and new
loans keep coming. The model is trained at build time (`scripts/build_lexicon.py`) on licensed Russian word
lists against native Uzbek words, and shipped as a table of contexts: three letters before a position and
two after (`^` and `$` mark the word's edges). A context in the table puts ь there (or ц for с); any other
context leaves the rules' output as it is. It is deterministic, and gated twice: only contexts that were
nearly always ь (or ц) in training and never seen in native words are kept, and words with letters or
endings only native Uzbek has (ў қ ғ ҳ, verb endings: aytsa, borsam) are never touched.
"""

from __future__ import annotations

import re
from pathlib import Path

from translit.loader import _fail

# native Uzbek letters, and endings of Uzbek verb forms that loans never carry: leave such words alone
NATIVE = re.compile(r"[ўқғҳ]|(?:са|сам|санг|сак|ди|дим|динг|дик|ган|моқ|япти|ади|арди)$")
SOFTENED = "бвгдзклмнпрстфх"  # letters after which a Russian ь stands
_LEFT, _RIGHT = 3, 2


def context(word: str, index: int, skip: int = 0) -> str:
    """The letters around a position: `_LEFT` before `index`, `_RIGHT` from `index + skip`, edges marked."""
    padded = "^" * _LEFT + word + "$" * _RIGHT
    start = index + _LEFT
    return padded[start - _LEFT : start] + "_" + padded[start + skip : start + skip + _RIGHT]


class Fallback:
    """The shipped table: `soft` contexts insert ь, `tse` contexts turn с into ц."""

    def __init__(self, soft: frozenset[str], tse: frozenset[str]) -> None:
        self.soft = soft
        self.tse = tse

    @classmethod
    def read(cls, path: Path) -> Fallback:
        """A TSV of `ь<TAB>context` and `ц<TAB>context` lines after `#` comments."""
        soft: set[str] = set()
        tse: set[str] = set()
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not raw or raw.startswith("#"):
                continue
            kind, _, key = raw.partition("\t")
            if kind == "ь":
                soft.add(key)
            elif kind == "ц":
                tse.add(key)
            else:
                raise _fail(path, "expected 'ь<TAB>context' or 'ц<TAB>context'", number)
        return cls(frozenset(soft), frozenset(tse))

    def apply(self, word: str) -> str:
        """The rules' lowercase output with ь and ц put where the table says; native words unchanged."""
        if NATIVE.search(word) or "ь" in word:
            return word
        out: list[str] = []
        for index, char in enumerate(word):
            if char == "с" and self.tse and context(word, index, skip=1) in self.tse:
                char = "ц"
            out.append(char)
            if char in SOFTENED and context(word, index + 1) in self.soft:
                out.append("ь")
        return "".join(out)
