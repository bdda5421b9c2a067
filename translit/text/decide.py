"""From each unit's own verdict to the tag it is converted from, in document order.

A unit that decides alone (its letters, or the model agreeing with them) keeps its verdict. The others
follow: a short unit (a heading, a name, a cell) follows its document; an unsure one follows the last unit
of its script that decided alone, or else its document. Following is safe only where the unit's letters
allow the tag it follows and the model does not find another language far likelier; otherwise the unit is
left alone.

The document's tag for each script is the majority (by letters, doubled for sources that convert to
the target) of the units that decided alone within a
window at its start (`WINDOW_UNITS` of them, or `WINDOW_LETTERS` letters, or `WINDOW_CHARS` characters of
text read, whichever comes first). It comes from the units alone, never from markup, metadata or ids, and
so does not depend on how the text was chunked, read or stored: a file, a folder, a worker process and a
document holding the same paragraphs give it the same value. With no such unit the document's tag is
the target itself for text already in the target's script, else the highest-priority source that
converts to the target.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from translit._environ import rules_path
from translit.text.judge import DECIDING, OTHER, SHORT_ODDS, Basis, Verdict, odds_to_follow
from translit.text.profiles import ScriptProfile, profiles, script_of

WINDOW_UNITS = 64
WINDOW_LETTERS = 20_000
WINDOW_CHARS = 1 << 20
#: A unit in a source that converts to the target counts twice in the document's vote: whoever asks for
#: Uzbek Latin expects Uzbek, and a short unit that follows wrongly is still caught by the model's odds.
CONVERTIBLE_PRIOR = 2


@dataclass
class DocumentState:
    """What is known of the document so far: its tag per script, and the last unit that decided alone."""

    target: str
    convertible: frozenset[str]
    votes: dict[str, Counter[str]] = field(default_factory=dict)
    decided_units: int = 0
    decided_letters: int = 0
    chars: int = 0
    fixed: dict[str, str | None] | None = None
    previous: dict[str, str] = field(default_factory=dict)
    #: The tags a document read once is converted on while its window is still being read (`guess`), and the
    #: scripts whose tag a unit has needed in that time: the conversion stands when `fix` gives those the same.
    guessed: dict[str, str | None] | None = None
    consulted: set[str] = field(default_factory=set)

    # -- the window ---------------------------------------------------------------------------------
    def observe(self, verdict: Verdict, size: int) -> bool:
        """Count one unit of the window; True once the window is full (then `fix` is due)."""
        self.chars += size
        tag, script = verdict.tag, verdict.script
        if tag is not None and script is not None and verdict.basis in DECIDING:
            letters = verdict.letters
            votes = self.votes.get(script)
            if votes is None:  # not setdefault(script, Counter()): that built a Counter for every unit
                votes = self.votes[script] = Counter()
            votes[tag] += letters * (CONVERTIBLE_PRIOR if tag in self.convertible else 1)
            self.decided_units += 1
            self.decided_letters += letters
        return (
            self.decided_units >= WINDOW_UNITS or self.decided_letters >= WINDOW_LETTERS or self.chars >= WINDOW_CHARS
        )

    def fix(self) -> None:
        """Settle the document's tag for each script from the window's votes."""
        if self.fixed is not None:
            return
        self.fixed = {}
        for script in ("Cyrl", "Latn"):
            votes = self.votes.get(script)
            if votes:
                self.fixed[script] = max(sorted(votes), key=lambda tag: votes[tag])
            else:
                self.fixed[script] = self._default(script)

    def guess(self) -> None:
        """Take the tags a window without votes gives (the target's own script stays; the other is its
        highest-priority source) until the window is read, noting each script a unit needs the tag of."""
        self.guessed = {script: self._default(script) for script in ("Cyrl", "Latn")}

    def guessed_right(self) -> bool:
        """Whether every unit converted on the guess would have been converted the same on the fixed tags."""
        assert self.fixed is not None and self.guessed is not None
        return all(self.fixed.get(script) == self.guessed.get(script) for script in self.consulted)

    def guessed_source(self) -> str | None:
        """`main_source()` as the guess gives it (no votes yet)."""
        assert self.guessed is not None
        tags = [tag for tag in self.guessed.values() if tag is not None and tag in self.convertible]
        return min(tags) if tags else None

    def _default(self, script: str) -> str | None:
        return _defaults(self.target, self.convertible, rules_path())[script]

    def main_source(self) -> str | None:
        """The document's own tag among the sources that convert to the target (for `lang` attributes)."""
        assert self.fixed is not None, "fix() the window first"
        weights = {
            tag: self.votes.get(script, Counter()).get(tag, 0)
            for script, tag in self.fixed.items()
            if tag is not None and tag in self.convertible
        }
        return max(sorted(weights), key=lambda t: weights[t]) if weights else None

    def document_tag(self, script: str) -> str | None:
        if self.fixed is None and self.guessed is not None:
            self.consulted.add(script)
            return self.guessed.get(script)
        assert self.fixed is not None, "fix() the window first"
        return self.fixed.get(script)

    # -- one unit, in order ------------------------------------------------------------------------
    def resolve(self, verdict: Verdict) -> str | None:
        """The tag this unit is taken to be in (a source, another language), or None (no letters)."""
        basis, script = verdict.basis, verdict.script
        if basis is _NO_LETTERS or script is None:
            return None
        if basis in DECIDING:
            assert verdict.tag is not None
            self.previous[script] = verdict.tag
            return verdict.tag
        short = basis is _SHORT
        sources = _sources()
        if short:
            follow = self.document_tag(script)
        else:
            # The last unit that decided alone leads, if it is a source or the model hears its language here
            # too; a Tajik line is no reason to leave the next Uzbek one alone, nor the reverse.
            previous = self.previous.get(script)
            if previous is not None and (previous in sources or previous == verdict.model_top):
                follow = previous
            else:
                follow = self.document_tag(script)
        if follow is None:
            return verdict.model_top or OTHER
        profile = sources.get(follow)
        if profile is None:
            return follow  # its document or neighbour is in another language: so is it, as far as we know
        if follow not in verdict.compatible:
            return verdict.model_top or OTHER
        limit = SHORT_ODDS if short else odds_to_follow(profile, verdict.model_top, verdict.letters)
        if verdict.odds.get(follow, 1.0) >= limit:
            return verdict.model_top or OTHER
        return follow


# Members of an enum class named once: each `Basis.SHORT` in a function is a class-attribute lookup (0.2 µs),
# and `resolve` runs for every unit.
_NO_LETTERS, _SHORT = Basis.NO_LETTERS, Basis.SHORT

#: `_sources()`'s answer and the `profiles()` it was built from (rebuilt when that changes: another rules path).
_by_tag: tuple[tuple[ScriptProfile, ...], dict[str, ScriptProfile]] = ((), {})


@functools.lru_cache(maxsize=64)
def _defaults(target: str, convertible: frozenset[str], _rules_path: str) -> Mapping[str, str | None]:
    """The tag a window without votes gives each script, kept: every document asked it twice per script (to
    guess, and to fix), walking `profiles()` (a function of the rules path, which is in the key) each time."""
    return MappingProxyType({script: _default(target, convertible, script) for script in ("Cyrl", "Latn")})


def _default(target: str, convertible: frozenset[str], script: str) -> str | None:
    """The target's own script stays; the other takes its highest-priority source that converts to the target."""
    if script_of(target) == script:
        return target
    for profile in profiles():  # highest priority first
        if profile.script == script and profile.tag in convertible:
            return profile.tag
    return None


def _sources() -> dict[str, ScriptProfile]:
    """Every source tag with its highest-priority profile: `resolve` asked whether a tag is a source and for its
    profile by walking `profiles()` for each unit that follows; one dict lookup now."""
    global _by_tag
    current = profiles()
    if _by_tag[0] is not current:
        by_tag: dict[str, ScriptProfile] = {}
        for profile in current:  # highest priority first: the first of a tag is the one `next(...)` found
            by_tag.setdefault(profile.tag, profile)
        _by_tag = (current, by_tag)
    return _by_tag[1]
