"""What each convertible script looks like, read from the `[detect]` tables of the rule files.

Knowledge stays in the rule files: the detector holds no letters of its own. A new rule file with a
`[detect]` table (Tajik, Karakalpak) makes its script detectable with no change to code.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path

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


def script_of(tag: str) -> str | None:
    """`uz-Latn-2026` → `Latn`: the script subtag of a BCP-47 tag, if it has one."""
    for part in tag.split("-")[1:]:
        if len(part) == 4 and part.isalpha():
            return part.title()
    return None


def _compile(pattern: str | None) -> re.Pattern[str] | None:
    return re.compile(pattern) if pattern else None


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
    )


def profiles() -> tuple[ScriptProfile, ...]:
    """Every source tag that some rule file describes, highest priority first (then by tag)."""
    return _profiles(os.environ.get("TRANSLIT_RULES_PATH", ""))


@functools.lru_cache(maxsize=8)
def _profiles(_rules_path: str) -> tuple[ScriptProfile, ...]:
    from translit import registry

    found: dict[str, ScriptProfile] = {}
    for info in registry.available():
        ruleset = registry.load(info.id)
        if ruleset.detect is None:
            continue
        if ruleset.source in found:
            other = found[ruleset.source].path
            raise RuleFileError(
                ruleset.path, f"[detect] for {ruleset.source} is already given in {other}; keep one", None
            )
        found[ruleset.source] = _profile(ruleset.source, ruleset.detect, ruleset.path)
    return tuple(sorted(found.values(), key=lambda p: (-p.priority, p.tag)))
