"""Shape of the multilingual detection test set (corpus/multilingual/), built by scripts/build_multilingual.py.

The benchmark and the lead's tuning read these files blindly, so a hand edit or a bad rebuild that breaks a row,
duplicates an id or empties a language must fail here rather than skew the figures silently.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "corpus" / "multilingual"
FILES = [DATA / "udhr.tsv", DATA / "gettext" / "gettext.tsv"]
HEADER = ["id", "lang", "kind", "text", "source"]
KINDS = {"phrase", "sentence", "paragraph"}
TAGS = {
    "uz-Cyrl", "uz-Latn", "uz-Latn-2026", "kk-Cyrl", "kaa", "ky", "tg", "tt", "tt-Latn", "ba", "mn", "ru", "uk",
    "be", "bg", "sr-Cyrl", "tr", "az", "tk", "crh", "gag", "en", "de", "fr", "es",
}  # fmt: skip
# Languages the detection work cannot do without, and the fewest lines each must have over both files.
REQUIRED = {
    "uz-Cyrl": 200, "uz-Latn": 200, "uz-Latn-2026": 200, "kk-Cyrl": 200, "ky": 200, "tg": 200, "tt": 100,
    "kaa": 100, "mn": 200, "ru": 200, "uk": 200, "be": 200, "bg": 200, "sr-Cyrl": 200, "tr": 200, "az": 200,
    "tk": 200, "crh": 200, "gag": 100, "en": 200, "de": 200, "fr": 200, "es": 200,
}  # fmt: skip


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        return header, list(reader)


@pytest.fixture(scope="module")
def rows() -> list[list[str]]:
    out: list[list[str]] = []
    for path in FILES:
        header, body = _rows(path)
        assert header == HEADER, path
        out.extend(body)
    return out


def test_every_row_has_five_known_fields(rows: list[list[str]]) -> None:
    for row in rows:
        assert len(row) == 5, row
        _id, lang, kind, text, source = row
        assert lang in TAGS, row
        assert kind in KINDS, row
        assert text.strip() == text and text, row
        assert source, row


def test_ids_unique_and_texts_not_repeated_within_a_language(rows: list[list[str]]) -> None:
    ids = Counter(row[0] for row in rows)
    assert [i for i, n in ids.items() if n > 1] == []
    texts = Counter((row[1], row[3]) for row in rows)
    assert [t for t, n in texts.items() if n > 1] == []


def test_each_language_has_enough_lines(rows: list[list[str]]) -> None:
    counts = Counter(row[1] for row in rows)
    thin = {lang: counts[lang] for lang, least in REQUIRED.items() if counts[lang] < least}
    assert thin == {}


def test_kinds_match_their_word_counts(rows: list[list[str]]) -> None:
    word = re.compile(r"[^\W\d_]+(?:['ʻʼ’‘`-][^\W\d_]+)*")
    for _id, _lang, kind, text, _source in rows:
        n = len(word.findall(text))
        if kind == "phrase":
            assert 3 <= n <= 5, text
        elif kind == "sentence":
            assert n >= 6, text
        else:
            assert n >= 12, text


def test_no_placeholders_or_accelerators_left(rows: list[list[str]]) -> None:
    junk = re.compile(r"%[sdu]|%\d|\{\w*\}|</?\w+>|(?<!\w)_\w|&\w")
    assert [row[3] for row in rows if junk.search(row[3])] == []


def test_2026_lines_are_marked_as_derived(rows: list[list[str]]) -> None:
    latin = {row[0] for row in rows if row[1] == "uz-Latn"}
    derived = [row for row in rows if row[1] == "uz-Latn-2026"]
    assert derived
    for row in derived:
        marker, rules, origin = row[4].split(":", 2)
        assert (marker, rules) == ("derived", "uz-Latn__uz-Latn-2026"), row
        assert origin in latin, row
