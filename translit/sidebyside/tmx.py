"""TMX 1.4b for translation tools: one translation unit per sentence, one variant per language.

A variant's language is its BCP-47 tag, the source variant's the sentence's own detected language (a Russian
sentence in an Uzbek text is ``ru``). The source comes first and the translations next, so a bilingual reader
(translate-toolkit) takes source -> translation; the transliteration, when there is one, comes last.
Machine-translated variants say so: ``creationtool="translit-mt"`` and ``<prop type="x-origin">`` set to
``machine-translation`` (``transliteration`` for the transliteration), so raw MT is never taken for a human
translation in a memory. `render_bilingual` writes only the source and the first translation.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from translit.sidebyside._common import Column, cells, columns, row_tag, xml_safe
from translit.translate.pipeline import AlignedSentence

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MT_TOOL = "translit-mt"


def render(rows: Sequence[AlignedSentence], title: str | None = None, *, bilingual: bool = False) -> str:
    cols = columns(rows)
    order = [c for c in cols if c.role == "source"] + [c for c in cols if c.role == "translation"]
    if bilingual:
        order = order[:2]
    else:
        order += [c for c in cols if c.role == "transliteration"]
    tags = {r.source_tag for r in rows}
    source_tag = (tags.pop() if len(tags) == 1 else "*all*") if rows else "und"
    tmx = ET.Element("tmx", version="1.4")
    header = {
        "creationtool": "translit",
        "creationtoolversion": _version(),
        "segtype": "sentence",
        "o-tmf": "translit",
        "adminlang": "en",
        "srclang": source_tag,
        "datatype": "plaintext",
    }
    ET.SubElement(tmx, "header", header)
    body = ET.SubElement(tmx, "body")
    for row in rows:
        tu = ET.SubElement(body, "tu", tuid=str(row.index + 1))
        prop = ET.SubElement(tu, "prop", type="x-paragraph")
        prop.text = str(row.paragraph + 1)
        texts = dict(zip(cols, cells(row, cols), strict=True))
        seen: set[str] = set()
        for col in order:
            if col.role == "transliteration" and row.transliteration is None:
                continue  # this sentence has none (it is in another language than the document)
            tag = row_tag(row, col)
            if tag in seen or (col.role == "translation" and tag.split("-")[0] == row.source_tag.split("-")[0]):
                continue  # one variant per language: a "translation" into the source language is the source
            seen.add(tag)
            tuv = ET.SubElement(tu, "tuv", {_XML_LANG: tag, **_origin_attrs(col)})
            origin = _origin(col)
            if origin:
                ET.SubElement(tuv, "prop", type="x-origin").text = origin
            seg = ET.SubElement(tuv, "seg")
            seg.text = xml_safe(texts[col])
    ET.indent(tmx, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(tmx, encoding="unicode") + "\n"


def render_bilingual(rows: Sequence[AlignedSentence], title: str | None = None) -> str:
    """Source and one target (the first translation) per unit."""
    return render(rows, title, bilingual=True)


def _origin(col: Column) -> str | None:
    return {"translation": "machine-translation", "transliteration": "transliteration"}.get(col.role)


def _origin_attrs(col: Column) -> dict[str, str]:
    if col.role == "translation":
        return {"creationtool": MT_TOOL, "creationtoolversion": _version()}
    if col.role == "transliteration":
        return {"creationtool": "translit", "creationtoolversion": _version()}
    return {}


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("translit")
    except Exception:  # an uninstalled checkout has no metadata
        return "0"
