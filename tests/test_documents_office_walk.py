"""`xmlzip._part_flows` (the part-wide walk of text elements) against the walk it replaced.

The former walk found the nearest stop above each element by reading the tag of every ancestor, and built
each break's stand-in anew; the current one finds it by identity among the stops already seen and shares one
stand-in. It is kept here verbatim (but for `flow.element_text(el)`, since removed, which was
`flow.text(el, "text")` without the attribute looked up by name). Both must hand the batch the same flows
(pieces, slots, paragraph elements, preserve-space flags), in the same order, on random Word, DrawingML,
spreadsheet and core-properties trees (runs, hyperlinks, fields, tabs, breaks, text boxes nested at any depth,
skipped subtrees, comments, preserve-space), and whole documents must come out byte for byte the same.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from bulk_fixtures import A as A_XMLNS
from bulk_fixtures import docx, docx_document_xml, odt, xlsx, zip_bytes
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from test_documents_part_flows import CORE, MODEL

from translit.documents import DocumentOptions, convert_document, xmlzip
from translit.documents._context import DocContext
from translit.documents.office import _DRAWING, _SHEET_STRINGS, _WORD, A, S, W
from translit.documents.xmlzip import TextElements, _Batch, _Flow, _part_flows

DATA = Path(__file__).parent / "data"


def former_part_flows(root: etree._Element, model: TextElements, batch: _Batch) -> list[_Flow]:
    """The walk before the nearest stop was found by identity (its body as it was)."""
    stops = model.stops
    paragraph, skip, text = model.paragraph, model.skip, model.text
    preserve = model.preserve_space
    flows: list[_Flow] = []
    collecting: dict[etree._Element, _Flow] = {}
    for el in root.iter(*stops):
        tag = el.tag
        parent = el.getparent()
        while parent is not None and parent.tag not in stops:
            parent = parent.getparent()
        owner = None if parent is None else collecting.get(parent)
        if tag in paragraph:
            if owner is not None:
                owner.fixed(" ")
            flow = _Flow(batch, preserve, el)
            flows.append(flow)
            if tag in text:
                flow.text(el, "text")
            else:
                collecting[el] = flow
        elif owner is None or tag in skip:
            continue
        elif tag in text:
            owner.text(el, "text")
        else:
            owner.fixed(" ")
    return flows


WORD_FIELDS = MODEL  # the Word model with skipped subtrees (field codes, deletions) as well
MODELS = [_WORD, WORD_FIELDS, _DRAWING, _SHEET_STRINGS, CORE]
FILLER = [
    W + n for n in ("r", "r", "rPr", "b", "hyperlink", "fldSimple", "fldChar", "txbxContent", "sdtContent", "ins")
] + [A + "r", S + "r", "{urn:x}other"]
WORDS = [None, "", "Ш", "аҳар ", " ва", "Тошкент", " ", "шаҳар", "\t", "  ", "abc", "ўқ"]
PRESERVE = "{http://www.w3.org/XML/1998/namespace}space"


def random_tree(rng: random.Random, model: TextElements) -> bytes:
    """A random part: the model's own tags among filler elements, nested up to six deep, with comments."""
    tags = [*sorted(model.paragraph) * 2, *sorted(model.text) * 4, *sorted(model.breaks), *sorted(model.skip), *FILLER]
    body = etree.Element(W + "body")

    def grow(parent: etree._Element, depth: int) -> None:
        for _ in range(rng.randint(0, 5 if depth < 6 else 0)):
            if rng.random() < 0.08:
                parent.append(etree.Comment("c") if rng.random() < 0.5 else etree.ProcessingInstruction("pi", "x"))
                continue
            child = etree.SubElement(parent, rng.choice(tags))
            if rng.random() < 0.2:
                child.set(PRESERVE, "preserve")
            child.text = rng.choice(WORDS)
            child.tail = rng.choice([None, "tail", "дум", " "])
            grow(child, depth + 1)

    for _ in range(rng.randint(1, 4)):
        grow(etree.SubElement(body, rng.choice(tags)), 1)
    return etree.tostring(body)


def describe(root: etree._Element, batch: _Batch) -> list[object]:
    """What the batch holds, with elements named by their path (the two sides walk different trees)."""
    tree = root.getroottree()

    def path(el: etree._Element | None) -> str | None:
        return None if el is None else tree.getpath(el)

    return [
        (pieces, [None if s is None else (path(s[0]), s[1]) for s in slots], preserve, path(element))
        for (pieces, slots, preserve), element in zip(batch.items, batch.elements, strict=True)
    ]


def collect(walk: object, data: bytes, model: TextElements) -> list[object]:
    root = etree.fromstring(data)
    batch = _Batch(DocContext(convert=str.upper))
    for flow in walk(root, model, batch):  # type: ignore[operator]
        flow.flush()
    return describe(root, batch)


@settings(max_examples=400, deadline=None)
@given(st.randoms(use_true_random=False), st.sampled_from(MODELS))
def test_the_walk_hands_over_the_same_flows_as_the_former_one(rng: random.Random, model: TextElements) -> None:
    data = random_tree(rng, model)
    assert collect(_part_flows, data, model) == collect(former_part_flows, data, model)


def test_a_text_box_deep_inside_a_run_is_a_break_and_a_flow_of_its_own() -> None:
    xml = (
        f'<w:body xmlns:w="{W[1:-1]}"><w:p><w:hyperlink><w:r><w:t>а</w:t><w:tab/></w:r></w:hyperlink>'
        "<w:r><w:pict><w:txbxContent><w:p><w:r><w:t>б</w:t><w:br/></w:r></w:p></w:txbxContent></w:pict></w:r>"
        "<w:r><w:t>в</w:t></w:r></w:p></w:body>"
    ).encode()
    flows = collect(_part_flows, xml, _WORD)
    assert flows == collect(former_part_flows, xml, _WORD)
    assert [[p if isinstance(p, str) else p.stand_in for p in pieces] for pieces, *_ in flows] == [  # type: ignore[misc]
        ["а", " ", " ", "в"],
        ["б", " "],
    ]


LATN = DocumentOptions(target="uz-Latn")
CYRL = DocumentOptions(target="uz-Latn", source="uz-Cyrl")
RUNS = (
    '<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Ш</w:t></w:r><w:r><w:t xml:space="preserve">аҳар </w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPERLINK "х" </w:instrText></w:r>'
    "<w:hyperlink><w:r><w:t>Тошкент</w:t></w:r></w:hyperlink><w:r><w:tab/><w:t>ва</w:t><w:br/></w:r></w:p>"
    "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>жадвал</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
)
DOCUMENTS = {
    "runs.docx": docx(RUNS, header="<w:p><w:r><w:t>сарлавҳа</w:t></w:r></w:p>"),
    "book.xlsx": xlsx(),
    "text.odt": odt(),
    "slides.pptx": zip_bytes(
        [
            ("[Content_Types].xml", "<Types/>"),
            ("ppt/presentation.xml", "<p/>"),
            (
                "ppt/slides/slide1.xml",
                f"<sld {A_XMLNS}><a:p><a:r><a:t>Ш</a:t></a:r><a:br/><a:r><a:t>аҳар</a:t></a:r></a:p></sld>",
            ),
        ]
    ),
    "bare.docx": zip_bytes([("[Content_Types].xml", "<Types/>"), ("word/document.xml", docx_document_xml(RUNS))]),
    "mixed.pandoc.docx": (DATA / "mixed.pandoc.docx").read_bytes(),
}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
@pytest.mark.parametrize("opts", [LATN, CYRL], ids=["detected", "given"])
def test_documents_come_out_the_same_as_with_the_former_walk(
    name: str, opts: DocumentOptions, monkeypatch: pytest.MonkeyPatch
) -> None:
    current = convert_document(name, DOCUMENTS[name], opts)
    monkeypatch.setattr(xmlzip, "_part_flows", former_part_flows)
    former = convert_document(name, DOCUMENTS[name], opts)
    assert current.data == former.data
    assert current.warnings == former.warnings
