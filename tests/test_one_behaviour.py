"""One behaviour per input: the same mixed text gives byte-identical output through every way in.

Library, stdin, a file to stdout, `-o FILE`, a folder, `--jobs 2`, a zip, `--in-place`, a Dask cluster and a
.docx holding the same paragraphs (made by pandoc) all convert through `translit.text.TextPath`; this test
holds them to it on one document that mixes Uzbek, Russian, Kazakh, Tajik, English and Turkish lines,
headings, names and numbers.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

import translit
from cli import app
from translit.bulk import BulkOptions, run
from translit.documents import DocumentOptions, convert_document
from translit.encodings import ASK

DATA = Path(__file__).resolve().parent / "data"
MIXED = (DATA / "mixed.txt").read_text(encoding="utf-8")
runner = CliRunner()


def expected() -> str:
    return translit.convert(MIXED, to="uz-Latn")


def test_the_library_decides_each_line() -> None:
    out = expected().splitlines()
    src = MIXED.splitlines()
    # Russian, Kazakh, English, a Russian label, Tajik, Uzbek already in Latin, Turkish, 123, a word with ы
    kept = {2, 4, 5, 7, 10, 12, 13, 15, 16}
    assert [i for i, (a, b) in enumerate(zip(src, out, strict=True)) if a == b] == sorted(kept)
    assert out[3] == "Salom dunyo" and out[8] == "Xiva" and out[0] == "Toshkent yangiliklari"


def test_stdin_a_file_and_dash_o_give_the_same_bytes(tmp_path: Path) -> None:
    want = expected()
    stdin = runner.invoke(app, ["convert", "-", "--to", "uz-Latn"], input=MIXED)
    assert stdin.exit_code == 0, stdin.output
    assert stdin.stdout == want
    to_stdout = runner.invoke(app, ["convert", str(DATA / "mixed.txt"), "--to", "uz-Latn"])
    assert to_stdout.stdout == want
    out = tmp_path / "out.txt"
    written = runner.invoke(app, ["convert", str(DATA / "mixed.txt"), "--to", "uz-Latn", "-o", str(out)])
    assert written.exit_code == 0, written.output
    assert out.read_text(encoding="utf-8") == want


def test_a_folder_jobs_a_zip_and_in_place_give_the_same_bytes(tmp_path: Path) -> None:
    want = expected().encode("utf-8")
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    for name in ("a.txt", "sub/b.txt", "c.txt"):
        shutil.copy(DATA / "mixed.txt", folder / name)
    with zipfile.ZipFile(folder / "pack.zip", "w") as zf:
        zf.write(DATA / "mixed.txt", "inner/mixed.txt")
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        done = runner.invoke(app, ["convert", str(folder), "-o", str(out), "--to", "uz-Latn", "--jobs", jobs])
        assert done.exit_code == 0, done.output
        for name in ("a.txt", "sub/b.txt", "c.txt"):
            assert (out / name).read_bytes() == want, (jobs, name)
        with zipfile.ZipFile(out / "pack.zip") as zf:
            assert zf.read("inner/mixed.txt") == want
    one = tmp_path / "one.txt"
    alone = runner.invoke(app, ["convert", str(DATA / "mixed.txt"), "-o", str(one), "--jobs", "2"])
    assert alone.exit_code == 0, alone.output
    assert one.read_bytes() == want
    place = tmp_path / "place"
    place.mkdir()
    shutil.copy(DATA / "mixed.txt", place / "m.txt")
    done = runner.invoke(app, ["convert", str(place), "--in-place", "--to", "uz-Latn"])
    assert done.exit_code == 0, done.output
    assert (place / "m.txt").read_bytes() == want


def test_a_dask_cluster_gives_the_same_bytes(tmp_path: Path) -> None:
    import distributed

    (tmp_path / "in").mkdir()
    shutil.copy(DATA / "mixed.txt", tmp_path / "in" / "m.txt")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as lc:
        options = BulkOptions(
            document=DocumentOptions(target="uz-Latn"), progress=False, dask_address=lc.scheduler_address
        )
        result = run([tmp_path / "in"], tmp_path / "out", options)
    assert result.exit_code == 0, result.failures
    assert (tmp_path / "out" / "m.txt").read_bytes() == expected().encode("utf-8")


def _paragraphs(docx: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        xml = zf.read("word/document.xml").decode("utf-8")
    return [
        "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", para)) for para in re.findall(r"<w:p[ >].*?</w:p>", xml)
    ]


def test_a_pandoc_docx_holding_the_same_paragraphs_converts_them_the_same() -> None:
    data = (DATA / "mixed.pandoc.docx").read_bytes()
    assert _paragraphs(data) == MIXED.splitlines()  # the fixture holds exactly the text file's lines
    result = convert_document("mixed.docx", data, DocumentOptions(target="uz-Latn"))
    assert _paragraphs(result.data) == expected().splitlines()
    assert result.source == "uz-Cyrl"


@pytest.mark.parametrize("size", [1, 7, 64, 1 << 16])
def test_chunking_does_not_change_the_decisions(size: int) -> None:
    from translit.text import TextOptions, TextPath

    chunks = [MIXED[i : i + size] for i in range(0, len(MIXED), size)]
    assert "".join(TextPath(TextOptions("uz-Latn")).iter_convert(chunks)) == expected()


def test_a_bad_byte_gets_one_message_and_one_exit_code_on_every_path(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    bad = tmp_path / "in" / "bad.txt"
    bad.write_bytes("Тошкент шаҳри\n".encode() + b"\xff\n" + "Ўзбекистон\n".encode())
    message = f"{bad}: not valid utf-8 at byte 26 (0xff); {ASK}"
    one = runner.invoke(app, ["convert", str(bad), "--to", "uz-Latn"])
    assert (one.exit_code, one.stderr.strip()) == (1, f"error: {message}")
    folder = runner.invoke(app, ["convert", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--to", "uz-Latn"])
    assert folder.exit_code == 1
    assert f"failed: {message}" in folder.stderr
    assert not (tmp_path / "out" / "bad.txt").exists()
    with pytest.raises(translit.InputError, match="not valid utf-8 at byte 26"):
        convert_document("bad.txt", bad.read_bytes(), DocumentOptions(target="uz-Latn"))


def test_a_house_style_reaches_every_path(tmp_path: Path) -> None:
    text = "АҚШ вакиллари Тошкентга келди.\n"
    want = translit.convert(text, to="uz-Latn", style="press")
    assert want.startswith("AQSh ")
    stdin = runner.invoke(app, ["convert", "-", "--to", "uz-Latn", "--style", "press"], input=text)
    assert stdin.exit_code == 0 and stdin.stdout == want
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(text, encoding="utf-8")
    folder = runner.invoke(app, ["convert", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--style", "press"])
    assert folder.exit_code == 0, folder.output
    assert (tmp_path / "out" / "a.txt").read_text(encoding="utf-8") == want


def test_detect_reads_a_legacy_code_page_as_convert_does(tmp_path: Path) -> None:
    legacy = tmp_path / "cp1251.txt"
    text = "Тошкент шахри катта ва гузал.\n"  # cp1251 has no ҳ ў: old files spell without them
    legacy.write_bytes(text.encode("cp1251"))
    shown = runner.invoke(app, ["detect", str(legacy)])
    assert shown.exit_code == 0, shown.output
    converted = runner.invoke(app, ["convert", str(legacy), "--to", "uz-Latn"])
    assert converted.exit_code == 0, converted.output
    assert converted.stdout == translit.convert(text, to="uz-Latn")
    assert "Тошкент шахри" in shown.stdout


def test_document_options_carry_every_text_option() -> None:
    from dataclasses import fields

    from translit.text import TextOptions

    text = TextOptions("uz-Cyrl", "uz-Latn", "ascii", ("MyShop",), (), True, "none", True, "press")
    assert DocumentOptions.from_text(text, columns=("a",)).text == text
    assert {f.name for f in fields(TextOptions)} <= {f.name for f in fields(DocumentOptions)}
