"""Translating a gettext catalogue: msgid -> msgstr, flagged fuzzy, plural forms, comments and flags kept, the
header's Language set to the target; read back with polib and checked with msgfmt --check when it is here."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from test_translate_documents import Echo

from translit.documents import DocumentOptions, convert_document
from translit.documents.po import gettext_language
from translit.translate.commands import translate_files
from translit.translate.documents import translate_file, translated_name
from translit.translate.xliff import export_xliff, merge_xliff

pytest_plugins = ["translate_fixtures"]

CATALOGUE = """# Uzbek messages for the demo application.
# Copyright (C) 2026 Demo authors
# This file is distributed under the same license as the demo package.
#
msgid ""
msgstr ""
"Project-Id-Version: demo 1.0\\n"
"Report-Msgid-Bugs-To: bugs@example.org\\n"
"POT-Creation-Date: 2026-01-01 00:00+0000\\n"
"PO-Revision-Date: 2026-01-02 00:00+0000\\n"
"Last-Translator: Tarjimon <t@example.org>\\n"
"Language-Team: English <en@example.org>\\n"
"Language: uz@cyrillic\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

#. The main window's title
#: src/main.c:10
msgid "Бош саҳифа"
msgstr ""

#: src/main.c:20 src/main.c:30
#, c-format
msgid "Файл %s сақланди."
msgstr ""

#: src/main.c:40
#, c-format
msgid "%d та файл топилди."
msgid_plural "%d та файл топилди."
msgstr[0] ""
msgstr[1] ""

#: src/menu.c:5
msgctxt "menu"
msgid "Очиш"
msgstr ""

#: src/help.c:7
msgid ""
"Биринчи қатор.\\n"
"Иккинчи қатор."
msgstr ""

#: src/num.c:1
msgid "42"
msgstr ""

#~ msgid "Эски хабар"
#~ msgstr ""
"""
MSGFMT = shutil.which("msgfmt")


def _entries(data: bytes) -> dict[tuple[str | None, str], polib.POEntry]:
    return {(e.msgctxt, e.msgid): e for e in polib.pofile(data.decode("utf-8"))}


def test_each_msgid_is_translated_into_its_msgstr_and_flagged_fuzzy() -> None:
    doc = translate_file("messages.po", CATALOGUE.encode(), "en", backend=Echo())
    assert doc.status == "translated"
    got = _entries(doc.data)
    title = got[(None, "Бош саҳифа")]
    assert title.msgstr == "<en> Bosh sahifa"
    assert title.flags == ["fuzzy"]
    assert title.comment == "The main window's title" and title.occurrences == [("src/main.c", "10")]
    saved = got[(None, "Файл %s сақланди.")]
    assert saved.msgstr == "<en> Fayl %s saqlandi."  # the placeholder is kept
    assert saved.flags == ["fuzzy", "c-format"]
    assert saved.occurrences == [("src/main.c", "20"), ("src/main.c", "30")]
    assert got[("menu", "Очиш")].msgstr == "<en> Ochish"  # msgctxt kept
    help_text = got[(None, "Биринчи қатор.\nИккинчи қатор.")]
    assert help_text.msgstr.count("\n") == 1 and help_text.msgstr.startswith("<en> Birinchi qator.")
    number = got[(None, "42")]
    assert number.msgstr == "" and "fuzzy" not in number.flags  # nothing to translate: stays untranslated
    obsolete = [e for e in polib.pofile(doc.data.decode()) if e.obsolete]
    assert [e.msgid for e in obsolete] == ["Эски хабар"]


def test_plural_forms_follow_the_target_language() -> None:
    en = _entries(translate_file("messages.po", CATALOGUE.encode(), "en", backend=Echo()).data)
    found = en[(None, "%d та файл топилди.")]
    assert found.msgid_plural == "%d та файл топилди."
    assert found.msgstr_plural == {0: "%d <en> ta fayl topildi.", 1: "%d <en> ta fayl topildi."}
    assert found.flags == ["fuzzy", "c-format"]
    ru_doc = translate_file("messages.po", CATALOGUE.encode(), "ru", backend=Echo())
    ru = polib.pofile(ru_doc.data.decode())
    assert ru.metadata["Language"] == "ru"
    assert ru.metadata["Plural-Forms"].startswith("nplurals=3;")
    assert sorted(_entries(ru_doc.data)[(None, "%d та файл топилди.")].msgstr_plural) == [0, 1, 2]


def test_the_header_names_the_target_and_keeps_the_rest() -> None:
    doc = translate_file("messages.po", CATALOGUE.encode(), "en", backend=Echo())
    catalogue = polib.pofile(doc.data.decode())
    assert catalogue.metadata["Language"] == "en"
    assert catalogue.metadata["Project-Id-Version"] == "demo 1.0"
    assert catalogue.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert catalogue.header.startswith("Uzbek messages for the demo application.")
    assert translated_name("po/messages.po", "en") == "messages.en.po"


def test_a_latin_catalogue_into_cyrillic_uzbek_says_uz_at_cyrillic() -> None:
    latin = CATALOGUE.replace('"Language: uz@cyrillic\\n"', '"Language: uz\\n"').replace(
        'msgid "Бош саҳифа"', 'msgid "Bosh sahifa"'
    )
    doc = translate_file("messages.po", latin.encode(), "uz-Cyrl", backend=Echo())
    catalogue = polib.pofile(doc.data.decode())
    assert catalogue.metadata["Language"] == "uz@cyrillic"
    assert _entries(doc.data)[(None, "Bosh sahifa")].msgstr == "Бош саҳифа"  # transliterated, still fuzzy
    assert _entries(doc.data)[(None, "Bosh sahifa")].flags == ["fuzzy"]


def test_entries_in_the_target_language_stay_untranslated() -> None:
    doc = translate_file("messages.po", CATALOGUE.encode(), "uz-Cyrl", backend=Echo())
    assert doc.status == "untranslated"
    assert all(e.msgstr == "" and "fuzzy" not in e.flags for e in polib.pofile(doc.data.decode()) if e.msgid)


def test_a_template_is_translated_into_a_catalogue(tmp_path: Path, tiny_model: Path) -> None:
    import io

    src = tmp_path / "messages.pot"
    src.write_text(CATALOGUE.replace('"Language: uz@cyrillic\\n"', '"Language: \\n"'), encoding="utf-8")
    assert translated_name(src, "en") == "messages.en.po"
    stream = io.StringIO()
    assert translate_files([src], ["en"], model=str(tiny_model), no_cache=True, stream=stream) == 0
    catalogue = polib.pofile((tmp_path / "messages.en.po").read_text(encoding="utf-8"))
    assert catalogue.metadata["Language"] == "en"
    assert sum("fuzzy" in e.flags for e in catalogue) == 5
    doc = translate_file("messages.pot", src.read_bytes(), "en", backend=Echo())
    assert merge_xliff(export_xliff(doc)).data == doc.data


def test_gettext_language_codes() -> None:
    assert [gettext_language(t) for t in ("en", "uz-Latn", "uz-Cyrl", "kk-Cyrl", "kk-Latn", "pt-BR", "ru")] == [
        "en",
        "uz",
        "uz@cyrillic",
        "kk",
        "kk@latin",
        "pt_BR",
        "ru",
    ]
    assert gettext_language("uz-Latn-2026") == "uz"


@pytest.mark.skipif(MSGFMT is None, reason="gettext's msgfmt is not installed")
@pytest.mark.parametrize("target", ["en", "ru", "kk"])
def test_msgfmt_accepts_the_translated_catalogue(tmp_path: Path, target: str) -> None:
    assert MSGFMT is not None
    source = tmp_path / "messages.po"
    source.write_text(CATALOGUE, encoding="utf-8")
    subprocess.run([MSGFMT, "--check", "-o", "/dev/null", str(source)], check=True)  # the input is valid
    out = tmp_path / f"messages.{target}.po"
    out.write_bytes(translate_file("messages.po", CATALOGUE.encode(), target, backend=Echo()).data)
    for extra in ([], ["--use-fuzzy"]):  # fuzzy entries are checked too, as a translator's review would
        done = subprocess.run(
            [MSGFMT, "--check", "--statistics", *extra, "-o", str(tmp_path / "m.mo"), str(out)],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == "0 translated messages, 5 fuzzy translations, 1 untranslated message."


def test_translate_doc_writes_name_en_po(tmp_path: Path, tiny_model: Path) -> None:
    import io

    src = tmp_path / "messages.po"
    src.write_text(CATALOGUE, encoding="utf-8")
    stream = io.StringIO()
    code = translate_files([src], ["en"], model=str(tiny_model), no_cache=True, stream=stream)
    assert code == 0, stream.getvalue()
    out = tmp_path / "messages.en.po"
    assert f"{out}: translated, 6/6 segments into en" in stream.getvalue()
    catalogue = polib.pofile(out.read_text(encoding="utf-8"))
    assert catalogue.metadata["Language"] == "en"
    translated = [e for e in catalogue if e.msgid and e.msgid != "42" and not e.obsolete]
    assert len(translated) == 5
    assert all("fuzzy" in e.flags and (e.msgstr or e.msgstr_plural[0]) for e in translated)


def test_an_xliff_job_of_a_catalogue_merges_back_to_the_translated_catalogue() -> None:
    doc = translate_file("messages.po", CATALOGUE.encode(), "en", backend=Echo())
    assert merge_xliff(export_xliff(doc)).data == doc.data
    edited = merge_xliff(export_xliff(doc).replace("&lt;en&gt; Ochish", "Open")).data
    assert _entries(edited)[("menu", "Очиш")].msgstr == "Open"


def test_converting_a_catalogue_still_converts_its_msgstr_only() -> None:
    """The translation hook leaves transliteration as it was: msgstr converted in place, msgid kept."""
    text = 'msgid "Open"\nmsgstr "Очиш"\n'
    result = convert_document("a.po", text.encode(), DocumentOptions(target="uz-Latn", source="uz-Cyrl"))
    assert result.data.decode() == 'msgid "Open"\nmsgstr "Ochish"\n'
