"""Every rule file's own examples, run as tests: rules are data, and each carries its proof.

Rule examples must convert exactly and fire their rule; counterexamples must convert exactly and not fire it;
sentence examples must convert exactly (and round-trip when marked so and the inverse exists).
"""

from __future__ import annotations

import functools
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


# --- house styles and writers' conventions: overlay files in rules/styles/ (issue 9) ---


def _overlays() -> list[tuple[str, str, object]]:
    found = []
    for base, style in sorted(registry._style_files()):
        overlay = registry._overlay(base, style)
        assert overlay is not None
        found.append((base, style, overlay))
    return found


@functools.cache
def _overlay_converter(base: str, style: str) -> object:
    """The overlay's rule set alone (a convention's too, without reading it from the text)."""
    from translit.compiler import compile_ruleset
    from translit.engine import Converter, Stage

    overlay = registry._overlay(base, style)
    assert overlay is not None
    rs = overlay.ruleset
    return Converter([Stage(compile_ruleset(rs))], rs.source, rs.target, rs.id, quotes=rs.quotes)


def _overlay_rule_cases() -> Iterator[object]:
    for base, style, overlay in _overlays():
        own = {r.id for r in registry.load(base).rules}
        for rule in overlay.ruleset.rules:  # type: ignore[attr-defined]
            if rule.id in own and rule in registry.load(base).rules:
                continue  # unchanged base rule: run by test_rule_example
            for source, expected in rule.examples:
                yield pytest.param(
                    base, style, rule.id, source, expected, True, id=f"{base}.{style}::{rule.id}::{source}"
                )
            for source, expected in rule.counterexamples:
                yield pytest.param(
                    base, style, rule.id, source, expected, False, id=f"{base}.{style}::{rule.id}::not:{source}"
                )


def _overlay_sentence_cases() -> Iterator[object]:
    for base, style, overlay in _overlays():
        for number, example in enumerate(overlay.ruleset.examples, start=1):  # type: ignore[attr-defined]
            yield pytest.param(base, style, overlay, example, id=f"{base}.{style}::example{number}")


def test_every_style_file_is_found() -> None:
    assert {"official", "press", "typeset"} <= set(registry.styles())
    assert ("uz-Latn__uz-Cyrl", "ts-writer") in registry._style_files()
    assert "ts-writer" not in registry.styles()  # a convention read from the text, not a style to choose


@pytest.mark.parametrize(("base", "style", "rule_id", "source", "expected", "must_fire"), list(_overlay_rule_cases()))
def test_style_rule_example(base: str, style: str, rule_id: str, source: str, expected: str, must_fire: bool) -> None:
    conv = _overlay_converter(base, style)
    assert conv.convert(source) == expected  # type: ignore[attr-defined]
    fired = {p.rule for _s, pieces in conv.explain(source) for p in pieces}  # type: ignore[attr-defined]
    assert (rule_id in fired) is must_fire, (rule_id, source, sorted(fired))


@pytest.mark.parametrize(("base", "style", "overlay", "example"), list(_overlay_sentence_cases()))
def test_style_sentence_example(base: str, style: str, overlay: object, example: object) -> None:
    """A style's examples through the public path (`style=`); a convention's through the default converter,
    which must read the convention from the example text itself."""
    from translit.model import Example, StyleOverlay

    assert isinstance(example, Example) and isinstance(overlay, StyleOverlay)
    chosen = "official" if overlay.when is not None else style
    assert registry.converter_for_id(base, style=chosen).convert(example.input) == example.output


def test_official_style_is_the_rule_file_itself() -> None:
    for info in registry.available():
        assert registry.load_styled(info.id, "official") is registry.load(info.id)


def test_unknown_style_is_a_clear_error() -> None:
    from translit.errors import UnknownStyleError

    with pytest.raises(UnknownStyleError, match="known: official, press, typeset"):
        registry.get_converter("uz-Cyrl", "uz-Latn", style="tabloid")
