"""The part-wide walk of text elements (`xmlzip._part_flows`) and the write-back of `_Batch.run` against
their former selves.

`rewrite_text_elements` used to walk each paragraph on its own (first in Python over every element, then with an
`iter` of its stops) and `_Batch.run` read every slot back from the tree to see whether it changed; now one
`iter` covers the whole part and the pieces collected stand for the slots' values. The first walk and the
former write-back are kept here verbatim as the reference: on
random trees (runs, breaks, skipped elements, paragraphs nested in runs, in skipped and in text elements,
comments) both must hand the converter the same flows for the same paragraphs, in the same order, report
the same change and leave the same bytes.
"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from translit.documents._context import DocContext
from translit.documents.office import _CORE_TEXT, _SHEET_STRINGS, _WORD, W
from translit.documents.xmlzip import (
    XML_SPACE,
    TextElements,
    _Batch,
    _Flow,
    _part_flows,
    rewrite_text_elements,
)


def collect_reference(el: etree._Element, model: TextElements, flow: _Flow, top: etree._Element) -> None:
    """The first walk of one paragraph's pieces: every element under it visited in Python."""
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


class ReferenceBatch(_Batch):
    def run(self) -> bool:  # the former write-back: every slot read back from the tree and compared
        changed = False
        results = self.ctx.flows([pieces for pieces, _slots, _p in self.items])
        for (_pieces, slots, preserve), new_pieces in zip(self.items, results, strict=True):
            for slot, new in zip(slots, new_pieces, strict=True):
                if slot is None:
                    continue
                el, attr = slot
                if getattr(el, attr) != new:
                    setattr(el, attr, new)
                    changed = True
                    if preserve and attr == "text" and new != new.strip():
                        el.set(XML_SPACE, "preserve")
        self.items.clear()
        self.elements.clear()
        return changed


def rewrite_reference(root: etree._Element, model: TextElements, ctx: DocContext) -> bool:
    """The former `rewrite_text_elements` (without its language elements, which did not change)."""
    batch = ReferenceBatch(ctx)
    for para in root.iter(*model.paragraph):
        flow = _Flow(batch, model.preserve_space, para)
        if para.tag in model.text:
            flow.text(para, "text")
        else:
            collect_reference(para, model, flow, para)
        flow.flush()
    return batch.run()


MODEL = TextElements(
    paragraph=_WORD.paragraph,
    text=_WORD.text,
    breaks=_WORD.breaks,
    skip=frozenset({W + "instrText", W + "del"}),
    preserve_space=True,
)
CORE = TextElements(paragraph=_CORE_TEXT, text=_CORE_TEXT)
FILLER = [W + n for n in ("r", "r", "rPr", "b", "hyperlink", "txbxContent")]
WORDS = [None, "", "Ш", "аҳар ", " ва", "Тошкент", " ", "шаҳар"]


def _tree(rng: random.Random, model: TextElements) -> etree._Element:
    tags = [*sorted(model.paragraph), *sorted(model.text) * 3, *sorted(model.breaks), *sorted(model.skip), *FILLER]
    body = etree.Element(W + "body")
    counter = iter(range(1_000_000))

    def grow(parent: etree._Element, depth: int) -> None:
        for _ in range(rng.randint(0, 4 if depth < 5 else 0)):
            if rng.random() < 0.1:
                parent.append(etree.Comment("x"))
                continue
            child = etree.SubElement(parent, rng.choice(tags), id=str(next(counter)))
            child.text = rng.choice(WORDS)
            child.tail = rng.choice([None, "tail", "дум"])
            grow(child, depth + 1)

    for _ in range(rng.randint(1, 3)):
        grow(etree.SubElement(body, rng.choice(tags), id=str(next(counter))), 1)
    return body


def _convert(text: str) -> str:
    # changes some pieces and not others, and lengthens words (so the cut back has work to do)
    return text.replace("ш", "sh").replace("Ш", "Sh").replace("а", "a").upper()


@settings(max_examples=500, deadline=None)
@given(st.randoms(use_true_random=False), st.sampled_from([MODEL, _WORD, _SHEET_STRINGS, CORE]))
def test_part_rewrite_matches_the_per_paragraph_walk(rng: random.Random, model: TextElements) -> None:
    data = etree.tostring(_tree(rng, model))  # both sides parse the same bytes (an empty text reads as None)
    root, copy = etree.fromstring(data), etree.fromstring(data)
    seen_new: list[list[object]] = []
    seen_old: list[list[object]] = []

    def recorder(seen: list[list[object]]) -> DocContext:
        ctx = DocContext(convert=_convert)
        flows = ctx.flows

        def record(batch: object) -> list[list[str]]:
            seen.extend(list(flow) for flow in batch)  # type: ignore[attr-defined]
            return flows(batch)  # type: ignore[arg-type]

        ctx.flows = record  # type: ignore[method-assign]
        return ctx

    new_ctx, old_ctx = recorder(seen_new), recorder(seen_old)
    changed = rewrite_text_elements(root, model, new_ctx)
    changed_reference = rewrite_reference(copy, model, old_ctx)
    assert seen_new == seen_old
    assert changed == changed_reference
    assert etree.tostring(root) == etree.tostring(copy)
    assert new_ctx.simplified == old_ctx.simplified


def test_batch_items_keep_their_paragraphs() -> None:
    """Each flow is handed over with its own paragraph (what `place` reports), nested ones included."""
    xml = (
        f'<w:body xmlns:w="{W[1:-1]}"><w:p><w:r><w:t>а</w:t></w:r><w:r><w:txbxContent><w:p><w:r><w:t>б</w:t>'
        "</w:r></w:p></w:txbxContent></w:r><w:r><w:t>в</w:t></w:r></w:p></w:body>"
    )
    root = etree.fromstring(xml.encode())
    batch = _Batch(DocContext(convert=str.upper))
    for flow in _part_flows(root, _WORD, batch):
        flow.flush()
    outer, inner = root.iter(W + "p")
    assert batch.elements == [outer, inner]
    assert [[p if isinstance(p, str) else p.stand_in for p in pieces] for pieces, _s, _k in batch.items] == [
        ["а", " ", "в"],
        ["б"],
    ]
