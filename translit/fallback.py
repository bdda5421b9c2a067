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
from collections.abc import Callable
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


def trie(words: list[str]) -> str:
    """A regex matching any of `words`, factored by common prefixes (Python's re does not do it itself, and
    a flat alternation of a few hundred literals is tried branch by branch at every position)."""
    heads: dict[str, list[str]] = {}
    for word in words:
        heads.setdefault(word[:1], []).append(word[1:])
    parts = []
    for head, tails in sorted(heads.items()):
        rest = [t for t in tails if t]
        inner = trie(rest) if rest else ""
        if rest and "" in tails:
            inner = f"(?:{inner})?"
        parts.append(re.escape(head) + (f"(?:{inner})" if rest and "|" in inner else inner))
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


WindowHits = Callable[[list[str], str, tuple[int, ...]], list[int]]


def pack(window: str, alphabet: str) -> int:
    """A window as `_speedups.window_hits` reads it: 6 bits a character (its index in `alphabet`, plus one),
    the window's width above bit 40."""
    key = len(window) << 40
    for index, ch in enumerate(window):
        key |= (alphabet.index(ch) + 1) << (6 * index)
    return key


class Fallback:
    """The shipped table: `soft` contexts insert ь, `tse` contexts turn с into ц.

    Contexts are kept as the letters of the padded word they cover (`^^вюн` for `^^в_юн`, `^^вснт` with the с
    for a ц context), so one set lookup per window decides, and a word none of whose windows is listed (nearly
    every word) is returned after a few C-level set operations.
    """

    def __init__(self, soft: frozenset[str], tse: frozenset[str]) -> None:
        self.soft = frozenset(k.replace("_", "") for k in soft)  # LLLRR: ь goes between LLL and RR
        self.tse = frozenset(k.replace("_", "с") for k in tse)  # LLLсRR: this с becomes ц
        # one C-level scan rejects a word none of whose windows is listed (nearly every word)
        listed = sorted(self.soft | self.tse)
        self._any = re.compile(trie(listed)) if listed else None
        # the same windows packed for `_speedups.window_hits` (None: more letters than it packs)
        letters = sorted({ch for key in listed for ch in key} | {"^", "$"})
        self._alphabet = "".join(letters)
        self._packed = tuple(pack(key, self._alphabet) for key in listed) if len(letters) <= 63 else None

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

    def apply_all(self, words: list[str], hits: WindowHits | None = None) -> list[str]:
        """`apply` on each word, with one scan of all of them: their padded forms newline-joined (no context
        holds a newline, so a match never leaves its word), then `apply` only on the words a window matched.

        `hits` is `_speedups.window_hits` where the C word loop is built: the same words, found in C by packed
        windows in a hash table (4 ms for 44k words, against 46 for the regex scan)."""
        if self._any is None or not words:
            return words
        if hits is not None and self._packed is not None:
            found = hits(words, self._alphabet, self._packed)
            if not found:
                return words
            out = list(words)
            for index in found:
                out[index] = self.apply(words[index])
            return out
        pad = "$" * _RIGHT + "\n" + "^" * _LEFT
        joined = "^" * _LEFT + pad.join(words) + "$" * _RIGHT
        out = words
        line, seen = 0, 0  # the word index of position `seen`
        for match in self._any.finditer(joined):
            start = match.start()
            line += joined.count("\n", seen, start)
            seen = start
            if out is words:
                out = list(words)
            out[line] = self.apply(words[line])
        return out

    def apply(self, word: str) -> str:
        """The rules' lowercase output with ь and ц put where the table says; native words unchanged."""
        padded = "^" * _LEFT + word + "$" * _RIGHT
        if self._any is None or not self._any.search(padded) or "ь" in word or NATIVE.search(word):
            return word
        width = _LEFT + _RIGHT
        soft = [i for i in range(len(word) + 1) if padded[i : i + width] in self.soft]
        tse = (
            [i for i in range(len(word)) if word[i] == "с" and padded[i : i + width + 1] in self.tse]
            if ("с" in word)
            else []
        )
        if not soft and not tse:
            return word
        chars = list(word)
        for i in tse:
            chars[i] = "ц"
        for i in reversed(soft):  # ь after the letter before position i (the table only holds such contexts)
            if i > 0 and word[i - 1] in SOFTENED:
                chars.insert(i, "ь")
        return "".join(chars)
