"""Finds rule files, resolves a (source, target) pair to a rule set, and caches compiled converters.

Rule files ship inside the wheel as `translit/_rules`; in a source checkout they are the top-level `rules/`.
`TRANSLIT_RULES_PATH` (os.pathsep-separated folders) adds the user's own rule files, which win on a clash.
"""

from __future__ import annotations

import functools
import os
import re
import tomllib
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
    return list(_rule_dirs(os.environ.get("TRANSLIT_RULES_PATH", "")))


@functools.lru_cache(maxsize=16)
def _rule_dirs(env: str) -> tuple[Path, ...]:
    dirs = [Path(p) for p in env.split(os.pathsep) if p]
    for candidate in (_PACKAGE / "_rules", _PACKAGE.parent / "rules"):
        if candidate.is_dir():
            dirs.append(candidate)
            break
    return tuple(dirs)


@functools.lru_cache(maxsize=16)
def _names(dirs: tuple[Path, ...]) -> tuple[str, ...]:
    return tuple(str(folder) for folder in dirs)


def _stamp(dirs: tuple[Path, ...]) -> tuple[int, ...]:
    """The folders' modification times: they change when a rule file is added, removed or renamed."""
    stamp = []
    for folder in _names(dirs):
        try:
            stamp.append(os.stat(folder).st_mtime_ns)
        except OSError:
            stamp.append(-1)
    return tuple(stamp)


_listing: dict[tuple[Path, ...], tuple[tuple[int, ...], dict[str, Path]]] = {}


def _files() -> dict[str, Path]:
    """Rule set id -> file, the user's folders winning; listed again only when a folder has changed."""
    dirs = _rule_dirs(os.environ.get("TRANSLIT_RULES_PATH", ""))
    stamp = _stamp(dirs)
    cached = _listing.get(dirs)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    found: dict[str, Path] = {}
    for folder in reversed(dirs):
        for path in sorted(folder.glob("*.toml")):
            found[path.stem] = path
    _listing[dirs] = (stamp, found)
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


_META = re.compile(r"^\[meta\][ \t]*(?:#[^\n]*)?\n(.*?)(?=^\[|\Z)", re.MULTILINE | re.DOTALL)


@functools.lru_cache(maxsize=256)
def _info(path: Path, _mtime_ns: int, _size: int) -> RuleSetInfo:
    """What the index needs from a rule file: its [meta] table alone, read without loading the rest.

    Anything unusual (no plain [meta] table, a TOML error, a missing key) loads and validates the whole
    file instead, so a broken file still fails with its name and line.
    """
    try:
        match = _META.search(path.read_text(encoding="utf-8"))
        meta = tomllib.loads(match.group(1)) if match else {}
        ident, source, target = meta["id"], meta["source"], meta["target"]
        title = meta.get("title", "")
        if not all(isinstance(v, str) for v in (ident, source, target, title)) or ident != path.stem:
            raise ValueError(path)
        return RuleSetInfo(ident, source, target, title, path)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, ValueError):
        rs = load_rule_file(path)
        return RuleSetInfo(rs.id, rs.source, rs.target, rs.title, rs.path)


def _index() -> list[RuleSetInfo]:
    infos = []
    for _ident, path in sorted(_files().items()):
        st = path.stat()
        infos.append(_info(path, st.st_mtime_ns, st.st_size))
    return infos


def available() -> list[RuleSetInfo]:
    """Every rule set, sorted by id, from the index of the files' [meta] tables (no file is compiled)."""
    return _index()


@functools.lru_cache(maxsize=512)
def canonical_tag(tag: str) -> str:
    """`uz-cyrl`, `UZ_CYRL` → `uz-Cyrl`: language lowercase, script titlecase, the rest as written."""
    parts = tag.strip().replace("_", "-").split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        out.append(part.title() if len(part) == 4 and part.isalpha() else part)
    return "-".join(out)


def find(source: str, target: str) -> RuleSet:
    """The rule set converting `source` to `target`, or a clear error listing what exists."""
    return load(_find_id(source, target))


def _find_id(source: str, target: str) -> str:
    source, target = canonical_tag(source), canonical_tag(target)
    infos = _index()
    for info in infos:
        if info.source.lower() == source.lower() and info.target.lower() == target.lower():
            return info.id
    pairs = ", ".join(f"{i.source}→{i.target}" for i in infos)
    raise UnknownScriptError(f"no rule set converts {source} to {target} (available: {pairs})")


# (source, target, options, rule folders) -> (their stamp, converter): one stat per folder and a dict lookup
_pairs: dict[tuple[object, ...], tuple[tuple[int, ...], Converter]] = {}


def get_converter(
    source: str,
    target: str,
    *,
    apostrophe: str = "official",
    protect_terms: Iterable[str] = (),
    lexicon_files: Iterable[Path | str] = (),
) -> Converter:
    """A compiled, cached converter; repeated calls with the same arguments return the same object."""
    terms = protect_terms if isinstance(protect_terms, tuple) else tuple(protect_terms)
    lexicons = lexicon_files if isinstance(lexicon_files, tuple) else tuple(lexicon_files)
    dirs = _rule_dirs(os.environ.get("TRANSLIT_RULES_PATH", ""))
    key = (source, target, apostrophe, terms, lexicons, dirs)
    stamp = _stamp(dirs)
    cached = _pairs.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    converter = _converter(
        _find_id(source, target),
        apostrophe,
        tuple(terms),
        tuple(Path(p).resolve() for p in lexicons),
    )
    if len(_pairs) >= 256:
        _pairs.clear()
    _pairs[key] = (stamp, converter)
    return converter


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
