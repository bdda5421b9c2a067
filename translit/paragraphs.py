"""Convert a mixed document line by line, each line from its own script, in constant memory.

An Uzbek document often quotes Russian or English. Converting it as one text would transliterate those lines
too. Here the document's script is detected once, and a line is examined on its own only when it carries none
of that script's distinctive letters (ў қ ғ ҳ; oʻ gʻ; ş ç ğ ö): then `translit.detect` decides, and a line
confidently in another language is left alone (Russian can be romanized on request with transliterate's `ru`
pack), while a line in another script that converts to the target (a Cyrillic line in a Latin document) is
converted from that script. Line endings and everything between lines are kept byte for byte.

Lines are the unit because many texts (news articles, subtitles, exports) put one paragraph per line; a
paragraph hard-wrapped over several lines is simply judged line by line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from translit.detect import RU, detect_script
from translit.errors import UnknownScriptError
from translit.registry import available, canonical_tag, find, get_converter

_MARKERS = {
    "uz-Cyrl": re.compile(r"[ўҳқғЎҲҚҒ]"),
    "kk-Cyrl": re.compile(r"[әөүұіңһқғӘӨҮҰІҢҺҚҒ]"),
    "uz-Latn": re.compile(r"[oOgG][ʻ'‘’`]|ʼ"),
    "uz-Latn-2026": re.compile(r"[şçğŞÇĞ]"),
    "kk-Latn": re.compile(r"[äğıñöūüşÄĞİÑÖŪÜŞ]"),
}
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_ANY_LETTER = re.compile(r"[^\W\d_]")
_MIN_LETTERS = 12  # fewer letters than this and a line is taken to be in the document's script
_SAMPLE = 2000  # characters of a line the detector looks at: enough to decide, bounded cost
_BLOCK = 1 << 20  # characters converted per step
_LONGEST_LINE = 16 * _BLOCK  # a line longer than this is cut (and judged) in pieces: memory stays bounded


class MixedConverter:
    """Converts text to `target`, line by line from each line's own script (see the module docstring)."""

    def __init__(
        self,
        to: str,
        *,
        source: str | None = None,
        only: Iterable[str] | None = None,
        romanize_russian: bool = False,
        min_confidence: float = 0.6,
        apostrophe: str = "official",
        protect_terms: Iterable[str] = (),
        lexicon_files: Iterable[Path | str] = (),
    ) -> None:
        self.target = canonical_tag(to)
        self.source = canonical_tag(source) if source else None
        self.romanize_russian = romanize_russian
        self.min_confidence = min_confidence
        self._apostrophe = apostrophe
        self._terms = tuple(protect_terms)
        self._lexicons = tuple(lexicon_files)
        self.convertible = {info.source for info in available() if info.target == self.target}
        if only is not None:
            self.convertible &= {canonical_tag(t) for t in only}
        self._check_document_source()

    # -- streaming ----------------------------------------------------------------------------------
    def iter_convert(self, chunks: Iterable[str]) -> Iterator[str]:
        """Converted text for a stream of chunks; raises UnknownScriptError if the input has no letters."""
        pending: list[str] = []  # blocks before the first letter: the document's script is still unknown
        buffer = ""
        for chunk in chunks:
            buffer += chunk
            cut = buffer.rfind("\n") + 1
            if cut == 0:
                if len(buffer) < _LONGEST_LINE:
                    continue
                cut = len(buffer)
            block, buffer = buffer[:cut], buffer[cut:]
            yield from self._block(block, pending)
        if buffer:
            yield from self._block(buffer, pending)
        if pending:
            raise UnknownScriptError("could not detect the script of the input (no letters found); pass --from")

    def convert(self, text: str) -> str:
        return "".join(self.iter_convert([text]))

    def _block(self, block: str, pending: list[str]) -> Iterator[str]:
        if self.source is None:
            found = detect_script(block[: 50 * _SAMPLE])
            if found.tag is None:
                pending.append(block)
                return
            self.source = found.tag
            self._check_document_source()
        if pending:
            block = "".join(pending) + block
            pending.clear()
        yield from self._convert_lines(block)

    def _check_document_source(self) -> None:
        """A document whose own script converts to nothing here is an error, not a silent copy."""
        source = self.source
        if source is None or source == self.target or source in self.convertible:
            return
        if source == RU and self.romanize_russian:
            return
        find(source, self.target)  # raises UnknownScriptError naming the pair and what exists

    # -- one block ----------------------------------------------------------------------------------
    def _convert_lines(self, block: str) -> Iterator[str]:
        assert self.source is not None
        marker = _MARKERS.get(self.source)
        run: list[str] = []
        run_source = self.source
        for line in block.splitlines(keepends=True):
            tag = self._line_source(line, marker)
            if tag != run_source and run:
                yield self._convert(run_source, "".join(run))
                run = []
            run_source = tag
            run.append(line)
        if run:
            yield self._convert(run_source, "".join(run))

    def _line_source(self, line: str, marker: re.Pattern[str] | None) -> str:
        """The document's script unless the line clearly is something else."""
        source = self.source
        assert source is not None
        if marker is not None and marker.search(line):
            return source
        letters = _CYRILLIC if "Cyrl" in source else _LATIN
        if not letters.search(line):  # nothing in the document's script: converting it is a no-op anyway
            other = _LATIN if letters is _CYRILLIC else _CYRILLIC
            if not other.search(line):
                return source
        if len(_ANY_LETTER.findall(line, 0, _SAMPLE)) < _MIN_LETTERS:  # too short to judge: no quote, a name
            return source
        found = detect_script(line[:_SAMPLE])
        if found.tag is None or found.tag == source or found.confidence < self.min_confidence:
            return source
        return found.tag

    def _convert(self, source: str, text: str) -> str:
        if source == self.target:
            return text
        if source in self.convertible:
            conv = get_converter(
                source,
                self.target,
                apostrophe=self._apostrophe,
                protect_terms=self._terms,
                lexicon_files=self._lexicons,
            )
            return conv.convert(text)
        if source == RU and self.romanize_russian:
            from translit.transliterate_pack import romanize_russian

            return romanize_russian(text)
        return text  # another language: left alone


def convert_paragraphs(
    text: str,
    to: str,
    *,
    romanize_russian: bool = False,
    only: Iterable[str] | None = None,
    min_confidence: float = 0.6,
) -> str:
    """`text` with each line converted to `to` from its own script; Russian/English lines left alone.

    `only` limits conversion to these source tags (say `{"uz-Cyrl"}` to leave Kazakh lines alone).
    """
    mixed = MixedConverter(to, only=only, romanize_russian=romanize_russian, min_confidence=min_confidence)
    if not mixed.convertible and not romanize_russian:
        raise UnknownScriptError(f"no rule set converts anything to {mixed.target}")
    return mixed.convert(text)
