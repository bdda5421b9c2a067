"""The translation cache's key holds every decoding option; its size cap; `translit cache info|clear`."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from translate_helpers import Counting, no_converter
from typer.testing import CliRunner

from cli import app
from translit.translate import TranslationCache, translate_document

pytest_plugins = ["translate_fixtures"]  # tests/translate_fixtures.py: tiny_model


def test_other_decoding_options_never_reuse_entries(tmp_path: Path, tiny_model: Path) -> None:
    with TranslationCache(tmp_path / "c.sqlite3") as cache:
        beam4 = Counting(tiny_model, beam_size=4, max_decoding_length=64)
        translate_document("Salom.", "uz-Latn", ["en"], backend=beam4, cache=cache, converter_factory=no_converter)
        beam1 = Counting(tiny_model, beam_size=1, max_decoding_length=64)
        translate_document("Salom.", "uz-Latn", ["en"], backend=beam1, cache=cache, converter_factory=no_converter)
        shorter = Counting(tiny_model, beam_size=1, max_decoding_length=8)
        translate_document("Salom.", "uz-Latn", ["en"], backend=shorter, cache=cache, converter_factory=no_converter)
        again = Counting(tiny_model, beam_size=1, max_decoding_length=64)
        translate_document("Salom.", "uz-Latn", ["en"], backend=again, cache=cache, converter_factory=no_converter)
        assert (beam4.seen, beam1.seen, shorter.seen, again.seen) == (["Salom."], ["Salom."], ["Salom."], [])
        assert len(cache) == 3


def test_the_cache_stays_under_its_cap(tmp_path: Path) -> None:
    cap = 256 * 1024
    with TranslationCache(tmp_path / "c.sqlite3", max_bytes=cap) as cache:
        for batch in range(40):
            cache.put_many("b", "m", "uz", "en", [(f"{batch}-{i} " + "x" * 200, "y" * 200) for i in range(50)])
        info = cache.info()
        assert info.bytes_used <= cap
        assert 0 < info.entries < 40 * 50
        # the newest entries are the ones kept
        assert cache.get_many("b", "m", "uz", "en", ["39-49 " + "x" * 200]) != {}
        assert cache.get_many("b", "m", "uz", "en", ["0-0 " + "x" * 200]) == {}


def test_an_old_cache_without_the_options_column_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    db.execute(
        "CREATE TABLE translations (backend TEXT, model TEXT, source_lang TEXT, target_lang TEXT, source TEXT, "
        "target TEXT, created REAL, PRIMARY KEY (backend, model, source_lang, target_lang, source))"
    )
    db.execute("INSERT INTO translations VALUES ('ct2', 'm', 'uz', 'en', 'Salom.', 'beam-4 output', 0)")
    db.commit()
    db.close()
    with TranslationCache(path) as cache:
        assert cache.get_many("ct2", "m", "uz", "en", ["Salom."]) == {}
        assert len(cache) == 0


def test_cache_info_and_clear_commands(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    runner = CliRunner()
    empty = runner.invoke(app, ["cache", "info", "--cache", str(path)])
    assert empty.exit_code == 0
    assert empty.stdout == f"cache: {path} (empty: no file yet)\n"
    with TranslationCache(path) as cache:
        cache.put_many("ct2", "nllb@abc", "uz", "en", [("a", "A"), ("b", "B")], options={"beam_size": 4})
        cache.put_many("argos", "uz_en@def", "uz", "en", [("a", "A")])
    info = runner.invoke(app, ["cache", "info", "--cache", str(path)])
    assert info.exit_code == 0
    lines = info.stdout.splitlines()
    assert lines[:2] == [f"cache: {path}", "entries: 3"]
    assert lines[2].startswith("size: ") and "cap 512 MiB" in lines[2]
    assert lines[3:] == ["  ct2  nllb@abc  2", "  argos  uz_en@def  1"]
    cleared = runner.invoke(app, ["cache", "clear", "--cache", str(path)])
    assert cleared.exit_code == 0
    assert cleared.stdout == f"cleared 3 entries from {path}\n"
    with TranslationCache(path) as cache:
        assert len(cache) == 0
