"""The CTranslate2 + SentencePiece backend on a tiny NLLB-shaped model: protocol, batching, model errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import ctranslate2
import pytest
import sentencepiece as spm

from translit.errors import ModelError, TranslationError
from translit.translate.ct2 import CTranslate2Backend
from translit.translate.langcodes import NLLB_CODES
from translit.translate.models import install_ct2_dir
from translit.translate.tinymodel import build_tiny_nllb

pytest_plugins = ["translate_fixtures"]  # tests/translate_fixtures.py: tiny_model, model_store

SENTENCES = [
    "Salom dunyo.",
    "Yevropa Ittifoqi va Qozogiston ortasidagi hamkorlik muhim.",
    "Brusselda yangi tashkilot ishga tushirildi.",
]


def reference(model_dir: Path, sentences: list[str], src: str, tgt: str, beam: int = 4) -> list[str]:
    """The NLLB protocol written out by hand, straight on ctranslate2: what our backend must reproduce."""
    translator = ctranslate2.Translator(str(model_dir), device="cpu", compute_type="int8")
    sp = spm.SentencePieceProcessor(model_file=str(model_dir / "sentencepiece.bpe.model"))
    out = []
    for s in sentences:
        res = translator.translate_batch(
            [[src, *sp.encode(s, out_type=str), "</s>"]], target_prefix=[[tgt]], beam_size=beam
        )
        # language tokens the model emits inside its output are not text: dropped (issue 13)
        out.append(sp.decode([t for t in res[0].hypotheses[0][1:] if t not in NLLB_CODES.values()]))
    return out


class _Leaking:
    """The real translator, with a language token put inside each hypothesis, as NLLB models sometimes emit one.

    (The test once relied on the tiny model leaking its target token by itself; whether its random weights do
    depends on the CPU's int8 kernels, and on some machines they do not.)"""

    def __init__(self, translator: ctranslate2.Translator, token: str) -> None:
        self.translator, self.token = translator, token

    def translate_batch(self, batch: list[list[str]], **options: object) -> list[SimpleNamespace]:
        out = []
        for result in self.translator.translate_batch(batch, **options):
            hypothesis = list(result.hypotheses[0])
            hypothesis[2:2] = [self.token]  # after the target prefix and the first piece
            out.append(SimpleNamespace(hypotheses=[hypothesis]))
        return out


def test_language_tokens_inside_the_output_are_dropped(tiny_model: Path) -> None:
    backend = CTranslate2Backend(tiny_model, beam_size=4)
    clean = backend.translate(SENTENCES[:1], "uz", "kk")[0]
    translator, sp = backend._load()
    backend._translator = _Leaking(translator, "rus_Cyrl")
    raw = backend._translator.translate_batch(
        [["uzn_Latn", *sp.encode(SENTENCES[0], out_type=str), "</s>"]], target_prefix=[["kaz_Cyrl"]], beam_size=4
    )[0].hypotheses[0]
    assert "rus_Cyrl" in raw[1:]  # the token does stand inside the output
    got = backend.translate(SENTENCES[:1], "uz", "kk")[0]
    assert got == clean and "rus_Cyrl" not in got and got


def test_languages_and_scripts(tiny_model: Path) -> None:
    backend = CTranslate2Backend(tiny_model)
    assert backend.languages() == ["en", "kk", "ru", "uz"]
    assert backend.input_script("uz") == "Latn"
    assert backend.input_script("kk") == "Cyrl"
    assert backend.input_script("xx") is None
    assert backend.supports("uz", "kk") and backend.supports("kk", "uz")
    assert not backend.supports("uz", "uz")
    assert not backend.supports("uz", "de")


def test_matches_the_nllb_protocol_on_ctranslate2_directly(tiny_model: Path) -> None:
    backend = CTranslate2Backend(tiny_model, beam_size=4)
    got = backend.translate(SENTENCES, "uz", "kk")
    assert got == reference(tiny_model, SENTENCES, "uzn_Latn", "kaz_Cyrl")
    assert len(set(got)) == len(SENTENCES)  # distinct inputs give distinct outputs: the rows are not mixed up


def test_batching_does_not_change_results(tiny_model: Path) -> None:
    batched = CTranslate2Backend(tiny_model, max_batch_size=16).translate(SENTENCES * 3, "uz", "en")
    single = CTranslate2Backend(tiny_model, max_batch_size=1)
    one_by_one = [single.translate([s], "uz", "en")[0] for s in SENTENCES * 3]
    assert batched == one_by_one
    assert batched[:3] == batched[3:6] == batched[6:]


def test_deterministic_across_instances_and_directions_differ(tiny_model: Path) -> None:
    a = CTranslate2Backend(tiny_model).translate(SENTENCES, "uz", "en")
    b = CTranslate2Backend(tiny_model).translate(SENTENCES, "uz", "en")
    c = CTranslate2Backend(tiny_model).translate(SENTENCES, "uz", "kk")
    assert a == b
    assert a != c


def test_beam_size_is_passed(tiny_model: Path) -> None:
    assert CTranslate2Backend(tiny_model, beam_size=1).translate(SENTENCES, "uz", "en") == reference(
        tiny_model, SENTENCES, "uzn_Latn", "eng_Latn", beam=1
    )


def test_empty_sentences_keep_their_place(tiny_model: Path) -> None:
    backend = CTranslate2Backend(tiny_model)
    got = backend.translate(["", SENTENCES[0], "   ", SENTENCES[1]], "uz", "en")
    assert got[0] == "" and got[2] == ""
    assert [got[1], got[3]] == backend.translate(SENTENCES[:2], "uz", "en")
    assert backend.translate([], "uz", "en") == []


def test_unknown_language_is_a_clear_error(tiny_model: Path) -> None:
    with pytest.raises(TranslationError, match=r"no code for language 'de' \(it knows: en, kk, ru, uz\)"):
        CTranslate2Backend(tiny_model).translate(["x"], "uz", "de")


def test_model_id_is_stable_and_follows_the_content(tiny_model: Path, tmp_path: Path) -> None:
    assert CTranslate2Backend(tiny_model).model_id == CTranslate2Backend(tiny_model).model_id
    other = build_tiny_nllb(tmp_path / "tiny-nllb", seed=1)
    assert other.name == tiny_model.name
    assert CTranslate2Backend(other).model_id != CTranslate2Backend(tiny_model).model_id


def test_the_tiny_model_is_reproducible(tiny_model: Path, tmp_path: Path) -> None:
    again = build_tiny_nllb(tmp_path / "again")
    assert (again / "model.bin").read_bytes() == (tiny_model / "model.bin").read_bytes()
    assert (again / "model.bin").stat().st_size < 100_000


# -- broken models: a clear ModelError naming the directory, never a crash or a hang -------------------------


def broken_copy(tiny: Path, tmp_path: Path) -> Path:
    bad = tmp_path / "bad-model"
    shutil.copytree(tiny, bad)
    return bad


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda d: (d / "model.bin").unlink(), r"not a CTranslate2 model directory \(missing model.bin\)"),
        (lambda d: (d / "config.json").write_text("{oops"), "unreadable model configuration"),
        (lambda d: (d / "shared_vocabulary.json").unlink(), r"no shared_vocabulary\.json"),
        (lambda d: (d / "shared_vocabulary.json").write_text('{"a": 1}'), "not a list of tokens"),
        (lambda d: (d / "sentencepiece.bpe.model").unlink(), r"no SentencePiece model \(\*.model\)"),
        (
            lambda d: (d / "shared_vocabulary.json").write_text(json.dumps(["<unk>", "a"])),
            "no NLLB language code",
        ),
    ],
)
def test_incomplete_model_directory(tiny_model: Path, tmp_path: Path, damage, message: str) -> None:
    bad = broken_copy(tiny_model, tmp_path)
    damage(bad)
    with pytest.raises(ModelError, match=message) as info:
        CTranslate2Backend(bad)
    assert str(bad) in str(info.value)


@pytest.mark.parametrize("keep", [1000, 0])
def test_corrupt_model_bin_fails_on_load(tiny_model: Path, tmp_path: Path, keep: int) -> None:
    bad = broken_copy(tiny_model, tmp_path)
    data = (tiny_model / "model.bin").read_bytes()
    (bad / "model.bin").write_bytes(data[:keep] if keep else b"\x00garbage" * 100)
    backend = CTranslate2Backend(bad)
    with pytest.raises(ModelError, match="cannot load the CTranslate2 model") as info:
        backend.translate(["Salom."], "uz", "en")
    assert str(bad) in str(info.value)


def test_corrupt_sentencepiece_model(tiny_model: Path, tmp_path: Path) -> None:
    bad = broken_copy(tiny_model, tmp_path)
    (bad / "sentencepiece.bpe.model").write_bytes(b"not a model")
    with pytest.raises(ModelError, match="corrupt SentencePiece model"):
        CTranslate2Backend(bad).translate(["Salom."], "uz", "en")


def test_not_a_directory(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not a directory"):
        CTranslate2Backend(tmp_path / "nothing")


# -- model store ---------------------------------------------------------------------------------------------


def test_open_without_models_says_how_to_install(model_store: Path) -> None:
    with pytest.raises(ModelError, match=r"no CTranslate2 model installed in .*translit models install DIR"):
        CTranslate2Backend.open()


def test_install_then_open_by_name_and_by_default(model_store: Path, tiny_model: Path) -> None:
    dest = install_ct2_dir(tiny_model, "tiny")
    assert dest == model_store / "ct2" / "tiny"
    assert sorted(p.name for p in dest.iterdir()) == sorted(p.name for p in tiny_model.iterdir())
    assert [m.name for m in CTranslate2Backend.installed_models()] == ["tiny"]
    assert CTranslate2Backend.installed_models()[0].languages == ("uz", "kk", "en", "ru")
    assert CTranslate2Backend.open().model_dir == dest
    assert CTranslate2Backend.open("tiny").model_dir == dest
    with pytest.raises(ModelError, match=r"no CTranslate2 model named 'other' \(installed: tiny\)"):
        CTranslate2Backend.open("other")
    with pytest.raises(ModelError, match="already installed"):
        install_ct2_dir(tiny_model, "tiny")
    install_ct2_dir(tiny_model, "tiny2")
    with pytest.raises(ModelError, match=r"several CTranslate2 models are installed \(tiny, tiny2\)"):
        CTranslate2Backend.open()


def test_install_refuses_an_incomplete_directory(model_store: Path, tmp_path: Path) -> None:
    half = tmp_path / "half"
    half.mkdir()
    (half / "config.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ModelError, match=r"missing model\.bin"):
        install_ct2_dir(half)
    assert not (model_store / "ct2" / "half").exists()
