"""TMX 1.4b for translation tools: one translation unit per sentence, one variant per language.

A variant's language is its BCP-47 tag; the transliteration is a variant of its own ("uz-Latn" beside
"uz-Cyrl"), so CAT tools can use either script as the source.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from translit.sidebyside._common import cells, columns, xml_safe
from translit.translate.pipeline import AlignedSentence

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def render(rows: Sequence[AlignedSentence], title: str | None = None) -> str:
    cols = columns(rows)
    source_tag = cols[0].tag if cols else "und"
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
        seen: set[str] = set()
        for col, text in zip(cols, cells(row, cols), strict=True):
            if col.tag in seen or (col.role == "translation" and col.tag == source_tag.split("-")[0]):
                continue  # one variant per language: a "translation" into the source language is the source
            seen.add(col.tag)
            tuv = ET.SubElement(tu, "tuv", {_XML_LANG: col.tag})
            seg = ET.SubElement(tuv, "seg")
            seg.text = xml_safe(text)
    ET.indent(tmx, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(tmx, encoding="unicode") + "\n"


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("translit")
    except Exception:  # an uninstalled checkout has no metadata
        return "0"
