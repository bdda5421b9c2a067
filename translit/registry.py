"""Finds rule files, resolves a (source, target) pair to a rule set, and caches compiled converters.

House styles are overlay files `styles/ID.STYLE.toml` beside the rule files (`official` is the rule file
itself); an overlay with `[meta] when` is a writer's convention, applied to a text that shows it.

Rule files ship inside the wheel as `translit/_rules`; in a source checkout they are the top-level `rules/`.
`TRANSLIT_RULES_PATH` (os.pathsep-separated folders) adds the user's own rule files, which win on a clash.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]  # the compiled-pattern constructor, for the converter cache
import contextlib
import functools
import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any, TypeVar

from translit._environ import rules_path
from translit.compiler import compile_ruleset
from translit.engine import Converter, Stage
from translit.errors import UnknownScriptError, UnknownStyleError
from translit.loader import load_detect_table, load_rule_file, load_style_file
from translit.model import DetectTable, RuleSet, RuleSetInfo, StyleOverlay

OFFICIAL = "official"
# The style a caller that names none gets (the CLI's --style, or `translit.convert(style=)` around the
# mixed-document path, which builds its converters itself).
_DEFAULT_STYLE: ContextVar[str] = ContextVar("translit_style", default=OFFICIAL)

_PACKAGE = Path(__file__).resolve().parent


def rule_dirs() -> list[Path]:
    """Folders searched for rule files, highest priority first."""
    return list(_rule_dirs(rules_path()))


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
    return tuple(str(path) for folder in dirs for path in (folder, folder / "styles"))


def _stamp(dirs: tuple[Path, ...]) -> tuple[int, ...]:
    """The folders' (and their styles/') modification times: they change when a file is added or removed."""
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
    dirs = _rule_dirs(rules_path())
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


def _style_files() -> dict[tuple[str, str], Path]:
    found: dict[tuple[str, str], Path] = {}
    for folder in reversed(rule_dirs()):
        for path in sorted((folder / "styles").glob("*.toml")):
            base, _, style = path.stem.rpartition(".")
            found[(base, style)] = path
    return found


@functools.lru_cache(maxsize=64)
def _load_style(path: Path, _mtime: float, base_id: str, base_style: str) -> StyleOverlay:
    return load_style_file(path, load_styled(base_id, base_style))


def _overlay(rule_set_id: str, style: str, base_style: str = OFFICIAL) -> StyleOverlay | None:
    path = _style_files().get((rule_set_id, style))
    return None if path is None else _load_style(path, path.stat().st_mtime, rule_set_id, base_style)


def styles() -> list[str]:
    """The house styles a user may choose: `official` and every style some overlay file defines.

    Overlays with `[meta] when` are writers' conventions read from the text, not styles to choose.
    """
    names = {OFFICIAL}
    for base, style in _style_files():
        overlay = _overlay(base, style)
        if overlay is not None and overlay.when is None:
            names.add(style)
    return sorted(names)


def load_styled(rule_set_id: str, style: str = OFFICIAL) -> RuleSet:
    """The rule set with a house style applied; a style with nothing to say about this rule set leaves it."""
    if style == OFFICIAL:
        return load(rule_set_id)
    if style not in styles():
        raise UnknownStyleError(f"no style {style!r} (known: {', '.join(styles())})")
    found = _overlay(rule_set_id, style)
    return load(rule_set_id) if found is None else found.ruleset


def conventions(rule_set_id: str, style: str = OFFICIAL) -> list[StyleOverlay]:
    """Writers' conventions for this rule set (overlays with `when`), applied over it in `style`."""
    found = []
    for ident, name in sorted(_style_files()):
        probe = _overlay(ident, name) if ident == rule_set_id else None
        overlay = _overlay(ident, name, style) if probe is not None and probe.when is not None else None
        if overlay is not None:
            found.append(overlay)
    return found


@contextlib.contextmanager
def default_style(style: str) -> Iterator[None]:
    """Converters built inside this block without a `style=` of their own get `style`."""
    if style != OFFICIAL and style not in styles():
        raise UnknownStyleError(f"no style {style!r} (known: {', '.join(styles())})")
    token = _DEFAULT_STYLE.set(style)
    try:
        yield
    finally:
        _DEFAULT_STYLE.reset(token)


_META = re.compile(r"^\[meta\][ \t]*(?:#[^\n]*)?\n(.*?)(?=^\[|\Z)", re.MULTILINE | re.DOTALL)


@functools.lru_cache(maxsize=256)
def _info(path: Path, _mtime_ns: int, _size: int) -> RuleSetInfo:
    """What the index needs from a rule file: its [meta] table alone, read without loading the rest.

    Anything unusual (no plain [meta] table, a TOML error, a missing key) loads and validates the whole
    file instead, so a broken file still fails with its name and line.
    """
    import tomllib  # here: a start-up that finds the index in the cache parses no TOML

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


_DETECT = re.compile(r"^\[detect\][ \t]*(?:#[^\n]*)?(?:\n|\Z)(.*?)(?=^\[|\Z)", re.MULTILINE | re.DOTALL)
# any other way of writing a top-level `detect` (an inline table, dotted keys, [detect.x]): load the whole file
_DETECT_ELSE = re.compile(
    r"^(?:[ \t]+\[+[ \t]*[\"']?detect\b"  # an indented header
    r"|\[+[ \t]*[\"']?detect\b(?!\][ \t]*(?:#[^\n]*)?$)"  # a header other than a plain [detect]
    r"|[ \t]*[\"']?detect[\"']?[ \t]*[.=])",  # a key
    re.MULTILINE,
)


@functools.lru_cache(maxsize=256)
def _detect_table(path: Path, _mtime_ns: int, _size: int) -> DetectTable | None:
    """A rule file's `[detect]` table, read alone and validated as a full load validates it (None: it has none).

    Anything unusual (no plain `[detect]` table but `detect` written another way, a TOML error) loads the
    whole file instead, so a broken table still fails with its file name and line.
    """
    import tomllib

    try:
        text = path.read_text(encoding="utf-8")
        tables = _DETECT.findall(text)
        if len(tables) <= 1 and not _DETECT_ELSE.search(text):
            return load_detect_table(path, tomllib.loads(tables[0]), text) if tables else None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        pass
    return load_rule_file(path).detect


def detect_tables() -> list[tuple[RuleSetInfo, DetectTable]]:
    """Every rule set that has a `[detect]` table, with it, sorted by id; no rule file is loaded whole."""
    found = []
    for info in _index():
        st = info.path.stat()
        table = _detect_table(info.path, st.st_mtime_ns, st.st_size)
        if table is not None:
            found.append((info, table))
    return found


_index_memo: list[tuple[tuple[tuple[str, int, int], ...], tuple[RuleSetInfo, ...]]] = []


def _index() -> list[RuleSetInfo]:
    """The [meta] of every rule file: per process while no file's size or mtime changes, else from the on-disk
    cache while their contents are unchanged (no TOML is parsed then), else read."""
    paths = [path for _ident, path in sorted(_files().items())]
    stats = []
    for path in paths:
        st = path.stat()
        stats.append((str(path), st.st_mtime_ns, st.st_size))
    stamp = tuple(stats)
    if _index_memo and _index_memo[0][0] == stamp:
        return list(_index_memo[0][1])
    infos = cached(
        tuple, ("index", stamp), lambda: tuple(_info(p, m, s) for p, (_n, m, s) in zip(paths, stamp, strict=True))
    )
    _index_memo[:] = [(stamp, infos)]
    return list(infos)


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
    style: str | None = None,
) -> Converter:
    """A compiled, cached converter; repeated calls with the same arguments return the same object.

    `style` names a house style (`official`, the 1995 rules, by default; `press`; see `styles()`).
    """
    chosen = _DEFAULT_STYLE.get() if style is None else style
    terms = protect_terms if isinstance(protect_terms, tuple) else tuple(protect_terms)
    lexicons = lexicon_files if isinstance(lexicon_files, tuple) else tuple(lexicon_files)
    dirs = _rule_dirs(rules_path())
    # by canonical tags: "uz-cyrl" and "uz-Cyrl" are one converter, whatever `_converter`'s cache still holds
    key = (canonical_tag(source), canonical_tag(target), apostrophe, terms, lexicons, chosen, dirs)
    stamp = _stamp(dirs)
    cached = _pairs.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    if chosen != OFFICIAL and chosen not in styles():
        raise UnknownStyleError(f"no style {chosen!r} (known: {', '.join(styles())})")
    converter = _converter(
        _find_id(source, target),
        apostrophe,
        tuple(terms),
        tuple(Path(p).resolve() for p in lexicons),
        chosen,
    )
    if len(_pairs) >= 256:
        _pairs.clear()
    _pairs[key] = (stamp, converter)
    return converter


def _stages(
    rulesets: list[RuleSet], apostrophe: str, terms: tuple[str, ...], lexicons: tuple[Path, ...]
) -> list[Stage]:
    stages = []
    for index, member in enumerate(rulesets):
        last = index == len(rulesets) - 1
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
    return stages


@functools.lru_cache(maxsize=32)
def _converter(
    rule_set_id: str, apostrophe: str, terms: tuple[str, ...], lexicons: tuple[Path, ...], style: str = OFFICIAL
) -> Converter:
    """The compiled converter, from the on-disk cache when the files it was built from are unchanged."""
    return cached(
        Converter,
        ("converter", rule_set_id, apostrophe, terms, lexicons, style),
        lambda: _build_converter(rule_set_id, apostrophe, terms, lexicons, style),
        lexicons,
    )


def _build_converter(
    rule_set_id: str, apostrophe: str, terms: tuple[str, ...], lexicons: tuple[Path, ...], style: str
) -> Converter:
    ruleset = load(rule_set_id)
    member_ids = list(ruleset.chain) if ruleset.is_chain else [rule_set_id]
    members = [load_styled(i, style) for i in member_ids]
    stages = _stages(members, apostrophe, terms, lexicons)
    # a writer's convention (Latin text that writes ts for ц) is a variant of the first stage, chosen per text
    variants = [
        (re.compile(overlay.when or ""), _stages([overlay.ruleset, *members[1:]], apostrophe, terms, lexicons))
        for overlay in conventions(member_ids[0], style)
    ]
    quotes = members[-1].quotes
    return Converter(stages, ruleset.source, ruleset.target, ruleset.id, variants=variants, quotes=quotes)


# -- the on-disk cache of compiled converters (and script profiles) --------------------------------------------
# Loading and compiling a rule set is most of the CLI's start-up with --from (uz-Cyrl → uz-Latn: 19 ms to load,
# 27 ms to compile, nine tenths of it `re.compile`; uz-Latn → uz-Cyrl about 120 ms). A pickled converter loads
# in 1–4 ms, its regular expressions restored from their compiled form (`_sre.compile`, what `re.compile` ends
# in) rather than parsed and compiled again. An entry is used only if every file in the rule folders (and every
# lexicon given), by content hash, every translit module, by size and mtime, and the interpreter are as when it
# was written; anything else, or any error, builds the converter as before. `TRANSLIT_NO_RULE_CACHE=1` turns it
# off. The folder is the user's own cache (~/.cache/translit/converters), as trusted as their .pyc files.
_CACHE_FORMAT = 1
T = TypeVar("T")
_CACHE_KEEP = 64  # entries kept; the oldest go first


def _cache_folder() -> Path | None:
    if os.environ.get("TRANSLIT_NO_RULE_CACHE", "") not in ("", "0"):
        return None
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "translit" / "converters"


def _code_stamp() -> tuple[object, ...]:
    """What the pickled objects' classes and their compile-time switches depend on: the interpreter, the
    regular-expression engine, translit's own modules and extensions, and the C word loop's availability."""
    import sys

    from translit import engine

    stamp: list[object] = [
        _CACHE_FORMAT,
        sys.version,
        _sre.MAGIC,
        engine._FAST,
        getattr(engine, "_speedups", None) is not None,
    ]
    for root, dirs, names in os.walk(_PACKAGE):  # subpackages too: a pickled profile's class lives in text/
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            if name.endswith((".py", ".so", ".pyd")):
                st = os.stat(os.path.join(root, name))
                stamp.append((os.path.relpath(os.path.join(root, name), _PACKAGE), st.st_size, st.st_mtime_ns))
    return tuple(stamp)


def _files_stamp(lexicons: tuple[Path, ...]) -> tuple[tuple[str, int, int], ...]:
    """Every file in the rule folders (recursively) and every lexicon given, with its size and CRC-32 (zlib is
    loaded already; hashlib would add its import to every start-up)."""
    import zlib

    paths: list[Path] = []
    for folder in _rule_dirs(rules_path()):
        for root, dirs, names in os.walk(folder):
            dirs.sort()
            paths.extend(Path(root) / name for name in sorted(names))
    paths.extend(lexicons)
    stamp = []
    for path in paths:
        data = path.read_bytes()
        stamp.append((str(path), len(data), zlib.crc32(data)))
    return tuple(stamp)


def cached(kind: type[T], args: tuple[object, ...], build: Callable[[], T], lexicons: tuple[Path, ...] = ()) -> T:
    """What `build()` returns, from the on-disk cache if an entry for `args` was written from the same files
    (the rule folders' and `lexicons`) by the same code; else built and written. Used for compiled converters
    and for the detector's script profiles (`translit.text.profiles`)."""
    found = _read_cached(kind, args, lexicons)
    if found is not None:
        return found
    made = build()
    _write_cached(args, made, lexicons)
    return made


def _cache_entry(args: tuple[object, ...], lexicons: tuple[Path, ...]) -> tuple[Path, object] | None:
    """The entry's file and what it must begin with: the whole key (code, arguments, folders) and the files'
    stamps. The file name is only a short hash of the key; the key inside decides."""
    folder = _cache_folder()
    if folder is None:
        return None
    import zlib

    key = repr((_code_stamp(), args, _rule_dirs(rules_path())))
    raw = key.encode("utf-8", "surrogatepass")
    return folder / f"{zlib.crc32(raw):08x}{zlib.adler32(raw):08x}.pickle", (key, _files_stamp(lexicons))


def _read_cached(kind: type[T], args: tuple[object, ...], lexicons: tuple[Path, ...]) -> T | None:
    import _pickle  # the C unpickler alone: `pickle` would import more for nothing here

    try:
        found = _cache_entry(args, lexicons)
        if found is None:
            return None
        path, files = found
        with path.open("rb") as f:
            if _pickle.load(f) != files:  # the key and the files' stamps, first: nothing else is read if stale
                return None
            made = _pickle.load(f)
        return made if isinstance(made, kind) else None
    except Exception:  # a missing, stale, truncated or foreign entry: build it again
        return None


def _restore_pattern(
    pattern: str,
    flags: int,
    code: list[int],
    groups: int,
    groupindex: dict[str, int],
    indexgroup: tuple[str | None, ...],
) -> re.Pattern[str]:
    compiled: re.Pattern[str] = _sre.compile(pattern, flags, code, groups, groupindex, indexgroup)
    return compiled


def _pattern_reduction(pattern: re.Pattern[str]) -> tuple[object, ...]:
    """A compiled pattern as `re._compiler.compile` would hand it to `_sre.compile` (CPython's internals, which
    is why the interpreter's version and `_sre.MAGIC` are part of the cache key)."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern.pattern, pattern.flags)
    code = [int(op) for op in _compiler._code(parsed, pattern.flags)]
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in parsed.state.groupdict.items():
        indexgroup[index] = name
    restored = _restore_pattern(
        pattern.pattern,
        pattern.flags | parsed.state.flags,
        code,
        parsed.state.groups - 1,
        dict(parsed.state.groupdict),
        tuple(indexgroup),
    )
    if restored.flags != pattern.flags or restored.groupindex != pattern.groupindex:
        raise ValueError(f"cannot restore {pattern!r}")
    return (
        _restore_pattern,
        (
            pattern.pattern,
            restored.flags,
            code,
            parsed.state.groups - 1,
            dict(parsed.state.groupdict),
            tuple(indexgroup),
        ),
    )


def _write_cached(args: tuple[object, ...], made: object, lexicons: tuple[Path, ...]) -> None:
    import io
    import pickle
    import tempfile

    class _Pickler(pickle.Pickler):
        def reducer_override(self, obj: object) -> Any:
            if type(obj) is re.Pattern and isinstance(obj.pattern, str):
                return _pattern_reduction(obj)
            return NotImplemented

    try:
        found = _cache_entry(args, lexicons)
        if found is None:
            return
        path, files = found
        buffer = io.BytesIO()
        pickler = _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dump(files)
        pickler.clear_memo()  # two pickles, each loaded alone
        pickler.dump(made)
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as tmp:
            tmp.write(buffer.getvalue())
        os.replace(tmp.name, path)  # atomic: a concurrent process reads the whole entry or none
        entries = sorted(path.parent.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns)
        for old in entries[:-_CACHE_KEEP]:
            old.unlink(missing_ok=True)
    except Exception:  # an unpicklable converter or an unwritable folder: no cache, same output
        return


def converter_for_id(rule_set_id: str, apostrophe: str = "official", style: str = OFFICIAL) -> Converter:
    """A converter for one rule set by id (used by the rule-file tests and `translit explain --rules`)."""
    return _converter(rule_set_id, apostrophe, (), (), style)
