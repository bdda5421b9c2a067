"""The loaded form of a rule file: plain frozen data, no behaviour.

Kept separate from the loader and the compiler so that tests, `explain` and tools can inspect a rule set
without caring how it was parsed or how it runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Rule:
    """One contextual rule: `sources` become `to` when `prev`/`next` (source-side contexts) hold."""

    id: str
    sources: tuple[str, ...]
    to: str
    prev: str | None = None
    next: str | None = None
    examples: tuple[tuple[str, str], ...] = ()
    counterexamples: tuple[tuple[str, str], ...] = ()
    warn: str | None = None
    note: str | None = None
    line: int | None = None
    order: int = 0

    @property
    def specificity(self) -> int:
        """How many contexts the rule names; more context wins over less at the same position."""
        return (self.prev is not None) + (self.next is not None)


@dataclass(frozen=True)
class Example:
    """A sentence-level sample from a rule file, run by the test suite."""

    input: str
    output: str
    fires: tuple[str, ...] = ()
    roundtrip: bool = False
    note: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class CasePolicy:
    """How case is put back on the output; `upper`/`lower` override Python's case mapping per letter."""

    multi_letter: str = "by-word"
    upper: dict[str, str] = field(default_factory=dict)
    lower: dict[str, str] = field(default_factory=dict)
    # A regex over the lowercase source word: an ALL-CAPS word that matches it entirely is an abbreviation,
    # whose multi-letter outputs are title case (press style: АҚШ → AQSh, not AQSH).
    abbreviation: str | None = None


@dataclass(frozen=True)
class DetectTable:
    """What text in a rule set's source script looks like (`[detect]`), read by `translit.text` only.

    `marks` decide on their own, `hints` count only when the statistical model agrees, `excludes` rule the
    source out; each is a regular expression. `model` names the statistical model's codes for the language;
    `model_via` is a rule set whose output the model is asked about instead (the model has never seen 2026
    Uzbek Latin, but knows the 1995 alphabet it converts to exactly). `neighbours` are the languages that
    share this one's letters or words, whose answer the model is believed on at lower odds. `examples`
    pair a text with the tag it must be given alone, or `-` where it must not be given this source.
    """

    language: str
    model: tuple[str, ...] = ()
    model_via: str | None = None
    priority: int = 0
    neighbours: tuple[str, ...] = ()
    marks: str | None = None
    hints: str | None = None
    excludes: str | None = None
    examples: tuple[tuple[str, str], ...] = ()
    line: int | None = None


@dataclass(frozen=True)
class RuleSet:
    """Everything one rule file says, validated, before compilation."""

    id: str
    title: str
    source: str
    target: str
    path: Path
    revision: int = 1
    references: tuple[str, ...] = ()
    normalize: str = "NFC"
    inverse: str | None = None
    chain: tuple[str, ...] = ()
    classes: dict[str, str] = field(default_factory=dict)
    mapping: dict[str, str] = field(default_factory=dict)
    rules: tuple[Rule, ...] = ()
    case: CasePolicy = field(default_factory=CasePolicy)
    lexicon_words: dict[str, str] = field(default_factory=dict)
    lexicon_files: tuple[Path, ...] = ()
    fallback_file: Path | None = None  # n-gram table deciding ь and ц in words no lexicon entry knows
    protect_terms: tuple[str, ...] = ()
    protect_patterns: tuple[str, ...] = ()  # a word one matches entirely is kept
    protect_contains: tuple[str, ...] = ()  # a word one is found in is kept
    examples: tuple[Example, ...] = ()
    detect: DetectTable | None = None
    style: str = "official"  # the house style applied (`rules/styles/ID.STYLE.toml`), "official" for none
    quotes: str | None = None  # typography: two characters that straight double quotes become ("«»")

    @property
    def is_chain(self) -> bool:
        return bool(self.chain)


@dataclass(frozen=True)
class RuleSetInfo:
    """What `translit rules` lists: enough to choose a conversion without loading its lexicon."""

    id: str
    source: str
    target: str
    title: str
    path: Path


@dataclass(frozen=True)
class StyleOverlay:
    """A house style for one rule set (`rules/styles/ID.STYLE.toml`): the base rule set with its changes
    applied, and, for a convention read from the text, the regex that shows a text uses it."""

    style: str
    ruleset: RuleSet
    when: str | None = None  # set: applied automatically to a text this matches (Latin ts for ц)
