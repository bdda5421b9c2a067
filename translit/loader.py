"""Rule files (TOML) → validated `RuleSet`s, with errors that name the file, the line and the problem.

`tomllib` reports lines only for syntax errors; for content errors we find the offending `id = "…"` or key in
the raw text, so a mistake in a 300-line file still points at its line.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from translit.contexts import ContextError, compile_context, expand_class
from translit.errors import RuleFileError
from translit.model import CasePolicy, DetectTable, Example, Rule, RuleSet, StyleOverlay

_SECTIONS = {"meta", "classes", "map", "rule", "case", "lexicon", "protect", "example", "detect"}
_DETECT_KEYS = {"language", "model", "model_via", "priority", "neighbours", "marks", "hints", "excludes", "examples"}
_META_KEYS = {"id", "title", "source", "target", "revision", "references", "normalize", "inverse", "chain"}
_RULE_KEYS = {"id", "from", "prev", "next", "to", "examples", "counterexamples", "warn", "note"}
_EXAMPLE_KEYS = {"in", "out", "fires", "roundtrip", "note"}
_CASE_KEYS = {"multi_letter", "upper", "lower", "abbreviation"}
_LEXICON_KEYS = {"files", "words", "fallback"}
_PROTECT_KEYS = {"terms", "patterns", "contains"}
_TAG = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


class _Lines:
    """Finds the line of a key or id in the raw file text, for error messages."""

    def __init__(self, text: str) -> None:
        self._lines = text.splitlines()

    def of_id(self, ident: str) -> int | None:
        pattern = re.compile(r'^\s*id\s*=\s*["\']' + re.escape(ident) + r'["\']')
        return self._first(pattern)

    def of_key(self, key: str) -> int | None:
        pattern = re.compile(r'^\s*(?:"' + re.escape(key) + r'"|' + re.escape(key) + r")\s*=")
        return self._first(pattern)

    def of_text(self, needle: str) -> int | None:
        for number, line in enumerate(self._lines, start=1):
            if needle in line:
                return number
        return None

    def _first(self, pattern: re.Pattern[str]) -> int | None:
        for number, line in enumerate(self._lines, start=1):
            if pattern.search(line):
                return number
        return None


def load_rule_file(path: Path) -> RuleSet:
    """Parse and validate one rule file; raise `RuleFileError` naming file, line and problem."""
    import tomllib  # here, not at import: a start-up served from the cache of compiled rule sets parses no TOML

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError(path, f"cannot read rule file: {exc}") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise RuleFileError(path, f"invalid TOML: {exc}", int(match.group(1)) if match else None) from exc
    return _build(path, data, _Lines(text))


def _fail(path: Path, message: str, line: int | None = None) -> RuleFileError:
    return RuleFileError(path, message, line)


def _check_keys(path: Path, where: str, table: dict[str, Any], allowed: set[str], line: int | None) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise _fail(path, f"unknown key(s) in {where}: {', '.join(unknown)}", line)


def _string(path: Path, value: Any, what: str, line: int | None) -> str:
    if not isinstance(value, str):
        raise _fail(path, f"{what} must be a string, got {type(value).__name__}", line)
    return value


def _pairs(path: Path, value: Any, what: str, line: int | None) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, list):
        raise _fail(path, f"{what} must be a list of [input, expected] pairs", line)
    pairs: list[tuple[str, str]] = []
    for item in value:
        if not (isinstance(item, list) and len(item) == 2 and all(isinstance(x, str) for x in item)):
            raise _fail(path, f"{what}: each entry must be [input, expected], got {item!r}", line)
        pairs.append((item[0], item[1]))
    return tuple(pairs)


def _build(path: Path, data: dict[str, Any], lines: _Lines) -> RuleSet:
    unknown = sorted(set(data) - _SECTIONS)
    if unknown:
        raise _fail(path, f"unknown section(s): {', '.join(unknown)}", lines.of_text(f"[{unknown[0]}"))
    meta = data.get("meta")
    if not isinstance(meta, dict):
        raise _fail(path, "missing [meta] section")
    _check_keys(path, "[meta]", meta, _META_KEYS, lines.of_text("[meta]"))
    for key in ("id", "source", "target"):
        if key not in meta:
            raise _fail(path, f"[meta] needs {key!r}", lines.of_text("[meta]"))
    ident = _string(path, meta["id"], "[meta] id", lines.of_key("id"))
    if ident != path.stem:
        raise _fail(path, f"[meta] id {ident!r} must equal the file name {path.stem!r}", lines.of_id(ident))
    for key in ("source", "target"):
        tag = _string(path, meta[key], f"[meta] {key}", lines.of_key(key))
        if not _TAG.match(tag):
            raise _fail(path, f"[meta] {key} {tag!r} is not a BCP-47 tag like 'uz-Cyrl'", lines.of_key(key))
    normalize = meta.get("normalize", "NFC")
    if normalize not in ("NFC", "none"):
        raise _fail(path, "[meta] normalize must be 'NFC' or 'none'", lines.of_key("normalize"))
    chain = tuple(meta.get("chain", ()))
    if chain and set(data) - {"meta", "example"}:
        raise _fail(path, "a chain file may only hold [meta] and [[example]]", lines.of_key("chain"))

    classes = _classes(path, data.get("classes", {}), lines)
    mapping = _mapping(path, data.get("map", {}), lines)
    rules = _rules(path, data.get("rule", []), classes, lines)
    if not chain and not mapping and not rules:
        raise _fail(path, "a rule file needs a [map] or [[rule]] entries (or a [meta] chain)")
    words, files = _lexicon(path, data.get("lexicon", {}), lines)
    fallback = _fallback_file(path, data.get("lexicon", {}), lines)
    terms, patterns, contains = _protect(path, data.get("protect", {}), lines)
    return RuleSet(
        id=ident,
        title=str(meta.get("title", ident)),
        source=meta["source"],
        target=meta["target"],
        path=path,
        revision=int(meta.get("revision", 1)),
        references=tuple(meta.get("references", ())),
        normalize=normalize,
        inverse=meta.get("inverse"),
        chain=chain,
        classes=classes,
        mapping=mapping,
        rules=rules,
        case=_case(path, data.get("case", {}), lines),
        lexicon_words=words,
        lexicon_files=files,
        fallback_file=fallback,
        protect_terms=terms,
        protect_patterns=patterns,
        protect_contains=contains,
        examples=_examples(path, data.get("example", []), lines),
        detect=_detect(path, data["detect"], lines) if "detect" in data else None,
    )


def _classes(path: Path, table: Any, lines: _Lines) -> dict[str, str]:
    if not isinstance(table, dict):
        raise _fail(path, "[classes] must be a table", lines.of_text("[classes]"))
    classes = {name: _string(path, v, f"class {name}", lines.of_key(name)) for name, v in table.items()}
    for name, value in classes.items():
        try:
            expand_class(value, classes, (name,))
        except ContextError as exc:
            raise _fail(path, f"class {name}: {exc}", lines.of_key(name)) from exc
    return classes


def _mapping(path: Path, table: Any, lines: _Lines) -> dict[str, str]:
    if not isinstance(table, dict):
        raise _fail(path, "[map] must be a table", lines.of_text("[map]"))
    mapping: dict[str, str] = {}
    for key, value in table.items():
        line = lines.of_key(key)
        if not key:
            raise _fail(path, "[map] has an empty key", line)
        if key != key.lower():
            raise _fail(path, f"[map] key {key!r} must be lowercase (uppercase forms are derived)", line)
        mapping[key] = _string(path, value, f"[map] {key!r}", line)
    return mapping


def _rules(path: Path, items: Any, classes: dict[str, str], lines: _Lines) -> tuple[Rule, ...]:
    if not isinstance(items, list):
        raise _fail(path, "[[rule]] entries must be an array of tables")
    rules: list[Rule] = []
    seen: set[str] = set()
    for order, item in enumerate(items):
        ident = item.get("id")
        if not isinstance(ident, str) or not ident:
            raise _fail(path, f"rule #{order + 1} has no id", None)
        line = lines.of_id(ident)
        if ident in seen:
            raise _fail(path, f"duplicate rule id {ident!r}", line)
        seen.add(ident)
        _check_keys(path, f"rule {ident!r}", item, _RULE_KEYS, line)
        for key in ("from", "to"):
            if key not in item:
                raise _fail(path, f"rule {ident!r} needs {key!r}", line)
        sources = tuple(s.strip() for s in _string(path, item["from"], "from", line).split("|"))
        if not all(sources):
            raise _fail(path, f"rule {ident!r}: empty alternative in 'from'", line)
        if any(s != s.lower() for s in sources):
            raise _fail(path, f"rule {ident!r}: 'from' must be lowercase", line)
        for side in ("prev", "next"):
            if side in item:
                try:
                    compile_context(_string(path, item[side], side, line), side, classes)
                except ContextError as exc:
                    raise _fail(path, f"rule {ident!r}: {side}: {exc}", line) from exc
        examples = _pairs(path, item.get("examples", []), f"rule {ident!r} examples", line)
        counter = _pairs(path, item.get("counterexamples", []), f"rule {ident!r} counterexamples", line)
        if not examples and not counter:
            raise _fail(path, f"rule {ident!r} has neither examples nor counterexamples", line)
        rules.append(
            Rule(
                id=ident,
                sources=sources,
                to=_string(path, item["to"], "to", line),
                prev=item.get("prev"),
                next=item.get("next"),
                examples=examples,
                counterexamples=counter,
                warn=item.get("warn"),
                note=item.get("note"),
                line=line,
                order=order,
            )
        )
    return tuple(rules)


def _case(path: Path, table: Any, lines: _Lines) -> CasePolicy:
    if not isinstance(table, dict):
        raise _fail(path, "[case] must be a table", lines.of_text("[case]"))
    _check_keys(path, "[case]", table, _CASE_KEYS, lines.of_text("[case]"))
    policy = table.get("multi_letter", "by-word")
    if policy != "by-word":
        raise _fail(path, "[case] multi_letter must be 'by-word'", lines.of_key("multi_letter"))
    abbreviation = table.get("abbreviation")
    if abbreviation is not None:
        try:
            re.compile(_string(path, abbreviation, "[case] abbreviation", lines.of_key("abbreviation")))
        except re.error as exc:
            raise _fail(path, f"[case] abbreviation: {exc}", lines.of_key("abbreviation")) from exc
    return CasePolicy(
        multi_letter=policy,
        upper=dict(table.get("upper", {})),
        lower=dict(table.get("lower", {})),
        abbreviation=abbreviation,
    )


def _lexicon(path: Path, table: Any, lines: _Lines) -> tuple[dict[str, str], tuple[Path, ...]]:
    if not isinstance(table, dict):
        raise _fail(path, "[lexicon] must be a table", lines.of_text("[lexicon]"))
    _check_keys(path, "[lexicon]", table, _LEXICON_KEYS, lines.of_text("[lexicon]"))
    words: dict[str, str] = {}
    for key, value in table.get("words", {}).items():
        line = lines.of_key(key)
        check_lexicon_entry(path, key, _string(path, value, f"lexicon {key!r}", line), line)
        words[key] = value
    files: list[Path] = []
    for name in table.get("files", []):
        file = (path.parent / name).resolve()
        if not file.is_file():
            raise _fail(path, f"lexicon file {name!r} not found (looked in {file})", lines.of_text(name))
        files.append(file)
    return words, tuple(files)


def _fallback_file(path: Path, table: Any, lines: _Lines) -> Path | None:
    name = table.get("fallback") if isinstance(table, dict) else None
    if name is None:
        return None
    file = (path.parent / _string(path, name, "[lexicon] fallback", lines.of_key("fallback"))).resolve()
    if not file.is_file():
        raise _fail(path, f"fallback file {name!r} not found (looked in {file})", lines.of_key("fallback"))
    return file


def check_lexicon_entry(path: Path, key: str, value: str, line: int | None) -> None:
    """Stems end in `*` on both sides; whole words have no `*`; keys are lowercase."""
    if key != key.lower():
        raise _fail(path, f"lexicon key {key!r} must be lowercase", line)
    if key.endswith("*") != value.endswith("*") or "*" in key[:-1] or "*" in value[:-1]:
        raise _fail(path, f"lexicon entry {key!r} = {value!r}: a stem ends in '*' on both sides", line)
    if key in ("", "*"):
        raise _fail(path, "lexicon has an empty key", line)


def read_lexicon_tsv(path: Path) -> dict[str, str]:
    """A lexicon TSV (`source<TAB>target`, `#` comments) as a dict; errors name the line."""
    entries: dict[str, str] = {}
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise _fail(path, f"cannot read lexicon: {exc}") from exc
    with handle:
        for number, raw in enumerate(handle, start=1):
            line = raw.rstrip("\r\n")
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if len(cells) < 2:
                raise _fail(path, "expected 'source<TAB>target'", number)
            key, value = cells[0].strip().lower(), cells[1].strip()
            check_lexicon_entry(path, key, value, number)
            entries[key] = value
    return entries


def _protect(path: Path, table: Any, lines: _Lines) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """`[protect]`: terms, whole-word `patterns` and `contains` patterns, each compiled here so that a bad one
    fails at load time, naming its line."""
    if not isinstance(table, dict):
        raise _fail(path, "[protect] must be a table", lines.of_text("[protect]"))
    _check_keys(path, "[protect]", table, _PROTECT_KEYS, lines.of_text("[protect]"))
    found: dict[str, tuple[str, ...]] = {}
    for key in ("patterns", "contains"):
        found[key] = tuple(table.get(key, ()))
        for pattern in found[key]:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise _fail(path, f"[protect] {key} {pattern!r}: {exc}", lines.of_text(key)) from exc
    return tuple(table.get("terms", ())), found["patterns"], found["contains"]


def load_detect_table(path: Path, table: Any, text: str) -> DetectTable:
    """A `[detect]` table parsed on its own (`text` is the whole file, for line numbers), validated exactly as
    `load_rule_file` validates it; the registry's index reads it without loading the rest of the file."""
    return _detect(path, table, _Lines(text))


def _detect(path: Path, table: Any, lines: _Lines) -> DetectTable:
    """`[detect]`: patterns are compiled here once so that a bad one fails at load time, naming its line."""
    line = lines.of_text("[detect]")
    if not isinstance(table, dict):
        raise _fail(path, "[detect] must be a table", line)
    _check_keys(path, "[detect]", table, _DETECT_KEYS, line)
    if "language" not in table:
        raise _fail(path, "[detect] needs 'language' (the language code, e.g. 'uz')", line)
    patterns: dict[str, str | None] = {}
    for key in ("marks", "hints", "excludes"):
        value = table.get(key)
        if value is None:
            patterns[key] = None
            continue
        value = _string(path, value, f"[detect] {key}", line)
        try:
            re.compile(value)
        except re.error as exc:
            raise _fail(path, f"[detect] {key} {value!r}: {exc}", lines.of_key(key) or line) from exc
        patterns[key] = value
    codes: dict[str, tuple[str, ...]] = {}
    for key in ("model", "neighbours"):
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(m, str) for m in value):
            raise _fail(path, f"[detect] {key} must be a list of language codes", lines.of_key(key) or line)
        codes[key] = tuple(value)
    priority = table.get("priority", 0)
    if not isinstance(priority, int):
        raise _fail(path, "[detect] priority must be an integer", lines.of_key("priority") or line)
    via = table.get("model_via")
    return DetectTable(
        language=_string(path, table["language"], "[detect] language", line),
        model=codes["model"],
        neighbours=codes["neighbours"],
        model_via=None if via is None else _string(path, via, "[detect] model_via", line),
        priority=priority,
        marks=patterns["marks"],
        hints=patterns["hints"],
        excludes=patterns["excludes"],
        examples=_pairs(path, table.get("examples", []), "[detect] examples", line),
        line=line,
    )


def _examples(path: Path, items: Iterable[Any], lines: _Lines) -> tuple[Example, ...]:
    examples: list[Example] = []
    for item in items:
        line = lines.of_text(str(item.get("in", ""))[:40]) if isinstance(item, dict) else None
        if not isinstance(item, dict) or "in" not in item or "out" not in item:
            raise _fail(path, "[[example]] needs 'in' and 'out'", line)
        _check_keys(path, "[[example]]", item, _EXAMPLE_KEYS, line)
        examples.append(
            Example(
                input=_string(path, item["in"], "example in", line),
                output=_string(path, item["out"], "example out", line),
                fires=tuple(item.get("fires", ())),
                roundtrip=bool(item.get("roundtrip", False)),
                note=item.get("note"),
                line=line,
            )
        )
    return tuple(examples)


_STYLE_SECTIONS = {"meta", "classes", "map", "rule", "case", "lexicon", "typography", "example"}
_STYLE_META_KEYS = {"base", "style", "title", "references", "note", "when", "drop_rules"}
_STYLE_LEXICON_KEYS = {"words", "drop"}


def load_style_file(path: Path, base: RuleSet) -> StyleOverlay:
    """Parse a house-style overlay (`styles/BASE.STYLE.toml`) and apply it to its base rule set.

    Why an overlay and not a copy: a style changes a handful of letters (АҚШ → AQSh, ъе → ʼe), and a copy
    of the whole rule file would drift from the official rules it departs from. Rules with a base rule's
    id replace it; others are added; map, classes, case and lexicon entries are merged over the base's.
    The styled rule set's examples are the overlay's own: the base's may show what the style changes.
    """
    import tomllib

    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError(path, f"cannot read style file: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise RuleFileError(path, f"invalid TOML: {exc}", int(match.group(1)) if match else None) from exc
    lines = _Lines(text)
    unknown = sorted(set(data) - _STYLE_SECTIONS)
    if unknown:
        raise _fail(path, f"unknown section(s) in a style file: {', '.join(unknown)}", lines.of_text(f"[{unknown[0]}"))
    meta = data.get("meta")
    if not isinstance(meta, dict):
        raise _fail(path, "missing [meta] section")
    _check_keys(path, "[meta]", meta, _STYLE_META_KEYS, lines.of_text("[meta]"))
    expected = f"{base.id}.{meta.get('style')}"
    if meta.get("base") != base.id or path.stem != expected:
        raise _fail(path, f"a style file is named BASE.STYLE.toml with [meta] base and style ({expected!r})")
    style = _string(path, meta["style"], "[meta] style", lines.of_key("style"))
    when = meta.get("when")
    if when is not None:
        try:
            re.compile(_string(path, when, "[meta] when", lines.of_key("when")))
        except re.error as exc:
            raise _fail(path, f"[meta] when: {exc}", lines.of_key("when")) from exc

    classes = {**base.classes, **_classes(path, data.get("classes", {}), lines)}
    mapping = {**base.mapping, **_mapping(path, data.get("map", {}), lines)}
    added = {r.id: r for r in _rules(path, data.get("rule", []), classes, lines)}
    drop = set(meta.get("drop_rules", ()))
    unknown_ids = sorted(drop - {r.id for r in base.rules})
    if unknown_ids:
        raise _fail(path, f"drop_rules names unknown rule(s): {', '.join(unknown_ids)}", lines.of_key("drop_rules"))
    rules: list[Rule] = [added.pop(r.id, r) for r in base.rules if r.id not in drop]
    rules += added.values()
    rules = [dataclasses.replace(r, order=i) for i, r in enumerate(rules)]

    lexicon = data.get("lexicon", {})
    if not isinstance(lexicon, dict):
        raise _fail(path, "[lexicon] must be a table", lines.of_text("[lexicon]"))
    _check_keys(path, "[lexicon]", lexicon, _STYLE_LEXICON_KEYS, lines.of_text("[lexicon]"))
    words, _files = _lexicon(path, {"words": lexicon.get("words", {})}, lines)
    merged_words = {k: v for k, v in base.lexicon_words.items() if k not in set(lexicon.get("drop", ()))}
    merged_words.update(words)

    case_table = data.get("case", {})
    case = base.case
    if case_table:
        own = _case(path, {"multi_letter": case.multi_letter, **case_table}, lines)
        case = CasePolicy(
            multi_letter=case.multi_letter,
            upper={**case.upper, **own.upper},
            lower={**case.lower, **own.lower},
            abbreviation=own.abbreviation if own.abbreviation is not None else case.abbreviation,
        )
    typography = data.get("typography", {})
    if not isinstance(typography, dict) or set(typography) - {"quotes"}:
        raise _fail(path, "[typography] takes only 'quotes'", lines.of_text("[typography]"))
    quotes = typography.get("quotes")
    if quotes is not None and (not isinstance(quotes, str) or len(quotes) != 2):
        raise _fail(path, "[typography] quotes must be two characters, opening and closing", lines.of_key("quotes"))

    ruleset = dataclasses.replace(
        base,
        title=f"{base.title} ({meta.get('title', style)})",
        references=(*base.references, *meta.get("references", ())),
        classes=classes,
        mapping=mapping,
        rules=tuple(rules),
        case=case,
        lexicon_words=merged_words,
        examples=_examples(path, data.get("example", []), lines),
        style=style,
        quotes=quotes if quotes is not None else base.quotes,
    )
    return StyleOverlay(style=style, ruleset=ruleset, when=when)
