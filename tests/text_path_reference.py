"""The text path as it was before its per-unit bookkeeping was made cheaper (commit 4b85e6e), kept verbatim as
the reference the property tests hold the live `translit.text.path` and `translit.text.decide` to.

Only the classes are copied (`TextPath`, `DocumentState` and the two contexts); the values they share with the
live module (options, actions, outcomes, the compiled converters, `Misguessed`) are imported from it, so that
both raise and count the same things. Do not edit the copied code: it is the behaviour to keep.
"""

# ruff: noqa
# mypy: ignore-errors
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from translit._environ import rules_path
from translit.errors import NothingToConvertError
from translit.registry import canonical_tag
from translit.text.judge import OTHER, SHORT_ODDS, Basis, Verdict, odds_to_follow
from translit.text.path import (
    _LINE,
    _LONGEST_LINE,
    RU,
    Action,
    Convert,
    Misguessed,
    Outcome,
    TextOptions,
    _convertible,
    _converter,
    _identity,
    _judge_module,
    _WindowFull,
    forced,
)
from translit.text.profiles import profiles, script_of

if TYPE_CHECKING:
    from types import ModuleType

WINDOW_UNITS = 64
WINDOW_LETTERS = 20_000
WINDOW_CHARS = 1 << 20
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
        if verdict.decided and verdict.script is not None and verdict.tag is not None:
            weight = verdict.letters * (CONVERTIBLE_PRIOR if verdict.tag in self.convertible else 1)
            self.votes.setdefault(verdict.script, Counter())[verdict.tag] += weight
            self.decided_units += 1
            self.decided_letters += verdict.letters
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
        if script_of(self.target) == script:
            return self.target
        for profile in profiles():  # highest priority first
            if profile.script == script and profile.tag in self.convertible:
                return profile.tag
        return None

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

    @staticmethod
    def _is_source(tag: str) -> bool:
        return any(p.tag == tag for p in profiles())

    # -- one unit, in order ------------------------------------------------------------------------
    def resolve(self, verdict: Verdict) -> str | None:
        """The tag this unit is taken to be in (a source, another language), or None (no letters)."""
        if verdict.basis is Basis.NO_LETTERS or verdict.script is None:
            return None
        if verdict.decided:
            assert verdict.tag is not None
            self.previous[verdict.script] = verdict.tag
            return verdict.tag
        short = verdict.basis is Basis.SHORT
        if short:
            follow = self.document_tag(verdict.script)
        else:
            # The last unit that decided alone leads, if it is a source or the model hears its language here
            # too; a Tajik line is no reason to leave the next Uzbek one alone, nor the reverse.
            previous = self.previous.get(verdict.script)
            if previous is not None and (self._is_source(previous) or previous == verdict.model_top):
                follow = previous
            else:
                follow = self.document_tag(verdict.script)
        if follow is None:
            return verdict.model_top or OTHER
        if not self._is_source(follow):
            return follow  # its document or neighbour is in another language: so is it, as far as we know
        if follow not in verdict.compatible:
            return verdict.model_top or OTHER
        profile = next(p for p in profiles() if p.tag == follow)
        limit = SHORT_ODDS if short else odds_to_follow(profile, verdict.model_top, verdict.letters)
        if verdict.odds.get(follow, 1.0) >= limit:
            return verdict.model_top or OTHER
        return follow


class TextPath:  # noqa: D101 - the former translit.text.path.TextPath
    """One document's (or one stream's) conversion; create one per document, feed its units in order."""

    def __init__(self, options: TextOptions) -> None:
        self.options = options
        self.target = canonical_tag(options.target)
        self.source = canonical_tag(options.source) if options.source else None
        self._outcome = Outcome(self.target)
        self._priming = False
        self._pending: list[str] = []  # lines read before the window was full
        if self.source is not None:
            conv = forced(options)
            self._forced = Action("keep" if conv is _identity else "convert", self.source, conv)
            self._state: DocumentState | None = None
        else:
            pass

            self._state = DocumentState(self.target, _convertible(self.target, rules_path()))
        # The judge, its profiles and its model are imported only for a text without a source: a run with
        # --from never judges a unit (measured: a twentieth of a --from start-up's CPU).
        self._judge: ModuleType | None = None if self.source is not None else _judge_module()
        self._actions: dict[str | None, Action] = {}
        # The verdicts on the units of the window: each is judged when the window is read and again when it is
        # converted (documents are read twice), and a unit too long for the judge's own cache would be judged
        # twice. Bounded by the window (at most 1 MiB of text).
        self._window: dict[str, Verdict] = {}
        self._speculating = False
        self._source_guessed: tuple[str | None] | None = None  # the document source handed out on the guess

    # -- what to do with a unit ---------------------------------------------------------------------
    def _action_for(self, tag: str | None, check: bool = False) -> Action:
        if tag is None:
            return Action("keep", None)
        if canonical_tag(tag) == self.target:
            return Action("keep", tag)
        if check or tag in self._state_convertible():
            opts = self.options
            conv = _converter(
                tag, self.target, opts.apostrophe, opts.protect_terms, opts.lexicon_files, opts.style, rules_path()
            )
            return Action("convert", tag, conv)
        if tag == RU and self.options.romanize_russian:
            from translit.transliterate_pack import romanize_russian

            return Action("romanize", tag, romanize_russian)
        return Action("keep", tag)

    def _state_convertible(self) -> frozenset[str]:
        return self._state.convertible if self._state is not None else frozenset()

    def _cached_action(self, tag: str | None) -> Action:
        action = self._actions.get(tag)
        if action is None:
            action = self._actions[tag] = self._action_for(tag)
        return action

    def _count(self, action: Action) -> None:
        if self._priming:
            return
        if action.tag is None:
            self._outcome.no_letters += 1
        elif action.kind == "keep":
            self._outcome.kept[action.tag] += 1
        else:
            self._outcome.converted[action.tag] += 1

    def _decide_fixed(self, unit: str) -> Action:
        """The action for the next unit once the document's tag is settled."""
        if self.source is not None:
            action = self._forced if unit.strip() else Action("keep", None)
            self._count(action)
            return action
        assert self._state is not None
        j = self._judge
        assert j is not None
        verdict = self._window.get(unit[: j.SAMPLE]) or j.judge(unit, self.options.detector)
        action = self._cached_action(self._state.resolve(verdict))
        self._count(action)
        if action.kind == "keep" and verdict.basis is j.Basis.SHORT and not self._priming:
            self._outcome.short += 1
        return action

    def _observe(self, unit: str) -> bool:
        assert self._state is not None
        j = self._judge
        assert j is not None
        key = unit[: j.SAMPLE]  # all the judge reads of a unit
        verdict = self._window.get(key)
        if verdict is None:
            verdict = self._window[key] = j.judge(key, self.options.detector)
        return self._state.observe(verdict, len(unit))

    # -- documents: units handed over one by one ----------------------------------------------------
    def prime(self, units: Iterable[str]) -> None:
        """Settle the document's tag from its first units before converting any (documents read twice)."""
        if self._state is None or self._state.fixed is not None:
            return
        for unit in units:
            if self._observe(unit):
                break
        self._state.fix()

    def priming(self) -> _Priming:
        """A context in which `decide`/`convert` only read units to settle the document's tag."""
        return _Priming(self)

    def decide(self, units: Sequence[str]) -> list[Action]:
        """The action for each unit (a paragraph, cell, string), in document order."""
        if self._priming:
            assert self._state is not None
            for unit in units:
                if self._observe(unit):
                    raise _WindowFull
            return [Action("keep", None, None) for _u in units]
        if self._state is not None and self._state.fixed is None:
            if self._speculating:
                return [self._decide_guessing(unit) for unit in units]
            self._state.fix()  # a document that was not primed: the window is what came before
        return [self._decide_fixed(unit) for unit in units]

    def _decide_guessing(self, unit: str) -> Action:
        """A unit of the window of a document read once: counted into the window, then decided on the
        guessed tags, or on the fixed ones once it fills the window (as a second reading would)."""
        assert self._state is not None
        if self._state.fixed is None and self._observe(unit):
            self._state.fix()
            self._check_guess()
        return self._decide_fixed(unit)

    def _check_guess(self) -> None:
        state = self._state
        assert state is not None and state.fixed is not None
        if not state.guessed_right() or (
            self._source_guessed is not None and self._source_guessed[0] != state.main_source()
        ):
            raise Misguessed

    # -- documents read once --------------------------------------------------------------------------
    def speculating(self) -> _Speculating:
        """A context in which a document is converted in one reading, on a guess of its tags.

        Documents are otherwise read twice (`priming`): a unit that follows its document (a heading, a
        name) needs the document's tag, which its window (the units that come after it) settles. Read
        once, such a unit is converted on the tags a window without votes gives; the guess is checked when
        the window is settled, and when a unit did depend on a tag the window settled otherwise, the context
        raises `Misguessed`: the document is then converted again by `replay()`, on the settled tags, as the
        second reading would have. Either way every unit gets the action two readings give it.
        """
        return _Speculating(self)

    def replay(self) -> TextPath:
        """A new path for a second reading after `Misguessed`: the same options and settled window."""
        assert self._state is not None and self._state.fixed is not None
        again = TextPath(self.options)
        old = self._state
        again._state = type(old)(
            old.target,
            old.convertible,
            votes=old.votes,
            decided_units=old.decided_units,
            decided_letters=old.decided_letters,
            chars=old.chars,
            fixed=old.fixed,
        )
        again._window = self._window
        return again

    def convert_units(self, units: Sequence[str]) -> list[str]:
        """Each unit converted as decided, with one converter call per run of units sharing a source."""
        actions = self.decide(units)
        out: list[str] = list(units)
        groups: dict[Action, list[int]] = {}
        for index, action in enumerate(actions):
            if action.convert is not None:
                groups.setdefault(action, []).append(index)
        from translit.documents._flow import convert_many

        for action, indexes in groups.items():
            assert action.convert is not None
            for index, text in zip(indexes, convert_many([units[i] for i in indexes], action.convert), strict=True):
                out[index] = text
        return out

    # -- text: lines are the units -------------------------------------------------------------------
    def convert(self, text: str) -> str:
        """A whole text, line by line."""
        return "".join(self.iter_convert([text]))

    def iter_convert(self, chunks: Iterable[str]) -> Iterator[str]:
        """Converted text for a stream of chunks, in bounded memory; lines are the units."""
        buffer = ""
        for chunk in chunks:
            buffer += chunk
            cut = buffer.rfind("\n") + 1
            if cut == 0:
                if len(buffer) < _LONGEST_LINE:
                    continue
                cut = len(buffer)
            block, buffer = buffer[:cut], buffer[cut:]
            yield from self._block(block)
        if buffer:
            yield from self._block(buffer)
        yield from self._flush()

    def _block(self, block: str) -> Iterator[str]:
        lines = _LINE.findall(block)
        if self._priming:
            self.decide([line.rstrip("\r\n") for line in lines])
            return
        state = self._state
        if state is None or state.fixed is not None:
            yield from self._runs(lines)
            return
        for index, line in enumerate(lines):  # still reading the window: hold lines until it is full
            self._pending.append(line)
            if self._observe(line.rstrip("\r\n")):
                state.fix()
                if self._speculating:
                    self._check_guess()
                pending, self._pending = self._pending, []
                yield from self._runs(pending)
                yield from self._runs(lines[index + 1 :])
                return

    def _flush(self) -> Iterator[str]:
        if self._priming or self._state is None or self._state.fixed is not None:
            return
        self._state.fix()
        if self._speculating:
            self._check_guess()
        pending, self._pending = self._pending, []
        yield from self._runs(pending)

    def _runs(self, lines: list[str]) -> Iterator[str]:
        """Convert lines, one converter call per run of consecutive lines that share an action."""
        run: list[str] = []
        current: Action | None = None
        for line in lines:
            unit = line.rstrip("\r\n")
            action = self._decide_fixed(unit)
            if action.tag is None and current is not None:
                action = current  # a line without letters joins the run it sits in (converting it is a no-op)
            if current is not None and action != current and run:
                yield current.apply("".join(run))
                run = []
            current = action
            run.append(line)
        if run and current is not None:
            yield current.apply("".join(run))

    # -- the result ---------------------------------------------------------------------------------
    def document_source(self) -> str | None:
        """The source the document as a whole is in (forced, or settled by its window), if it converts."""
        if self.source is not None:
            return self.source
        assert self._state is not None
        if self._priming and self._state.fixed is None:
            return None  # a first reading's output is not kept; fixing the tags now would leave the window unread
        if self._speculating and self._state.fixed is None:
            guessed = self._state.guessed_source()
            self._source_guessed = (guessed,)
            return guessed
        self._state.fix()
        return self._state.main_source()

    def outcome(self) -> Outcome:
        return self._outcome

    def finish(self, name: str | None = None) -> Outcome:
        """The outcome; with `strict`, an error when nothing was converted."""
        outcome = self._outcome
        note = outcome.note()
        if self.options.strict and note is not None:
            raise NothingToConvertError(f"{name}: {note}" if name else note)
        return outcome

    def converter_for(self, action: Action) -> Convert:
        return action.convert or _identity


class _Speculating:
    def __init__(self, path: TextPath) -> None:
        self.path = path

    def __enter__(self) -> TextPath:
        path = self.path
        if path._state is not None and path._state.fixed is None:
            path._speculating = True
            path._state.guess()
        return path

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        path = self.path
        if not path._speculating:
            return
        path._speculating = False
        state = path._state
        assert state is not None
        if kind is None and state.fixed is None:  # the whole document was the window
            state.fix()
            path._check_guess()


class _Priming:
    def __init__(self, path: TextPath) -> None:
        self.path = path

    def __enter__(self) -> TextPath:
        self.path._priming = True
        return self.path

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: object) -> bool:
        self.path._priming = False
        if self.path._state is not None:
            self.path._state.fix()
        return kind is _WindowFull
