"""The converter: text → words → (memo | protect → lexicon → rules/map → case) → text.

Words repeat a great deal in running text, so each distinct word is converted once and memoised; the text
itself is only split and joined by C code (`re.split`, `str.join`). No Python loop runs per character.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import compress, filterfalse
from operator import not_
from typing import TextIO

from translit import tokenize
from translit.casing import Pattern, pattern_of
from translit.compiler import CompiledRuleSet

try:  # the optional compiled word loop, built by `pip install` where a C compiler is found (hatch_build.py)
    from translit import _speedups

    if getattr(_speedups, "API", 0) != 6:  # a stale build from another version: `pip install -e .` again
        _speedups = None  # type: ignore[assignment]
except ImportError:  # pragma: no cover - the Python path is the reference and does the same
    _speedups = None  # type: ignore[assignment]
_FAST = os.environ.get("TRANSLIT_PURE_PYTHON", "") in ("", "0")  # =1: the Python path only (tests compare)

_CHUNK_MEMO_LIMIT = 1 << 18  # space-separated chunks kept (words with their punctuation); a real vocabulary
_MEMO_LIMIT = 1 << 18  # distinct words kept per stage before the memo is reset (bounds memory)
# what makes `_miss` check a word for a protected token: '@' or '/' anywhere, '`' or www. first
_PROTECTED_ANYWHERE = ("@", "/")
_PROTECTED_FIRST = ("`", "www.", "WWW.")
# newline-joined words holding a character that may not be NFC: outside ASCII, Latin, IPA, spacing modifiers
# and Cyrillic (not its combining marks), every letter has NFC quick check Yes and combining class 0
# (and the apostrophes and invisible joiners that stand inside words)
_SURELY_NFC = r"\x00-\u02ff\u0400-\u0482\u048a-\u052f\u2018\u2019\u200c\u200d\u2060\n"
_NFC_UNSURE_CHAR = re.compile(f"[^{_SURELY_NFC}]")
_LONG_CHUNK = 2048  # longer chunks are converted alone (their URL search window must not reach a neighbour)
# `Stage._fill_words` converts new words in a batch that costs some 20 µs whatever its size (a dozen scans of the
# joined words); one or two (a word's prefix cut at a <b> tag, a short cell) are cheaper one by one (measured on
# news words: 25 against 12 µs for one, 32 against 23 for two, even at four).
_FEW_WORDS = 2
_CHUNK = 1 << 20  # characters read per streaming step


def _batchable(c: CompiledRuleSet) -> bool:
    """Whether words may be converted newline-joined (`Stage._fill_words`): nothing reads or writes a newline,
    no output is re-translated by the table, and a lowercase word needs no `[case] lower` step."""
    table = c.table
    outputs = "".join(c.special_outputs) + "".join(v for v in table.values() if isinstance(v, str))
    if "\n" in outputs or ord("\n") in table or "\\n" in c.special.pattern or "\n" in c.special.pattern:
        return False
    if any(ord(ch) in table for ch in "".join(c.special_outputs)):
        return False
    lower_table = c.caser._lower_table
    return lower_table is None or not any(chr(k).islower() for k in lower_table)


def _odd_lines(text: str, final: re.Pattern[str] | None) -> list[tuple[int, int]]:
    """The (start, end) of each line that may hold a protected token (or a final-tutuq word), in order.

    Found by `str.find` of what `tokenize.may_hold_protected` checks (a regex scan of the same is 10x slower),
    so the other lines are never split apart or looked at in Python."""
    found = [m.start() for m in final.finditer(text)] if final is not None else []
    for needle in ("@", "://", "www.", "WWW."):
        pos = text.find(needle)
        while pos >= 0:
            found.append(pos)
            end = text.find("\n", pos)
            pos = text.find(needle, end) if end >= 0 else -1
    lines: list[tuple[int, int]] = []
    end = -1
    for pos in sorted(found):
        if pos <= end:  # (a line ends at its newline, or at the end of the text)
            continue
        start = text.rfind("\n", 0, pos) + 1
        end = text.find("\n", pos)
        if end < 0:
            end = len(text)
        lines.append((start, end))
    return lines


def _lines_holding(joined: str) -> set[str]:
    """The lines of newline-joined words that hold '@' or '/', or start with '`' or www.: the words `_miss`
    checks for a protected token.

    Found by `str.find` (a multiline regex for the same scans every character, 17 ms for 44k words, where Latin
    text writes o` and g` with a backtick and so nearly always takes this path)."""
    found: set[str] = set()
    lined = "\n" + joined  # every word follows a newline
    for needle in _PROTECTED_ANYWHERE:
        pos = lined.find(needle)
        while pos >= 0:
            start = lined.rfind("\n", 0, pos) + 1
            end = lined.find("\n", pos)
            if end < 0:
                end = len(lined)
            found.add(lined[start:end])
            pos = lined.find(needle, end)
    for needle in _PROTECTED_FIRST:
        pos = lined.find("\n" + needle)
        while pos >= 0:
            end = lined.find("\n", pos + 1)
            if end < 0:
                end = len(lined)
            found.add(lined[pos + 1 : end])
            pos = lined.find("\n" + needle, end)
    return found


def _lines_at(joined: str, pattern: re.Pattern[str]) -> set[str]:
    """The lines of `joined` in which `pattern` finds a match (one that never crosses a newline)."""
    found: set[str] = set()
    end = -1
    for match in pattern.finditer(joined):
        pos = match.start()
        if pos <= end:  # this line is in already (an empty match at a newline ends the line before it)
            continue
        start = joined.rfind("\n", 0, pos) + 1
        end = joined.find("\n", pos)
        if end < 0:
            end = len(joined)
        found.add(joined[start:end])
    return found


def _lines_equal(joined: str, words: list[str], terms: re.Pattern[str]) -> set[str]:
    """The words (the lines of `joined`) whose casefold is one of the protected terms: `terms` is a newline,
    then a trie of them, then a newline ahead (`CompiledRuleSet.protect_terms_re`), searched in the casefolded
    joined words. One scan: 2 ms for 44k words, against 9 for casefolding them into a list to intersect."""
    folded = "\n" + joined.casefold() + "\n"  # casefold writes no newline: its lines are the words, in order
    found: set[str] = set()
    line, seen = 0, 0  # the line number at position `seen`, counted on from one hit to the next
    for match in terms.finditer(folded):
        pos = match.start()
        line += folded.count("\n", seen, pos)
        seen = pos
        found.add(words[line])
    return found


def _split_case(words: Iterable[str]) -> tuple[list[str], list[str], list[str]]:
    """The words by case: lowercase, title (`pattern_of` TITLE: an uppercase first letter, a lowercase rest),
    and the others. `_speedups.split_case` does the same in C."""
    lower: list[str] = []
    title: list[str] = []
    other: list[str] = []
    for word in words:
        if word.islower():
            lower.append(word)
        elif word[:1].isupper() and word[1:].islower():
            title.append(word)
        else:
            other.append(word)
    return lower, title, other


def _title_all(outs: list[str], upper: Callable[[str], str], title: Callable[[str], str]) -> list[str]:
    """Each output title-cased: a lowercase first letter by `upper` (what `Caser.title` does then, quicker),
    else by `title`. `_speedups.title_all` does the same in C."""
    return [upper(o[0]) + o[1:] if o[:1].isalpha() and o[:1].islower() else title(o) for o in outs]


def _table_tuple(table: dict[int, str]) -> tuple[str | None, ...] | None:
    """The `str.translate` table as a tuple by code point, when every entry is a str below U+3000."""
    if not table or max(table) >= 0x3000 or not all(isinstance(v, str) for v in table.values()):
        return None
    return tuple(table.get(i) for i in range(max(table) + 1))


@dataclass(frozen=True)
class Piece:
    """One stretch of output and why it was produced (for `explain`)."""

    start: int  # offset in the stage's input text
    end: int
    source: str
    output: str
    rule: str  # rule id, "map", "lexicon", "protect", or "keep" (copied: not a source letter)
    warning: str | None = None


class Stage:
    """One compiled rule set applied to text, with its own memo of converted words."""

    def __init__(self, compiled: CompiledRuleSet) -> None:
        self.compiled = compiled
        self.id = compiled.ruleset.id
        self._memo: dict[str, str] = {}
        self._chunks: dict[str, str] = {}
        # whole-word lexicon entries that end in a tutuq (mavqe' → мавқеъ) keep their final apostrophe
        final = tuple(w[:-1] for w in compiled.words if w[-1:] == "'" and w[-2:-1] not in ("o", "g", ""))
        self._tokenizer = tokenize.Tokenizer(apostrophes=compiled.uses_apostrophes, final_apostrophe=final)
        self._batchable = _batchable(compiled)
        self._apostrophes = compiled.uses_apostrophes
        self._fast = _speedups is not None and self._batchable and _FAST
        # the words earlier C calls met, with their outputs: a cache of `_memo` (cleared with it) that the C loop
        # reads without making a str of each word (see `_speedups.WordTable`)
        self._met = _speedups.WordTable() if self._fast else None
        # the letter table as a tuple by code point, for `_speedups.translate` (None: str.translate)
        self._table = _table_tuple(compiled.table) if self._fast else None
        # the C loop cuts words without the final-tutuq exception: a text holding one of them takes Python
        # (?i:w1|w2…)' written as: an apostrophe, then a lookbehind per word; the search then scans for the
        # apostrophe class in C, where the alternation was tried at every position (0.25 s on 2 MB of Latin)
        a = tokenize._A
        behind = "|".join(f"(?<=(?i:{re.escape(w)}){a})" for w in sorted(final, key=len, reverse=True))
        self._final = re.compile(f"{a}(?:{behind})") if final and self._apostrophes else None

    def __getstate__(self) -> dict[str, object]:
        """A pickled stage (the registry's disk cache, a worker) leaves its table of words met behind: it is a
        cache of the memo, in C, and a new one is made on loading (`__setstate__`)."""
        state = self.__dict__.copy()
        state["_met"] = None
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._met = _speedups.WordTable() if self._fast and _speedups is not None else None

    # -- whole text ---------------------------------------------------------------------------------
    def convert(self, text: str) -> str:
        """Convert by space-separated chunks first, through a memo of whole chunks.

        No word, URL, handle or initial contains a space, so a chunk converts the same alone as inside its
        text (tests/test_latin_cyrillic.py checks both ways agree). The chunks never seen before are
        converted together, as one space-joined text, so the per-chunk Python work is one dict lookup.
        """
        if self._fast:
            out = self._convert_fast(text)
            if out is not None:
                return out
        return self._convert_chunks(text)

    def _convert_chunks(self, text: str) -> str:
        if "`" in text:  # a code span may hold spaces: it must be found in the whole text
            return self.convert_words(text)
        chunks = text.split(" ")
        memo = self._chunks
        new = set(chunks).difference(memo)
        if new:
            self._fill_chunks(new)
        out = " ".join(map(memo.__getitem__, chunks))
        if len(memo) > _CHUNK_MEMO_LIMIT:
            memo.clear()  # bounded: never more than the limit between calls
        return out

    def _convert_fast(self, text: str) -> str | None:
        """The word loop in C (`translit._speedups`), for text without protected spans or code; None: not here.

        Lines holding a URL, e-mail or handle candidate, or a lexicon word with a final tutuq, take the Python
        path one by one (neither crosses a line), and the other lines go through C together.
        """
        if "`" in text and tokenize.has_code(text):
            return None
        final = self._final if self._final is not None and self._final.search(text) else None
        if final is not None or "@" in text or "://" in text or "www." in text or "WWW." in text:
            lines = _odd_lines(text, final)
            if len(lines) * 4 > text.count("\n") + 1:
                return None
            return self._words_fast(text, [(s, e, self._convert_chunks(text[s:e])) for s, e in lines])
        return self._words_fast(text)

    def _words_fast(self, text: str, cuts: list[tuple[int, int, str]] | None = None) -> str:
        memo = self._memo
        out = _speedups.convert(text, memo, self._apostrophes, self._fill_words, cuts, self._met)
        if len(memo) > _MEMO_LIMIT:
            self._clear_memo()
        return out

    def _clear_memo(self) -> None:
        """Forget the converted words (bounds memory), and the C loop's table of them with them."""
        self._memo.clear()
        if self._met is not None:
            self._met.clear()

    def _fill_chunks(self, new: set[str]) -> None:
        memo = self._chunks
        batch = [c for c in new if len(c) < _LONG_CHUNK]  # a long chunk's URL search window is its own
        if len(batch) < len(new):
            for chunk in new.difference(batch):
                memo[chunk] = self.convert_words(chunk)
        if not batch:
            return
        outs = self.convert_words(" ".join(batch)).split(" ")
        if len(outs) != len(batch):  # some output holds a space (a lexicon entry): convert one by one
            outs = [self.convert_words(chunk) for chunk in batch]
        memo.update(zip(batch, outs, strict=True))

    def convert_words(self, text: str) -> str:
        """Tokenize and convert word by word (through the word memo): the path `convert` takes on a miss."""
        parts = self._tokenizer.split(text)
        if len(parts) == 1:
            return text
        memo = self._memo
        words = parts[1::2]
        new = set(words).difference(memo)
        if new:
            self._fill_words(new)
        parts[1::2] = map(memo.__getitem__, words)
        if len(memo) > _MEMO_LIMIT:
            self._clear_memo()
        return "".join(parts)

    def _miss(self, word: str) -> str:
        """One word by the reference path (protected tokens are kept)."""
        if ("@" in word or "/" in word or word[:1] == "`" or word[:4] in ("www.", "WWW.")) and (
            tokenize.is_protected_token(word)
        ):
            return word
        return self.convert_word(word)

    def _fill_words(self, new: set[str]) -> None:
        """Convert new words into the memo, most of them together: equal to `_miss` on each word. (`new` is
        consumed: the words handled early are taken out of it in place, not copied without them.)

        A lowercase (or title or upper case) word outside the lexicon converts as `special` rules plus the
        `str.translate` table, and neither can see past a word's edges, which a newline also is: so all such
        words are joined by newlines and converted by one `re.sub` and one `translate`. The rest (lexicon
        words and stems, mixed case, protected and unnormalised words) take `convert_word` one by one.
        """
        memo = self._memo
        c = self.compiled
        if not self._batchable or len(new) <= _FEW_WORDS:
            for word in new:
                memo[word] = self._miss(word)
            return
        joined = "\n".join(new)
        odd = None
        if "@" in joined or "/" in joined or "`" in joined or "www." in joined or "WWW." in joined:
            odd = _lines_holding(joined)  # the words `_miss` looks at twice
            if joined.count("\n") >= len(new):  # a code span holds a newline itself: it is not one line
                odd.update(w for w in new if w[:1] == "`" or "\n" in w)
        if c.normalize and _NFC_UNSURE_CHAR.search(joined):
            unsure = _lines_at(joined, _NFC_UNSURE_CHAR)  # (a scan for a character set, then str.find)
            odd = (odd or set()) | {w for w in unsure if not unicodedata.is_normalized("NFC", w)}
        if odd:
            for word in odd:
                memo[word] = self._miss(word)
            new -= odd
        inert = new.intersection(c.inert.findall(joined))  # no letter to convert: `convert_word` keeps them
        if inert:
            memo.update({w: w for w in inert})
            new -= inert
        if new and (c.protect_terms or c.protect_re is not None or c.protect_in is not None):
            kept = self._kept(new)
            if kept:
                memo.update({w: w for w in kept})
                new -= kept
        # lowercase words, most of them, in comprehensions; the lexicon's words and stems one by one
        plain, titles, others = _speedups.split_case(new) if self._fast else _split_case(new)
        listed = self._listed(plain)
        if listed:
            for word in listed:
                memo[word] = self.convert_word(word)
            plain = list(filterfalse(listed.__contains__, plain))
        # title words (most of the capitalised ones) by C-level list operations; the others one by one
        title_lows = c.caser.lower_all(titles)
        cased: list[tuple[str, Pattern, str]] = []  # the others: ALL CAPS words (and pattern_of's other TITLEs)
        for word in others:
            pattern = pattern_of(word)
            if pattern is Pattern.LOWER or pattern is Pattern.MIXED or not c.convertible.search(word):
                memo[word] = self.convert_word(word)
                continue
            cased.append((word, pattern, c.caser.lower(word)))
        known = self._listed(title_lows + [low for _w, _p, low in cased])  # the lexicon's, one by one
        if known:
            listed_titles = list(map(known.__contains__, title_lows))
            for word in compress(titles, listed_titles):
                memo[word] = self.convert_word(word)
            unlisted = list(map(not_, listed_titles))
            titles, title_lows = list(compress(titles, unlisted)), list(compress(title_lows, unlisted))
        abbreviation = c.abbreviation
        if cased and (known or abbreviation is not None):
            rest = []
            for item in cased:
                word, pattern, low = item
                if low in known or (
                    pattern is Pattern.UPPER and abbreviation is not None and abbreviation.fullmatch(low)
                ):
                    memo[word] = self.convert_word(word)
                else:
                    rest.append(item)
            cased = rest
        if not plain and not titles and not cased:
            return
        text = "\n".join([*plain, *title_lows, *(lower for _w, _p, lower in cased)])
        if c.blocker is not None:
            outputs = c.special_outputs
            text = c.special.sub(lambda m: outputs[m.lastindex or 0], text)
        table = self._table
        outs = (text.translate(c.table) if table is None else _speedups.translate(text, table)).split("\n")
        if c.fallback is not None:  # ь and ц for words no lexicon entry knows, as `convert_word` does
            outs = c.fallback.apply_all(outs, _speedups.window_hits if self._fast else None)
        # one output per word (`_batchable` writes no newline): the lowercase words', the title words', the rest
        memo.update(zip(plain, outs, strict=False))
        title_outs = outs[len(plain) : len(plain) + len(titles)]
        title_all = _speedups.title_all if self._fast else _title_all
        memo.update(zip(titles, title_all(title_outs, c.caser.upper, c.caser.title), strict=True))
        apply = c.caser.apply
        for (word, pattern, _lower), out in zip(cased, outs[len(plain) + len(titles) :], strict=True):
            memo[word] = apply(pattern, out)

    def _kept(self, new: set[str]) -> set[str]:
        """The words of `new` that `[protect]` keeps (`CompiledRuleSet.protects`), found by scans of them all
        newline-joined where `linesafe` proved a scan equal to the per-word calls."""
        c = self.compiled
        words = list(new)
        joined = "\n".join(words)
        one_per_line = joined.count("\n") == len(words) - 1  # (a code span may hold a newline)
        kept: set[str] = set()
        if c.protect_terms_re is not None and one_per_line:
            kept.update(_lines_equal(joined, words, c.protect_terms_re))
        elif c.protect_terms:
            folds = [w.casefold() for w in words]
            hit = c.protect_terms.intersection(folds)
            if hit:
                kept.update(w for w, f in zip(words, folds, strict=True) if f in hit)
        if c.protect_re is not None:
            if c.protect_lines is not None and one_per_line:
                kept.update(m[0] for m in c.protect_lines.finditer(joined))
            else:
                kept.update(filter(c.protect_re.fullmatch, words))
        if c.protect_in is not None:
            if one_per_line:
                for pattern in c.protect_in_lines:
                    kept.update(_lines_at(joined, pattern))
                if c.protect_in_words is not None:
                    kept.update(filter(c.protect_in_words.search, words))
            else:
                kept.update(filter(c.protect_in.search, words))
        return kept

    def _listed(self, lowers: list[str]) -> set[str]:
        """The words of `lowers` (lowercase) that `_lexicon` finds: set lookups for whole words, and one
        regex scan of them all newline-joined for stems (a stem is a prefix; no stem holds a newline)."""
        c = self.compiled
        if not lowers or not (c.words or c.stems):
            return set()
        if c.stems and (c.stem_key == 0 or c.stem_lines is None):  # pragma: no cover - no such rule set
            return {w for w in lowers if self._lexicon(w) is not None}
        joined = "\n".join(lowers)
        folded = False
        if c.fold is not None:  # lexicon keys are folded (one apostrophe for all), and so are the words
            for code, to in c.fold.items():  # str.replace per apostrophe: translate looks up every character
                if chr(code) != to and chr(code) in joined:
                    joined = joined.replace(chr(code), to)
                    folded = True
        keys = joined.split("\n") if folded else lowers
        # the keys listed, by C-level set operations: each key looked up in the dict, the stems' one scan
        hit = c.words.keys() & keys
        if c.stem_lines is not None:
            hit.update(c.stem_lines.findall(joined))
        if not hit or not folded:
            return hit  # (a key is its word)
        return set(compress(lowers, map(hit.__contains__, keys)))  # (C-level iteration: 3x a set comprehension)

    # -- one word -----------------------------------------------------------------------------------
    def convert_word(self, word: str) -> str:
        c = self.compiled
        if not c.convertible.search(word):
            return word
        if c.protects(word):
            return word
        if c.normalize and not unicodedata.is_normalized("NFC", word):
            word = unicodedata.normalize("NFC", word)
        lower = c.caser.lower(word)  # the [case] lower table first (İ → i, I → ı in Kazakh Latin)
        pattern = pattern_of(word)

        found = self._lexicon(lower)
        if found is not None:
            stem_out, rest = found
            out = stem_out if rest is None else stem_out + self._render(lower, rest)
            if pattern is Pattern.MIXED:
                pattern = Pattern.TITLE if word[:1].isupper() else Pattern.LOWER
            return c.caser.apply(pattern, out)

        if pattern is Pattern.MIXED:
            return self._render_mixed(word, lower)
        if pattern is Pattern.UPPER and c.abbreviation is not None and c.abbreviation.fullmatch(lower):
            return self._render_abbreviation(lower)
        if c.blocker is None or not c.blocker.search(lower):
            out = lower.translate(c.table)
        else:
            out = self._render(lower, 0)
        if c.fallback is not None:
            out = c.fallback.apply(out)
        return c.caser.apply(pattern, out) if pattern is not Pattern.LOWER else out

    def _lexicon(self, lower: str) -> tuple[str, int | None] | None:
        """(output, None) for a whole-word entry, (stem output, stem length) for a stem, else None."""
        c = self.compiled
        if c.fold is not None:
            lower = lower.translate(c.fold)
        whole = c.words.get(lower)
        if whole is not None:
            return whole, None
        if lower[: c.stem_key] not in c.stem_heads:
            return None
        for length in c.stem_lengths:
            if length <= len(lower):
                stem = c.stems.get(lower[:length])
                if stem is not None:
                    return stem, length
        return None

    def _render(self, lower: str, start: int) -> str:
        c = self.compiled
        outputs, table = c.special_outputs, c.table
        parts: list[str] = []
        pos = start
        for m in c.special.finditer(lower, start):
            s = m.start()
            if s > pos:
                parts.append(lower[pos:s].translate(table))
            parts.append(outputs[m.lastindex or 0])
            pos = m.end()
        parts.append(lower[pos:].translate(table))
        return "".join(parts)

    def _render_abbreviation(self, lower: str) -> str:
        """An ALL-CAPS abbreviation in a style that title-cases its digraphs: АҚШ → AQSh, МЧЖ → MChJ."""
        c = self.compiled
        parts: list[str] = []
        pos = 0
        for m in c.pattern.finditer(lower):
            s, e = m.span()
            if s > pos:
                parts.append(c.caser.upper(lower[pos:s]))
            parts.append(c.caser.title(c.outputs[m.lastindex or 0]))
            pos = e
        parts.append(c.caser.upper(lower[pos:]))
        return "".join(parts)

    def _render_mixed(self, word: str, lower: str) -> str:
        outputs = self.compiled.outputs
        caser = self.compiled.caser
        parts: list[str] = []
        pos = 0
        for m in self.compiled.pattern.finditer(lower):
            s, e = m.span()
            if s > pos:
                parts.append(word[pos:s])
            out = outputs[m.lastindex or 0]
            if word[s].isupper():
                out = caser.piece(out, word, s, e)
            parts.append(out)
            pos = e
        parts.append(word[pos:])
        return "".join(parts)

    # -- explain --------------------------------------------------------------------------------------
    def explain(self, text: str) -> list[Piece]:
        """Each word's pieces with the rule that produced them; slow, for people, not for archives."""
        pieces: list[Piece] = []
        offset = 0
        for index, part in enumerate(self._tokenizer.split(text)):
            if index % 2 == 1 and part:
                pieces.extend(self._explain_word(part, offset))
            offset += len(part)
        return pieces

    def _explain_word(self, word: str, offset: int) -> Iterator[Piece]:
        c = self.compiled
        end = offset + len(word)
        if tokenize.is_protected_token(word) or c.protects(word):
            yield Piece(offset, end, word, word, "protect")
            return
        if not c.convertible.search(word):
            yield Piece(offset, end, word, word, "keep")
            return
        lower = c.caser.lower(word)
        found = self._lexicon(lower)
        start = 0
        if found is not None:
            stem_out, rest = found
            if rest is None:
                yield Piece(offset, end, word, self.convert_word(word), "lexicon")
                return
            yield Piece(offset, offset + rest, word[:rest], stem_out, "lexicon")
            start = rest
        pos = start
        for m in c.pattern.finditer(lower, start):
            s, e = m.span()
            if s > pos:
                yield Piece(offset + pos, offset + s, word[pos:s], word[pos:s], "keep")
            alt = c.alternatives[m.lastindex or 0]
            out = alt.output
            if word[s].isupper():
                out = (
                    c.caser.piece(out, word, s, e)
                    if pattern_of(word) is Pattern.MIXED
                    else (c.caser.upper(out) if pattern_of(word) is Pattern.UPPER else c.caser.title(out))
                )
            yield Piece(offset + s, offset + e, word[s:e], out, alt.rule_id, alt.warn)
            pos = e
        if pos < len(word):
            yield Piece(offset + pos, end, word[pos:], word[pos:], "keep")


_STRAIGHT_QUOTE = re.compile(r'"')


def _quote_table(quotes: str) -> Callable[[str], str]:
    """Straight double quotes → the style's pair: opening after a space, a line start or ([ —, else closing.

    Decided from the character before each quote, so a stream cut at whitespace gives the same result.
    """
    opening, closing = quotes[0], quotes[1]

    def replace(match: re.Match[str]) -> str:
        start = match.start()
        before = match.string[start - 1] if start else " "
        return opening if before.isspace() or before in "([{—–-/" else closing

    return lambda text: _STRAIGHT_QUOTE.sub(replace, text) if '"' in text else text


class Converter:
    """A conversion from one script to another: one stage, or a chain of stages applied in order.

    `variants` are alternative stage lists for writers' conventions read from the text (regex, stages):
    the first whose regex finds a match in the text converts it. `quotes` is the style's typography.
    """

    def __init__(
        self,
        stages: list[Stage],
        source: str,
        target: str,
        rule_set_id: str,
        *,
        variants: list[tuple[re.Pattern[str], list[Stage]]] | None = None,
        quotes: str | None = None,
    ) -> None:
        self.stages = stages
        self.source = source
        self.target = target
        self.id = rule_set_id
        self.variants = variants or []
        self._quotes = _quote_table(quotes) if quotes else None

    def _stages_for(self, text: str) -> list[Stage]:
        for regex, stages in self.variants:
            if regex.search(text):
                return stages
        return self.stages

    def __repr__(self) -> str:
        return f"Converter({self.id!r}: {self.source} → {self.target})"

    def convert(self, text: str) -> str:
        """Convert a whole string; every character that is not part of a converted word is kept."""
        if len(text) > 2 * _CHUNK:  # long texts go piecewise: smaller lists, warmer caches
            return "".join(self.iter_convert(text[i : i + _CHUNK] for i in range(0, len(text), _CHUNK)))
        return self._convert_piece(text, self._stages_for(text) if self.variants else self.stages)

    def _convert_piece(self, text: str, stages: list[Stage]) -> str:
        for stage in stages:
            text = stage.convert(text)
        return text if self._quotes is None else self._quotes(text)

    def convert_word(self, word: str) -> str:
        for stage in self.stages:
            word = stage.convert_word(word)
        return word

    def iter_convert(self, chunks: Iterator[str] | list[str]) -> Iterator[str]:
        """Convert a stream of text chunks; pieces are re-cut at whitespace so no word is ever split."""
        carry = ""
        stages: list[Stage] | None = None  # a writer's convention is read from the first piece
        for chunk in chunks:
            if not chunk:
                continue
            buffer = carry + chunk
            cut = tokenize.safe_cut(buffer)
            if cut == 0:
                if len(buffer) < 16 * _CHUNK:
                    carry = buffer
                    continue
                cut = len(buffer)  # a 16M-character "word": convert it as it is, memory stays bounded
            if stages is None:
                stages = self._stages_for(buffer) if self.variants else self.stages
            yield self._convert_piece(buffer[:cut], stages)
            carry = buffer[cut:]
        if carry:
            yield self._convert_piece(carry, stages or (self._stages_for(carry) if self.variants else self.stages))

    def convert_stream(self, src: TextIO, dst: TextIO, chunk_size: int = _CHUNK) -> None:
        """Read `src` and write `dst` in constant memory (file objects opened with newline='')."""
        for piece in self.iter_convert(iter(lambda: src.read(chunk_size), "")):
            dst.write(piece)

    def explain(self, text: str) -> list[tuple[str, list[Piece]]]:
        """For each stage, the pieces of its output and the rule behind each (a chain has several stages)."""
        steps: list[tuple[str, list[Piece]]] = []
        for stage in self._stages_for(text) if self.variants else self.stages:
            steps.append((stage.id, stage.explain(text)))
            text = stage.convert(text)
        return steps
