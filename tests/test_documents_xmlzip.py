"""The walk that collects a paragraph's pieces (`xmlzip._collect`) against its former recursive self.

It used to visit every element under a paragraph in Python; it now lets lxml find the elements it stops at
and leaves out those found inside another. The former walk is kept here verbatim as the reference: on random
trees (runs, formatting, breaks, skipped and nested paragraphs, comments, text boxes inside runs) both must
hand over the same pieces for the same elements, in the same order.
"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from translit.documents._context import DocContext
from translit.documents.office import _SHEET_STRINGS, _WORD, W
from translit.documents.xmlzip import TextElements, _Batch, _collect, _Flow


def collect_reference(el: etree._Element, model: TextElements, flow: _Flow, top: etree._Element) -> None:
    for child in el:
        tag = child.tag
        if tag in model.paragraph and child is not top:
            flow.fixed(" ")
        elif tag in model.skip:
            continue
        elif tag in model.text:
            flow.text(child, "text")
        elif tag in model.breaks:
            flow.fixed(" ")
        else:
            collect_reference(child, model, flow, top)


MODEL = TextElements(
    paragraph=_WORD.paragraph,
    text=_WORD.text,
    breaks=_WORD.breaks,
    skip=frozenset({W + "instrText", W + "del"}),
    preserve_space=True,
)
#: what lies between the walk's stops: runs, formatting, hyperlinks, text box containers
FILLER = [W + n for n in ("r", "r", "rPr", "b", "hyperlink", "txbxContent")]


def _tree(rng: random.Random, model: TextElements) -> etree._Element:
    tags = [*sorted(model.paragraph), *sorted(model.text) * 3, *sorted(model.breaks), *sorted(model.skip), *FILLER]
    body = etree.Element(W + "body")
    counter = iter(range(1_000_000))

    def grow(parent: etree._Element, depth: int) -> None:
        for _ in range(rng.randint(0, 4 if depth < 4 else 0)):
            if rng.random() < 0.1:
                parent.append(etree.Comment("x"))
                continue
            child = etree.SubElement(parent, rng.choice(tags), id=str(next(counter)))
            child.text = rng.choice([None, "", "Ш", "аҳар ", " ва", "Тошкент"])
            child.tail = rng.choice([None, "tail"])
            grow(child, depth + 1)

    for _ in range(rng.randint(1, 3)):
        grow(etree.SubElement(body, rng.choice(sorted(model.paragraph)), id=str(next(counter))), 1)
    return body


def _pieces(flow: _Flow) -> list[tuple[object, str | None]]:
    slots = [None if slot is None else f"{slot[0].get('id')}.{slot[1]}" for slot in flow.slots]
    return list(zip(flow.pieces, slots, strict=True))


@settings(max_examples=500, deadline=None)
@given(st.randoms(use_true_random=False), st.sampled_from([MODEL, _WORD, _SHEET_STRINGS]))
def test_collect_hands_over_what_the_recursive_walk_did(rng: random.Random, model: TextElements) -> None:
    root = _tree(rng, model)
    batch = _Batch(DocContext(convert=str.upper))
    paragraphs = 0
    for para in root.iter(*model.paragraph):
        new, old = _Flow(batch, element=para), _Flow(batch, element=para)
        _collect(para, model, new)
        collect_reference(para, model, old, para)
        assert _pieces(new) == _pieces(old)
        paragraphs += 1
    assert paragraphs
