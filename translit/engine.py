"""The converter: text → words → (memo | protect → lexicon → rules/map → case) → text.

Words repeat a great deal in running text, so each distinct word is converted once and memoised; the text
itself is only split and joined by C code (`re.split`, `str.join`). No Python loop runs per character.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TextIO

from translit import tokenize
from translit.casing import Pattern, pattern_of
from translit.compiler import CompiledRuleSet

_CHUNK_MEMO_LIMIT = 1 << 16  # space-separated chunks kept (words with their punctuation)
_MEMO_LIMIT = 1 << 18  # distinct words kept per stage before the memo is reset (bounds memory)
_CHUNK = 1 << 20  # characters read per streaming step


def _remember(memo: dict[str, str], key: str, value: str, limit: int) -> str:
    """Store in a bounded memo: when full it is emptied, so memory never grows with the input."""
    if len(memo) >= limit:
        memo.clear()
    memo[key] = value
    return value


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

    # -- whole text ---------------------------------------------------------------------------------
    def convert(self, text: str) -> str:
        """Convert by space-separated chunks first, through a memo of whole chunks.

        No word, URL, handle or initial contains a space, so a chunk converts the same alone as inside its
        text; `str.split` plus one dict lookup per chunk is about twice as fast as tokenizing repetitive
        text, and only chunks never seen before are tokenized (tests/test_latin_cyrillic.py checks both
        ways agree).
        """
        if "`" in text:  # a code span may hold spaces: it must be found in the whole text
            return self.convert_words(text)
        get = self._chunks.get
        miss = self._chunk_miss
        return " ".join([out if (out := get(c)) is not None else miss(c) for c in text.split(" ")])

    def _chunk_miss(self, chunk: str) -> str:
        if "\n" in chunk:  # the last word of a line and the first of the next: convert them apart
            get = self._chunks.get
            out = "\n".join(
                [done if (done := get(part)) is not None else self._chunk_miss(part) for part in chunk.split("\n")]
            )
        elif chunk.isalpha():  # a bare word (the common miss): no need to tokenize it
            known = self._memo.get(chunk)
            out = known if known is not None else self._miss(chunk)
        else:
            out = self.convert_words(chunk)
        return _remember(self._chunks, chunk, out, _CHUNK_MEMO_LIMIT)

    def convert_words(self, text: str) -> str:
        """Tokenize and convert word by word (through the word memo): the path `convert` takes on a miss."""
        parts = self._tokenizer.split(text)
        if len(parts) == 1:
            return text
        get = self._memo.get
        miss = self._miss
        words = parts[1::2]
        parts[1::2] = [out if (out := get(w)) is not None else miss(w) for w in words]
        return "".join(parts)

    def _miss(self, word: str) -> str:
        if ("@" in word or "/" in word or word[:1] == "`" or word[:4] in ("www.", "WWW.")) and (
            tokenize.is_protected_token(word)
        ):
            return word
        return _remember(self._memo, word, self.convert_word(word), _MEMO_LIMIT)

    # -- one word -----------------------------------------------------------------------------------
    def convert_word(self, word: str) -> str:
        c = self.compiled
        if not c.convertible.search(word):
            return word
        if c.protect_terms and word.casefold() in c.protect_terms:
            return word
        if c.protect_re is not None and c.protect_re.fullmatch(word):
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
        if (
            tokenize.is_protected_token(word)
            or (c.protect_terms and word.casefold() in c.protect_terms)
            or (c.protect_re is not None and c.protect_re.fullmatch(word))
        ):
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
