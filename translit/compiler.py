"""A `RuleSet` compiled once into the structures the hot path uses.

- a `str.translate` table for words that no contextual rule or multi-letter key can touch (most words);
- one regex alternation (longest `from` first, rules before map keys) with fixed-width lookarounds for the rest;
- the lexicon as dicts (whole words, stems by length), protected terms and patterns.
Apostrophe style is baked into the outputs here, so converting never re-scans for apostrophes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from translit.casing import Caser
from translit.contexts import APOSTROPHES, compile_context
from translit.errors import OptionError
from translit.fallback import Fallback, trie
from translit.linesafe import confined_to_line
from translit.loader import check_lexicon_entry, read_lexicon_tsv
from translit.model import RuleSet

APOSTROPHE_STYLES: dict[str, dict[str, str]] = {
    "official": {},  # ʻ U+02BB in oʻ gʻ, ʼ U+02BC for the tutuq
    "ascii": {"ʻ": "'", "ʼ": "'"},
    "typographic": {"ʻ": "‘", "ʼ": "’"},
}


@dataclass(frozen=True)
class Alternative:
    """One branch of the matcher: which rule (or map key) it is and what it writes."""

    source: str
    output: str
    rule_id: str  # "map" for plain letter-map entries
    warn: str | None


@dataclass
class CompiledRuleSet:
    ruleset: RuleSet
    pattern: re.Pattern[str]
    alternatives: list[Alternative]  # indexed by capture-group number (0 unused)
    outputs: list[str]
    special: re.Pattern[str]
    special_outputs: list[str]
    table: dict[int, str]
    blocker: re.Pattern[str] | None
    convertible: re.Pattern[str]
    inert: re.Pattern[str]  # newline-joined words: findall gives those with no convertible letter (kept as they are)
    words: dict[str, str]
    stems: dict[str, str]
    stem_lengths: tuple[int, ...]
    stem_key: int  # every stem is at least this long; its first `stem_key` letters are in `stem_heads`
    stem_heads: frozenset[str]
    stem_lines: re.Pattern[str] | None  # newline-joined words: findall gives those starting with a stem
    protect_terms: frozenset[str]
    protect_terms_re: re.Pattern[str] | None  # casefolded words, newline-delimited: finds the lines that are terms
    protect_re: re.Pattern[str] | None  # `[protect] patterns`: a word it matches entirely is kept
    protect_in: re.Pattern[str] | None  # `[protect] contains`: a word it is found in is kept
    # the same two for newline-joined words, where `linesafe` proves that one scan equals the per-word calls:
    # finditer gives the kept words (protect_lines), or a position inside each (protect_in_lines: one pattern
    # each, since a union of them loses the regex engine's quick scan for a leading character set)
    protect_lines: re.Pattern[str] | None
    protect_in_lines: tuple[re.Pattern[str], ...]
    protect_in_words: re.Pattern[str] | None  # the `contains` patterns not proven: searched word by word
    caser: Caser
    normalize: bool
    uses_apostrophes: bool  # some key or context spells a letter with an apostrophe: words may contain them
    fold: dict[int, str] | None  # apostrophe variants → one, for lexicon keys and lookups (None: no apostrophes)
    abbreviation: re.Pattern[str] | None  # ALL-CAPS words matching it title-case their digraphs (a style's)
    fallback: Fallback | None  # ь and ц for words no lexicon entry knows (uz-Latn → uz-Cyrl)

    def protects(self, word: str) -> bool:
        """Whether `[protect]` (or the user's own terms) keeps this word as it is."""
        return bool(
            (self.protect_terms and word.casefold() in self.protect_terms)
            or (self.protect_re is not None and self.protect_re.fullmatch(word))
            or (self.protect_in is not None and self.protect_in.search(word))
        )


# Every apostrophe a writer may type for ʻ or the tutuq ʼ; lexicon keys and looked-up words are folded to
# one of them, so an entry written moʻjiza also matches mo‘jiza, mo’jiza and mo'jiza.
_LEXICON_FOLD = str.maketrans({c: "'" for c in "ʻʼ" + APOSTROPHES})


def _styled(text: str, style: dict[str, str]) -> str:
    for official, replacement in style.items():
        text = text.replace(official, replacement)
    return text


def _merge_literals(rests: list[tuple[str, Alternative]]) -> list[tuple[str, Alternative]]:
    """Adjacent branches under one first letter that are plain literals (no context) of one length, differ in
    one character only and write the same output, as one branch with a character class: o(?:ʻ()|'()|‘()…)
    becomes o[ʻ'‘…](). Equivalent: at most one of such literals matches at a position, and merging only
    neighbours keeps every other branch's order. Measured: 31 → 24 ms for the `special` pass over the
    benchmark's 32k new lowercase Latin words (the apostrophe spellings of oʻ, gʻ, yoʻ and sʼh)."""
    merged: list[tuple[str, Alternative]] = []
    run: list[tuple[str, Alternative]] = []  # neighbours so far with one key

    def key(rest: str, alt: Alternative) -> tuple[int, str] | None:
        plain = len(alt.source) >= 2 and rest == re.escape(alt.source[1:])
        return (len(alt.source), alt.output) if plain else None

    def flush() -> None:
        sources = [alt.source for _rest, alt in run]
        differ = [i for i in range(1, len(sources[0])) if len({s[i] for s in sources}) > 1] if run else []
        if len(run) > 1 and len(differ) == 1 and len(set(sources)) == len(sources):
            i, source = differ[0], sources[0]
            chars = "".join(re.escape(s[i]) for s in sources)
            merged.append((f"{re.escape(source[1:i])}[{chars}]{re.escape(source[i + 1 :])}", run[0][1]))
        else:
            merged.extend(run)
        run.clear()

    for rest, alt in rests:
        k = key(rest, alt)
        if k is None or not run or key(*run[0]) != k:
            flush()
        if k is None:
            merged.append((rest, alt))
        else:
            run.append((rest, alt))
    flush()
    return merged


def _union(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


def compile_ruleset(
    ruleset: RuleSet,
    apostrophe: str = "official",
    extra_terms: tuple[str, ...] = (),
    extra_lexicon: tuple[Path, ...] = (),
) -> CompiledRuleSet:
    """Compile one (non-chain) rule set; `extra_*` are the user's own protected terms and lexicon files."""
    if apostrophe not in APOSTROPHE_STYLES:
        raise OptionError(f"unknown apostrophe style {apostrophe!r}; choose {', '.join(APOSTROPHE_STYLES)}")
    style = APOSTROPHE_STYLES[apostrophe]

    entries: list[tuple[tuple[int, int, int, int], str, Alternative, str]] = []
    for rule in ruleset.rules:
        suffix = compile_context(rule.next, "next", ruleset.classes) if rule.next else ""
        for source in rule.sources:
            # the first letter leads, the `prev` context is checked right after it (see compile_context)
            first = re.escape(source[0])
            prefix = compile_context(rule.prev, "prev", ruleset.classes, after=first) if rule.prev else ""
            regex = first + prefix + re.escape(source[1:]) + suffix
            rank = (-len(source), 0, -rule.specificity, rule.order)
            alt = Alternative(source, _styled(rule.to, style), rule.id, rule.warn)
            entries.append((rank, regex, alt, source))
    for order, (source, output) in enumerate(ruleset.mapping.items()):
        rank = (-len(source), 1, 0, order)
        entries.append((rank, re.escape(source), Alternative(source, _styled(output, style), "map", None), source))
    entries.sort(key=lambda entry: entry[0])

    alternatives: list[Alternative] = [Alternative("", "", "", None)]
    branches: list[str] = []
    by_first: dict[str, list[tuple[str, Alternative]]] = {}  # the special branches by first letter, in order
    for _key, regex, alt, source in entries:
        # an empty group closes each branch: it tells which branch matched (lastindex) while the branch
        # itself still starts with its literal first letter
        branches.append(f"{regex}()")
        alternatives.append(alt)
        if alt.rule_id != "map" or len(source) > 1:
            by_first.setdefault(source[0], []).append((regex[len(re.escape(source[0])) :], alt))
    never = r"(?!x)x"
    pattern = re.compile("|".join(branches) or never)
    # Only rules and multi-letter keys: the stretches between their matches are plain single letters,
    # which `str.translate` converts in C. Equivalent to `pattern`, because single-letter map entries sort
    # after every alternative that could start at the same position. Branches are grouped under their first
    # letter (x(?:a()|b())), keeping their order: two branches with different first letters never match at
    # one position, so the same branch wins, and the engine tests each first letter once, not each branch
    # (measured: 0.048 → 0.034 s on the 0.4 MB of distinct Latin words in the benchmark text).
    special_alternatives: list[Alternative] = [Alternative("", "", "", None)]
    groups: list[str] = []
    for first, branches_of in by_first.items():
        rests = _merge_literals(branches_of)
        special_alternatives.extend(alt for _rest, alt in rests)
        inner = "|".join(f"{rest}()" for rest, _alt in rests)
        groups.append(re.escape(first) + (inner if len(rests) == 1 else f"(?:{inner})"))
    special = re.compile("|".join(groups) or never)

    single = {k: _styled(v, style) for k, v in ruleset.mapping.items() if len(k) == 1}
    table = str.maketrans(single) if single else {}
    # A word needs the slow path only if some rule or multi-letter key could match inside it.
    slow = sorted(
        {s for r in ruleset.rules for s in r.sources} | {k for k in ruleset.mapping if len(k) > 1},
        key=len,
        reverse=True,
    )
    blocker = re.compile("|".join(re.escape(s) for s in slow)) if slow else None

    letters = {c for key in ruleset.mapping for c in key} | {c for r in ruleset.rules for s in r.sources for c in s}
    letters |= {c.upper() for c in letters if len(c.upper()) == 1}
    convertible = (
        re.compile("[" + "".join(re.escape(c) for c in sorted(letters)) + "]") if letters else re.compile(r"(?!x)x")
    )
    inert = re.compile("^[^" + "".join(re.escape(c) for c in sorted(letters | {"\n"})) + "]*$", re.MULTILINE)

    lexicon = dict(ruleset.lexicon_words)
    for file in (*ruleset.lexicon_files, *extra_lexicon):
        lexicon.update(read_lexicon_tsv(Path(file)))
    words: dict[str, str] = {}
    stems: dict[str, str] = {}
    uses_apostrophes = _uses_apostrophes(ruleset)
    fold = _LEXICON_FOLD if uses_apostrophes else None
    for key, value in lexicon.items():
        check_lexicon_entry(ruleset.path, key, value, None)
        if fold is not None:
            key = key.translate(fold)
        if key.endswith("*"):
            stems[key[:-1]] = _styled(value[:-1], style)
        else:
            words[key] = _styled(value, style)
    stem_lengths = tuple(sorted({len(s) for s in stems}, reverse=True))
    stem_key = min(3, *stem_lengths) if stem_lengths else 0
    stem_heads = frozenset(s[:stem_key] for s in stems)
    stem_lines = re.compile(f"^{trie(sorted(stems))}[^\n]*", re.MULTILINE) if stems else None

    terms = frozenset(t.casefold() for t in (*ruleset.protect_terms, *extra_terms))
    one_line = sorted(t for t in terms if t and "\n" not in t)  # (a word is never empty, nor holds a newline)
    protect_re = _union(ruleset.protect_patterns)
    protect_in = _union(ruleset.protect_contains)
    contains = [re.compile(p) for p in ruleset.protect_contains]
    proven = [p for p in contains if confined_to_line(p)]  # scanned over all new words at once
    protect_lines = (
        re.compile(f"^(?:{protect_re.pattern})$", re.MULTILINE)
        if protect_re is not None and confined_to_line(protect_re)
        else None
    )

    return CompiledRuleSet(
        ruleset=ruleset,
        pattern=pattern,
        alternatives=alternatives,
        outputs=[a.output for a in alternatives],
        special=special,
        special_outputs=[a.output for a in special_alternatives],
        table=table,
        blocker=blocker,
        convertible=convertible,
        inert=inert,
        words=words,
        stems=stems,
        stem_lengths=stem_lengths,
        stem_key=stem_key,
        stem_heads=stem_heads,
        stem_lines=stem_lines,
        protect_terms=terms,
        protect_terms_re=re.compile(f"\n(?:{trie(one_line)})(?=\n)") if one_line else None,
        protect_re=protect_re,
        protect_in=protect_in,
        protect_lines=protect_lines,
        protect_in_lines=tuple(proven),
        protect_in_words=_union(tuple(p.pattern for p in contains if p not in proven)),
        caser=Caser(ruleset.case.upper, ruleset.case.lower),
        normalize=ruleset.normalize == "NFC",
        uses_apostrophes=uses_apostrophes,
        fold=fold,
        abbreviation=re.compile(ruleset.case.abbreviation) if ruleset.case.abbreviation else None,
        fallback=Fallback.read(ruleset.fallback_file) if ruleset.fallback_file else None,
    )


def _uses_apostrophes(ruleset: RuleSet) -> bool:
    texts = [*ruleset.mapping, *(s for r in ruleset.rules for s in r.sources)]
    texts += [c for r in ruleset.rules for c in (r.prev or "", r.next or "")]
    texts += list(ruleset.classes.values())
    return any(ch in APOSTROPHES for text in texts for ch in text)
