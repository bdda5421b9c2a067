"""`translit translate` and `translit models ...` end to end on the tiny model (CliRunner, no network)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from translit.errors import ModelError
from translit.segment import split_sentences
from translit.translate.ct2 import CTranslate2Backend
from translit.translate.models import install_ct2_dir

pytest_plugins = ["translate_fixtures"]  # tests/translate_fixtures.py: tiny_model, model_store, argos_home

runner = CliRunner()
TEXT = "Salom dunyo. Bugun havo yaxshi.\nYangi paragraf.\n"


@pytest.fixture
def installed(model_store: Path, tiny_model: Path) -> Path:
    return install_ct2_dir(tiny_model, "tiny")


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def run(*args: str | Path, stdin: str | None = None) -> object:
    return runner.invoke(app, [str(a) for a in args], input=stdin)


def test_translate_to_each_format(installed: Path, source: Path, tmp_path: Path) -> None:
    sentences = [s.text for s in split_sentences(TEXT, "uz")]
    expected_en = CTranslate2Backend(installed).translate(sentences, "uz", "en")
    for fmt in ("tsv", "jsonl", "md", "html", "tmx"):
        out = tmp_path / f"out.{fmt}"
        result = run("translate", source, "--from", "uz-Latn", "--to", "en,kk", "-o", out)
        assert result.exit_code == 0, result.output
        assert out.is_file()
        assert "3 sentences -> en, kk" in result.stderr
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["source"] for r in rows] == sentences
    assert [r["translations"]["en"] for r in rows] == expected_en
    tmx = ET.parse(tmp_path / "out.tmx").getroot()
    assert len(tmx.findall("body/tu")) == 3
    assert (tmp_path / "out.html").read_text(encoding="utf-8").count('<tr id="s') == 3
    assert source.read_text(encoding="utf-8") == TEXT  # the input is never touched


def test_cache_is_used_on_the_second_run_and_bypassed_with_no_cache(
    installed: Path, source: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache.sqlite3"
    first = run("translate", source, "--from", "uz-Latn", "--to", "en", "-o", tmp_path / "a.tsv", "--cache", cache)
    assert first.exit_code == 0 and "0 from the cache" in first.stderr
    second = run("translate", source, "--from", "uz-Latn", "--to", "en", "-o", tmp_path / "b.tsv", "--cache", cache)
    assert second.exit_code == 0 and "3 from the cache" in second.stderr
    assert (tmp_path / "a.tsv").read_bytes() == (tmp_path / "b.tsv").read_bytes()
    other = tmp_path / "other.sqlite3"
    third = run(
        "translate",
        source,
        "--from",
        "uz-Latn",
        "--to",
        "en",
        "-o",
        tmp_path / "c.tsv",
        "--no-cache",
        "--cache",
        other,
    )
    assert third.exit_code == 0 and "from the cache" not in third.stderr
    assert not other.exists()
    assert (tmp_path / "c.tsv").read_bytes() == (tmp_path / "a.tsv").read_bytes()


def test_stdin_to_stdout_defaults_to_tsv(installed: Path) -> None:
    args = ["translate", "-", "--from", "uz-Latn", "--to", "en", "--model", installed, "--beam-size", "2"]
    result = run(*args, stdin=TEXT)
    assert result.exit_code == 0, result.output
    lines = [line.split("\t") for line in result.stdout.splitlines()]
    header = lines[0]
    assert header[:4] == ["index", "paragraph", "lang", "uz-Latn"] and header[-1] == "en"
    assert [line[:3] for line in lines[1:]] == [["0", "0", "uz-Latn"], ["1", "0", "uz-Latn"], ["2", "1", "uz-Latn"]]
    sentences = [s.text for s in split_sentences(TEXT, "uz")]
    assert [line[3] for line in lines[1:]] == sentences
    translated = CTranslate2Backend(installed, beam_size=2).translate(sentences, "uz", "en")
    assert [line[-1] for line in lines[1:]] == translated


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["translate", "{missing}", "--to", "en"], "missing.txt: no such file"),
        (["translate", "{latin1}", "--to", "en"], "latin1.txt: not valid utf-8 at byte 12"),
        (["translate", "{source}", "--to", " , "], "--to needs at least one language"),
        (["translate", "{source}", "--to", "en", "--backend", "nope"], "unknown translation backend 'nope'"),
        (
            ["translate", "{source}", "--to", "en", "-o", "{tmp}/x.pdf"],
            "cannot tell the format from the file name",
        ),
        (["translate", "{source}", "--to", "en", "--model", "{tmp}/nomodel"], "not a directory"),
        (["translate", "{source}", "--to", "en", "--format", "docx"], "unknown format 'docx'"),
    ],
)
def test_errors_are_one_line_without_traceback(
    model_store: Path, source: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    (tmp_path / "latin1.txt").write_bytes("Salom dunyo \xe9".encode("latin-1"))
    (tmp_path / "nomodel").write_text("x")
    values = {
        "missing": tmp_path / "missing.txt",
        "latin1": tmp_path / "latin1.txt",
        "source": source,
        "tmp": tmp_path,
    }
    result = run(*[a.format(**values) for a in args])
    assert result.exit_code == (1 if "not valid utf-8" in message else 2)  # undecodable input: 1 on every path
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_no_model_installed_says_how_to_get_one(model_store: Path, source: Path) -> None:
    result = run("translate", source, "--to", "en")
    assert result.exit_code == 2
    assert "error: no CTranslate2 model installed in" in result.stderr
    assert "translit models install DIR" in result.stderr and "translit models fetch" in result.stderr


def test_models_install_and_list(argos_home: Path, model_store: Path, tiny_model: Path) -> None:
    result = run("models", "install", tiny_model, "--name", "tiny")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"installed {model_store / 'ct2' / 'tiny'}\n"
    listing = run("models", "list")
    assert listing.exit_code == 0
    assert f"model store: {model_store}" in listing.stdout
    assert "ct2: available, 1 model(s)" in listing.stdout
    assert "  tiny  [uz kk en ru]" in listing.stdout
    again = run("models", "install", tiny_model, "--name", "tiny")
    assert again.exit_code == 2 and "already installed" in again.stderr


def test_models_list_says_when_a_backend_cannot_run(
    argos_home: Path, model_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "argostranslate", None)  # as if it were not installed
    monkeypatch.setitem(sys.modules, "argostranslate.package", None)
    listing = run("models", "list")
    assert listing.exit_code == 0
    needs = "argos: unavailable (the argos backend needs argostranslate: pip install 'translit-uz[argos]'"
    assert needs in listing.stdout
    assert "ct2: available, 0 model(s)" in listing.stdout


def test_models_install_argos_package(
    argos_home: Path,
    model_store: Path,
    tiny_model: Path,
    tmp_path: Path,
    make_argos: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from argostranslate import settings

    monkeypatch.setattr(settings, "package_data_dir", tmp_path / "argos-packages")
    archive = make_argos(tiny_model, tmp_path, "uz", "en")
    result = run("models", "install", archive)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "argos-packages" / "translate-uz_en-0_1" / "metadata.json").is_file()
    listing = run("models", "list")
    assert "argos: available, 1 model(s)" in listing.stdout
    assert "translate-uz_en-0_1  [uz->en]" in listing.stdout


def test_fetch_only_runs_when_asked(model_store: Path) -> None:
    result = run("models", "fetch", "nllb-200-distilled-600M", stdin="")
    assert result.exit_code == 1
    assert "This will download facebook/nllb-200-distilled-600M from the Hugging Face Hub (about 2.5 GB" in (
        result.stdout
    )
    assert "CC-BY-NC-4.0" in result.stdout
    assert "Nothing downloaded. Run again with --yes" in result.stderr
    assert not model_store.exists()
    unknown = run("models", "fetch", "gpt-9", "--yes")
    assert unknown.exit_code == 2 and "unknown model 'gpt-9'" in unknown.stderr


def test_fetch_runs_the_converter_and_installs_the_result(model_store: Path, tiny_model: Path) -> None:
    """The download cannot run here (no network); the command line it builds and the install step can."""
    import shutil

    from translit.translate.fetch import fetch_model

    seen: list[Sequence[str]] = []

    def fake_converter(cmd: Sequence[str]) -> int:
        seen.append(cmd)
        out = Path(cmd[cmd.index("--output_dir") + 1])
        shutil.copytree(tiny_model, out)
        return 0

    dest = fetch_model("nllb-200-distilled-600M", run=fake_converter, check_tools=False)
    assert dest == model_store / "ct2" / "nllb-200-distilled-600M"
    assert list(seen[0][1:3]) == ["--model", "facebook/nllb-200-distilled-600M"]
    assert list(seen[0][5:]) == ["--quantization", "int8", "--copy_files", "sentencepiece.bpe.model"]
    assert CTranslate2Backend.open("nllb-200-distilled-600M").languages() == ["en", "kk", "ru", "uz"]
    with pytest.raises(ModelError, match="already installed"):
        fetch_model("nllb-200-distilled-600M", run=fake_converter, check_tools=False)
    with pytest.raises(ModelError, match=r"converter failed \(exit code 3\); nothing was installed"):
        fetch_model("nllb-200-1.3B", run=lambda cmd: 3, check_tools=False)
    assert not (model_store / "ct2" / "nllb-200-1.3B").exists()


def test_bom_is_dropped_and_other_encodings_are_read(installed: Path, tmp_path: Path) -> None:
    cyrillic = "Салом дунё. Бугун ҳаво яхши.\n"
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + cyrillic.encode("utf-8"))
    (tmp_path / "utf16.txt").write_bytes(cyrillic.encode("utf-16"))
    outputs = []
    for name, extra in (("bom.txt", []), ("utf16.txt", ["--encoding", "utf-16"])):
        out = tmp_path / f"{name}.jsonl"
        result = run("translate", tmp_path / name, "--to", "en", "-o", out, "--no-cache", *extra)
        assert result.exit_code == 0, result.output
        outputs.append([json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()])
    assert outputs[0] == outputs[1]
    assert [r["source"] for r in outputs[0]] == ["Салом дунё.", "Бугун ҳаво яхши."]
    assert [r["transliteration"] for r in outputs[0]] == ["Salom dunyo.", "Bugun havo yaxshi."]
