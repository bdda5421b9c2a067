"""Finds rule files, resolves a (source, target) pair to a rule set, and caches compiled converters.

Rule files ship inside the wheel as `translit/_rules`; in a source checkout they are the top-level `rules/`.
`TRANSLIT_RULES_PATH` (os.pathsep-separated folders) adds the user's own rule files, which win on a clash.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from pathlib import Path

from translit.compiler import compile_ruleset
from translit.engine import Converter, Stage
from translit.errors import UnknownScriptError
from translit.loader import load_rule_file
from translit.model import RuleSet, RuleSetInfo

_PACKAGE = Path(__file__).resolve().parent


def rule_dirs() -> list[Path]:
    """Folders searched for rule files, highest priority first."""
    dirs = [Path(p) for p in os.environ.get("TRANSLIT_RULES_PATH", "").split(os.pathsep) if p]
    for candidate in (_PACKAGE / "_rules", _PACKAGE.parent / "rules"):
        if candidate.is_dir():
            dirs.append(candidate)
            break
    return dirs


def _files() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder in reversed(rule_dirs()):
        for path in sorted(folder.glob("*.toml")):
            found[path.stem] = path
    return found


@functools.lru_cache(maxsize=64)
def _load(path: Path, _mtime: float) -> RuleSet:
    return load_rule_file(path)


def load(rule_set_id: str) -> RuleSet:
    """The validated rule set with this id (file name without `.toml`)."""
    files = _files()
    if rule_set_id not in files:
        known = ", ".join(sorted(files)) or "none"
        raise UnknownScriptError(f"no rule set {rule_set_id!r} (known: {known})")
    path = files[rule_set_id]
    return _load(path, path.stat().st_mtime)


def available() -> list[RuleSetInfo]:
    """Every loadable rule set, sorted by id."""
    infos = []
    for ident in sorted(_files()):
        rs = load(ident)
        infos.append(RuleSetInfo(rs.id, rs.source, rs.target, rs.title, rs.path))
    return infos


def canonical_tag(tag: str) -> str:
    """`uz-cyrl`, `UZ_CYRL` → `uz-Cyrl`: language lowercase, script titlecase, the rest as written."""
    parts = tag.strip().replace("_", "-").split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        out.append(part.title() if len(part) == 4 and part.isalpha() else part)
    return "-".join(out)


def find(source: str, target: str) -> RuleSet:
    """The rule set converting `source` to `target`, or a clear error listing what exists."""
    source, target = canonical_tag(source), canonical_tag(target)
    for info in available():
        if info.source.lower() == source.lower() and info.target.lower() == target.lower():
            return load(info.id)
    pairs = ", ".join(f"{i.source}→{i.target}" for i in available())
    raise UnknownScriptError(f"no rule set converts {source} to {target} (available: {pairs})")


def get_converter(
    source: str,
    target: str,
    *,
    apostrophe: str = "official",
    protect_terms: Iterable[str] = (),
    lexicon_files: Iterable[Path | str] = (),
) -> Converter:
    """A compiled, cached converter; repeated calls with the same arguments return the same object."""
    return _converter(
        find(source, target).id,
        apostrophe,
        tuple(protect_terms),
        tuple(Path(p).resolve() for p in lexicon_files),
    )


@functools.lru_cache(maxsize=32)
def _converter(rule_set_id: str, apostrophe: str, terms: tuple[str, ...], lexicons: tuple[Path, ...]) -> Converter:
    ruleset = load(rule_set_id)
    members = [load(i) for i in ruleset.chain] if ruleset.is_chain else [ruleset]
    stages = []
    for index, member in enumerate(members):
        last = index == len(members) - 1
        stages.append(
            Stage(
                compile_ruleset(
                    member,
                    apostrophe=apostrophe if last else "official",
                    extra_terms=terms,
                    extra_lexicon=lexicons if index == 0 else (),
                )
            )
        )
    return Converter(stages, ruleset.source, ruleset.target, ruleset.id)


def converter_for_id(rule_set_id: str, apostrophe: str = "official") -> Converter:
    """A converter for one rule set by id (used by the rule-file tests and `translit explain --rules`)."""
    return _converter(rule_set_id, apostrophe, (), ())
