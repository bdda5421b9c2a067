"""What a format rewriter is handed: the conversion function and the per-document options and findings."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from translit.documents._flow import Fixed, Piece, convert_flows, convert_many, flat_texts
from translit.documents._lang import retarget
from translit.documents._protect import PLACEHOLDER, protect
from translit.documents.together import text_work
from translit.encodings import DecodedText, decode, encode, relabelled_utf8

if TYPE_CHECKING:
    from translit.archives import Limits
    from translit.text.path import TextPath

Convert = Callable[[str], str]


@dataclass
class DocContext:
    """Per-document state: rewriters call `convert`/`flow`, and record what they decoded and noticed."""

    convert: Convert
    path: str = "<document>"
    keep_encoding: bool = False
    encoding: str | None = None
    columns: tuple[str, ...] = ()
    source: str | None = None
    target: str | None = None
    warnings: list[str] = field(default_factory=list)
    simplified: int = 0
    decoded: DecodedText | None = None
    #: When a list, every text unit handed to the converter is appended to it, in document order (what the
    #: bulk job translates side by side): a paragraph, cell, cue or string, markup replaced by its stand-in.
    units: list[str] | None = None
    #: The document's text path. When set, each unit (a flow, a string) is decided on its own by it, in
    #: document order, and converted as decided; `convert` is then only used for whole plain texts.
    text_path: TextPath | None = None
    #: The limits a zip container (docx, odt, epub …) is read within (None: the defaults), and the bytes its
    #: reading inflated (what a surrounding archive's budget is charged).
    limits: Limits | None = None
    inflated: int = 0
    #: The part being rewritten: a zip container's member (``word/footer1.xml``, ``ppt/slides/slide2.xml``);
    #: None for a file that is one part. Set by `xmlzip.rewrite_zip`; conversion never reads it.
    part: str | None = None
    #: When True, a zip rewriter says before each `flows` call where each flow sits inside its part
    #: (`places`: "text box", "footnote", "comment", "header", "footer" or None). Off for conversion.
    want_places: bool = False
    places: Sequence[str | None] = ()
    #: For a format that pairs a source with its translation (gettext's msgid and msgstr): when True, the
    #: rewriter hands over the source side and writes what comes back into the target side, for `target`
    #: (a translation); False (conversion): the target side is converted in place.
    fill_targets: bool = False

    def source_tag(self) -> str | None:
        """The tag the document is converted from (what its `lang` attributes are rewritten from), read when a
        rewriter first needs it: a document read once knows it only as a guess (see `TextPath.speculating`)."""
        if self.source is None and self.text_path is not None:
            return self.text_path.document_source()
        return self.source

    def retarget_lang(self, value: str) -> str | None:
        """What a language tag of the document reads once it is converted (`_lang.retarget`: the source's language
        and script say the target's script), or None to keep it as it is."""
        if not self.target or not value.strip():
            return None
        if all(retarget(value, tag, self.target) is None for tag in self.possible_sources()):
            return None  # no source could make it change: the document's source need not be settled (or guessed)
        source = self.source_tag()
        return retarget(value, source, self.target) if source else None

    def possible_sources(self) -> frozenset[str]:
        """The tags the document may be converted from: the source given, or every tag the text path converts to
        the target (asking which one it is would settle it, or guess it while a document is read once)."""
        if self.source is not None or self.text_path is None:
            return frozenset({self.source}) if self.source else frozenset()
        return self.text_path.convertible_sources()

    def _note(self, texts: Sequence[str]) -> None:
        if self.units is not None:
            self.units.extend(texts)

    @staticmethod
    def flat(flow: Sequence[Piece]) -> str:
        """A flow's text as the converter sees it (markup replaced by its stand-in): `flat_texts` of one flow."""
        return flat_texts([flow])[0]

    # The four calls that hand a rewriter's text to the conversion go through `together.text_work`: when the
    # document is one of a batch, the batch runs that work with the other documents' (see `together`).
    def convert_text(self, text: str) -> str:
        """Convert a whole plain text (its lines are its paragraphs)."""
        return text_work(self._convert_text, text)

    def flows(self, flows: Sequence[Sequence[Piece]]) -> list[list[str]]:
        """Convert many flows (paragraphs): each is one unit for the text path, converted as it decides."""
        return text_work(self._flows, flows)

    def convert_many(self, texts: Sequence[str]) -> list[str]:
        """Convert many short independent strings (cells, values), each a unit, batched per conversion."""
        return text_work(self._convert_many, texts)

    def convert_protected(self, texts: Sequence[str], pattern: re.Pattern[str] = PLACEHOLDER) -> list[str]:
        """`convert_many` for strings holding placeholders, escapes or tags, which are kept as they are."""
        return text_work(self._convert_protected, texts, pattern)

    def _convert_text(self, text: str) -> str:
        self._note([text])
        return self.convert(text)

    def flow(self, pieces: Sequence[Piece]) -> list[str]:
        """Convert pieces of one paragraph together (see `_flow`), counting simplified formatting."""
        return self.flows([pieces])[0]

    def _flows(self, flows: Sequence[Sequence[Piece]]) -> list[list[str]]:
        flats = flat_texts(flows)
        self._note(flats)
        if self.text_path is None:
            out, simplified = convert_flows(flows, self.convert)
            self.simplified += simplified
            return out
        results: list[list[str] | None] = [None] * len(flows)
        for convert, indexes in self._grouped(flats).items():
            done, simplified = convert_flows([flows[i] for i in indexes], convert)
            self.simplified += simplified
            for index, pieces in zip(indexes, done, strict=True):
                results[index] = pieces
        # a flow the text path keeps comes back as it was (its markup as written)
        return [
            [p.raw if isinstance(p, Fixed) else p for p in f] if r is None else r
            for r, f in zip(results, flows, strict=True)
        ]

    def _grouped(self, units: Sequence[str]) -> dict[Convert, list[int]]:
        """Unit indexes by the conversion the text path chose for each (units it keeps are left out)."""
        assert self.text_path is not None
        groups: dict[Convert, list[int]] = {}
        for index, action in enumerate(self.text_path.decide(units)):
            convert = action.convert
            if convert is not None:
                indexes = groups.get(convert)  # not setdefault(convert, []): a list built for every unit
                if indexes is None:
                    groups[convert] = [index]
                else:
                    indexes.append(index)
        return groups

    def _convert_many(self, texts: Sequence[str]) -> list[str]:
        self._note(texts)
        if self.text_path is None:
            return convert_many(texts, self.convert)
        out = list(texts)
        for convert, indexes in self._grouped(texts).items():
            for index, text in zip(indexes, convert_many([texts[i] for i in indexes], convert), strict=True):
                out[index] = text
        return out

    def _convert_protected(self, texts: Sequence[str], pattern: re.Pattern[str]) -> list[str]:
        split = [protect(t, pattern) for t in texts]
        self._note(list(texts))  # a text's pieces hold all of it, in order: their raw text joined is the text
        # a text without a placeholder is one piece (most cells and values): it is its own unit and its own output
        plain = [pieces[0] if len(pieces) == 1 and isinstance(pieces[0], str) else None for pieces in split]
        if self.text_path is None:
            groups: dict[Convert, list[int]] = {self.convert: list(range(len(texts)))}
        else:
            groups = self._grouped(
                [
                    text if text is not None else " ".join([p for p in pieces if not isinstance(p, Fixed)])
                    for text, pieces in zip(plain, split, strict=True)
                ]
            )
        out = list(texts)
        for convert, indexes in groups.items():
            flat: list[str] = []
            for i in indexes:
                text = plain[i]
                if text is not None:
                    flat.append(text)
                else:
                    flat.extend([p for p in split[i] if not isinstance(p, Fixed)])
            converted = iter(convert_many(flat, convert))
            for i in indexes:
                if plain[i] is not None:
                    out[i] = next(converted)
                else:
                    out[i] = "".join([p.raw if isinstance(p, Fixed) else next(converted) for p in split[i]])
        return out

    def decode(self, data: bytes) -> DecodedText:
        decoded = decode(data, path=self.path, encoding=self.encoding)
        self.decoded = decoded
        return decoded

    def encode(self, text: str, decoded: DecodedText) -> bytes:
        return encode(text, decoded, keep_encoding=self.keep_encoding, path=self.path)

    def relabels_utf8(self, decoded: DecodedText) -> bool:
        """Whether `encode` writes the document in UTF-8 though it came in another encoding (`relabelled_utf8`):
        then the label it carries of its own encoding must say UTF-8 too."""
        return relabelled_utf8(decoded.encoding, self.keep_encoding)
