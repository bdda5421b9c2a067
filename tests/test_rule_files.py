"""Every rule file's own examples, run as tests: rules are data, and each carries its proof.

Rule examples must convert exactly and fire their rule; counterexamples must convert exactly and not fire it;
sentence examples must convert exactly (and round-trip when marked so and the inverse exists).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from translit import registry
from translit.model import RuleSet


def _rule_sets() -> list[RuleSet]:
    return [registry.load(info.id) for info in registry.available()]


def _fired(rule_set_id: str, text: str) -> set[str]:
    conv = registry.converter_for_id(rule_set_id)
    return {piece.rule for _stage, pieces in conv.explain(text) for piece in pieces}


def _rule_cases() -> Iterator[object]:
    for rs in _rule_sets():
        for rule in rs.rules:
            for source, expected in rule.examples:
                yield pytest.param(rs.id, rule.id, source, expected, True, id=f"{rs.id}::{rule.id}::{source}")
            for source, expected in rule.counterexamples:
                yield pytest.param(rs.id, rule.id, source, expected, False, id=f"{rs.id}::{rule.id}::not:{source}")


def _sentence_cases() -> Iterator[object]:
    for rs in _rule_sets():
        for number, example in enumerate(rs.examples, start=1):
            yield pytest.param(rs.id, example, id=f"{rs.id}::example{number}")


def test_rule_files_exist() -> None:
    ids = {info.id for info in registry.available()}
    assert "uz-Cyrl__uz-Latn" in ids


@pytest.mark.parametrize(("rule_set_id", "rule_id", "source", "expected", "must_fire"), list(_rule_cases()))
def test_rule_example(rule_set_id: str, rule_id: str, source: str, expected: str, must_fire: bool) -> None:
    conv = registry.converter_for_id(rule_set_id)
    assert conv.convert(source) == expected
    fired = _fired(rule_set_id, source)
    if must_fire:
        assert rule_id in fired, f"{rule_id} did not fire on {source!r} (fired: {sorted(fired)})"
    else:
        assert rule_id not in fired, f"{rule_id} fired on counterexample {source!r}"


@pytest.mark.parametrize(("rule_set_id", "example"), list(_sentence_cases()))
def test_sentence_example(rule_set_id: str, example: object) -> None:
    from translit.model import Example

    assert isinstance(example, Example)
    conv = registry.converter_for_id(rule_set_id)
    assert conv.convert(example.input) == example.output
    fired = _fired(rule_set_id, example.input)
    for rule_id in example.fires:
        assert rule_id in fired
    rs = registry.load(rule_set_id)
    if example.roundtrip and rs.inverse and rs.inverse in {i.id for i in registry.available()}:
        assert registry.converter_for_id(rs.inverse).convert(example.output) == example.input


def test_every_rule_has_a_witness() -> None:
    """A rule that no example fires is dead data: the suite refuses it."""
    for rs in _rule_sets():
        for rule in rs.rules:
            if rule.examples:
                assert any(rule.id in _fired(rs.id, src) for src, _ in rule.examples), (rs.id, rule.id)
