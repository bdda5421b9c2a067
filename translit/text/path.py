"""The one text path: every way into translit converts text units through `TextPath`, and nowhere else.

The CLI on a file or stdin, `translit.convert()`, every document rewriter, the bulk runner, its worker
processes and Dask tasks all build a `TextPath` from the same `TextOptions` and hand it the same units
(the lines of a text file; the paragraphs, cells, cues and strings of a document). What it decides and
writes therefore cannot depend on the path: a decision lives in `translit.text.judge` (one unit) and
`translit.text.decide` (a unit among its neighbours), and the conversion in the compiled rule sets.

With `source` given, every unit is converted from it (`--from` forces). Without, each unit is converted
from the script it is judged to be in, when a rule set converts that to the target; a unit in another
language, or already in the target, is left byte for byte as it is. Text that needs nothing is not an
error: `outcome()` says why nothing changed, and only `strict` makes that an error.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from translit._environ import rules_path
from translit.errors import NothingToConvertError, UnknownScriptError
from translit.registry import available, canonical_tag, get_converter

if TYPE_CHECKING:
    from types import ModuleType

    from translit.text.decide import DocumentState
    from translit.text.judge import Basis, Verdict

Convert = Callable[[str], str]

_LINE = re.compile(r"[^\n]*\n|[^\n]+")
_BLOCK = 1 << 20  # characters converted per step when streaming
_LONGEST_LINE = 16 * _BLOCK  # a longer line is cut (and judged) in pieces: memory stays bounded
RU = "ru"


@dataclass(frozen=True)
class TextOptions:
    """Everything that decides how text is converted; plain values only, so it pickles to workers."""

    target: str
    source: str | None = None
    apostrophe: str = "official"
    protect_terms: tuple[str, ...] = ()
    lexicon_files: tuple[str, ...] = ()
    romanize_russian: bool = False
    detector: str = "py3langid"
    strict: bool = False
    style: str = "official"


@dataclass(frozen=True)
class Action:
    """What happens to one unit: converted from `source`, romanized (Russian), or kept (`convert` None)."""

    kind: str  # "convert", "romanize", "keep"
    tag: str | None  # what the unit was taken to be in (None: it has no letters)
    convert: Convert | None = None

    def apply(self, text: str) -> str:
        return text if self.convert is None else self.convert(text)


def _identity(text: str) -> str:
    return text


@dataclass
class Outcome:
    """What a conversion did, unit by unit: the report and the note when nothing needed converting."""

    target: str
    converted: Counter[str] = field(default_factory=Counter)  # source tag -> units converted from it
    kept: Counter[str] = field(default_factory=Counter)  # tag -> units left as they are
    no_letters: int = 0
    short: int = 0  # of the units kept, those too short to judge alone

    @property
    def units(self) -> int:
        return sum(self.converted.values()) + sum(self.kept.values()) + self.no_letters

    @property
    def sources(self) -> list[str]:
        """The tags units were converted from, most units first."""
        return [tag for tag, _n in self.converted.most_common()]

    def note(self) -> str | None:
        """Why nothing was converted, or None when something was."""
        if self.converted:
            return None
        if not self.kept:
            return "no letters to convert; left unchanged"
        found = ", ".join(f"{tag} ({n})" for tag, n in self.kept.most_common(4))
        if set(self.kept) == {self.target}:
            return f"already in {self.target}; left unchanged"
        if self.short == sum(self.kept.values()):
            return "too short to tell its language, and not in a script that converts; left unchanged"
        return f"nothing converts to {self.target} (found: {found}); left unchanged"


def forced(options: TextOptions) -> Convert:
    """The one conversion a given `source` applies to every line (`--from` forces), compiled once per options.

    `translit.convert(text, source=…)` calls it directly: with a source, the text path is this function over
    the whole text (lines without letters are unchanged by it), so the per-call set-up can be skipped.
    """
    return _forced(options, rules_path())


@functools.lru_cache(maxsize=64)
def _forced(options: TextOptions, rules_path: str) -> Convert:
    assert options.source is not None
    if canonical_tag(options.source) == canonical_tag(options.target):
        return _identity
    o = options
    return _converter(o.source, o.target, o.apostrophe, o.protect_terms, o.lexicon_files, o.style, rules_path)


@functools.lru_cache(maxsize=256)
def _converter(
    source: str,
    target: str,
    apostrophe: str,
    protect_terms: tuple[str, ...],
    lexicon_files: tuple[str, ...],
    style: str,
    _rules_path: str,
) -> Convert:
    """The compiled conversion of one pair and its options, kept for the process: every `TextPath` (one per
    document, one per `translit.convert` call) shares it, where looking it up in the registry (which checks
    the rule folders for changes) cost more than converting a short text."""
    return get_converter(
        source,
        target,
        apostrophe=apostrophe,
        protect_terms=protect_terms,
        lexicon_files=tuple(Path(p) for p in lexicon_files),
        style=style,
    ).convert


@functools.cache
def _judge_module() -> ModuleType:
    """`translit.text.judge`, imported on first need (kept: an import statement in `__init__` cost a document
    some microseconds)."""
    from translit.text import judge

    return judge


#: An ASCII letter: an ASCII text without one has no letter the judge counts (its letters are Cyrillic, A-Z, a-z
#: and Latin letters from U+00C0 to U+024F).
_ASCII_LETTER = re.compile(r"[A-Za-z]")


def _no_letters(key: str) -> bool:
    """True when the judge finds no letter in `key` (its verdict is then `_no_letters_verdict()`), told without
    the judge for ASCII text (numbers, dates, white space); False also for other text, which the judge reads.
    `str.isascii` is a flag of the string, so a paragraph in Cyrillic costs no scan here."""
    return key.isascii() and _ASCII_LETTER.search(key) is None


@functools.cache
def _no_letters_verdict() -> Verdict:
    """What `judge` says of a unit without a letter (a constant: `Verdict`s are frozen)."""
    j = _judge_module()
    verdict: Verdict = j.Verdict(None, j.Basis.NO_LETTERS)
    return verdict


@functools.cache
def _document_state() -> type[DocumentState]:
    from translit.text.decide import DocumentState

    return DocumentState


@functools.lru_cache(maxsize=64)
def _convertible(target: str, _rules_path: str) -> frozenset[str]:
    """The sources some rule set converts to `target`; an error when no rule set even writes it."""
    infos = available()
    convertible = frozenset(info.source for info in infos if info.target == target)
    if not convertible and all(info.source != target for info in infos):
        pairs = ", ".join(f"{i.source}→{i.target}" for i in infos)
        raise UnknownScriptError(f"no rule set converts to {target} (available: {pairs})")
    return convertible


class _WindowFull(BaseException):
    """Raised while priming once the document's tag is settled: the rest need not be read. A
    BaseException, so that a rewriter's own `except Exception` cannot swallow it."""


class TextPath:
    """One document's (or one stream's) conversion; create one per document, feed its units in order."""

    def __init__(self, options: TextOptions) -> None:
        self.options = options
        self.target = canonical_tag(options.target)
        self.source = canonical_tag(options.source) if options.source else None
        self._outcome = Outcome(self.target)
        self._priming = False
        self._pending: list[str] = []  # lines read before the window was full
        self._pending_verdicts: list[Verdict] = []  # and their verdicts, as read
        if self.source is not None:
            conv = forced(options)
            self._forced = Action("keep" if conv is _identity else "convert", self.source, conv)
            self._state: DocumentState | None = None
        else:
            self._state = _document_state()(self.target, _convertible(self.target, rules_path()))
        # The judge, its profiles and its model are imported only for a text without a source: a run with
        # --from never judges a unit (measured: a twentieth of a --from start-up's CPU).
        self._judge: ModuleType | None = None if self.source is not None else _judge_module()
        # named once: `Basis.SHORT` is a class-attribute lookup on an enum (0.2 µs), asked of every unit
        self._short: Basis | None = None if self._judge is None else self._judge.Basis.SHORT
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

    def convertible_sources(self) -> frozenset[str]:
        """The tags a unit of a document may be converted from to the target (without asking which one the
        document is in, which `document_source` settles, or guesses while a document is read once)."""
        if self.source is not None:
            return frozenset({self.source})
        return self._state_convertible()

    def _cached_action(self, tag: str | None) -> Action:
        action = self._actions.get(tag)
        if action is None:
            action = self._actions[tag] = self._action_for(tag)
        return action

    def _decide_fixed(self, unit: str) -> Action:
        """The action for the next unit once the document's tag is settled."""
        if self.source is not None:
            action = self._forced if unit.strip() else Action("keep", None)
            self._count(action, None)
            return action
        j = self._judge
        assert j is not None
        return self._act(self._window.get(unit[: j.SAMPLE]) or j.judge(unit, self.options.detector))

    def _act(self, verdict: Verdict) -> Action:
        """The action for the next unit, judged `verdict` (without a source), counted into the outcome."""
        assert self._state is not None
        tag = self._state.resolve(verdict)
        action = self._actions.get(tag) or self._cached_action(tag)
        self._count(action, verdict)
        return action

    def _count(self, action: Action, verdict: Verdict | None) -> None:
        """Count a unit's action into the outcome (not while priming: that reading is not kept), and a unit kept
        for being too short to judge alone."""
        if self._priming:
            return
        outcome = self._outcome
        tag, keep = action.tag, action.kind == "keep"
        if tag is None:
            outcome.no_letters += 1
        elif keep:
            outcome.kept[tag] += 1
        else:
            outcome.converted[tag] += 1
        if keep and verdict is not None and verdict.basis is self._short:
            outcome.short += 1

    def _judged(self, unit: str) -> Verdict:
        """A unit's verdict, kept in the window (see `_window`)."""
        j = self._judge
        assert j is not None
        key = unit[: j.SAMPLE]  # all the judge reads of a unit
        verdict = self._window.get(key)
        if verdict is None:
            verdict = self._window[key] = j.judge(key, self.options.detector)
        return verdict

    def _observe(self, unit: str) -> bool:
        assert self._state is not None
        return self._state.observe(self._judged(unit), len(unit))

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
        state = self._state
        if state is None:
            return [self._decide_fixed(unit) for unit in units]
        if state.fixed is None and not self._speculating:
            state.fix()  # a document that was not primed: the window is what came before
        return self._decide_judged(units, state)

    def _decide_judged(self, units: Sequence[str], state: DocumentState) -> list[Action]:
        """`_decide_guessing` (while the window of a document read once is read) and then `_decide_fixed` on
        each unit, in one loop: what they do per unit, with their calls (`_judged`, `_act`) written out
        (`_count` is still called: one counting for both paths). A unit without a letter that `_no_letters`
        sees at once gets the judge's verdict on it without the judge (the verdict is a constant: no letters,
        no script, no tag).

        Why written out: the text path decides every paragraph, cell, cue and string of a document here,
        and the five method calls per unit cost more than the rest of its bookkeeping (measured with
        callgrind on the 28 CSV documents of the 200-document benchmark, one cold round: 565.7 M
        instructions before, 548.7 M after, -3 %; wall-clock figures on this shared machine were within its
        noise). CSV hands over
        every number cell (1,791 of its 2,703 units there), HTML the white space between its blocks (957 of
        1,914): each was judged. tests/test_text_path_reference.py holds the result to the former path.
        """
        j = self._judge
        assert j is not None
        window, actions, count = self._window, self._actions, self._count
        judge, detector, sample = j.judge, self.options.detector, j.SAMPLE
        resolve, observe = state.resolve, state.observe
        no_letters = _no_letters_verdict()
        reading = state.fixed is None  # still reading the window of a document read once (`_decide_guessing`)
        out: list[Action] = []
        for unit in units:
            key = unit[:sample]  # all the judge reads of a unit
            if _no_letters(key):
                verdict = no_letters
            elif reading:
                found = window.get(key)
                if found is None:
                    found = window[key] = judge(key, detector)
                verdict = found
            else:
                verdict = window.get(key) or judge(key, detector)
            if reading and observe(verdict, len(unit)):
                state.fix()
                self._check_guess()
                reading = False
            tag = resolve(verdict)
            action = actions.get(tag) or self._cached_action(tag)
            count(action, verdict)
            out.append(action)
        return out

    def _decide_guessing(self, unit: str) -> Action:
        """A unit of the window of a document read once: counted into the window, then decided on the
        guessed tags, or on the fixed ones once it fills the window (as a second reading would)."""
        state = self._state
        assert state is not None
        if state.fixed is not None:
            return self._decide_fixed(unit)
        verdict = self._judged(unit)
        if state.observe(verdict, len(unit)):
            state.fix()
            self._check_guess()
        return self._act(verdict)  # the verdict `_decide_fixed` would find in the window

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
        pending, verdicts = self._pending, self._pending_verdicts
        for index, line in enumerate(lines):  # still reading the window: hold lines until it is full
            unit = line.rstrip("\r\n")
            verdict = self._judged(unit)
            pending.append(line)
            verdicts.append(verdict)
            if state.observe(verdict, len(unit)):
                state.fix()
                if self._speculating:
                    self._check_guess()
                yield from self._runs_held()
                yield from self._runs(lines[index + 1 :])
                return

    def _flush(self) -> Iterator[str]:
        if self._priming or self._state is None or self._state.fixed is not None:
            return
        self._state.fix()
        if self._speculating:
            self._check_guess()
        yield from self._runs_held()

    def _runs_held(self) -> Iterator[str]:
        """The lines held while the window was read, converted on their verdicts as read then (the ones the
        window keeps: `_decide_fixed` would find each again there)."""
        pending, verdicts = self._pending, self._pending_verdicts
        self._pending, self._pending_verdicts = [], []
        yield from self._runs(pending, verdicts)

    def _runs(self, lines: list[str], verdicts: list[Verdict] | None = None) -> Iterator[str]:
        """Convert lines, one converter call per run of consecutive lines that share an action."""
        run: list[str] = []
        current: Action | None = None
        for index, line in enumerate(lines):
            action = self._decide_fixed(line.rstrip("\r\n")) if verdicts is None else self._act(verdicts[index])
            if action.tag is None and current is not None:
                action = current  # a line without letters joins the run it sits in (converting it is a no-op)
            # actions are cached per tag: the same object is the same action, and `==` on a dataclass is slow
            if current is not None and action is not current and action != current and run:
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


class Misguessed(BaseException):
    """Raised when a document read once was converted on a guess of its tags that its window settled
    otherwise: it must be read again (`TextPath.replay`). A BaseException, so that a rewriter's own
    `except Exception` cannot swallow it."""


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


__all__ = ["Action", "Misguessed", "Outcome", "TextOptions", "TextPath", "UnknownScriptError"]
