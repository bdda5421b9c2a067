"""Converting text that is cut into pieces (runs, inline tags) as one flow, then cutting the result back.

Word splits a word across runs at arbitrary points (spell-check state, revision ids), HTML wraps a letter in
<b>. Conversion depends on the whole word (Ш|АҲАР must give SHAHAR, not ShAHAR), so pieces joined inside a
word form one unit that is converted whole, and the output is cut back: the converter keeps whitespace, so
tokens between whitespace align one to one; a cut inside a word goes where the converted prefix ends
(compared without case: Ш alone gives Sh, inside ШАҲАР it gives SH); when the prefix does not agree, the
whole word goes to the piece where it starts ("formatting simplified", counted).

All units of a document are converted in a single call to the converter (joined by a separator it keeps,
which is also a word boundary), because the per-call cost dominates for short runs and paragraphs; so are
the prefixes of all its cuts inside words, when the converter is known to convert each string of a batch as
it converts it alone (`_separable`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from translit.engine import Converter

try:  # the per-unit steps in C, built by `pip install` where a compiler is (see translit/_flowcut.c)
    from translit import _flowcut
except ImportError:  # pragma: no cover - a pure-Python install
    _flowcut = None  # type: ignore[assignment]
if _flowcut is not None and getattr(_flowcut, "API", 0) != 4:  # a stale build: `pip install -e .` again
    _flowcut = None  # type: ignore[assignment]
if os.environ.get("TRANSLIT_PURE_PYTHON", "") not in ("", "0"):  # =1: the Python path only (tests compare)
    _flowcut = None  # type: ignore[assignment]

Convert = Callable[[str], str]

_WS = re.compile(r"\s+")
_SEP = "\n\x00\n"
_TO_LAST_WS = re.compile(r".*\s", re.DOTALL)  # a string up to its last whitespace character


@dataclass(frozen=True)
class Fixed:
    """A piece that is kept byte for byte (a tag, an entity, a placeholder).

    `stand_in` is what the converter sees in its place: "" joins the neighbours into one word (an inline tag
    inside a word), " " separates them (a tab, a line break, an entity, a placeholder).
    """

    raw: str
    stand_in: str = " "


Piece = str | Fixed


def flat_texts(flows: Sequence[Sequence[Piece]]) -> list[str]:
    """Each flow's text as the converter sees it (markup replaced by its stand-in): what the text path judges of a
    paragraph. In C where `_flowcut` is built; `_flats_py` is the reference."""
    if _flowcut is not None:
        texts: list[str] = _flowcut.flats(flows)
        return texts
    return _flats_py(flows)


def _flats_py(flows: Sequence[Sequence[Piece]]) -> list[str]:
    """`flat_texts` in Python: the reference `_flowcut.flats` is held to."""
    return [
        flow[0]
        if len(flow) == 1 and isinstance(flow[0], str)
        else "".join([p.stand_in if isinstance(p, Fixed) else p for p in flow])
        for flow in flows
    ]


def _units(flow: Sequence[Piece]) -> list[list[tuple[int, str]]]:
    """Group the text pieces of a flow into units: pieces that touch inside a word stay together (in C where
    `_flowcut` is built; `_units_py` is the reference)."""
    if _flowcut is not None:
        units: list[list[tuple[int, str]]] = _flowcut.units(flow)
        return units
    return _units_py(flow)


def _units_py(flow: Sequence[Piece]) -> list[list[tuple[int, str]]]:
    """`_units` in Python: the reference `_flowcut.units` is held to."""
    units: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    joined_to_previous = False  # only an inline tag ("" stand-in) lies between this piece and the last
    for index, piece in enumerate(flow):
        if isinstance(piece, Fixed):
            if piece.stand_in:
                joined_to_previous = False
            continue
        if not piece:
            continue
        if current and joined_to_previous and not current[-1][1][-1].isspace() and not piece[0].isspace():
            current.append((index, piece))
        else:
            if current:
                units.append(current)
            current = [(index, piece)]
        joined_to_previous = True
    if current:
        units.append(current)
    return units


@lru_cache(maxsize=128)
def _skip(runs: int, spaces: bool) -> re.Pattern[str]:
    """From a word's start, `runs` words each with the whitespace run after it (single spaces when `spaces`):
    where the word after them starts, found by the regex engine instead of a Python loop over the words."""
    return re.compile(rf"(?:[^ ]*+ ){{{runs}}}" if spaces else rf"(?:\S*+\s++){{{runs}}}")


def _cut(
    unit: list[tuple[int, str]], converted: str, convert: Convert, text: str | None = None
) -> tuple[list[str], int]:
    """Cut the conversion of a unit back into its pieces (each a non-empty text, as `_units` makes them);
    `text` is the unit's text when the caller has it joined already.

    Whitespace runs are the same on both sides (checked first), so the k-th word of the text is the k-th of
    the conversion. The cut positions are walked in order with a cursor on the word start in each string:
    the runs between the cursor and the next cut are counted in the text, the same number skipped in the
    conversion, so the cost follows the number of cuts, not the length of the unit. A cut inside a word goes
    where the conversion of the word's prefix ends, when that prefix agrees without case; otherwise the
    rest of the word stays with the piece where the word starts, for every later cut in that word too.
    """
    if text is None:
        text = "".join(t for _i, t in unit)
    if _flowcut is not None:  # the test below and `_cut_spaces` in C (`_cut_py` is the reference)
        done: tuple[list[str], int] | bool | None = _flowcut.cut_spaces(unit, text, converted, convert)
        if isinstance(done, tuple):
            return done
        return _cut_other(unit, text, converted, convert, done is None)
    return _cut_py(unit, text, converted, convert)


def _cut_other(
    unit: list[tuple[int, str]], text: str, converted: str, convert: Convert, other_whitespace: bool
) -> tuple[list[str], int]:
    """The cut where the single-space case does not apply (`_cut_py`'s test, or `_flowcut.cut_spaces`, declined):
    the walk for any whitespace when the text holds more than single spaces (`other_whitespace`) and both sides
    hold the same runs, else piece by piece."""
    if other_whitespace and _WS.findall(text) == _WS.findall(converted):
        return _cut_runs(unit, text, converted, convert)
    return [convert(t) for _i, t in unit], 0  # the converter changed whitespace: piece by piece


def _cut_py(unit: list[tuple[int, str]], text: str, converted: str, convert: Convert) -> tuple[list[str], int]:
    """`_cut` in Python, once `text` is joined: the reference `_flowcut.cut_spaces` is held to."""
    # Most units are printable text with single spaces, where the runs are all " " and only their number can
    # differ: `str.count` says it, without a regex over the text (which was the largest cost of cutting a
    # paragraph). `isprintable` is False for every whitespace character but " ".
    single = text.isprintable() and converted.isprintable() and "  " not in text and "  " not in converted
    if single and text.count(" ") == converted.count(" "):
        return _cut_spaces(unit, text, converted, convert)
    return _cut_other(unit, text, converted, convert, not single)


def _prefix_end(prefix: str, converted: str, dst: int, end: int) -> int | None:
    """Where the conversion of a word's prefix ends inside the word's conversion (which starts at `dst` and ends
    at `end`), when the two agree without case (Ш alone gives Sh, inside ШАҲАР it gives SH); None when not."""
    head = converted[dst : min(end, dst + len(prefix))]
    if head == prefix or head.casefold() == prefix.casefold():
        return dst + len(prefix)
    return None


def _cut_spaces(unit: list[tuple[int, str]], text: str, converted: str, convert: Convert) -> tuple[list[str], int]:
    """`_cut` when the only whitespace on either side is single spaces, as many on each: the common case.

    The walk of `_cut_runs` with what single spaces allow: a cut is never inside a run (it is at a space or
    in a word), the text's cursor moves to just after the last space before the cut (`str.rfind`), and the
    first piece, which starts at 0, needs no walk. Each piece's output is sliced as soon as its end is known.
    """
    size = len(converted)
    if text[0] == " ":  # at the (empty) first word's end: after what the converter put before the space
        last = converted.find(" ")
        if last < 0:
            last = size
    else:
        last = 0
    parts: list[str] = []
    start = last  # where the previous piece's output starts in the conversion
    src = dst = 0  # where the current word starts in the text and in the conversion
    failed = -1  # the start (in the text) of the word whose prefix did not agree
    simplified = 0
    c = len(unit[0][1])  # where the piece starts in the text: the cut before it (< len(text))
    for _i, t in unit[1:]:
        runs = text.count(" ", src, c)
        if runs:
            src = text.rfind(" ", src, c) + 1
            skipped = _skip(runs, True).match(converted, dst)
            assert skipped is not None  # as many spaces on both sides
            dst = skipped.end()
        if c == src and text[c] != " ":  # at the start of a word
            at = dst
        else:  # at a space (the end of the word), or inside a word
            at = converted.find(" ", dst)
            if at < 0:
                at = size
            if text[c] != " " and failed != src:  # inside the word: where its prefix ends, if it agrees
                agreed = _prefix_end(convert(text[src:c]), converted, dst, at)
                if agreed is None:
                    failed = src
                    simplified += 1
                else:
                    at = agreed
        if at > last:
            last = at
        parts.append(converted[start:last])
        start = last
        c += len(t)
    parts.append(converted[start:])
    return parts, simplified


def _cut_runs(unit: list[tuple[int, str]], text: str, converted: str, convert: Convert) -> tuple[list[str], int]:
    """`_cut` for any whitespace (tabs, line breaks, runs of spaces), the same runs on both sides."""
    size = len(converted)
    src = dst = 0  # where the current word starts in the text and in the conversion (a word may be empty)
    failed = -1  # the start (in the text) of the word whose prefix did not agree
    simplified = 0
    bounds: list[int] = []  # where each piece's output starts in the conversion
    last = 0
    c = 0  # where the piece starts in the text: the cut before it (0 < len(text): pieces are not empty)
    for _i, t in unit:
        runs = len(_WS.findall(text, src, c))  # between cursor and cut
        if runs:
            skip = _skip(runs, False)
            in_text, in_converted = skip.match(text, src), skip.match(converted, dst)
            assert in_text is not None and in_converted is not None  # the same runs on both sides
            src, dst = in_text.end(), in_converted.end()
        if c < src:  # inside the run before the word, identical on both sides
            at = dst - (src - c)
        elif c == src and not text[c].isspace():  # at the start of a (non-empty) word
            at = dst
        else:
            m = _WS.search(converted, dst)
            end = m.start() if m else size
            at = end  # at the end of the word (str.isspace is the regex's \s), or inside a word that stays whole
            if not text[c].isspace() and failed != src:  # inside the word: where its prefix ends, if it agrees
                agreed = _prefix_end(convert(text[src:c]), converted, dst, end)
                if agreed is None:
                    failed = src
                    simplified += 1
                else:
                    at = agreed
        if at > last:
            last = at
        bounds.append(last)
        c += len(t)
    bounds.append(size)
    return [converted[a:b] for a, b in pairwise(bounds)], simplified


def convert_many(texts: Sequence[str], convert: Convert) -> list[str]:
    """Convert independent strings with one call (joined by a separator the converter keeps)."""
    if not texts:
        return []
    if len(texts) == 1:
        return [convert(texts[0])]
    if any("\x00" in t for t in texts):
        return [convert(t) for t in texts]
    out = convert(_SEP.join(texts)).split(_SEP)
    return out if len(out) == len(texts) else [convert(t) for t in texts]


def _separable(convert: Convert) -> bool:
    """Whether `convert` gives each string joined with others by the separator what it gives the string alone.

    `convert_many` takes that for granted; `_cut` used to convert each word prefix alone, and batching the
    prefixes must not change a byte, so it is only done for what is known to be so: a rule-set converter
    (`Converter.convert`) without writers' conventions, whose stages see no further than a word or a line.
    A convention is chosen by searching the whole input (Latin writing ts for ц), so one prefix showing it
    would change how the others convert; any other function may look at its whole input.
    """
    owner = getattr(convert, "__self__", None)
    # the class itself: a subclass may override any step of the conversion
    return type(owner) is Converter and getattr(convert, "__func__", None) is Converter.convert and not owner.variants


class _Converted(dict[str, str]):
    """Strings converted beforehand, by the string; one not among them is converted when asked for."""

    def __init__(self, convert: Convert) -> None:
        super().__init__()
        self._convert = convert

    def __missing__(self, key: str) -> str:
        return self._convert(key)


def _prefixes(cut: Sequence[tuple[list[tuple[int, str]], str]], convert: Convert) -> Convert:
    """`convert` for the `_cut` of these units (with their texts), the prefixes of their cuts converted at once.

    Cutting a paragraph inside a word asks for the conversion of the word's prefix (from the word's start to
    the cut): one converter call per cut, which cost more than converting the rest of the document (2,300
    calls of a few µs on 57 HTML and docx documents). The prefixes follow from the text alone, so they are
    collected first and converted in one call; `_cut` looks them up, and converts what it finds no entry
    for itself. `_units` joins pieces only inside a word, so every cut of a unit has a prefix (never empty,
    never holding whitespace).
    """
    wanted = _flowcut.prefixes(cut) if _flowcut is not None else _prefixes_py(cut)
    table = _Converted(convert)
    table.update(zip(wanted, convert_many(wanted, convert), strict=True))
    return table.__getitem__


def _prefixes_py(cut: Sequence[tuple[list[tuple[int, str]], str]]) -> list[str]:
    """The prefixes `_prefixes` converts, in order and without repeats: the reference `_flowcut.prefixes` is held to."""
    wanted: dict[str, None] = {}  # in order, without repeats
    for unit, text in cut:
        c = 0
        for _i, t in unit[:-1]:
            c += len(t)
            prefix = text[text.rfind(" ", 0, c) + 1 : c]
            if not prefix.isprintable():  # other whitespace (a tab, a no-break space) may start the word later
                after = _TO_LAST_WS.match(prefix)
                prefix = prefix if after is None else prefix[after.end() :]
                if "\x00" in prefix:  # it would make `convert_many` convert every prefix alone
                    continue
            if prefix:
                wanted[prefix] = None
    return list(wanted)


def convert_flows(flows: Sequence[Sequence[Piece]], convert: Convert) -> tuple[list[list[str]], int]:
    """Convert the text pieces of many flows; return the new pieces of each and the simplified-word count.

    Fixed pieces come back as their `raw` text; text pieces come back converted, each holding the output of
    the source text it held.
    """
    if _flowcut is not None:
        results, units, texts = _flowcut.flows(flows)
    else:
        results, units, texts = _flows_py(flows)
    converted = convert_many(texts, convert)
    cut = [(unit, text) for (_n, unit), text in zip(units, texts, strict=True) if len(unit) > 1]
    lookup = _prefixes(cut, convert) if cut and _separable(convert) else convert
    if _flowcut is not None:  # the loop below in C, but for the units `cut_spaces` declines
        simplified, others = _flowcut.place(units, texts, converted, results, lookup)
        for k, declined in others:
            n, unit = units[k]
            parts, lost = _cut_other(unit, texts[k], converted[k], lookup, declined is None)
            simplified += lost
            for (index, _t), part in zip(unit, parts, strict=True):
                results[n][index] = part
        return results, simplified
    simplified = 0
    for (n, unit), text, conv in zip(units, texts, converted, strict=True):
        if len(unit) == 1:
            results[n][unit[0][0]] = conv
            continue
        parts, lost = _cut(unit, conv, lookup, text)
        simplified += lost
        for (index, _t), part in zip(unit, parts, strict=True):
            results[n][index] = part
    return results, simplified


def _flows_py(
    flows: Sequence[Sequence[Piece]],
) -> tuple[list[list[str]], list[tuple[int, list[tuple[int, str]]]], list[str]]:
    """`convert_flows`'s first pass: each flow's pieces with Fixed ones as their raw text (to be overwritten by
    the converted texts), every unit with its flow's number, and each unit's text. The reference
    `_flowcut.flows` is held to."""
    results: list[list[str]] = []
    units: list[tuple[int, list[tuple[int, str]]]] = []
    for n, flow in enumerate(flows):
        if len(flow) == 1 and isinstance(flow[0], str):  # one text piece (most paragraphs of HTML, Markdown,
            piece = flow[0]  # subtitles): its one unit, as `_units` makes it, without the walk
            results.append([piece])
            if piece:
                units.append((n, [(0, piece)]))
            continue
        results.append([p.raw if isinstance(p, Fixed) else p for p in flow])
        units.extend((n, unit) for unit in _units_py(flow))
    texts = [unit[0][1] if len(unit) == 1 else "".join([t for _i, t in unit]) for _n, unit in units]
    return results, units, texts


def convert_flow(pieces: Sequence[Piece], convert: Convert) -> tuple[list[str], int]:
    """`convert_flows` for one flow."""
    out, simplified = convert_flows([pieces], convert)
    return out[0], simplified
