"""CSV/TSV, JSON and gettext .po: values converted, structure (quotes, keys, msgids, placeholders) kept."""

from __future__ import annotations

import json
import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translit.documents import DocumentOptions, convert_document
from translit.errors import InputError

LATN = DocumentOptions(target="uz-Latn")


def conv(name: str, text: str, options: DocumentOptions = LATN) -> str:
    return convert_document(name, text.encode("utf-8"), options).data.decode("utf-8")


def test_csv_keeps_quoting_delimiters_and_crlf() -> None:
    src = 'ном,шаҳар,код\r\n"Тошкент, ""катта""",Самарқанд,ш1\r\n"кўп\nқатор",,\r\n'
    assert conv("a.csv", src) == 'nom,shahar,kod\r\n"Toshkent, ""katta""",Samarqand,sh1\r\n"koʻp\nqator",,\r\n'


def test_csv_semicolon_delimiter_is_sniffed() -> None:
    assert conv("b.csv", "ном;шаҳар\nТошкент;Самарқанд\n") == "nom;shahar\nToshkent;Samarqand\n"


def test_tsv_chosen_columns_only_header_kept() -> None:
    src = "id\tном\tизоҳ\n1\tТошкент\tшаҳар\n2\tСамарқанд\tқадимий\n"
    out = conv("t.tsv", src, DocumentOptions(target="uz-Latn", source="uz-Cyrl", columns=("ном", "3")))
    assert out == "id\tном\tизоҳ\n1\tToshkent\tshahar\n2\tSamarqand\tqadimiy\n"


def test_csv_unknown_column_names_the_header() -> None:
    with pytest.raises(InputError) as err:
        conv("c.csv", "a,b\nТошкент,шаҳар\n", DocumentOptions(target="uz-Latn", columns=("x",)))
    assert str(err.value) == "c.csv: no column 'x' (the header has: a, b)"


def test_json_values_converted_keys_layout_placeholders_and_escapes_kept() -> None:
    src = (
        '{\n  "шаҳар": "Тошкент {name}, %s ва %(count)d",\n  "list": ["Салом", 1, true, null],\n'
        '  "escaped": "\\u0448\\u0430\\u04b3\\u0430\\u0440",\n  "nested": {"ключ": "дунё\\nкитоб"}\n}\n'
    )
    assert conv("a.json", src) == (
        '{\n  "шаҳар": "Toshkent {name}, %s va %(count)d",\n  "list": ["Salom", 1, true, null],\n'
        '  "escaped": "shahar",\n  "nested": {"ключ": "dunyo\\nkitob"}\n}\n'
    )


def test_invalid_json_is_a_clear_error() -> None:
    bad = '{"a": "шаҳар",}'
    with pytest.raises(InputError) as err:
        conv("bad.json", bad)
    # the parser's own words and position, which differ between Python versions (3.13 names the trailing comma)
    with pytest.raises(json.JSONDecodeError) as parsed:
        json.loads(bad)
    why = parsed.value
    assert str(err.value) == f"bad.json: not valid JSON: {why.msg} at line 1 column {why.colno}"
    if sys.version_info < (3, 13):
        assert why.msg == "Expecting property name enclosed in double quotes" and why.colno == 15
    else:
        assert why.msg == "Illegal trailing comma before end of object" and why.colno == 14


PO = """# Translators
msgid ""
msgstr ""
"Language: uz\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

#: app.py:1
#, python-format
msgid "City %s"
msgstr "Шаҳар %s"

msgid "Long text"
msgstr ""
"Биринчи қатор {name} "
"<b>иккинчи</b>\\n"

msgid "One file"
msgid_plural "%d files"
msgstr[0] "%d китоб"
msgstr[1] "%d китоблар"

#~ msgid "Old"
#~ msgstr "Эски"
"""


def test_po_converts_msgstr_only_and_keeps_layout() -> None:
    assert conv("uz.po", PO) == PO.replace('"Шаҳар %s"', '"Shahar %s"').replace(
        '"Биринчи қатор {name} "', '"Birinchi qator {name} "'
    ).replace('"<b>иккинчи</b>\\n"', '"<b>ikkinchi</b>\\n"').replace('"%d китоб"', '"%d kitob"').replace(
        '"%d китоблар"', '"%d kitoblar"'
    )


def test_po_latin_to_cyrillic_would_not_touch_placeholders() -> None:
    # the placeholder guard is direction-independent: check it with a converter that upper-cases everything
    from translit.documents import DocContext
    from translit.documents.po import rewrite_text

    out = rewrite_text('msgid "a"\nmsgstr "salom %s {name} \\n <b>x</b>"\n', DocContext(convert=str.upper))
    assert out == 'msgid "a"\nmsgstr "SALOM %s {name} \\n <b>X</b>"\n'


def test_po_in_a_legacy_encoding_says_utf8_in_its_header_once_written_in_it() -> None:
    """msgfmt and gettext read every msgstr in the charset the header names: left saying CP1251 over the UTF-8
    output, the compiled catalogue gave OК»zbekiston. Kept in its encoding (`keep_encoding`), the header stays."""
    import gettext
    import io

    import polib

    src = (  # what windows-1251 holds (no қ ғ ҳ), as such catalogues were written
        'msgid ""\nmsgstr ""\n"Language: uz\\n"\n"Content-Type: text/plain; charset=CP1251\\n"\n\n'
        'msgid "Uzbekistan"\nmsgstr "Ўзбекистон"\n\nmsgid "City"\nmsgstr "Тошкент"\n'
    )
    out = convert_document("uz.po", src.encode("cp1251"), LATN).data.decode("utf-8")
    assert out == src.replace("CP1251", "UTF-8").replace("Ўзбекистон", "Oʻzbekiston").replace("Тошкент", "Toshkent")
    compiled = gettext.GNUTranslations(io.BytesIO(polib.pofile(out).to_binary()))
    assert compiled.gettext("Uzbekistan") == "Oʻzbekiston"
    kept = src.replace("Ўзбекистон", "Самарканд")  # converted, still what CP1251 can hold
    options = DocumentOptions(target="uz-Latn", keep_encoding=True)
    assert convert_document("uz.po", kept.encode("cp1251"), options).data.decode("cp1251") == kept.replace(
        "Самарканд", "Samarkand"
    ).replace("Тошкент", "Toshkent")


def test_excel_unicode_text_utf16_tsv_keeps_its_bom_and_tabs() -> None:
    data = "\ufeffном\tшаҳар\r\nТошкент\tСамарқанд\r\n".encode("utf-16-le")
    out = convert_document("sheet.tsv", data, LATN)
    assert out.encoding == "utf_16_le"
    assert out.data == "\ufeffnom\tshahar\r\nToshkent\tSamarqand\r\n".encode()  # UTF-8, BOM kept
    kept = convert_document("sheet.tsv", data, DocumentOptions(target="uz-Latn", keep_encoding=True))
    assert kept.data == "\ufeffnom\tshahar\r\nToshkent\tSamarqand\r\n".encode("utf-16-le")


_FORMER_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)  # the pattern jsondoc used until 2026-12-02


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet='"\\ab:\n\u0448{}', max_size=40))
def test_json_string_pattern_matches_as_the_former_one(text: str) -> None:
    from translit.documents.jsondoc import _STRING

    assert [m.span() for m in _STRING.finditer(text)] == [m.span() for m in _FORMER_STRING.finditer(text)]
