"""The registry's index: `[detect]` tables read alone give what a full load gives, and broken ones still fail."""

from __future__ import annotations

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
