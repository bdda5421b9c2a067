"""Case patterns of source words and how they are put back on the output.

Rules and lexicon entries are written in lowercase; the source word's case is re-applied afterwards, so
ШАҲАР gives SHAHAR and Шаҳар gives Shahar without every letter being written three times.
"""

from __future__ import annotations

from enum import Enum


class Pattern(Enum):
    LOWER = "lower"  # also words with no cased letter at all
    TITLE = "title"  # first cased letter upper, the rest lower; also a lone capital (Ш, Ш.)
    UPPER = "upper"  # two or more cased letters, all upper
    MIXED = "mixed"  # anything else (ЎзР, ЎзМУ): case is decided letter by letter


def pattern_of(word: str) -> Pattern:
    """Classify a word; a single capital letter is TITLE so that Ш. becomes Sh., not SH."""
    if word.islower() or not (word.isupper() or any(c.isupper() for c in word)):
        return Pattern.LOWER
    if word.isupper():
        cased = sum(1 for c in word if c.isupper())
        return Pattern.UPPER if cased >= 2 else Pattern.TITLE
    first = next((i for i, c in enumerate(word) if c.isupper() or c.islower()), 0)
    rest = word[first + 1 :]
    if word[first].isupper() and (rest.islower() or not any(c.isupper() for c in rest)):
        return Pattern.TITLE
    return Pattern.MIXED


class Caser:
    """Upper/title casing with per-letter overrides for alphabets where Python's mapping is wrong."""

    def __init__(self, upper: dict[str, str] | None = None, lower: dict[str, str] | None = None) -> None:
        self._upper_table = str.maketrans(upper) if upper else None
        self._lower_table = str.maketrans(lower) if lower else None

    def lower(self, word: str) -> str:
        """Lowercase a source word letter for letter, so offsets stay aligned with the word.

        The `[case] lower` table comes first (Kazakh Latin: I → ı, İ → i, where Python gives i and i̇);
        a letter whose Python lowercase is longer than one character is kept as it is.
        """
        if self._lower_table is not None:
            word = word.translate(self._lower_table)
        lower = word.lower()
        if len(lower) != len(word):
            lower = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in word)
        return lower

    def lower_all(self, words: list[str]) -> list[str]:
        """`lower` of each word (none holding a newline), by one `lower` of them all newline-joined when no
        letter lengthens; a newline is no cased letter, so Σ still reads its word's edge there."""
        joined = "\n".join(words)
        if self._lower_table is not None:
            joined = joined.translate(self._lower_table)
        lower = joined.lower()
        if len(lower) != len(joined) or not words:  # (lowercase never shortens a letter)
            return [self.lower(w) for w in words]
        return lower.split("\n")

    def upper(self, text: str) -> str:
        if self._upper_table is not None:
            text = text.translate(self._upper_table)
        return text.upper()

    def title(self, text: str) -> str:
        for i, c in enumerate(text):
            if c.isalpha() and (c.islower() or c.isupper()):
                return text[:i] + self.upper(c) + text[i + 1 :]
        return text

    def apply(self, pattern: Pattern, text: str) -> str:
        if pattern is Pattern.UPPER:
            return self.upper(text)
        if pattern is Pattern.TITLE:
            return self.title(text)
        return text

    def piece(self, output: str, word: str, start: int, end: int) -> str:
        """Case for one uppercase source piece inside a MIXED word: ALL CAPS when its neighbour is a capital."""
        if len(output) <= 1:
            return self.upper(output)
        neighbour = word[end] if end < len(word) and word[end].isalpha() else None
        if neighbour is None and start > 0 and word[start - 1].isalpha():
            neighbour = word[start - 1]
        if neighbour is not None and neighbour.isupper():
            return self.upper(output)
        return self.title(output)
