"""XLIFF 2.1 jobs for CAT tools (OmegaT, memoQ, Trados): export a translated document, merge the post-edit back.

One file per document. Each unit of the document (paragraph, cell, cue, string) is an XLIFF ``<unit>``, each
sentence a ``<segment>``: the source, and the machine translation as the target in state ``initial`` (or
``translated`` with ``trust_mt``), marked ``subState="translit:mt"``. Inline code and other protected spans
are ``<ph>`` elements whose original text is in the unit's ``<originalData>``. A sentence detected in another
language than the file's carries a note saying so, and a unit of a container (docx, pptx, epub …) a note naming its
part (``header (word/header1.xml)``). Sentences left untranslated have no target.

The skeleton holds the original document (base64) and its name, so `merge_xliff` rebuilds the document by
running its rewriter again with the (edited) targets in place; a segment without a target keeps its source.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from translit.errors import InputError
from translit.translate.documents import TranslatedDocument, read_units, translated_from, write_units
from translit.translate.units import MARKER, Unit

__all__ = ["MergedDocument", "export_xliff", "merge_xliff"]

NS = "urn:oasis:names:tc:xliff:document:2.0"
TL = "urn:translit:xliff:skeleton"
_Q = f"{{{NS}}}"


@dataclass(frozen=True)
class MergedDocument:
    name: str
    data: bytes
    target: str
    segments: int
    with_target: int


def _inline(parent: ET.Element, text: str, unit: Unit) -> None:
    """Fill `parent` with `text`, each marker [[n]] of a code as <ph id="n" dataRef="dn"/>."""
    last: ET.Element | None = None
    at = 0
    parent.text = ""
    for m in MARKER.finditer(text):
        n = int(m.group(1))
        chunk = text[at : m.start()]
        if last is None:
            parent.text += chunk
        else:
            last.tail = (last.tail or "") + chunk
        if n in unit.codes:
            last = ET.SubElement(parent, f"{_Q}ph", {"id": f"ph{n}", "dataRef": f"d{n}"})
        elif last is None:
            parent.text += m.group()
        else:
            last.tail = (last.tail or "") + m.group()
        at = m.end()
    rest = text[at:]
    if last is None:
        parent.text += rest
    else:
        last.tail = (last.tail or "") + rest


def _flatten(el: ET.Element) -> str:
    """The text of a <source>/<target> with each <ph> back as its marker."""
    out = [el.text or ""]
    for child in el:
        if child.tag == f"{_Q}ph":
            ref = child.get("dataRef") or child.get("id") or ""
            digits = "".join(c for c in ref if c.isdigit())
            out.append(f"[[{digits}]]" if digits else "")
        else:  # <mrk>, <pc> and the like a CAT tool may add: their text counts
            out.append(_flatten(child))
        out.append(child.tail or "")
    return "".join(out)


def export_xliff(doc: TranslatedDocument, *, source_lang: str | None = None, trust_mt: bool = False) -> str:
    """The XLIFF 2.1 document for one translated document."""
    ET.register_namespace("", NS)
    ET.register_namespace("tl", TL)
    langs = [s.lang for s in doc.segments if s.lang]
    src = source_lang or (max(set(langs), key=langs.count) if langs else "und")
    root = ET.Element(f"{_Q}xliff", {"version": "2.1", "srcLang": src, "trgLang": doc.target.tag})
    file = ET.SubElement(root, f"{_Q}file", {"id": "f1", "original": doc.name})
    skeleton = ET.SubElement(file, f"{_Q}skeleton")
    # the languages sentences were translated from: the merge retargets the tags naming them, as the translation did
    translated = " ".join(translated_from(doc.segments))
    original = ET.SubElement(
        skeleton, f"{{{TL}}}document", {"name": doc.name, "encoding": "base64", "translatedFrom": translated}
    )
    original.text = base64.b64encode(doc.source_data).decode("ascii")
    by_unit: dict[int, list[int]] = {}
    for k, s in enumerate(doc.segments):
        by_unit.setdefault(s.unit, []).append(k)
    for u, unit in enumerate(doc.units):
        if not unit.sentences:
            continue
        xu = ET.SubElement(file, f"{_Q}unit", {"id": f"u{u + 1}"})
        segs = [doc.segments[k] for k in by_unit.get(u, [])]
        others = [s for s in segs if s.lang and s.lang != src]
        if others or unit.member is not None:
            notes = ET.SubElement(xu, f"{_Q}notes")
            if unit.member is not None:  # where the unit is in a container: header, footnote, slide 2 …
                note = ET.SubElement(notes, f"{_Q}note", {"category": "translit:part"})
                note.text = f"{unit.part} ({unit.member})"
            for s in others:
                note = ET.SubElement(notes, f"{_Q}note", {"category": "translit:language", "appliesTo": "source"})
                note.text = f"segment s{s.index + 1} is in {s.lang} ({s.status})"
        used = sorted(
            {int(m.group(1)) for s in segs for m in MARKER.finditer(s.source) if int(m.group(1)) in unit.codes}
        )
        if used:
            data = ET.SubElement(xu, f"{_Q}originalData")
            for n in used:
                d = ET.SubElement(data, f"{_Q}data", {"id": f"d{n}"})
                d.text = unit.codes[n]
        for s in segs:
            attrs = {"id": f"s{s.index + 1}", "state": "initial"}
            if s.target is not None:
                attrs["subState"] = "translit:mt"
                if trust_mt:
                    attrs["state"] = "translated"
            seg = ET.SubElement(xu, f"{_Q}segment", attrs)
            _inline(ET.SubElement(seg, f"{_Q}source"), s.source, unit)
            if s.target is not None:
                _inline(ET.SubElement(seg, f"{_Q}target"), s.target, unit)
    if file.find(f"{_Q}unit") is None:
        # a document without prose: XLIFF 2 wants at least one unit or group in a file, so an empty group says
        # there is nothing to translate (and the file still merges back to the document as it is)
        notes = ET.SubElement(file, f"{_Q}notes")
        ET.SubElement(notes, f"{_Q}note", {"category": "translit:empty"}).text = "no text to translate"
        ET.SubElement(file, f"{_Q}group", {"id": "empty"})
    return _serialise(root)


def _serialise(root: ET.Element) -> str:
    """The XLIFF document as text (the tests check every one against the OASIS schema here)."""
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def merge_xliff(xliff: str | bytes, *, path: str = "<xliff>") -> MergedDocument:
    """Rebuild the translated document from a (post-edited) XLIFF written by `export_xliff`."""
    try:
        root = ET.fromstring(xliff)
    except ET.ParseError as exc:
        raise InputError(path, f"not well-formed XML ({exc})") from exc
    if root.tag != f"{_Q}xliff" or not root.get("version", "").startswith("2."):
        raise InputError(path, "not an XLIFF 2 file")
    file = root.find(f"{_Q}file")
    original = None if file is None else file.find(f"{_Q}skeleton/{{{TL}}}document")
    if file is None or original is None or not original.text:
        raise InputError(path, "no translit skeleton in this XLIFF: it was not exported by translit")
    name = original.get("name") or file.get("original") or "document"
    data = base64.b64decode(original.text)
    units = read_units(name, data)
    targets: list[list[str | None]] = [[None] * len(u.sentences) for u in units]
    total = with_target = 0
    for xu in file.iter(f"{_Q}unit"):
        try:
            u = int((xu.get("id") or "u0")[1:]) - 1
        except ValueError:
            raise InputError(path, f"unit id {xu.get('id')!r} was not written by translit") from None
        if not 0 <= u < len(units):
            raise InputError(path, f"unit {xu.get('id')} is not in the document")
        for seg in xu.iter(f"{_Q}segment"):
            i = int((seg.get("id") or "s0")[1:]) - 1
            if not 0 <= i < len(units[u].sentences):
                raise InputError(path, f"segment {seg.get('id')} of unit {xu.get('id')} is not in the document")
            total += 1
            target = seg.find(f"{_Q}target")
            if target is not None:
                targets[u][i] = _flatten(target)
                with_target += 1
    sources = (original.get("translatedFrom") or "").split()
    if not sources and root.get("srcLang") not in (None, "", "und"):
        sources = [root.get("srcLang") or ""]  # none recorded (nothing machine-translated, or an older export)
    out, _simplified = write_units(name, data, targets, root.get("trgLang") or None, sources)
    return MergedDocument(name, out, root.get("trgLang") or "", total, with_target)


def segment_ids(doc: TranslatedDocument) -> Sequence[str]:
    """ "u3/s2" for every segment, in document order (for reports)."""
    return [f"u{s.unit + 1}/s{s.index + 1}" for s in doc.segments]
