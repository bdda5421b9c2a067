"""One engine for every "zip of XML parts" format: docx, xlsx, pptx, odt/ods/odp, epub.

python-docx, openpyxl and EbookLib see only part of a document and lose the rest on save (research §1.4-1.5),
so instead each format names the XML parts that hold prose and how prose is marked up in them; those parts
are parsed with lxml (DTDs, entities and network off), their text rewritten paragraph by paragraph, and every
other member is copied byte for byte with its original compression, order and timestamps (so `mimetype`
stays first and stored).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import cast

from lxml import etree

from translit.archives import ArchiveRefused, Budget, EmptyName, Limits, MemberError, safe_name
from translit.archives._deflate import stored_stream, write_verbatim, writestr
from translit.archives.ziparchive import read_member, vet
from translit.documents._context import DocContext
from translit.documents._flow import Fixed, Piece
from translit.errors import InputError

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

Classify = Callable[[etree._Element], str]
#: The elements of a part whose text stays as written, each a word break in its paragraph: code, which Markdown
#: and HTML mark as such and office formats by a style (Word's `SourceCode` paragraphs, `VerbatimChar` runs).
Kept = Callable[[etree._Element], set[etree._Element]]


@dataclass(frozen=True)
class TextElements:
    """Prose lives only in dedicated text elements (OOXML `w:t`, `a:t`; NCX `text`; OPF `dc:title`).

    Each `paragraph` element is one flow; `breaks` separate words inside it; `skip` subtrees are left alone.
    """

    paragraph: frozenset[str]
    text: frozenset[str]
    breaks: frozenset[str] = frozenset()
    skip: frozenset[str] = frozenset()
    preserve_space: bool = False
    lang_elements: frozenset[str] = frozenset()  # elements holding a language tag (EPUB dc:language)
    #: attributes holding a language tag, as (element, attribute) Clark names (Word's w:lang w:val)
    lang_attributes: tuple[tuple[str, str], ...] = ()
    #: paragraphs and runs (inside paragraphs) kept as written: see `Kept`
    kept: Kept | None = None

    @cached_property
    def stops(self) -> frozenset[str]:
        """The elements a paragraph's walk stops at: it takes them as pieces and does not look inside."""
        return self.paragraph | self.skip | self.text | self.breaks


@dataclass(frozen=True)
class MixedContent:
    """Prose is mixed content (ODF `text:p`, XHTML): element text and tails, with inline markup inside.

    `roots(tree)` yields the elements to walk; `classify(el)` says "inline", "break", "skip" or "block".
    `attributes` lists attributes holding prose; `lang_attributes` hold language tags to retarget.
    """

    roots: Callable[[etree._Element], Iterator[etree._Element]]
    classify: Classify
    attributes: frozenset[str] = frozenset()
    lang_attributes: frozenset[str] = frozenset()
    #: language tags written otherwise (ODF splits one into language, script and country attributes): retargeted
    #: by this, which says whether one changed
    retarget_langs: Callable[[etree._Element, DocContext], bool] | None = None
    #: roots and inline elements kept as written: see `Kept`
    kept: Kept | None = None


@dataclass(frozen=True)
class Custom:
    """A part whose prose needs code of its own (spreadsheet formulas): `rewrite(root, ctx)` says if it changed."""

    rewrite: Callable[[etree._Element, DocContext], bool]


Model = TextElements | MixedContent | Custom


@dataclass(frozen=True)
class PartRule:
    pattern: re.Pattern[str]
    model: Model
    #: a check of the part's bytes before it is parsed (None: always parsed): a part that holds no prose, only
    #: what may need retargeting (Word's styles.xml and its default w:lang), is parsed only where it may
    wanted: Callable[[bytes, DocContext], bool] | None = None


@dataclass
class ZipFormat:
    """A container format: its name, a check that a zip really is one, and which parts to rewrite."""

    name: str
    rules: list[PartRule]
    marker: Callable[[zipfile.ZipFile], bool] = lambda zf: True
    extra_parts: Callable[[zipfile.ZipFile], dict[str, Model]] = field(default=lambda zf: {})


class GuardedZip(zipfile.ZipFile):
    """A document's zip read through the archive guards: overlap, member count and declared sizes are
    checked on opening, and every `read` (parts, but also the markers and the EPUB manifest) is charged to one
    budget, refused past the member, ratio or total limit without inflating the rest."""

    def __init__(self, data: bytes, path: str, limits: Limits) -> None:
        super().__init__(io.BytesIO(data))
        self.label = path
        try:
            vet(self, limits, path)
        except BaseException:
            self.close()
            raise
        self.budget = Budget(limits, path)
        self.notes: list[str] = []  # what a format's part finder noticed (an EPUB manifest pointing outside)
        for info in self.infolist():
            try:
                safe_name(info.filename)
            except EmptyName:
                continue
            except ValueError as exc:  # `../../x`, an absolute name, a bidi override: never copied through
                self.close()
                raise ArchiveRefused(path, f"member {info.filename!r}: {exc}; the document is refused") from exc

    def read(self, name: str | zipfile.ZipInfo, pwd: bytes | None = None) -> bytes:
        info = name if isinstance(name, zipfile.ZipInfo) else self.getinfo(name)
        if info.flag_bits & 0x1:
            raise InputError(self.label, f"member {info.filename} is encrypted (password required); cannot convert")
        try:
            return read_member(self, info, self.budget, info.filename)
        except MemberError as exc:  # a bomb part refuses the document: it is never written half-converted
            raise ArchiveRefused(self.label, exc.problem) from exc


def open_container(data: bytes, ctx: DocContext, what: str) -> GuardedZip:
    try:
        return GuardedZip(data, ctx.path, ctx.limits or Limits())
    except zipfile.BadZipFile as exc:
        raise InputError(ctx.path, f"not a valid {what} file (not a zip container: {exc})") from exc


def parser() -> etree.XMLParser:
    """An XML parser that loads no DTD, resolves no entity and touches no network."""
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_blank_text=False
    )


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


# ---------------------------------------------------------------------------------------------- text models


#: the stand-in of a break (a tab, a line break, a nested paragraph): one shared instance, since `Fixed` is
#: frozen and flows compare their pieces by value, so a part need not build one for each break
_BREAK = Fixed("", " ")


class _Flow:
    """Pieces of one paragraph plus where each text piece goes back to (element, 'text' | 'tail').

    `flush` hands the paragraph to the part's batch; all paragraphs of a part are converted together.
    """

    # a part builds one flow for each paragraph: slots make that and each attribute read cheaper
    __slots__ = ("batch", "element", "pieces", "preserve_space", "slots")

    def __init__(self, batch: _Batch, preserve_space: bool = False, element: etree._Element | None = None) -> None:
        self.batch = batch
        self.pieces: list[Piece] = []
        self.slots: list[tuple[etree._Element, str] | None] = []
        self.preserve_space = preserve_space
        self.element = element  # the paragraph (block) element the pieces come from

    def text(self, el: etree._Element, attr: str) -> None:
        value = getattr(el, attr)
        if value:
            self.pieces.append(value)
            self.slots.append((el, attr))

    def fixed(self, stand_in: str) -> None:
        self.pieces.append(Fixed("", stand_in))
        self.slots.append(None)

    def flush(self) -> None:
        if self.slots.count(None) != len(self.slots):  # some piece is text (`count` runs in C, once a flow)
            self.batch.add(self.pieces, self.slots, self.preserve_space, self.element)
        self.pieces = []
        self.slots = []


class _Batch:
    """The paragraphs of one part, converted in one call, then written back into their elements."""

    def __init__(self, ctx: DocContext) -> None:
        self.ctx = ctx
        self.items: list[tuple[list[Piece], list[tuple[etree._Element, str] | None], bool]] = []
        self.elements: list[etree._Element | None] = []

    def add(
        self,
        pieces: list[Piece],
        slots: list[tuple[etree._Element, str] | None],
        preserve: bool,
        element: etree._Element | None = None,
    ) -> None:
        self.items.append((pieces, slots, preserve))
        self.elements.append(element)

    def run(self) -> bool:
        changed = False
        if self.ctx.want_places:
            self.ctx.places = [None if el is None else place(el) for el in self.elements]
        try:
            results = self.ctx.flows([pieces for pieces, _slots, _p in self.items])
        finally:
            self.ctx.places = ()
        # a text piece is the value its slot held when it was collected, and nothing writes to the tree
        # between then and now (slots are distinct): comparing with it spares lxml building each string again
        for (pieces, slots, preserve), new_pieces in zip(self.items, results, strict=True):
            for old, slot, new in zip(pieces, slots, new_pieces, strict=True):
                if slot is None or old == new:
                    continue
                el, attr = slot
                changed = True
                if attr == "text":
                    el.text = new
                    if preserve and new != new.strip():
                        el.set(XML_SPACE, "preserve")
                else:
                    el.tail = new
        self.items.clear()
        self.elements.clear()
        return changed


#: ancestors (local names) that say where a paragraph sits inside its part
_PLACES = {
    "txbxContent": "text box",  # w:txbxContent (DOCX text boxes, DrawingML or VML)
    "textbox": "text box",
    "text-box": "text box",  # ODF draw:text-box
    "annotation": "comment",  # ODF office:annotation
    "header": "header",  # ODF style:header (in styles.xml)
    "header-left": "header",
    "header-first": "header",
    "footer": "footer",
    "footer-left": "footer",
    "footer-first": "footer",
}
_ODF_NOTE_CLASS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}note-class"


def place(el: etree._Element) -> str | None:
    """Where a paragraph sits inside its part, when that is worth telling (a text box, an ODF footnote,
    comment, header or footer); None for the part's own text."""
    node: etree._Element | None = el
    while node is not None:
        local = _local(node.tag)
        if local in _PLACES:
            return _PLACES[local]
        if local == "note" and node.get(_ODF_NOTE_CLASS):
            return str(node.get(_ODF_NOTE_CLASS))  # ODF text:note: "footnote" or "endnote"
        node = node.getparent()
    return None


def rewrite_text_elements(root: etree._Element, model: TextElements, ctx: DocContext) -> bool:
    batch = _Batch(ctx)
    for flow in _part_flows(root, model, batch):
        flow.flush()
    changed = batch.run()
    if model.lang_elements and ctx.target:
        for el in root.iter(*model.lang_elements):
            tag = ctx.retarget_lang(el.text or "")
            if tag is not None:
                el.text = tag
                changed = True
    if model.lang_attributes and ctx.target:
        changed |= retarget_lang_attributes(root, model.lang_attributes, ctx)
    return changed


def retarget_lang_attributes(root: etree._Element, where: tuple[tuple[str, str], ...], ctx: DocContext) -> bool:
    """Retarget the language tags held in attributes, given as (element, attribute) Clark names (Word's `w:lang`
    `w:val`, DrawingML's `a:rPr` `lang`); whether one changed."""
    changed = False
    names: dict[str, list[str]] = {}
    for element, attribute in where:
        names.setdefault(element, []).append(attribute)
    # Word writes a w:lang on nearly every run, with the same few values: each is worked out once a part
    # (asking the text path for the document's source each time doubled the cost of a docx of 2,000 runs)
    new: dict[str, str | None] = {}
    for el in root.iter(*names):
        for attribute in names[str(el.tag)]:
            value = el.get(attribute)
            if not value:
                continue
            if value not in new:
                new[value] = ctx.retarget_lang(value)
            tag = new[value]
            if tag is not None:
                el.set(attribute, tag)
                changed = True
    return changed


def _part_flows(root: etree._Element, model: TextElements, batch: _Batch) -> list[_Flow]:
    """The flow of every paragraph of a part, in document order: its text elements, and a word break for each
    break and nested paragraph (a text box: a flow of its own); nothing inside those, nor inside a skipped element.

    One `iter` over the whole part replaces one per paragraph: lxml builds a tag matcher for each `iter`
    call, and with a handful of stop tags that cost as much as the walk of a two-run paragraph itself. Each
    element found is handed to the nearest stop above it when that is a paragraph collecting its pieces (not
    one that is a text element itself, like core.xml's dc:title), which is what a walk of each paragraph keeps;
    every paragraph still gets a flow of its own, wherever it sits, as `root.iter(*model.paragraph)` gave.

    The nearest stop above an element is found by identity, not by tag: `iter` goes in document order, so
    every stop above an element was found before it and is a key of `owners`, and nothing else is (reading
    `tag` builds a string for each ancestor, a dict lookup does not). The pieces are appended here rather
    than through `_Flow.text`, one method call fewer for each text element.
    """
    paragraph, skip, text = model.paragraph, model.skip, model.text
    preserve = model.preserve_space
    flows: list[_Flow] = []
    # kept paragraphs and runs (code) are owners that collect nothing: what is inside them stays as written
    kept = model.kept(root) if model.kept is not None else set()
    # every stop found so far -> the flow it collects (None: a stop that collects nothing); lxml keeps one
    # proxy per node while it is referenced, so `getparent` returns the very key
    owners: dict[etree._Element, _Flow | None] = dict.fromkeys(kept)
    for el in root.iter(*model.stops):
        tag = el.tag
        parent = el.getparent()
        while parent is not None and parent not in owners:
            parent = parent.getparent()
        owner = None if parent is None else owners[parent]
        if owner is None and kept and parent in kept:
            _break_above(parent, owners)  # a kept run (or paragraph) is a word break where it sits
        if tag in paragraph:
            if owner is not None:  # a nested paragraph (a text box) is a word break in the outer one
                owner.pieces.append(_BREAK)
                owner.slots.append(None)
            if kept and el in kept:
                continue
            flow = _Flow(batch, preserve, el)
            flows.append(flow)
            if tag in text:  # a paragraph that is its own text element: nothing inside it is collected
                owners[el] = None
                value = el.text
                if value:
                    flow.pieces.append(value)
                    flow.slots.append((el, "text"))
            else:
                owners[el] = flow
            continue
        owners[el] = None
        if owner is None or tag in skip:
            continue
        if tag in text:
            value = el.text
            if value:
                owner.pieces.append(value)
                owner.slots.append((el, "text"))
        else:  # a break
            owner.pieces.append(_BREAK)
            owner.slots.append(None)
    return flows


def _break_above(el: etree._Element, owners: dict[etree._Element, _Flow | None]) -> None:
    """A word break in the flow of the nearest paragraph above `el` (a kept run), once for each run."""
    node = el.getparent()
    while node is not None and node not in owners:
        node = node.getparent()
    flow = None if node is None else owners[node]
    if flow is not None and (not flow.pieces or flow.pieces[-1] is not _BREAK):
        flow.pieces.append(_BREAK)
        flow.slots.append(None)


def _rewrite_mixed(root: etree._Element, model: MixedContent, ctx: DocContext) -> bool:
    batch = _Batch(ctx)
    kept = model.kept(root) if model.kept is not None else set()
    for start in list(model.roots(root)):
        if start in kept:
            continue
        flow = _Flow(batch, element=start)
        _walk_block(start, model, flow, kept)
        flow.flush()
    changed = batch.run()
    if model.attributes or model.lang_attributes:
        changed |= _rewrite_attributes(root, model, ctx)
    if model.retarget_langs is not None and ctx.target:
        changed |= model.retarget_langs(root, ctx)
    return changed


def _walk_block(el: etree._Element, model: MixedContent, flow: _Flow, kept: set[etree._Element]) -> None:
    flow.text(el, "text")
    _walk_children(el, model, flow, kept)


def _walk_children(el: etree._Element, model: MixedContent, flow: _Flow, kept: set[etree._Element]) -> None:
    for child in el:
        if not isinstance(child.tag, str):  # comments, processing instructions
            flow.fixed(" ")
            flow.text(child, "tail")
            continue
        kind = "skip" if kept and child in kept else model.classify(child)
        if kind == "inline":
            flow.fixed("")
            flow.text(child, "text")
            _walk_children(child, model, flow, kept)
            flow.fixed("")
        elif kind in ("break", "skip"):
            flow.fixed(" ")
        else:  # block: a flow of its own
            flow.flush()
            outer, flow.element = flow.element, child
            _walk_block(child, model, flow, kept)
            flow.flush()
            flow.element = outer
        flow.text(child, "tail")


def _rewrite_attributes(root: etree._Element, model: MixedContent, ctx: DocContext) -> bool:
    changed = False
    skipped: set[etree._Element] = set()
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        parent = el.getparent()
        if (parent is not None and parent in skipped) or model.classify(el) == "skip":
            skipped.add(el)
            continue
        for raw_name, raw_value in el.attrib.items():
            name, value = str(raw_name), str(raw_value)
            local = _local(name) if name.startswith("{") else name
            full = "xml:lang" if name == "{http://www.w3.org/XML/1998/namespace}lang" else local
            if local in model.attributes and value:
                new = ctx.flow([value])[0]
            elif full in model.lang_attributes and (lang := ctx.retarget_lang(value)) is not None:
                new = lang
            else:
                continue
            if new != value:
                el.set(name, new)
                changed = True
    return changed


# ---------------------------------------------------------------------------------------------- parts


def rewrite_xml(data: bytes, model: Model, ctx: DocContext, name: str) -> bytes:
    """Rewrite one XML part; unchanged parts come back as the very same bytes."""
    try:
        tree = etree.parse(io.BytesIO(data), parser())
    except etree.XMLSyntaxError as exc:
        raise InputError(ctx.path, f"part {name} is not well-formed XML: {exc}") from exc
    root = tree.getroot()
    if isinstance(model, TextElements):
        changed = rewrite_text_elements(root, model, ctx)
    elif isinstance(model, Custom):
        changed = model.rewrite(root, ctx)
    else:
        changed = _rewrite_mixed(root, model, ctx)
    if not changed:
        return data
    # lxml would rewrite the declaration (quotes, standalone='no') and drops an internal DTD subset (whose
    # entities the body still references): keep the whole prolog byte for byte, serialise from the root on
    encoding = tree.docinfo.encoding or "UTF-8"
    body = cast(bytes, etree.tostring(root, encoding=encoding, xml_declaration=False, with_tail=False))
    after = b"".join(cast(bytes, etree.tostring(el, encoding=encoding)) for el in root.itersiblings())
    start = _prolog_end(data)
    out = data[:start] + body + after
    if not _reparse_needless(data, start, encoding, len(out)):
        well_formed(out, ctx.path, name)
    return out


_PROLOG_ITEM = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\]\s*)?>)", re.DOTALL)


def _prolog_end(data: bytes) -> int:
    """Where the root element starts: after the declaration, comments, processing instructions and DOCTYPE."""
    pos = 0
    while m := _PROLOG_ITEM.match(data, pos):
        pos = m.end()
    while pos < len(data) and data[pos : pos + 1].isspace():
        pos += 1
    return pos


#: The largest rewritten part `_reparse_needless` vouches for. libxml2 without `huge_tree` refuses a text node, an
#: attribute value, a comment or a name over 10,000,000 bytes (XML_MAX_TEXT_LENGTH): a part of at most half that
#: holds none, whatever its escapes decode to (an escape never decodes to more bytes than it is written in, in UTF-8).
_REPARSE_SIZE = 5_000_000


def _reparse_needless(data: bytes, start: int, encoding: str, size: int) -> bool:
    """Whether the part rewritten from `data` (its root at `start`) would certainly pass `well_formed`, which then
    need not parse it again (a tenth of a docx's cost over its text: 3-4 ms of 43 on the benchmark's 28).

    The output is `data`'s prolog byte for byte, then lxml's serialisation of the tree the same parser made of
    `data`, changed only through lxml's API, which refuses any string XML cannot hold (control characters,
    U+FFFE, lone surrogates) and escapes what it must (``&``, ``<``, ``>``, quotes, CR). Such a serialisation
    parses; what could still fail is what this checks: that the prolog was cut where the root starts (no DOCTYPE,
    whose internal subset `_PROLOG_ITEM` may cut short, so its entities and the cut go through the re-parse; the
    declaration, comments and processing instructions are matched exactly, and what the parser accepted after them
    is a DOCTYPE or the root), that the body is written in the UTF-8 the prolog declares or implies (no BOM, since
    `data` starts with the prolog's ASCII), and that nothing in it is over libxml2's length limits (`_REPARSE_SIZE`).
    """
    return (
        size <= _REPARSE_SIZE
        and encoding.lower() in ("utf-8", "utf8")
        and data[start : start + 1] == b"<"
        and data[start + 1 : start + 2] not in (b"!", b"?", b"")
        and b"<!DOCTYPE" not in data[:start]
    )


def well_formed(data: bytes, path: str, name: str) -> None:
    """Parse a rewritten part back once: an output that would not open is an error, never written."""
    try:
        etree.parse(io.BytesIO(data), parser())
    except etree.XMLSyntaxError as exc:
        raise InputError(path, f"part {name}: the converted XML would not be well-formed ({exc}); not written") from exc


def copy_info(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """A fresh ZipInfo with the member's name, time, compression, attributes and comment."""
    new = zipfile.ZipInfo(info.filename, info.date_time)
    new.compress_type = info.compress_type
    new.external_attr = info.external_attr
    new.create_system = info.create_system
    new.comment = info.comment
    return new


def rewrite_zip(data: bytes, fmt: ZipFormat, ctx: DocContext) -> bytes:
    """Rewrite the prose parts of a zip container held in memory; copy every other member as it is."""
    zf = open_container(data, ctx, fmt.name)
    with zf:
        if not fmt.marker(zf):
            raise InputError(ctx.path, f"not a valid {fmt.name} file (its zip lacks the {fmt.name} parts)")
        extra = fmt.extra_parts(zf)
        ctx.warnings.extend(n for n in zf.notes if n not in ctx.warnings)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as zout:
            for info in zf.infolist():
                if info.is_dir():
                    zout.writestr(copy_info(info), b"")
                    continue
                body = original = zf.read(info)
                model = extra.get(info.filename)
                if model is None:
                    rule = next((r for r in fmt.rules if r.pattern.match(info.filename)), None)
                    if rule is not None and (rule.wanted is None or rule.wanted(body, ctx)):
                        model = rule.model
                if model is not None:
                    outer, ctx.part = ctx.part, info.filename
                    try:
                        body = rewrite_xml(body, model, ctx, info.filename)
                    finally:
                        ctx.part = outer
                stream = stored_stream(data, info) if body is original else None  # unchanged: not deflated again
                if stream is not None:
                    write_verbatim(zout, copy_info(info), body, stream)
                else:
                    writestr(zout, copy_info(info), body)
        ctx.inflated = max(ctx.inflated, zf.budget.total)
    return out.getvalue()


_TAG = re.compile(r"<[^>]*>")
_FIELD_CODE = re.compile(r"<w:instrText[^>]*>.*?</w:instrText>", re.DOTALL)
