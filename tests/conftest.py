"""Shared paths for the tests: the project's own corpus (copied from the shared reference texts)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
RULES = ROOT / "rules"


@pytest.fixture(scope="session")
def corpus() -> Path:
    return CORPUS
