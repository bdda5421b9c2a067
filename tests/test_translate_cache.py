"""The SQLite translation cache: keys, re-runs that translate only new sentences, several processes."""

from __future__ import annotations

import multiprocessing as mp
import sqlite3
from pathlib import Path

import pytest
from translate_helpers import Counting, no_converter

from translit.errors import OutputError
from translit.translate import TranslationCache, translate_document

pytest_plugins = ["translate_fixtures"]  # tests/translate_fixtures.py: tiny_model


def test_get_and_put_round_trip(tmp_path: Path) -> None:
    with TranslationCache(tmp_path / "c.sqlite3") as cache:
        assert cache.get_many("ct2", "m1", "uz", "en", ["a", "b"]) == {}
        cache.put_many("ct2", "m1", "uz", "en", [("a", "A"), ("b", "B")])
        assert cache.get_many("ct2", "m1", "uz", "en", ["a", "b", "c"]) == {"a": "A", "b": "B"}
        # Every part of the key matters.
        assert cache.get_many("ct2", "m2", "uz", "en", ["a"]) == {}
        assert cache.get_many("ct2", "m1", "uz", "kk", ["a"]) == {}
        assert cache.get_many("ct2", "m1", "kk", "en", ["a"]) == {}
        assert cache.get_many("argos", "m1", "uz", "en", ["a"]) == {}
        # First writer wins; nothing is duplicated.
        cache.put_many("ct2", "m1", "uz", "en", [("a", "other")])
        assert cache.get_many("ct2", "m1", "uz", "en", ["a"]) == {"a": "A"}
        assert len(cache) == 2
        assert (cache.hits, cache.misses) == (3, 7)


def test_many_sentences_in_one_lookup(tmp_path: Path) -> None:
    with TranslationCache(tmp_path / "c.sqlite3") as cache:
        pairs = [(f"s{i}", f"t{i}") for i in range(2500)]
        cache.put_many("b", "m", "uz", "en", pairs)
        assert cache.get_many("b", "m", "uz", "en", [s for s, _ in pairs]) == dict(pairs)


def test_persists_across_instances(tmp_path: Path) -> None:
    with TranslationCache(tmp_path / "c.sqlite3") as cache:
        cache.put_many("b", "m", "uz", "en", [("Salom.", "Hello.")])
    with TranslationCache(tmp_path / "c.sqlite3") as cache:
        assert cache.get_many("b", "m", "uz", "en", ["Salom."]) == {"Salom.": "Hello."}


def test_rerun_translates_only_new_sentences(tmp_path: Path, tiny_model: Path) -> None:
    first = Counting(tiny_model, beam_size=2, max_decoding_length=64)
    with TranslationCache(tmp_path / "c.sqlite3") as cache:
        rows1 = translate_document(
            "Salom dunyo. Bugun havo yaxshi.",
            "uz-Latn",
            ["en", "kk"],
            backend=first,
            cache=cache,
            converter_factory=no_converter,
        )
        assert first.seen == ["Salom dunyo.", "Bugun havo yaxshi."] * 2
        assert len(cache) == 4

        second = Counting(tiny_model, beam_size=2, max_decoding_length=64)
        rows2 = translate_document(
            "Salom dunyo. Bugun havo yaxshi. Yangi gap.",
            "uz-Latn",
            ["en", "kk"],
            backend=second,
            cache=cache,
            converter_factory=no_converter,
        )
        assert second.seen == ["Yangi gap.", "Yangi gap."]
        assert [r.translations for r in rows2[:2]] == [r.translations for r in rows1]
        assert len(cache) == 6

        # Cached results are exactly what the model gives.
        fresh = Counting(tiny_model, beam_size=2, max_decoding_length=64)
        rows3 = translate_document(
            "Salom dunyo. Bugun havo yaxshi. Yangi gap.",
            "uz-Latn",
            ["en", "kk"],
            backend=fresh,
            cache=None,
            converter_factory=no_converter,
        )
        assert rows3 == rows2


def test_a_different_model_does_not_reuse_entries(tmp_path: Path, tiny_model: Path) -> None:
    from translit.translate.tinymodel import build_tiny_nllb

    other = Counting(build_tiny_nllb(tmp_path / "other", seed=7), beam_size=2, max_decoding_length=64)
    first = Counting(tiny_model, beam_size=2, max_decoding_length=64)
    with TranslationCache(tmp_path / "c.sqlite3") as cache:
        translate_document("Salom.", "uz-Latn", ["en"], backend=first, cache=cache, converter_factory=no_converter)
        translate_document("Salom.", "uz-Latn", ["en"], backend=other, cache=cache, converter_factory=no_converter)
    assert other.seen == ["Salom."]


def _writer(path: str, worker: int, n: int) -> None:
    cache = TranslationCache(path)
    for i in range(n):
        # Overlapping keys: every worker writes the shared ones, and its own.
        cache.put_many("b", "m", "uz", "en", [(f"shared{i}", f"T{i}"), (f"w{worker}-{i}", f"W{worker}-{i}")])
        assert cache.get_many("b", "m", "uz", "en", [f"shared{i}"]) == {f"shared{i}": f"T{i}"}
    cache.close()


def test_several_processes_at_once(tmp_path: Path) -> None:
    path = str(tmp_path / "c.sqlite3")  # not created beforehand: the workers race to create it too
    ctx = mp.get_context("spawn")
    workers = [ctx.Process(target=_writer, args=(path, w, 150)) for w in range(4)]
    for p in workers:
        p.start()
    for p in workers:
        p.join(120)
    assert [p.exitcode for p in workers] == [0, 0, 0, 0]
    with TranslationCache(path) as cache:
        assert len(cache) == 150 + 4 * 150
        assert cache.get_many("b", "m", "uz", "en", ["shared149", "w3-149"]) == {
            "shared149": "T149",
            "w3-149": "W3-149",
        }
    assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_unusable_cache_location_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match=r"cannot open the translation cache .*use --no-cache") as info:
        TranslationCache(blocker / "c.sqlite3")
    assert str(blocker / "c.sqlite3") in str(info.value)


def test_default_location_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from translit.translate import default_cache_path

    monkeypatch.delenv("TRANSLIT_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_path() == tmp_path / "translit" / "translations.sqlite3"
    monkeypatch.setenv("TRANSLIT_CACHE", str(tmp_path / "x.db"))
    assert default_cache_path() == tmp_path / "x.db"
