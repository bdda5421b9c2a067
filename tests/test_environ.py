"""`rules_path()` answers like `os.environ.get`, including changes made while the process runs."""

from __future__ import annotations

import os

import pytest

from translit._environ import RULES_ENV, rules_path


def test_rules_path_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(RULES_ENV, raising=False)
    assert rules_path() == ""
    monkeypatch.setenv(RULES_ENV, "/a/rules" + os.pathsep + "/b/rules")
    assert rules_path() == "/a/rules" + os.pathsep + "/b/rules"
    monkeypatch.setenv(RULES_ENV, "/only/Ўзбек")
    assert rules_path() == os.environ[RULES_ENV] == "/only/Ўзбек"
    monkeypatch.delenv(RULES_ENV)
    assert rules_path() == ""
