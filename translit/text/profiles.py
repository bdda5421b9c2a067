"""What each convertible script looks like, read from the `[detect]` tables of the rule files.

Knowledge stays in the rule files: the detector holds no letters of its own. A new rule file with a
`[detect]` table (Tajik, Karakalpak) makes its script detectable with no change to code.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from re import _constants, _parser  # type: ignore[attr-defined]

from translit._environ import rules_path
from translit.errors import RuleFileError
from translit.model import DetectTable

CYRL, LATN = "Cyrl", "Latn"


@dataclass(frozen=True)
class ScriptProfile:
    """One source tag's `[detect]` table, compiled: the patterns a text unit is counted against."""

    tag: str
    language: str
    script: str
    model: frozenset[str]
    model_via: str | None
    priority: int
    neighbours: frozenset[str]
    marks: re.Pattern[str] | None
    hints: re.Pattern[str] | None
    excludes: re.Pattern[str] | None
    examples: tuple[tuple[str, str], ...]
    path: Path
    #: the letters of `marks`, `hints` and `excludes` when the pattern is one character class (the usual case):
    #: such patterns are counted in one pass over the unit for all sources at once (`Letters`)
    sets: tuple[frozenset[str] | None, frozenset[str] | None, frozenset[str] | None] = (None, None, None)


def script_of(tag: str) -> str | None:
    """`uz-Latn-2026` → `Latn`: the script subtag of a BCP-47 tag, if it has one."""
    for part in tag.split("-")[1:]:
        if len(part) == 4 and part.isalpha():
            return part.title()
    return None


def _compile(pattern: str | None) -> re.Pattern[str] | None:
    return re.compile(pattern) if pattern else None


def _charset(pattern: str | None) -> frozenset[str] | None:
    """The letters a pattern matches, if it is a single character class ("[ўЎ]"); None otherwise."""
    if not pattern:
        return frozenset()
    parsed = _parser.parse(pattern)
    if len(parsed) != 1:
        return None
    op, arg = parsed[0]
    if op is _constants.LITERAL:
        return frozenset(chr(arg))
    if op is not _constants.IN:
        return None
    chars: set[str] = set()
    for kind, value in arg:
        if kind is _constants.LITERAL:
            chars.add(chr(value))
        elif kind is _constants.RANGE and value[1] - value[0] < 4096:
            chars.update(map(chr, range(value[0], value[1] + 1)))
        else:  # a negated class, a category such as \w: not a plain letter set
            return None
    return frozenset(chars)


class Letters:
    """Counts every source's marks, hints and excludes in a unit of one script with one regular-expression pass.

    Measured: eight `findall` calls per line were half the time of deciding a line whose letters decide.
    """

    def __init__(self, sources: tuple[ScriptProfile, ...]) -> None:
        self.sources = sources
        where: dict[str, list[tuple[int, int]]] = {}
        self._slow: list[tuple[int, int, re.Pattern[str]]] = []
        for index, profile in enumerate(sources):
            patterns = (profile.marks, profile.hints, profile.excludes)
            for kind, (chars, pattern) in enumerate(zip(profile.sets, patterns, strict=True)):
                if chars is None:
                    assert pattern is not None
                    self._slow.append((index, kind, pattern))
                    continue
                for ch in chars:
                    where.setdefault(ch, []).append((index, kind))
        self._where = where
        self._pattern = re.compile("[" + "".join(re.escape(c) for c in sorted(where)) + "]") if where else None

    def count(self, text: str) -> list[list[int]]:
        """[marks, hints, excludes] for each source, in `sources` order."""
        counts = [[0, 0, 0] for _ in self.sources]
        if self._pattern is not None:
            for ch, n in Counter(self._pattern.findall(text)).items():
                for index, kind in self._where[ch]:
                    counts[index][kind] += n
        for index, kind, pattern in self._slow:
            counts[index][kind] += len(pattern.findall(text))
        return counts


def letters_of(script: str) -> Letters:
    """The counter for the sources of one script (rebuilt when the rule files' search path changes)."""
    return _letters(script, rules_path())


@functools.lru_cache(maxsize=16)
def _letters(script: str, _rules_path: str) -> Letters:
    return Letters(tuple(p for p in profiles() if p.script == script))


def _profile(tag: str, table: DetectTable, path: Path) -> ScriptProfile:
    script = script_of(tag)
    if script not in (CYRL, LATN):
        raise RuleFileError(path, f"[detect] needs a Cyrillic or Latin source tag, not {tag!r}", table.line)
    return ScriptProfile(
        tag=tag,
        language=table.language,
        script=script,
        model=frozenset(table.model or (table.language,)),
        model_via=table.model_via,
        priority=table.priority,
        neighbours=frozenset(table.neighbours),
        marks=_compile(table.marks),
        hints=_compile(table.hints),
        excludes=_compile(table.excludes),
        examples=table.examples,
        path=path,
        sets=(_charset(table.marks), _charset(table.hints), _charset(table.excludes)),
    )


def profiles() -> tuple[ScriptProfile, ...]:
    """Every source tag that some rule file describes, highest priority first (then by tag)."""
    return _profiles(rules_path())


@functools.lru_cache(maxsize=8)
def _profiles(_rules_path: str) -> tuple[ScriptProfile, ...]:
    from translit import registry

    # compiling the tables' patterns (large character classes) was most of this: cached on disk with the
    # compiled converters, keyed by the rule files' contents
    return registry.cached(tuple, ("profiles",), _read_profiles)


def _read_profiles() -> tuple[ScriptProfile, ...]:
    from translit import registry

    found: dict[str, ScriptProfile] = {}
    for info, table in registry.detect_tables():  # the [detect] tables alone: no rule file is compiled
        if info.source in found:
            other = found[info.source].path
            raise RuleFileError(info.path, f"[detect] for {info.source} is already given in {other}; keep one", None)
        found[info.source] = _profile(info.source, table, info.path)
    return tuple(sorted(found.values(), key=lambda p: (-p.priority, p.tag)))
