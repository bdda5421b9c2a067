"""A document unit (paragraph flow, cell, cue, string) cut into sentences for translation, and put back.

A rewriter hands a unit over as pieces: text (runs, text nodes) and `Fixed` pieces (inline tags, breaks,
code spans, placeholders) that must come back where they were. For translation:

- a Fixed piece with text of its own (Markdown ``code``, ``%s``, an entity) becomes a numbered marker
  ``[[n]]`` in the sentence the model sees, so the segment keeps it;
- inline tags are invisible to the model; breaks and tabs read as spaces;
- Markdown block markers (``* ``, ``1. ``, ``# ``, ``> ``) at a line start are taken out of the model's input
  and end a paragraph; other line breaks inside a unit read as spaces (a sentence may run across them).

Putting a translation back: the unit's pieces and sentences form groups (a piece belongs to every sentence it
overlaps). A group with one text piece gets its sentences' translation; a piece that held whole sentences
thus keeps its formatting. In a group of several pieces the translation is cut at the markers between them
when the model kept them in order; a piece whose words come back verbatim (a name or number in bold) keeps
them; what cannot be placed goes to the piece with most letters (the dominant format) and the others are
emptied ("formatting simplified", counted).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from translit.documents._flow import Fixed, Piece
from translit.segment import split_sentences

__all__ = ["MARKER", "Unit", "marker", "prepare", "strip_markers"]

MARKER = re.compile(r"\[\[\s*(\d+)\s*\]\]")
_MD_BLOCK = re.compile(r"(?m)^[ ]{0,3}(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d{1,9}[.)][ \t]+)")


def marker(n: int) -> str:
    return f"[[{n}]]"


def strip_markers(text: str) -> str:
    """The text without any marker (double spaces left by one closed up)."""
    return re.sub(r"[ ]{2,}", " ", MARKER.sub("", text)).strip()


@dataclass
class _Sub:
    """A piece of the unit after Markdown markers were cut out: which original piece it came from."""

    origin: int
    kind: str  # "text", "code" (a marker), "tag" (invisible), "soft" (reads as a space), "hard" (ends a line)
    raw: str
    start: int = 0  # offset in the unit's flat text
    end: int = 0
    code: int = 0  # the marker number of a "code" piece


@dataclass
class _Group:
    sentences: list[int]
    subs: list[int]  # indexes of the text subs


@dataclass
class Unit:
    """One unit ready for translation: its flat text (markers in), its sentences, how to put them back."""

    pieces: list[Piece]
    subs: list[_Sub]
    flat: str
    sentences: list[tuple[int, int]]  # (start, end) in `flat`
    codes: dict[int, str]  # marker number -> the raw text it stands for
    groups: list[_Group] = field(default_factory=list)
    #: where the unit is in the document: a human name ("body", "header", "footnote", "slide 2", "text box")
    #: and the container member it was read from ("word/header1.xml"; None for a file of one part)
    part: str = "document"
    member: str | None = None

    @property
    def texts(self) -> list[str]:
        """Each sentence with its markers."""
        return [self.flat[a:b] for a, b in self.sentences]

    def display(self, text: str) -> str:
        """A sentence (source or target) with the markers shown as what they stand for."""
        return MARKER.sub(lambda m: self.codes.get(int(m.group(1)), ""), text)

    def rebuild(self, targets: Sequence[str | None]) -> tuple[list[str], int]:
        """The unit's original pieces with each sentence replaced by its target (None: kept as it is).

        Returns the output of every original piece (Fixed pieces as their raw text) and how many groups had
        their formatting simplified.
        """
        out = [s.raw for s in self.subs]
        simplified = 0
        for group in self.groups:
            if all(targets[i] is None for i in group.sentences):
                continue
            first, last = self.subs[group.subs[0]], self.subs[group.subs[-1]]
            a, b = self.sentences[group.sentences[0]][0], self.sentences[group.sentences[-1]][1]
            parts = [self.flat[first.start : a] if first.start < a else ""]
            for k, i in enumerate(group.sentences):
                target = targets[i]
                parts.append(target if target is not None else self.flat[slice(*self.sentences[i])])
                if k + 1 < len(group.sentences):
                    parts.append(self.flat[self.sentences[i][1] : self.sentences[group.sentences[k + 1]][0]])
            parts.append(self.flat[b : last.end] if last.end > b else "")
            simplified += self._place("".join(parts), group, out)
        merged = [""] * len(self.pieces)
        for sub, text in zip(self.subs, out, strict=True):
            merged[sub.origin] += text
        return merged, simplified

    def _place(self, text: str, group: _Group, out: list[str]) -> int:
        lo, hi = group.subs[0], group.subs[-1]
        inner = [s.code for s in self.subs[lo : hi + 1] if s.kind == "code"]
        text = _unmark(text, [n for n in self.codes if n not in inner])  # codes at the edges stay in place
        first, last = self.subs[lo].raw, self.subs[hi].raw
        if first[:1].isspace() and not text[:1].isspace():
            text = first[: len(first) - len(first.lstrip())] + text
        if last[-1:].isspace() and not text[-1:].isspace():
            text += last[len(last.rstrip()) :]
        if len(group.subs) == 1:
            out[lo] = text
            return 0
        regions: list[list[int]] = [[]]
        for index in range(lo, hi + 1):
            kind = self.subs[index].kind
            if kind == "code":
                regions.append([])
            elif kind == "text":
                regions[-1].append(index)
        if inner and [int(m.group(1)) for m in MARKER.finditer(text)] == inner:
            chunks = MARKER.split(text)[0::2]  # the text between the group's markers
            simplified = 0
            carry = ""
            for k, (region, chunk) in enumerate(zip(regions, chunks, strict=True)):
                chunk = carry + chunk
                carry = ""
                if region:
                    simplified |= self._dominant(chunk, region, out)
                elif k + 1 < len(regions):
                    carry = chunk
                elif chunk.strip():
                    out[next(r for r in reversed(regions) if r)[-1]] += chunk
            return simplified
        return self._dominant(_unmark(text, inner), group.subs, out)

    def _dominant(self, text: str, region: list[int], out: list[str]) -> int:
        """Give `text` to the pieces of `region`: a piece whose words come back verbatim in the translation (a
        name, a number, a code in bold) keeps them; the rest goes to the piece with most letters (the dominant
        format); the spaces around it stay at the ends."""
        if len(region) == 1:
            out[region[0]] = text
            return 0
        core = text.strip()
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :] if core else ""
        best = max(region, key=lambda i: (sum(c.isalpha() for c in self.subs[i].raw), -i))
        for i in region:
            out[i] = ""
        placed = self._words(core, region, best)
        if placed is None:
            out[best] += core
        else:
            for i, part in placed:
                out[i] += part
        out[region[0]] = lead + out[region[0]]
        out[region[-1]] += trail
        found = {i for i, _p in placed or []}
        return 0 if all(i in found or not self.subs[i].raw.strip() for i in region) else 1

    def _words(self, core: str, region: list[int], best: int) -> list[tuple[int, str]] | None:
        """Pieces of `region` other than `best` found verbatim, in order, in `core`: (piece, text) for every
        piece in order, the text between the found ones given to the dominant piece when it lies between them
        (else None: no word-level placement)."""
        spans: list[tuple[int, int, int]] = []  # (piece, start, end) in core
        at = 0
        for i in region:
            word = self.subs[i].raw.strip()
            if i == best or not any(c.isalnum() for c in word):
                continue
            m = re.compile(r"(?<!\w)" + re.escape(word) + r"(?!\w)").search(core, at)
            if m is None:
                continue
            spans.append((i, m.start(), m.end()))
            at = m.end()
        if not spans:
            return None
        matched = {i for i, _a, _b in spans}

        def home(after: int, before: int) -> int | None:
            """The unmatched piece with most letters between two matched ones (the dominant one if there)."""
            between = [i for i in region if after < i < before and i not in matched and self.subs[i].raw.strip()]
            if best in between:
                return best
            return max(between, key=lambda i: sum(c.isalpha() for c in self.subs[i].raw), default=None)

        placed: list[tuple[int, str]] = []
        cursor = 0
        last = -1  # the last piece that got a word
        for i, a, b in spans:
            gap = core[cursor:a]
            if gap.strip():
                where = home(last, i)
                if where is None:
                    return None  # no piece between the two words to hold the text between them
                placed.append((where, gap))
            elif gap:
                placed.append((last if last >= 0 else i, gap))
            placed.append((i, core[a:b]))
            cursor, last = b, i
        rest = core[cursor:]
        if rest.strip():
            where = home(last, len(self.subs))
            if where is None:
                return None
            placed.append((where, rest))
        elif rest:
            placed.append((last, rest))
        return placed


def _unmark(text: str, codes: Sequence[int]) -> str:
    """Text without the markers of `codes` (their Fixed pieces keep those codes in place anyway)."""
    drop = set(codes)

    def sub(m: re.Match[str]) -> str:
        if int(m.group(2)) not in drop:
            return m.group(0)
        return " " if m.group(1) and m.group(3) else m.group(1) + m.group(3)

    return re.sub(r"( ?)\[\[\s*(\d+)\s*\]\]( ?)", sub, text)


def prepare(pieces: Sequence[Piece], lang: str = "uz", *, markdown: bool = False) -> Unit:
    """Cut one unit into sentences (see the module docstring)."""
    subs: list[_Sub] = []
    for origin, piece in enumerate(pieces):
        if isinstance(piece, Fixed):
            if piece.raw.strip() and piece.stand_in:
                subs.append(_Sub(origin, "code", piece.raw))
            elif piece.stand_in:
                subs.append(_Sub(origin, "soft", piece.raw))
            else:
                subs.append(_Sub(origin, "tag", piece.raw))
            continue
        if not markdown:
            subs.append(_Sub(origin, "text", piece))
            continue
        last = 0
        for m in _MD_BLOCK.finditer(piece):
            if m.start() > last:
                subs.append(_Sub(origin, "text", piece[last : m.start()]))
            subs.append(_Sub(origin, "hard", m.group()))
            last = m.end()
        if last < len(piece):
            subs.append(_Sub(origin, "text", piece[last:]))
    flat: list[str] = []
    split: list[str] = []
    codes: dict[int, str] = {}
    at = 0
    for sub in subs:
        if sub.kind == "text":
            shown = sub.raw
            seen = sub.raw.replace("\r", " ").replace("\n", " ")
        elif sub.kind == "code":
            sub.code = len(codes) + 1
            codes[sub.code] = sub.raw
            shown = seen = marker(sub.code)
        elif sub.kind == "soft":
            shown = seen = " "
        elif sub.kind == "hard":
            shown = seen = "\n"
        else:
            shown = seen = ""
        sub.start, sub.end = at, at + len(shown)
        at = sub.end
        flat.append(shown)
        split.append(seen)
    flat_text = "".join(flat)
    # a heading line ends where its line does
    split_text = _heading_ends(subs, "".join(split), flat_text) if markdown else "".join(split)
    sentences = [
        (s.start, s.end) for s in split_sentences(split_text, lang) if any(c.isalpha() for c in MARKER.sub("", s.text))
    ]
    unit = Unit(list(pieces), subs, flat_text, sentences, codes)
    unit.groups = _groups(unit)
    return unit


def _heading_ends(subs: list[_Sub], split_text: str, flat_text: str) -> str:
    chars = list(split_text)
    for sub in subs:
        if sub.kind == "hard" and sub.raw.lstrip().startswith("#"):
            nl = flat_text.find("\n", sub.end)
            if nl >= 0:
                chars[nl] = "\n"
    return "".join(chars)


def _groups(unit: Unit) -> list[_Group]:
    text_subs = [i for i, s in enumerate(unit.subs) if s.kind == "text" and s.end > s.start]
    groups: list[_Group] = []
    for si, (a, b) in enumerate(unit.sentences):
        members = [i for i in text_subs if unit.subs[i].start < b and unit.subs[i].end > a]
        if groups and set(members) & set(groups[-1].subs):
            groups[-1].sentences.append(si)
            groups[-1].subs = sorted(set(groups[-1].subs) | set(members))
        elif members:
            groups.append(_Group([si], members))
    return groups
