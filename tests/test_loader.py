"""Rule files that are wrong must fail with file, line and problem, before anything runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from translit.errors import RuleFileError
from translit.loader import load_rule_file

GOOD_HEAD = """[meta]
id = "xx-Cyrl__xx-Latn"
source = "xx-Cyrl"
target = "xx-Latn"

[classes]
vowel = "аеи"

[map]
"а" = "a"
"е" = "e"
"""


def _write(tmp_path: Path, text: str, name: str = "xx-Cyrl__xx-Latn") -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _error(tmp_path: Path, text: str, name: str = "xx-Cyrl__xx-Latn") -> RuleFileError:
    with pytest.raises(RuleFileError) as info:
        load_rule_file(_write(tmp_path, text, name))
    return info.value


def test_good_file_loads(tmp_path: Path) -> None:
    rs = load_rule_file(_write(tmp_path, GOOD_HEAD))
    assert rs.mapping == {"а": "a", "е": "e"}
    assert rs.source == "xx-Cyrl"


def test_toml_syntax_error_names_line(tmp_path: Path) -> None:
    err = _error(tmp_path, GOOD_HEAD + '"б" = \n')
    assert err.line == 12
    assert "xx-Cyrl__xx-Latn.toml:12" in str(err)


def test_rule_without_examples_names_its_line(tmp_path: Path) -> None:
    text = GOOD_HEAD + '\n[[rule]]\nid = "e.start"\nfrom = "е"\nprev = "#"\nto = "ye"\n'
    err = _error(tmp_path, text)
    assert err.line == 14  # the rule's id line
    assert "neither examples nor counterexamples" in str(err)


def test_unknown_class_in_context(tmp_path: Path) -> None:
    text = GOOD_HEAD + '\n[[rule]]\nid = "e.v"\nfrom = "е"\nprev = "@vowels"\nto = "ye"\nexamples = [["ае", "aye"]]\n'
    err = _error(tmp_path, text)
    assert "unknown class @vowels" in str(err)
    assert err.line == 14  # the rule's id line


def test_duplicate_rule_id(tmp_path: Path) -> None:
    rule = '\n[[rule]]\nid = "r"\nfrom = "е"\nto = "ye"\nexamples = [["е", "ye"]]\n'
    err = _error(tmp_path, GOOD_HEAD + rule + rule)
    assert "duplicate rule id 'r'" in str(err)


def test_uppercase_map_key_rejected(tmp_path: Path) -> None:
    err = _error(tmp_path, GOOD_HEAD + '"Б" = "B"\n')
    assert "must be lowercase" in str(err)
    assert err.line == 12


def test_id_must_match_file_name(tmp_path: Path) -> None:
    err = _error(tmp_path, GOOD_HEAD, name="other")
    assert "must equal the file name" in str(err)


def test_unknown_section(tmp_path: Path) -> None:
    err = _error(tmp_path, GOOD_HEAD + "\n[mapping]\n")
    assert "unknown section(s): mapping" in str(err)


def test_bad_stem_entry(tmp_path: Path) -> None:
    err = _error(tmp_path, GOOD_HEAD + '\n[lexicon.words]\n"аб*" = "ab"\n')
    assert "stem ends in '*' on both sides" in str(err)


def test_missing_lexicon_file(tmp_path: Path) -> None:
    err = _error(tmp_path, GOOD_HEAD + '\n[lexicon]\nfiles = ["lexicon/none.tsv"]\n')
    assert "lexicon file 'lexicon/none.tsv' not found" in str(err)


@pytest.mark.parametrize("key", ["patterns", "contains"])
def test_bad_protect_pattern_names_its_key_and_line(tmp_path: Path, key: str) -> None:
    err = _error(tmp_path, GOOD_HEAD + f"\n[protect]\n{key} = ['(x']\n")
    assert f"[protect] {key} '(x'" in str(err)
    assert err.line == 14  # the key's line


def test_protect_contains_keeps_a_word_it_is_found_in(tmp_path: Path) -> None:
    """`contains` keeps a word holding a match anywhere, `patterns` only a word matched entirely."""
    from translit.compiler import compile_ruleset

    rs = load_rule_file(_write(tmp_path, GOOD_HEAD + "\n[protect]\ncontains = ['q']\npatterns = ['ае']\n"))
    assert rs.protect_contains == ("q",) and rs.protect_patterns == ("ае",)
    compiled = compile_ruleset(rs)
    assert compiled.protects("аqа") and compiled.protects("ае")
    assert not compiled.protects("аеа") and not compiled.protects("а")
