"""Fixtures for the translation tests: a tiny NLLB-shaped model built once per session, stores in tmp dirs.

Imported by the test modules that need them (tests/conftest.py belongs to the engine).
"""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from lxml import etree
from xliff_schema import assert_valid_xliff, xliff_schema

from translit.translate.tinymodel import build_tiny_nllb


@pytest.fixture(scope="session")
def _xliff_schema() -> etree.XMLSchema:
    return xliff_schema()


@pytest.fixture(autouse=True)
def every_xliff_export_is_schema_valid(
    monkeypatch: pytest.MonkeyPatch, _xliff_schema: etree.XMLSchema
) -> Iterator[list[str]]:
    """Every XLIFF `export_xliff` writes during a test (directly or through the CLI) is validated against the
    OASIS schema as it is written; the list of the exports is handed to tests that ask for this fixture."""
    from translit.translate import xliff

    original = xliff._serialise
    written: list[str] = []

    def checked(root: object) -> str:
        text = original(root)  # type: ignore[arg-type]
        assert_valid_xliff(text, _xliff_schema)
        written.append(text)
        return text

    monkeypatch.setattr(xliff, "_serialise", checked)
    yield written


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny NLLB-style CTranslate2 model directory (random weights, real token protocol)."""
    return build_tiny_nllb(tmp_path_factory.mktemp("tiny") / "tiny-nllb")


@pytest.fixture
def model_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty translit model store and translation cache location for one test."""
    store = tmp_path / "models"
    monkeypatch.setenv("TRANSLIT_MODELS_DIR", str(store))
    monkeypatch.setenv("TRANSLIT_CACHE", str(tmp_path / "cache.sqlite3"))
    return store


class Recorder:
    """A converter factory for pipeline tests: records the pairs asked for and marks the text it converts."""

    def __init__(self) -> None:
        self.log: list[tuple[str, str]] = []

    def __call__(self, source: str, target: str) -> Callable[[str], str] | None:
        self.log.append((source, target))
        return lambda text: f"<{target}>{text}"


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture(scope="session")
def argos_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Point argostranslate at temporary folders *before* it is first imported (it creates its folders and
    reads its settings at import time), so the tests never touch the user's home."""
    root = tmp_path_factory.mktemp("argos-home")
    saved = {k: os.environ.get(k) for k in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")}
    os.environ["XDG_DATA_HOME"] = str(root / "data")
    os.environ["XDG_CONFIG_HOME"] = str(root / "config")
    os.environ["XDG_CACHE_HOME"] = str(root / "cache")
    yield root
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def make_argos_package(
    tiny: Path,
    out: Path,
    from_code: str,
    to_code: str,
    *,
    target_prefix: str = "",
    top: str | None = None,
    bpe: Path | None = None,
) -> Path:
    """Zip the tiny CTranslate2 model as an Argos package ``translate-<from>_<to>-0_1.argosmodel``, with its
    SentencePiece model, or with `bpe` (subword-nmt codes) as ``bpe.model``."""
    top = top or f"translate-{from_code}_{to_code}-0_1"
    stage = out / f"stage-{top}"
    shutil.rmtree(stage, ignore_errors=True)
    (stage / top / "model").mkdir(parents=True)
    for name in ("model.bin", "config.json", "shared_vocabulary.json"):
        shutil.copy(tiny / name, stage / top / "model" / name)
    if bpe is not None:
        shutil.copy(bpe, stage / top / "bpe.model")
    else:
        shutil.copy(tiny / "sentencepiece.bpe.model", stage / top / "sentencepiece.model")
    meta = {
        "package_version": "0.1",
        "argos_version": "1.11",
        "from_code": from_code,
        "from_name": from_code,
        "to_code": to_code,
        "to_name": to_code,
        "type": "translate",
    }
    if target_prefix:
        meta["target_prefix"] = target_prefix
    (stage / top / "metadata.json").write_text(json.dumps(meta), encoding="utf-8")
    archive = out / f"{top}.argosmodel"
    with zipfile.ZipFile(archive, "w") as zf:
        for file in sorted((stage / top).rglob("*")):
            zf.write(file, file.relative_to(stage).as_posix())
    shutil.rmtree(stage)
    return archive


@pytest.fixture
def make_argos() -> Callable[..., Path]:
    """`make_argos_package` as a fixture (importing this module directly would bypass pytest's rewriting)."""
    return make_argos_package
