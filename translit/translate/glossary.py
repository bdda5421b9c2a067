"""A translator's glossary: source term -> target term per target language, fixed in the machine translation.

File format (TSV, UTF-8): a header row naming the source language and each target language, then one term a
row; an empty cell means "no fixed translation into that language"::

    uz      en          ru
    Oliy Majlis     Oliy Majlis     Олий Мажлис
    hokimlik        khokimiyat

How it works: each occurrence of a term in a sentence (at a word start, case-insensitive; Uzbek suffixes after
it are taken with it) is replaced by a placeholder before the model sees the sentence, and the placeholder is
replaced by the target term afterwards, capitalised like the occurrence. A placeholder the model drops is
reported (`TermResult.missing`), never silently.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from translit.errors import InputError

__all__ = ["Glossary", "counterpart", "load_glossary", "protect", "restore", "same_case"]


@dataclass(frozen=True)
class Glossary:
    """Terms by target language: ``terms["en"]["hokimlik"] == "khokimiyat"``."""

    terms: Mapping[str, Mapping[str, str]]
    source: str = "uz"
    _patterns: dict[tuple[str, str], re.Pattern[str] | None] = field(default_factory=dict, compare=False)

    @classmethod
    def from_pairs(cls, target: str, pairs: Mapping[str, str], source: str = "uz") -> Glossary:
        return cls({target: dict(pairs)}, source)

    def for_target(self, target: str) -> Mapping[str, str]:
        return self.terms.get(target, self.terms.get(target.split("-")[0], {}))

    def pattern(
        self, target: str, respell: Callable[[str], str] | None = None, key: str = ""
    ) -> re.Pattern[str] | None:
        """One regex matching every term for `target` (longest first), also spelt through `respell` (the
        term in the sentence's script), or None when there are no terms."""
        cache_key = (target, key)
        if cache_key not in self._patterns:
            spellings: list[str] = []
            for term in self.for_target(target):
                spellings.append(term)
                if respell is not None:
                    spellings.append(respell(term))
            spellings = sorted({s for s in spellings if s.strip()}, key=len, reverse=True)
            self._patterns[cache_key] = (
                re.compile(r"(?<!\w)(?:" + "|".join(re.escape(s) for s in spellings) + r")\w*", re.IGNORECASE)
                if spellings
                else None
            )
        return self._patterns[cache_key]

    def lookup(self, target: str, found: str, respell: Callable[[str], str] | None = None) -> tuple[str, str] | None:
        """(term, target term) for a matched occurrence (which may carry a suffix)."""
        folded = found.casefold()
        best: tuple[str, str] | None = None
        for term, translation in self.for_target(target).items():
            for spelling in (term, respell(term) if respell else term):
                if folded.startswith(spelling.casefold()) and (best is None or len(term) > len(best[0])):
                    best = (term, translation)
        return best


GLOSSARY_BASE = 1000  # glossary markers are numbered from here, above a unit's own codes


def counterpart(tag: str) -> str | None:
    """The other script of an Uzbek or Kazakh tag (the glossary may be written in either)."""
    lang, _, script = tag.partition("-")
    if lang not in ("uz", "kk"):
        return None
    return f"{lang}-Cyrl" if script.startswith("Latn") else f"{lang}-Latn"


def protect(
    glossary: Glossary, text: str, tag: str, requested: str, lang: str, respell: Callable[[str], str] | None
) -> tuple[str, dict[int, str]]:
    """`text` with every glossary term for the target (`requested`, else its language `lang`) replaced by a
    marker ``[[1000]]``…, and what each marker stands for (the target term, capitalised like the
    occurrence). `respell` spells a term in the sentence's script (`tag`)."""
    from translit.translate.units import marker

    pattern = glossary.pattern(requested, respell, key=tag) or glossary.pattern(lang, respell, key=tag)
    if pattern is None:
        return text, {}
    terms: dict[int, str] = {}

    def put(m: re.Match[str]) -> str:
        found = glossary.lookup(requested, m.group(), respell) or glossary.lookup(lang, m.group(), respell)
        if found is None:
            return m.group()
        n = GLOSSARY_BASE + len(terms)
        terms[n] = same_case(m.group(), found[1])
        return marker(n)

    return pattern.sub(put, text), terms


def restore(text: str, terms: Mapping[int, str]) -> tuple[str, tuple[str, ...]]:
    """The model's output with the glossary markers replaced by their terms, and the terms it dropped."""
    from translit.translate.units import MARKER

    present = {int(m.group(1)) for m in MARKER.finditer(text)}
    missing = tuple(terms[n] for n in sorted(terms) if n not in present)
    return MARKER.sub(lambda m: terms.get(int(m.group(1)), m.group(0)), text), missing


def same_case(occurrence: str, target_term: str) -> str:
    """The target term capitalised like the occurrence: ALL CAPS stays all caps, a capital first letter
    stays capital; a lower-case occurrence keeps the glossary's own spelling."""
    letters = [c for c in occurrence if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return target_term.upper()
    if letters and letters[0].isupper() and target_term[:1].islower():
        return target_term[:1].upper() + target_term[1:]
    return target_term


def load_glossary(path: Path | str) -> Glossary:
    """Read a glossary TSV (see the module docstring)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(str(path), f"cannot read the glossary ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise InputError(str(path), "the glossary is not UTF-8") from exc
    rows = [
        r for r in csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE) if any(c.strip() for c in r)
    ]
    if not rows or len(rows[0]) < 2:
        raise InputError(
            str(path), "a glossary needs a header row: the source language, then one column per target language"
        )
    header = [c.strip() for c in rows[0]]
    terms: dict[str, dict[str, str]] = {lang: {} for lang in header[1:] if lang}
    for line, row in enumerate(rows[1:], start=2):
        if len(row) > len(header):
            raise InputError(str(path), f"line {line}: {len(row)} columns, the header has {len(header)}")
        term = row[0].strip()
        if not term:
            raise InputError(str(path), f"line {line}: the source term is empty")
        for lang, cell in zip(header[1:], row[1:], strict=False):
            if lang and cell.strip():
                terms[lang][term] = cell.strip()
    return Glossary(terms, header[0])
