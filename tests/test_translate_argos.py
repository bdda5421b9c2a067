"""The Argos Translate adapter on tiny packages built from the tiny model: install, translate, pivot, errors.

Runs against the real ``argostranslate.package`` (installed with ``pip install --no-deps argostranslate``
in CI: the adapter never imports the torch-dependent ``argostranslate.translate``). Skipped, and reported
as such, only where argostranslate is not installed at all.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import ctranslate2
import pytest
import sentencepiece as spm

from translit.errors import InputError, ModelError
from translit.translate import translate_document

pytest_plugins = ["translate_fixtures"]  # tests/translate_fixtures.py: tiny_model, argos_home, make_argos

import argostranslate  # noqa: E402,F401  # the test install (README) adds it with --no-deps: a missing one fails

SENTENCES = ["Salom dunyo.", "Bugun havo yaxshi."]


@pytest.fixture
def packages(argos_home: Path, tmp_path: Path, tiny_model: Path, make_argos: Callable[..., Path]) -> Path:
    """A packages folder with uz->en (plain) and en->kk (NLLB-style prefix), installed from archives."""
    from translit.translate.argos import install_argos_package

    folder = tmp_path / "packages"
    for src, tgt, prefix in (("uz", "en", ""), ("en", "kk", "kaz_Cyrl")):
        archive = make_argos(tiny_model, tmp_path, src, tgt, target_prefix=prefix)
        install_argos_package(archive, folder)
    return folder


def direct(tiny: Path, sentences: list[str], prefix: str | None) -> list[str]:
    """What the package model gives when called by hand: SentencePiece pieces in, prefix token dropped."""
    translator = ctranslate2.Translator(str(tiny), compute_type="int8")
    sp = spm.SentencePieceProcessor(model_file=str(tiny / "sentencepiece.bpe.model"))
    results = translator.translate_batch(
        [sp.encode(s, out_type=str) for s in sentences],
        target_prefix=[[prefix]] * len(sentences) if prefix else None,
        beam_size=4,
        replace_unknowns=True,
    )
    out = []
    for r in results:
        tokens = r.hypotheses[0][1:] if prefix else r.hypotheses[0]
        out.append(sp.decode(tokens).strip())
    return out


def test_install_and_list(packages: Path) -> None:
    from translit.translate.argos import ArgosBackend

    assert sorted(p.name for p in packages.iterdir()) == ["translate-en_kk-0_1", "translate-uz_en-0_1"]
    backend = ArgosBackend(packages)
    assert backend.pairs() == frozenset({("uz", "en"), ("en", "kk")})
    assert backend.model_id_for("uz", "en").startswith("uz_en@0.1:")
    assert backend.model_id_for("uz", "en") != backend.model_id_for("en", "kk")


def test_translates_like_the_package_model_called_directly(packages: Path, tiny_model: Path) -> None:
    from translit.translate.argos import ArgosBackend

    backend = ArgosBackend(packages)
    assert backend.translate(SENTENCES, "uz", "en") == direct(tiny_model, SENTENCES, None)
    kk = backend.translate(SENTENCES, "en", "kk")
    assert kk == direct(tiny_model, SENTENCES, "kaz_Cyrl")
    # The NLLB-style prefix is dropped as a token: it never leaks as "kaz Cyrl" (argostranslate's own decoder
    # turns "_" into a space and then fails to strip it).
    assert not any(t.startswith(("kaz_Cyrl", "kaz Cyrl")) for t in kk)
    assert backend.translate(["", "  "], "uz", "en") == ["", ""]


def test_pivots_through_english(packages: Path, tiny_model: Path) -> None:
    from translit.translate.argos import ArgosBackend

    backend = ArgosBackend(packages)
    rows = translate_document(
        " ".join(SENTENCES), "uz-Latn", ["en", "kk"], backend=backend, converter_factory=lambda a, b: None
    )
    english = direct(tiny_model, SENTENCES, None)
    assert [r.translations["en"] for r in rows] == english
    assert [r.translations["kk"] for r in rows] == direct(tiny_model, english, "kaz_Cyrl")


def test_missing_pair_names_what_to_install(packages: Path) -> None:
    from translit.translate.argos import ArgosBackend

    with pytest.raises(
        ModelError,
        match=r"no model for uz->ru nor through 'en' \(missing: en->ru\).*"
        r"translit models install",
    ):
        translate_document(
            "Salom.", "uz-Latn", ["ru"], backend=ArgosBackend(packages), converter_factory=lambda a, b: None
        )


def test_adapter_never_imports_the_torch_dependent_module(packages: Path) -> None:
    import sys

    from translit.translate.argos import ArgosBackend

    ArgosBackend(packages).translate(SENTENCES, "uz", "en")
    assert "argostranslate.translate" not in sys.modules
    assert "stanza" not in sys.modules and "torch" not in sys.modules


# -- bad packages --------------------------------------------------------------------------------------------


def test_not_a_zip(argos_home: Path, tmp_path: Path) -> None:
    from translit.translate.argos import install_argos_package

    bad = tmp_path / "x.argosmodel"
    bad.write_bytes(b"hello")
    with pytest.raises(InputError, match=r"x\.argosmodel: not an Argos package \(an \.argosmodel file is a zip"):
        install_argos_package(bad, tmp_path / "pk")
    with pytest.raises(InputError, match="no such file"):
        install_argos_package(tmp_path / "missing.argosmodel", tmp_path / "pk")


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


META = json.dumps({"from_code": "uz", "to_code": "en", "type": "translate"}).encode()


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"../evil/metadata.json": META}, "unsafe path"),
        ({"/abs/metadata.json": META}, "unsafe path"),
        ({"a/metadata.json": META, "b/model/model.bin": b""}, "exactly one top folder"),
        ({"p/model/model.bin": b"", "p/sentencepiece.model": b""}, "p/metadata.json is missing"),
        ({"p/metadata.json": META, "p/sentencepiece.model": b""}, "p/model/model.bin is missing"),
        ({"p/metadata.json": META, "p/model/model.bin": b""}, "neither sentencepiece.model nor bpe.model"),
        (
            {"p/metadata.json": b"{no", "p/model/model.bin": b"", "p/bpe.model": b""},
            "unreadable metadata.json",
        ),
        (
            {"p/metadata.json": b"{}", "p/model/model.bin": b"", "p/bpe.model": b""},
            "must name from_code and to_code",
        ),
    ],
)
def test_bad_archives_are_refused_and_nothing_is_installed(
    argos_home: Path, tmp_path: Path, members: dict[str, bytes], message: str
) -> None:
    from translit.translate.argos import install_argos_package

    archive = _zip(tmp_path / "bad.argosmodel", members)
    folder = tmp_path / "pk"
    with pytest.raises(InputError, match=message) as info:
        install_argos_package(archive, folder)
    assert "bad.argosmodel" in str(info.value)
    assert not folder.exists() or list(folder.iterdir()) == []


def test_installing_twice_is_refused(
    packages: Path, tiny_model: Path, tmp_path: Path, make_argos: Callable[..., Path]
) -> None:
    from translit.translate.argos import install_argos_package

    archive = make_argos(tiny_model, tmp_path, "uz", "en")
    with pytest.raises(ModelError, match="already installed"):
        install_argos_package(archive, packages)


def test_corrupt_model_in_an_installed_package(packages: Path) -> None:
    from translit.translate.argos import ArgosBackend

    (packages / "translate-uz_en-0_1" / "model" / "model.bin").write_bytes(b"\x00broken" * 50)
    with pytest.raises(ModelError, match=r"translate-uz_en-0_1/model: cannot load the package's CTranslate2 model"):
        ArgosBackend(packages).translate(SENTENCES, "uz", "en")


def test_broken_metadata_in_an_installed_package(packages: Path) -> None:
    from translit.translate.argos import ArgosBackend

    (packages / "translate-uz_en-0_1" / "metadata.json").write_text("{broken", encoding="utf-8")
    with pytest.raises(ModelError, match=r"translate-uz_en-0_1: broken Argos package"):
        ArgosBackend(packages)


def test_uzbek_cyrillic_reaches_an_argos_model_in_latin(packages: Path, tiny_model: Path) -> None:
    from translit.translate.argos import ArgosBackend

    rows = translate_document("Салом дунё.", "uz", ["en"], backend=ArgosBackend(packages))
    assert rows[0].transliteration == "Salom dunyo."
    assert rows[0].translations["en"] == direct(tiny_model, ["Salom dunyo."], None)[0]


def test_bpe_package_goes_through_moses_and_subword_nmt(
    argos_home: Path, tmp_path: Path, make_argos: Callable[..., Path]
) -> None:
    """OPUS-MT-derived packages ship ``bpe.model`` (subword-nmt codes) and use Moses (de)tokenization."""
    from argostranslate.tokenizer import BPETokenizer

    from translit.translate.argos import ArgosBackend, install_argos_package
    from translit.translate.tinymodel import build_tiny_transformer

    codes = tmp_path / "codes.bpe"
    codes.write_text("#version: 0.2\nS a\nSa l\no m\nd u\nn y\nh a\nv o\n", encoding="utf-8")
    tokenizer = BPETokenizer(codes, "uz", "en")
    assert tokenizer.encode("Salom dunyo.") == ["Sal@@", "o@@", "m", "du@@", "ny@@", "o", "."]
    tokens = sorted({t for s in SENTENCES for t in tokenizer.encode(s)})
    model = build_tiny_transformer(tmp_path / "bpe-model", ["<unk>", "<s>", "</s>", *tokens], eos_bias=1.0)
    install_argos_package(make_argos(model, tmp_path, "uz", "en", bpe=codes), tmp_path / "pk")

    got = ArgosBackend(tmp_path / "pk").translate(SENTENCES, "uz", "en")
    translator = ctranslate2.Translator(str(model), compute_type="int8")
    results = translator.translate_batch([tokenizer.encode(s) for s in SENTENCES], beam_size=4, replace_unknowns=True)
    assert got == [tokenizer.decode(r.hypotheses[0]).strip() for r in results]
    assert len(set(got)) == len(SENTENCES)
