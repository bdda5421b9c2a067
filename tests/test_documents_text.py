"""Text-like documents: txt, Markdown, HTML, SRT/VTT — exact bytes out, everything but prose kept."""

from __future__ import annotations

import re

import pytest

from translit.documents import DocContext, DocumentOptions, convert_document, rewrite_document
from translit.documents._flow import Fixed, convert_flow
from translit.errors import InputError, OutputError

LATN = DocumentOptions(target="uz-Latn")


def conv(name: str, text: str | bytes, options: DocumentOptions = LATN) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return convert_document(name, data, options).data.decode("utf-8")


# --------------------------------------------------------------------------------------------- flow


def test_flow_converts_a_word_split_across_pieces_as_one_word() -> None:
    import translit

    c = translit.get_converter("uz-Cyrl", "uz-Latn").convert
    out, simplified = convert_flow(["Ш", "АҲАР ", "Офи", "цант"], c)
    assert out == ["SH", "AHAR ", "Ofi", "tsant"]  # not "ShAHAR": the word is converted whole
    assert simplified == 0


def test_flow_puts_an_uncuttable_word_into_its_first_piece_and_counts_it() -> None:
    def reverse_words(text: str) -> str:
        return re.sub(r"\w+", lambda m: m.group(0)[::-1], text)

    out, simplified = convert_flow(["ab", "cd ef"], reverse_words)
    assert out == ["dcba", " fe"]
    assert simplified == 1


def test_flow_keeps_fixed_pieces_and_separates_words_at_them() -> None:
    out, _ = convert_flow(["ab", Fixed("&nbsp;"), "cd", Fixed("<b>", ""), "ef"], str.upper)
    assert out == ["AB", "&nbsp;", "CD", "<b>", "EF"]


# --------------------------------------------------------------------------------------------- txt


def test_txt_keeps_crlf_and_bom() -> None:
    data = "\ufeffТошкент шаҳри\r\nСалом, дунё!\r\n".encode()
    result = convert_document("a.txt", data, LATN)
    assert result.data == "\ufeffToshkent shahri\r\nSalom, dunyo!\r\n".encode()
    assert (result.encoding, result.bom, result.newline, result.source) == ("utf_8", True, "\r\n", "uz-Cyrl")


def test_txt_in_cp1251_is_written_as_utf8() -> None:
    data = "Ўзбек тили\nТошкент\n".encode("cp1251")
    result = convert_document("a.txt", data, LATN)
    assert result.data == "Oʻzbek tili\nToshkent\n".encode()
    assert result.encoding == "cp1251"


def test_keep_encoding_fails_clearly_when_the_target_cannot_be_encoded() -> None:
    data = "Ўзбек тили\n".encode("cp1251")
    with pytest.raises(OutputError) as err:
        convert_document("old.txt", data, DocumentOptions(target="uz-Latn", keep_encoding=True))
    assert str(err.value) == (
        "old.txt: --keep-encoding: cp1251 cannot encode 'ʻ' (U+02BB) at line 1; write UTF-8 instead "
        "(drop --keep-encoding)"
    )


def test_keep_encoding_writes_the_input_code_page_when_it_can() -> None:
    data = "Тошкент\r\n".encode("cp1251")
    out = convert_document("a.txt", data, DocumentOptions(target="uz-Latn", keep_encoding=True)).data
    assert out == b"Toshkent\r\n"
    utf16 = "\ufeffТошкент\r\n".encode("utf-16-le")
    out16 = convert_document("a.txt", utf16, DocumentOptions(target="uz-Latn", keep_encoding=True)).data
    assert out16 == "\ufeffToshkent\r\n".encode("utf-16-le")


def test_text_without_letters_is_kept_unchanged() -> None:
    result = convert_document("n.txt", b"12 345\n", LATN)
    assert (result.data, result.status) == (b"12 345\n", "unchanged")


def test_latin_text_with_latin_target_is_kept() -> None:
    result = convert_document("l.txt", "Oʻzbekiston shahri\n".encode(), LATN)
    assert result.status == "unchanged"
    assert result.warnings == ["already in uz-Latn; left unchanged"]


# --------------------------------------------------------------------------------------------- markdown


def test_markdown_keeps_code_links_and_html() -> None:
    src = (
        "# Тошкент\n\n"
        'Салом `шаҳар код` ва [ҳавола](http://x.uz/шаҳар "Шаҳар") <span class="ш">китоб</span>.\n'
        "<http://ш.uz>\n\n"
        "```python\nшаҳар = 1\n```\n\n"
        "    отступ шаҳар\n\n"
        "[ref]: http://ш.uz/шаҳар\n"
    )
    assert conv("a.md", src) == (
        "# Toshkent\n\n"
        'Salom `шаҳар код` va [havola](http://x.uz/шаҳар "Шаҳар") <span class="ш">kitob</span>.\n'
        "<http://ш.uz>\n\n"
        "```python\nшаҳар = 1\n```\n\n"
        "    отступ шаҳар\n\n"
        "[ref]: http://ш.uz/шаҳар\n"
    )


# --------------------------------------------------------------------------------------------- html


def test_html_converts_text_and_prose_attributes_only() -> None:
    src = (
        '<!DOCTYPE html>\n<html lang="uz-Cyrl"><head><meta charset=utf-8><title>Тошкент</title>'
        "<style>p::before{content:\"шаҳар\"}</style><script>var ш = 'шаҳар';</script></head>\n"
        "<body><p class=ш title='Шаҳар' data-x=\"шаҳар\">Ш<b>АҲАР</b>&nbsp;&laquo;Офи<i>цант</i>&raquo;"
        '<img src="шаҳар.png" alt="китоб"><br/>'
        '<code>шаҳар</code> <span translate="no">Тошкент</span> <a href="/шаҳар">ҳавола</a></p>'
        "<!-- шаҳар --></body></html>"
    )
    assert conv("a.html", src) == (
        '<!DOCTYPE html>\n<html lang="uz-Latn"><head><meta charset=utf-8><title>Toshkent</title>'
        "<style>p::before{content:\"шаҳар\"}</style><script>var ш = 'шаҳар';</script></head>\n"
        "<body><p class=ш title='Shahar' data-x=\"шаҳар\">SH<b>AHAR</b>&nbsp;&laquo;Ofi<i>tsant</i>&raquo;"
        '<img src="шаҳар.png" alt="kitob"><br/>'
        '<code>шаҳар</code> <span translate="no">Тошкент</span> <a href="/шаҳар">havola</a></p>'
        "<!-- шаҳар --></body></html>"
    )


def test_html_in_a_legacy_encoding_gets_its_meta_charset_updated() -> None:
    src = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head>'
        "<body><p>Тошкент вилояти ва Ўзбекистон</p></body></html>"
    )
    out = conv("a.htm", src.encode("cp1251"))
    assert out == (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>'
        "<body><p>Toshkent viloyati va Oʻzbekiston</p></body></html>"
    )


def test_xhtml_in_a_legacy_encoding_gets_its_xml_declaration_updated() -> None:
    """An XML reader decodes an XHTML page by its XML declaration, not by `<meta>`: left saying windows-1251 over the
    UTF-8 output, it read Oʻzbekiston as OК»zbekiston. A page kept in its encoding keeps its declaration."""
    from lxml import etree

    src = (
        '<?xml version="1.0" encoding="windows-1251"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head>'
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251"/></head>'
        "<body><p>Ўзбекистон «пойтахти»</p></body></html>"
    )
    out = conv("a.xhtml", src.encode("cp1251"))
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<html')
    assert "".join(etree.fromstring(out.encode("utf-8")).itertext()) == "Oʻzbekiston «poytaxti»"
    legacy = src.replace("Ўзбекистон", "Тошкент").encode("cp1251")  # what windows-1251 can hold converted
    kept = convert_document("a.xhtml", legacy, DocumentOptions(target="uz-Latn", keep_encoding=True)).data
    assert kept.startswith(b'<?xml version="1.0" encoding="windows-1251"?>')
    assert "".join(etree.fromstring(kept).itertext()) == "Toshkent «poytaxti»"


# --------------------------------------------------------------------------------------------- subtitles


def test_srt_keeps_indexes_timings_tags_crlf_and_bom() -> None:
    src = (
        "\ufeff1\r\n00:00:01,000 --> 00:00:02,500\r\n<i>Салом</i>, дунё!\r\nТошкент шаҳри\r\n\r\n"
        "2\r\n00:00:03,000 --> 00:00:04,000\r\n{\\an8}Ш<b>АҲАР</b>\r\n"
    )
    assert conv("a.srt", src) == (
        "\ufeff1\r\n00:00:01,000 --> 00:00:02,500\r\n<i>Salom</i>, dunyo!\r\nToshkent shahri\r\n\r\n"
        "2\r\n00:00:03,000 --> 00:00:04,000\r\n{\\an8}SH<b>AHAR</b>\r\n"
    )


def test_vtt_keeps_header_notes_styles_ids_and_cue_settings() -> None:
    src = (
        "WEBVTT - Шаҳар\n\nNOTE шаҳар ҳақида\n\nSTYLE\n::cue { color: ш }\n\n"
        "intro-шаҳар\n00:01.000 --> 00:02.000 align:start line:0\n<v Али>Салом</v> <c.ш>дунё</c>\n"
    )
    assert conv("a.vtt", src) == (
        "WEBVTT - Шаҳар\n\nNOTE шаҳар ҳақида\n\nSTYLE\n::cue { color: ш }\n\n"
        "intro-шаҳар\n00:01.000 --> 00:02.000 align:start line:0\n<v Али>Salom</v> <c.ш>dunyo</c>\n"
    )


def test_unknown_extension_is_refused_by_the_rewriter() -> None:
    with pytest.raises(InputError):
        rewrite_document("a.pdf", b"%PDF", DocContext(convert=str.upper))


def test_a_large_document_is_converted_whole() -> None:
    text = "<p>Тошкент шаҳри</p>\n" * 20_000  # 0.5 MB: the document's tag settles early, every unit converts
    assert conv("big.html", text) == "<p>Toshkent shahri</p>\n" * 20_000


@pytest.mark.parametrize(
    ("name", "src", "expected"),
    [
        (
            "a.md",
            "salom &nbsp; `kod` [havola](http://x.uz/a) <b>dunyo</b> &#8212;\n",
            "SALOM &nbsp; `kod` [HAVOLA](http://x.uz/a) <b>DUNYO</b> &#8212;\n",
        ),
        (
            "a.srt",
            "1\n00:00:01,000 --> 00:00:02,000\n<i>salom</i> &amp; {\\an8}dunyo\n",
            "1\n00:00:01,000 --> 00:00:02,000\n<i>SALOM</i> &amp; {\\an8}DUNYO\n",
        ),
        (
            "a.html",
            "<p title='salom &amp; dunyo'>salom&nbsp;<b>dunyo</b></p>",
            "<p title='SALOM &amp; DUNYO'>SALOM&nbsp;<b>DUNYO</b></p>",
        ),
        ("a.json", '{"k": "salom &amp; {name} %s \\n"}', '{"k": "SALOM &amp; {name} %s \\n"}'),
    ],
)
def test_markup_placeholders_and_references_survive_any_direction(name: str, src: str, expected: str) -> None:
    # Latin → Cyrillic would turn letters in markup into Cyrillic; an upper-casing converter shows what is
    # handed to the converter and what is kept, whatever the direction
    ctx = DocContext(convert=str.upper, path=name)
    assert rewrite_document(name, src.encode(), ctx).decode() == expected
