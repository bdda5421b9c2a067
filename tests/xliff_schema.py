"""The OASIS XLIFF 2 core schema the XLIFF tests validate against (tests/data/xliff; see its README)."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

XLIFF_SCHEMA = Path(__file__).resolve().parent / "data" / "xliff" / "xliff_core_2.0.xsd"


def xliff_schema() -> etree.XMLSchema:
    """The OASIS XLIFF 2 core schema, read from tests/data/xliff (its xml.xsd import is local: no network)."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(XLIFF_SCHEMA), parser))


def assert_valid_xliff(text: str | bytes, schema: etree.XMLSchema | None = None) -> None:
    """Fail with the schema's own messages unless `text` is valid XLIFF 2 core."""
    schema = schema or xliff_schema()
    doc = etree.fromstring(text.encode("utf-8") if isinstance(text, str) else text)
    if not schema.validate(doc):
        raise AssertionError("XLIFF not valid against the OASIS schema:\n" + str(schema.error_log))
