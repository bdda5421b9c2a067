"""`xmlzip.rewrite_xml` skips its re-parse of a rewritten part (`well_formed`) where `_reparse_needless` says it
cannot fail; everywhere else it parses the output back as before.

The former `rewrite_xml` always parsed it back: with `_reparse_needless` patched to say no, it is the reference.
On random parts (prologs with declarations in several encodings, comments, processing instructions, DOCTYPEs
whose internal subset the prolog regex cuts short, a BOM; bodies with references, CDATA, comments and tails) and a
conversion that writes every character XML must escape, both must write the same bytes or raise the same error,
and wherever the skip is taken the output must parse. Corpus paragraphs made into docx and ODT documents come
out the same both ways.
"""

from __future__ import annotations

import io
import random
from unittest import mock
from xml.sax.saxutils import escape

import pytest
from bulk_fixtures import docx, odt
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from test_documents_flow import _corpus_lines

from translit.documents import DocumentOptions, convert_document, xmlzip
from translit.documents._context import DocContext
from translit.documents.office import _ODF_TEXT
from translit.documents.xmlzip import MixedContent, TextElements, rewrite_xml
from translit.errors import InputError

TEXT_MODEL = TextElements(
    paragraph=frozenset({"p"}), text=frozenset({"t"}), breaks=frozenset({"br"}), preserve_space=True
)
MIXED_MODEL = MixedContent(
    roots=lambda root: root.iter("p"),
    classify=lambda el: "break" if el.tag == "br" else "inline",
    attributes=frozenset({"title"}),
)
DECLARATIONS = [
    "",
    '<?xml version="1.0"?>',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    "<?xml version='1.0' encoding='utf-8'?>",
    '<?xml version="1.0" encoding="ISO-8859-1"?>',
    '<?xml version="1.0" encoding="windows-1251"?>',
    '<?xml version="1.0" encoding="UTF-16"?>',
]
PROLOG_ITEMS = [
    "\n",
    "\r\n  ",
    "<!-- a comment -->",
    "<!-- <!DOCTYPE x> in a comment -->",
    "<?pi data?>",
    "<?pi a>b ?>",
    '<!DOCTYPE doc SYSTEM "x.dtd">',
    '<!DOCTYPE doc SYSTEM "a>b.dtd">',
    '<!DOCTYPE doc SYSTEM "a><b.dtd">',
    '<!DOCTYPE doc [<!ENTITY e "шаҳар">]>',
    '<!DOCTYPE doc [<!ENTITY e "a]>b">]>',
    '<!DOCTYPE doc [<!-- ]> --><!ENTITY e "x">]>',
]
WORDS = ["Ш", "аҳар ", " ва", "abc", "&amp;", "&lt;", "&#1096;", "&#x10000;", "<![CDATA[a<b>]]>b", "&e;", "\t", " "]


def _convert(text: str) -> str:
    # every character XML escapes, whitespace changed, text lengthened and shortened; "\n" and "\x00" kept
    table = {"a": "&<>]]>\r'\"", "b": "\t", "c": "", "Ш": "Sh", "ш": "sh", "х": "xxxx", "x": "\u2028\U0001f600"}
    return "".join(table.get(c, c) for c in text)


def _body(rng: random.Random, entity: bool) -> str:
    words = [w for w in WORDS if entity or w != "&e;"]

    def content(depth: int) -> str:
        parts = []
        for _ in range(rng.randint(0, 4 if depth < 4 else 0)):
            roll = rng.random()
            if roll < 0.1:
                parts.append(rng.choice(["<!--c-->", "<?pi x?>", "<br/>"]))
            elif roll < 0.4:
                parts.append(rng.choice(words))
            else:
                tag = rng.choice(["p", "t", "t", "r", "p"])
                attr = rng.choice(["", ' title="Шаҳар a"', " xml:space='preserve'", ' title="&amp;a&#10;"'])
                parts.append(f"<{tag}{attr}>{content(depth + 1)}</{tag}>")
        return "".join(parts)

    after = rng.choice(["", "<!--after-->", "\n<?pi after?>\n"])
    return f"<doc><p>{content(1)}<t>{rng.choice(words)}a</t></p>{content(0)}</doc>{after}"


def _part(rng: random.Random) -> bytes:
    declaration = rng.choice(DECLARATIONS)
    items = [rng.choice(PROLOG_ITEMS) for _ in range(rng.randint(0, 3))]
    doctypes = [i for i in items if i.startswith("<!DOCTYPE")]
    items = [i for i in items if not i.startswith("<!DOCTYPE")] + doctypes[:1]  # one, after the rest
    entity = any("ENTITY" in i for i in items)
    text = declaration + "".join(items) + _body(rng, entity)
    encoding = "utf-8"
    for name in ("ISO-8859-1", "windows-1251", "UTF-16"):
        if name in declaration:
            encoding = name
    data = text.encode(encoding, "xmlcharrefreplace")
    if rng.random() < 0.15 and encoding == "utf-8":
        data = b"\xef\xbb\xbf" + data
    return data


def _run(data: bytes, model: TextElements | MixedContent) -> bytes | str:
    try:
        return rewrite_xml(data, model, DocContext(convert=_convert), "part.xml")
    except (InputError, ValueError) as exc:
        return f"{type(exc).__name__}: {exc}"


@settings(max_examples=1500, deadline=None)
@given(st.randoms(use_true_random=False), st.sampled_from([TEXT_MODEL, MIXED_MODEL]))
def test_parts_come_out_as_with_the_reparse_always(rng: random.Random, model: TextElements | MixedContent) -> None:
    data = _part(rng)
    skipped: list[bool] = []
    needless = xmlzip._reparse_needless

    def spy(data: bytes, start: int, encoding: str, size: int) -> bool:
        skipped.append(needless(data, start, encoding, size))
        return skipped[-1]

    with mock.patch.object(xmlzip, "_reparse_needless", spy):
        current = _run(data, model)
    with mock.patch.object(xmlzip, "_reparse_needless", lambda *_args: False):
        reference = _run(data, model)
    assert current == reference
    if skipped and skipped[0]:
        assert isinstance(current, bytes)
        xmlzip.well_formed(current, "x", "part.xml")  # what the skipped re-parse would have checked


def test_the_skip_is_taken_for_a_plain_utf8_part_and_not_past_a_doctype() -> None:
    body = b"<doc><p><t>a</t></p></doc>"
    for prolog in (b"", b'<?xml version="1.0"?>', b'<?xml version="1.0" encoding="UTF-8"?>\r\n<!--x--><?pi?>\n'):
        assert xmlzip._reparse_needless(prolog + body, len(prolog), "UTF-8", 100)
    for prolog in (b"<!DOCTYPE doc>", b'<!DOCTYPE doc SYSTEM "a><b">'):
        data = prolog + body
        assert not xmlzip._reparse_needless(data, xmlzip._prolog_end(data), "UTF-8", 100)
    assert not xmlzip._reparse_needless(b"\xef\xbb\xbf" + body, 0, "UTF-8", 100)
    assert not xmlzip._reparse_needless(body, 0, "ISO-8859-1", 100)
    assert not xmlzip._reparse_needless(body, 0, "UTF-8", xmlzip._REPARSE_SIZE + 1)


def test_a_text_node_grown_past_libxml2s_limit_is_still_refused() -> None:
    """Latin to Cyrillic doubles a text's bytes: a 6 MB text node that comes out at 12 MB would not open."""
    data = b"<doc><p><t>" + b"a" * 6_000_000 + b"</t></p></doc>"
    with pytest.raises(InputError, match="would not be well-formed"):
        rewrite_xml(data, TEXT_MODEL, DocContext(convert=lambda t: t.replace("a", "а")), "part.xml")


def _documents() -> list[tuple[str, bytes]]:
    rng = random.Random(20262)
    lines = [line for line, _convert in _corpus_lines()]
    docs: list[tuple[str, bytes]] = []
    for start in range(0, len(lines), 60):
        chunk = lines[start : start + 60]
        runs = "".join(
            f"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>{escape(p[:cut])}</w:t></w:r>"
            f'<w:r><w:t xml:space="preserve">{escape(p[cut:])}'
            "</w:t></w:r></w:p>"
            for p in chunk
            for cut in [rng.randint(1, max(1, len(p) - 1))]
        )
        docs.append((f"d{start}.docx", docx(runs)))
    docs.append(("text.odt", odt()))
    return docs


@pytest.mark.parametrize("source", [None, "uz-Cyrl", "uz-Latn"])
def test_corpus_documents_come_out_as_with_the_reparse_always(
    source: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    for target in ("uz-Latn", "uz-Cyrl"):
        options = DocumentOptions(target=target, source=source)
        for name, data in _documents():
            current = convert_document(name, data, options)
            with monkeypatch.context() as patch:
                patch.setattr(xmlzip, "_reparse_needless", lambda *_args: False)
                reference = convert_document(name, data, options)
            assert current.data == reference.data
            assert current.warnings == reference.warnings


def test_the_odf_model_parts_skip_the_reparse_too() -> None:
    """Mixed content goes through the same serialisation: an ODT's content.xml is vouched for alike."""
    data = (
        b'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><text:p>a<text:span>b</text:span>'
        b"c</text:p></office:body></office:document-content>"
    )
    out = rewrite_xml(data, _ODF_TEXT, DocContext(convert=_convert), "content.xml")
    assert xmlzip._reparse_needless(data, xmlzip._prolog_end(data), "UTF-8", len(out))
    etree.parse(io.BytesIO(out), xmlzip.parser())
