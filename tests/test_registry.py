"""The registry: `[detect]` tables read alone give what a full load gives; cached converters convert as fresh ones."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from translit import registry
from translit.errors import RuleFileError
from translit.loader import load_rule_file

RULES = Path(__file__).resolve().parent.parent / "rules"


def _table(path: Path) -> object:
    st = path.stat()
    return registry._detect_table(path, st.st_mtime_ns, st.st_size)


@pytest.mark.parametrize("path", sorted(RULES.glob("*.toml")), ids=lambda p: p.stem)
def test_a_detect_table_read_alone_equals_the_full_load(path: Path) -> None:
    assert _table(path) == load_rule_file(path).detect


def test_detect_tables_lists_every_source_that_has_one() -> None:
    found = {info.id: table for info, table in registry.detect_tables()}
    assert found == {i.id: registry.load(i.id).detect for i in registry.available() if registry.load(i.id).detect}
    assert "uz-Cyrl__uz-Latn" in found and "uz-Cyrl__uz-Latn-2026" not in found


BASE = (RULES / "uz-Cyrl__uz-Latn.toml").read_text(encoding="utf-8")
PLAIN = BASE[BASE.index("[detect]") :].split("\n[", 1)[0]


@pytest.mark.parametrize(
    "spelling",
    [
        PLAIN.replace("[detect]", "  [detect]", 1),  # indented header
        PLAIN.replace("[detect]", "[detect]  # what Uzbek Cyrillic looks like", 1),
    ],
    ids=["indented", "commented"],
)
def test_other_spellings_of_the_table_read_the_same(spelling: str, tmp_path: Path) -> None:
    path = tmp_path / "uz-Cyrl__uz-Latn.toml"
    path.write_text(BASE.replace(PLAIN, spelling), encoding="utf-8")
    assert _table(path) == load_rule_file(path).detect is not None


def test_a_broken_detect_table_fails_with_its_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "uz-Cyrl__uz-Latn.toml"
    path.write_text(BASE.replace('marks    = "[ўЎ]"', 'marks    = "[ўЎ"'), encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"uz-Cyrl__uz-Latn\.toml.*marks") as err:
        _table(path)
    assert err.value.line is not None


def test_a_file_without_detect_has_none(tmp_path: Path) -> None:
    path = RULES / "uz-Cyrl__uz-Latn-alalc97.toml"
    assert _table(path) is None


# -- the on-disk cache of compiled converters ------------------------------------------------------------------
SAMPLES = {
    "Cyrl": (CORPUS := Path(__file__).resolve().parent.parent / "corpus")
    .joinpath("kazinform-2025-12-10.uz-Cyrl.txt")
    .read_text(encoding="utf-8")[:20000],
    "Latn": CORPUS.joinpath("kazinform-2025-12-10.uz-Latn.txt").read_text(encoding="utf-8")[:20000]
    + "\nToşkent şahrida yangi maktab oçildi. Тsentr, sentabr, mavqe' Būryñğy ötken zamanda.\n",
}


def _args(rule_set_id: str) -> tuple[object, ...]:
    return ("converter", rule_set_id, "official", (), (), "official")


@pytest.mark.parametrize("info", registry.available(), ids=lambda i: i.id)
def test_a_cached_converter_converts_as_a_fresh_one(
    info: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    rule_set_id = info.id  # type: ignore[attr-defined]
    fresh = registry._build_converter(rule_set_id, "official", (), (), "official")
    registry._write_cached(_args(rule_set_id), fresh, ())
    loaded = registry._read_cached(registry.Converter, _args(rule_set_id), ())
    assert loaded is not None and loaded is not fresh
    text = SAMPLES[info.source.split("-")[1]]  # type: ignore[attr-defined]
    assert loaded.convert(text) == fresh.convert(text)
    assert [str(p) for p in loaded.explain(text[:300])] == [str(p) for p in fresh.explain(text[:300])]


def _user_kazakh_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    """A user rule folder holding a copy of the Kazakh rule file, and a cache of this test's own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    rules = tmp_path / "rules"
    rules.mkdir()
    source = (RULES / "kk-Cyrl__kk-Latn.toml").read_text(encoding="utf-8")
    (rules / "kk-Cyrl__kk-Latn.toml").write_text(source, encoding="utf-8")
    monkeypatch.setenv("TRANSLIT_RULES_PATH", str(rules))
    return rules, source


def test_a_changed_rule_file_is_not_read_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rules, source = _user_kazakh_rules(tmp_path, monkeypatch)
    args = _args("kk-Cyrl__kk-Latn")
    built = registry.cached(registry.Converter, args, lambda: registry._build_converter(*args[1:]))  # type: ignore[arg-type]
    assert registry._read_cached(registry.Converter, args, ()) is not None
    (rules / "kk-Cyrl__kk-Latn.toml").write_text(source + "\n# a comment changes the hash\n", encoding="utf-8")
    assert registry._read_cached(registry.Converter, args, ()) is None
    assert built.convert("Бүгін") == "Bügın"


def test_without_the_cache_nothing_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("TRANSLIT_NO_RULE_CACHE", "1")
    args = _args("uz-Cyrl__uz-Latn")
    registry.cached(registry.Converter, args, lambda: registry._build_converter(*args[1:]))  # type: ignore[arg-type]
    assert not (tmp_path / "translit").exists()


def test_a_damaged_entry_is_built_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    args = _args("uz-Cyrl__uz-Latn")
    registry.cached(registry.Converter, args, lambda: registry._build_converter(*args[1:]))  # type: ignore[arg-type]
    (entry,) = (tmp_path / "translit" / "converters").glob("*.pickle")
    entry.write_bytes(entry.read_bytes()[:-200])
    assert registry._read_cached(registry.Converter, args, ()) is None


PATTERNS = [
    r"(?P<word>[^\W\d_]+)(?<![ʻʼ'])",
    r"ц(?:(?<=[аеёиоуўэюяы]ц)|(?<=[аеёиоуўэюяы][\xad\u200c]ц))(?=[\xad]?[аеё])()|ё(?<![^\W\d_]ё)",
    r"(?i)o[ʻ‘']|g[ʻ‘']|sh|ch",
    r"^\s*#.*$",
    r"(?x) a  b # comment",
    r"[\u0400-\u04ff]+|\d{2,4}(?=\D)",
]


@pytest.mark.parametrize("source", PATTERNS)
@pytest.mark.parametrize("flags", [0, re.MULTILINE | re.IGNORECASE, re.DOTALL])
def test_a_restored_pattern_matches_as_the_compiled_one(source: str, flags: int) -> None:
    import random

    pattern = re.compile(source, flags)
    function, args = registry._pattern_reduction(pattern)
    restored = function(*args)  # type: ignore[operator]
    assert (restored.pattern, restored.flags, restored.groupindex, restored.groups) == (
        pattern.pattern,
        pattern.flags,
        pattern.groupindex,
        pattern.groups,
    )
    rnd = random.Random(len(source) + flags)
    alphabet = "aobgcshцаеёиоуўэюяыʻ‘'’#\n 0123 \u200c\xadAOB"
    for _ in range(300):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40)))
        assert [m.span() for m in restored.finditer(text)] == [m.span() for m in pattern.finditer(text)]


def test_the_index_from_the_cache_is_the_index_of_the_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rules, source = _user_kazakh_rules(tmp_path, monkeypatch)
    first = registry.available()
    registry._index_memo.clear()  # as a new process: the index comes from the disk cache
    assert registry.available() == first
    (rules / "kk-Cyrl__kk-Latn.toml").write_text(
        source.replace('title      = "', 'title      = "New: ', 1), encoding="utf-8"
    )
    registry._index_memo.clear()
    assert [i.title for i in registry.available() if i.path.parent == rules] == [
        "New: " + next(i.title for i in first if i.path.parent == rules)
    ]
