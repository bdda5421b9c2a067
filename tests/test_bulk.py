"""The bulk job end to end: a generated tree of every format, archives inside it, reports, dry runs,
in-place with backups, failures reported at the end, --jobs 2, --resume after a kill, and a Dask cluster."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest
from bulk_fixtures import docx, epub, odt, read_zip, tar_bytes, xlsx, zip_bytes
from typer.testing import CliRunner

from cli import app
from translit.bulk import MANIFEST_NAME, BulkOptions, run
from translit.documents import DocumentOptions
from translit.encodings import ASK

ROOT = Path(__file__).resolve().parent.parent
CYRL = (ROOT / "corpus" / "kazinform-2025-12-10.uz-Cyrl.txt").read_bytes()
LATN = (ROOT / "corpus" / "kazinform-2025-12-10.uz-Latn.txt").read_bytes()


def options(**kw: object) -> BulkOptions:
    doc = kw.pop("document", DocumentOptions(target="uz-Latn"))
    return BulkOptions(document=doc, progress=False, **kw)  # type: ignore[arg-type]


def make_tree(root: Path) -> None:
    """Every supported format, nested folders, an unsupported file and two archives."""
    (root / "news" / "2025").mkdir(parents=True)
    (root / "office").mkdir()
    (root / "news" / "2025" / "article.txt").write_bytes(CYRL)
    (root / "news" / "old-cp1251.txt").write_bytes("Ўзбек тили\r\nТошкент\r\n".encode("cp1251"))
    (root / "news" / "page.html").write_text("<p>Ш<b>АҲАР</b> <a href='/ш'>ҳавола</a></p>", encoding="utf-8")
    (root / "readme.md").write_text("# Салом\n\n`код` дунё\n", encoding="utf-8")
    (root / "office" / "a.docx").write_bytes(docx("<w:p><w:r><w:t>Ш</w:t></w:r><w:r><w:t>аҳар</w:t></w:r></w:p>"))
    (root / "office" / "b.odt").write_bytes(odt())
    (root / "office" / "c.xlsx").write_bytes(xlsx())
    (root / "book.epub").write_bytes(epub())
    (root / "subs.srt").write_bytes("1\r\n00:00:01,000 --> 00:00:02,000\r\nСалом\r\n".encode())
    (root / "subs.vtt").write_text("WEBVTT\n\n00:01.000 --> 00:02.000\nдунё\n", encoding="utf-8")
    (root / "t.csv").write_text("ном,шаҳар\nТошкент,Самарқанд\n", encoding="utf-8")
    (root / "t.tsv").write_text("ном\tшаҳар\n", encoding="utf-8")
    (root / "i18n.json").write_text('{"ключ": "Салом {name}"}', encoding="utf-8")
    (root / "uz.po").write_text('msgid "Hi"\nmsgstr "Салом"\n', encoding="utf-8")
    (root / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (root / "pack.zip").write_bytes(zip_bytes([("in/a.txt", "Тошкент шаҳри\n"), ("b.bin", b"\x00")]))
    (root / "pack.tar.gz").write_bytes(tar_bytes([("x.txt", "Салом дунё\n".encode())]))


EXPECTED_TEXT = {
    "news/2025/article.txt": LATN,
    "news/old-cp1251.txt": "Oʻzbek tili\r\nToshkent\r\n".encode(),
    "news/page.html": "<p>SH<b>AHAR</b> <a href='/ш'>havola</a></p>".encode(),
    "readme.md": "# Salom\n\n`код` dunyo\n".encode(),
    "subs.srt": b"1\r\n00:00:01,000 --> 00:00:02,000\r\nSalom\r\n",
    "subs.vtt": b"WEBVTT\n\n00:01.000 --> 00:02.000\ndunyo\n",
    "t.csv": b"nom,shahar\nToshkent,Samarqand\n",
    "t.tsv": b"nom\tshahar\n",
    "i18n.json": '{"ключ": "Salom {name}"}'.encode(),
    "uz.po": b'msgid "Hi"\nmsgstr "Salom"\n',
    "logo.png": b"\x89PNG\r\n\x1a\n\x00\x00",
}


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def check_outputs(out: Path) -> None:
    files = tree(out)
    for name, expected in EXPECTED_TEXT.items():
        assert files[name] == expected, name
    assert b"<w:t>SH</w:t>" not in read_zip(files["office/a.docx"])["word/document.xml"]
    assert b"<w:t>Sh</w:t></w:r><w:r><w:t>ahar</w:t>" in read_zip(files["office/a.docx"])["word/document.xml"]
    assert b"<text:p>Toshkent shahri</text:p>" in read_zip(files["office/b.odt"])["styles.xml"]
    assert b"<si><t>Toshkent</t></si>" in read_zip(files["office/c.xlsx"])["xl/sharedStrings.xml"]
    assert b"<title>Toshkent</title>" in read_zip(files["book.epub"])["book/text/ch1.xhtml"]
    assert read_zip(files["pack.zip"]) == {"in/a.txt": b"Toshkent shahri\n", "b.bin": b"\x00"}
    assert files["pack.tar.gz"][:2] == b"\x1f\x8b"
    assert set(files) == set(EXPECTED_TEXT) | {
        "office/a.docx",
        "office/b.odt",
        "office/c.xlsx",
        "book.epub",
        "pack.zip",
        "pack.tar.gz",
        MANIFEST_NAME,
    }


def test_every_format_in_a_folder_tree(tmp_path: Path) -> None:
    make_tree(tmp_path / "in")
    before = tree(tmp_path / "in")
    result = run([tmp_path / "in"], tmp_path / "out", options(report=str(tmp_path / "r.json")))
    assert result.exit_code == 0, result.failures
    check_outputs(tmp_path / "out")
    assert tree(tmp_path / "in") == before  # inputs untouched
    report = json.loads((tmp_path / "r.json").read_text("utf-8"))
    by_path = {Path(f["path"]).name if "!" not in f["path"] else f["path"].split("!")[1]: f for f in report["files"]}
    assert by_path["logo.png"]["status"] == "copied"
    assert by_path["article.txt"]["status"] == "converted"
    assert by_path["article.txt"]["bytes_in"] == len(CYRL) and by_path["article.txt"]["bytes_out"] == len(LATN)
    assert by_path["old-cp1251.txt"]["encoding"] == "cp1251"
    assert by_path["old-cp1251.txt"]["newline"] == "\r\n"
    assert by_path["in/a.txt"]["status"] == "converted"
    assert set(by_path["article.txt"]) >= {"status", "bytes_in", "bytes_out", "seconds", "warnings", "error"}
    assert report["summary"]["failed"] == 0
    assert report["summary"]["counts"] == {"converted": 18, "copied": 2}  # 14 documents + 2 archives + 2 members


def test_jobs_2_gives_the_same_bytes_as_jobs_1(tmp_path: Path) -> None:
    make_tree(tmp_path / "in")
    one = run([tmp_path / "in"], tmp_path / "one", options(jobs=1))
    two = run([tmp_path / "in"], tmp_path / "two", options(jobs=2))
    assert one.exit_code == two.exit_code == 0
    a, b = tree(tmp_path / "one"), tree(tmp_path / "two")
    a.pop(MANIFEST_NAME), b.pop(MANIFEST_NAME)
    # zip/tar carry timestamps of the run for directories only; members keep theirs, so bytes match
    assert {k: v for k, v in a.items() if not k.startswith("pack.")} == {
        k: v for k, v in b.items() if not k.startswith("pack.")
    }
    assert read_zip(tmp_path / "one" / "pack.zip") == read_zip(tmp_path / "two" / "pack.zip")
    assert [r.status for r in one.files] == [r.status for r in two.files]


def test_dry_run_writes_nothing_and_lists_archive_members(tmp_path: Path) -> None:
    make_tree(tmp_path / "in")
    (tmp_path / "in" / "evil.tar").write_bytes(tar_bytes([("../x.txt", b"x"), ("ok.txt", b"y")], mode="w"))
    result = run([tmp_path / "in"], tmp_path / "out", options(dry_run=True, report=str(tmp_path / "r.json")))
    assert not (tmp_path / "out").exists()
    statuses = {str(r.path).split("in/", 1)[1]: r.status for r in result.files}
    assert statuses["logo.png"] == "would-copy"
    assert statuses["office/a.docx"] == "would-convert"
    assert statuses["evil.tar!../x.txt"] == "refused"
    assert statuses["evil.tar!ok.txt"] == "would-convert"
    assert result.exit_code == 1  # the hostile member would fail


def test_a_failing_document_does_not_stop_the_run(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Салом", encoding="utf-8")
    (src / "broken.docx").write_bytes(b"not a zip")
    (src / "bad.json").write_text('{"a": ', encoding="utf-8")
    (src / "z.txt").write_text("дунё", encoding="utf-8")
    result = run([src], tmp_path / "out", options())
    assert result.exit_code == 1
    assert [(Path(str(f.path)).name, f.status) for f in result.failures] == [
        ("bad.json", "failed"),
        ("broken.docx", "failed"),
    ]
    assert (
        str(result.failures[1].error)
        == f"{src / 'broken.docx'}: not a valid DOCX file (not a zip container: File is not a zip file)"
    )
    assert tree(tmp_path / "out") == {
        "a.txt": b"Salom",
        "z.txt": b"dunyo",
        MANIFEST_NAME: tree(tmp_path / "out")[MANIFEST_NAME],
    }


def test_in_place_keeps_a_backup_and_refuses_to_overwrite_one(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_bytes("Тошкент\n".encode())
    result = run([f], None, options(in_place=True))
    assert result.exit_code == 0
    assert f.read_bytes() == b"Toshkent\n"
    assert (tmp_path / "a.txt.bak").read_bytes() == "Тошкент\n".encode()
    again = run([f], None, options(in_place=True))  # already Latin: nothing to do, backup kept
    assert [r.status for r in again.files] == ["unchanged"]
    g = tmp_path / "b.txt"
    g.write_bytes("Салом\n".encode())
    (tmp_path / "b.txt.bak").write_bytes(b"older backup")
    third = run([g], None, options(in_place=True))
    assert third.exit_code == 1
    assert "a backup already exists here" in str(third.files[0].error)
    assert g.read_bytes() == "Салом\n".encode()  # not modified


def test_resume_redoes_only_changed_or_missing_outputs(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        (src / f"{i}.txt").write_text(f"Салом {i}", encoding="utf-8")
    run([src], tmp_path / "out", options())
    (src / "1.txt").write_text("дунё", encoding="utf-8")
    (tmp_path / "out" / "2.txt").unlink()
    result = run([src], tmp_path / "out", options(resume=True))
    assert [(Path(str(r.path)).name, r.status) for r in result.files] == [
        ("0.txt", "skipped"),
        ("1.txt", "converted"),
        ("2.txt", "converted"),
    ]
    assert (tmp_path / "out" / "1.txt").read_bytes() == b"dunyo"


def test_killed_run_then_resume_completes_with_nothing_lost_or_duplicated(tmp_path: Path) -> None:
    src = tmp_path / "in"
    for d in range(4):
        (src / f"d{d}").mkdir(parents=True)
        for i in range(40):
            (src / f"d{d}" / f"{i:02}.txt").write_bytes(CYRL * 30)  # 160 files of 155 KB
    out = tmp_path / "out"
    manifest = out / MANIFEST_NAME
    cmd = [sys.executable, "-m", "translit", "convert", str(src), "-o", str(out), "--jobs", "1"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if manifest.exists() and manifest.read_bytes().count(b"\n") >= 10:
            proc.send_signal(signal.SIGKILL)
            break
        if proc.poll() is not None:
            break
        time.sleep(0.002)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the run finished before it could be killed midway"
    done_before = manifest.read_bytes().count(b"\n")
    assert 10 <= done_before < 160
    resumed = subprocess.run(
        [*cmd, "--resume", "--report", str(tmp_path / "r.json")], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert resumed.returncode == 0, resumed.stderr
    report = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert report["summary"]["counts"]["skipped"] >= done_before
    assert sum(report["summary"]["counts"].values()) == 160
    files = tree(out)
    lines = [json.loads(line) for line in files.pop(MANIFEST_NAME).decode().splitlines()]
    expected = {f"d{d}/{i:02}.txt" for d in range(4) for i in range(40)}
    assert set(files) == expected  # no stray temporary file, nothing missing
    assert all(data == LATN * 30 for data in files.values())  # every output complete and correct
    outputs = [entry["output"] for entry in lines]
    assert len(outputs) == len(set(outputs)) == 160  # each output recorded exactly once


def test_dask_local_cluster_runs_the_same_job(tmp_path: Path) -> None:
    import distributed

    make_tree(tmp_path / "in")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as lc:
        result = run([tmp_path / "in"], tmp_path / "out", options(dask_address=lc.scheduler_address))
    assert result.exit_code == 0, result.failures
    check_outputs(tmp_path / "out")


runner = CliRunner()


def test_cli_converts_folders_and_archives_and_exits_non_zero_on_failures(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Салом", encoding="utf-8")
    (src / "evil.zip").write_bytes(zip_bytes([("../evil.txt", "x"), ("ok.txt", "дунё")]))
    result = runner.invoke(app, ["convert", str(src), "-o", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"failed: {src / 'evil.zip'}: member '../evil.txt': '..' in the path" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("4 files (3 converted, 1 refused) in ")
    assert read_zip(tmp_path / "out" / "evil.zip") == {"ok.txt": b"dunyo"}
    assert not (tmp_path / "evil.txt").exists()


def test_cli_single_docx_goes_to_the_bulk_job(tmp_path: Path) -> None:
    (tmp_path / "a.docx").write_bytes(docx("<w:p><w:r><w:t>Салом</w:t></w:r></w:p>"))
    result = runner.invoke(app, ["convert", str(tmp_path / "a.docx"), "-o", str(tmp_path / "b.docx"), "-j", "1"])
    assert result.exit_code == 0, result.stderr
    assert b"<w:t>Salom</w:t>" in read_zip(tmp_path / "b.docx")["word/document.xml"]


def test_cli_keep_encoding_failure_is_reported_per_file(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_bytes("Ўзбек\n".encode("cp1251"))
    (tmp_path / "in" / "b.txt").write_bytes("Тошкент\n".encode("cp1251"))
    result = runner.invoke(
        app, ["convert", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--keep-encoding", "-j", "1"]
    )
    assert result.exit_code == 1
    assert "cp1251 cannot encode 'ʻ' (U+02BB)" in result.stderr
    assert (tmp_path / "out" / "b.txt").read_bytes() == b"Toshkent\n"
    assert not (tmp_path / "out" / "a.txt").exists()


def test_output_inside_the_input_folder_is_not_walked(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Салом", encoding="utf-8")
    run([tmp_path], tmp_path / "out", options())
    second = run([tmp_path], tmp_path / "out", options())
    assert [Path(str(r.path)).name for r in second.files] == ["a.txt"]
    assert sorted(os.listdir(tmp_path / "out")) == [MANIFEST_NAME, "a.txt"]


def test_large_text_files_are_streamed_with_bom_and_crlf_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from translit.bulk import tasks as bulk_tasks

    monkeypatch.setattr(bulk_tasks, "STREAM_THRESHOLD", 100)  # stream everything above 100 bytes
    body = CYRL.replace(b"\n", b"\r\n") * 20
    (tmp_path / "big.txt").write_bytes(b"\xef\xbb\xbf" + body)
    result = run([tmp_path / "big.txt"], tmp_path / "out.txt", options())
    assert result.exit_code == 0
    assert result.files[0].warnings == ["streamed"]
    assert (tmp_path / "out.txt").read_bytes() == b"\xef\xbb\xbf" + LATN.replace(b"\n", b"\r\n") * 20


def test_in_place_archive_keeps_a_backup(tmp_path: Path) -> None:
    z = tmp_path / "p.zip"
    original = zip_bytes([("a.txt", "Салом")])
    z.write_bytes(original)
    result = run([z], None, options(in_place=True))
    assert result.exit_code == 0
    assert read_zip(z) == {"a.txt": b"Salom"}
    assert (tmp_path / "p.zip.bak").read_bytes() == original


def test_progress_bar_goes_to_stderr_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Салом", encoding="utf-8")
    run([tmp_path / "in"], tmp_path / "out", BulkOptions(document=DocumentOptions(target="uz-Latn"), progress=True))
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "a.txt" in captured.err and "1/1" in captured.err


def test_archive_to_folder_option_names_the_folder_after_the_archive(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "p.tar.gz").write_bytes(tar_bytes([("x/a.txt", "Салом".encode())]))
    result = run([tmp_path / "in"], tmp_path / "out", options(as_folder=True))
    assert result.exit_code == 0
    assert (tmp_path / "out" / "p" / "x" / "a.txt").read_bytes() == b"Salom"


def test_two_inputs_with_the_same_name_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    from translit.errors import OutputError

    for d in ("a", "b"):
        (tmp_path / d / "docs").mkdir(parents=True)
        (tmp_path / d / "docs" / "x.txt").write_text("Салом", encoding="utf-8")
    with pytest.raises(OutputError, match="would be written here; rename one"):
        run([tmp_path / "a" / "docs", tmp_path / "b" / "docs"], tmp_path / "out", options())
    assert not (tmp_path / "out").exists()


def test_a_single_file_run_leaves_no_manifest_beside_its_output(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Салом", encoding="utf-8")
    run([tmp_path / "a.txt"], tmp_path / "b.txt", options())
    assert sorted(os.listdir(tmp_path)) == ["a.txt", "b.txt"]


def test_cli_dry_run_lists_each_file_on_stdout(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Салом", encoding="utf-8")
    (tmp_path / "in" / "b.bin").write_bytes(b"\x00")
    result = runner.invoke(app, ["convert", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--dry-run"])
    assert result.exit_code == 0
    src, out = (tmp_path / "in").resolve(), (tmp_path / "out").resolve()
    assert (
        result.stdout
        == f"would-convert\t{src / 'a.txt'}\t{out / 'a.txt'}\nwould-copy\t{src / 'b.bin'}\t{out / 'b.bin'}\n"
    )
    assert not out.exists()


def test_files_in_legacy_encodings_and_a_wrong_encoding_option(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "koi8.txt").write_bytes("Тошкент шахри ва Самарканд вилояти\n".encode("koi8_r"))
    (src / "pt154.srt").write_bytes("1\r\n00:00:01,000 --> 00:00:02,000\r\nҚизил шаҳар\r\n".encode("ptcp154"))
    (src / "dos.csv").write_bytes("ном;Ўзбекистон\r\n".encode("cp866"))
    result = run([src], tmp_path / "out", options(report=str(tmp_path / "r.json")))
    assert result.exit_code == 0
    out = tree(tmp_path / "out")
    assert out["koi8.txt"] == b"Toshkent shaxri va Samarkand viloyati\n"
    assert out["pt154.srt"] == b"1\r\n00:00:01,000 --> 00:00:02,000\r\nQizil shahar\r\n"
    assert out["dos.csv"] == "nom;Oʻzbekiston\r\n".encode()
    encodings = {Path(str(f.path)).name: f.encoding for f in result.files}
    assert encodings == {"dos.csv": "cp866", "koi8.txt": "koi8_r", "pt154.srt": "ptcp154"}
    forced = run(
        [src / "koi8.txt"],
        tmp_path / "forced.txt",
        options(document=DocumentOptions(target="uz-Latn", encoding="utf-8")),
    )
    assert forced.exit_code == 1
    assert str(forced.files[0].error).endswith(f"koi8.txt: not valid utf-8 at byte 0 (0xf4); {ASK}")
    assert not (tmp_path / "forced.txt").exists()


def test_temporary_files_of_a_killed_run_are_removed_by_the_next(tmp_path: Path) -> None:
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "sub" / "a.txt").write_text("Салом", encoding="utf-8")
    (tmp_path / "out" / "sub").mkdir(parents=True)
    stale = tmp_path / "out" / "sub" / ".translit-tmp-a.txt.x1y2"
    stale.write_bytes(b"half a file")
    result = run([tmp_path / "in"], tmp_path / "out", options(resume=True))
    assert result.exit_code == 0
    assert not stale.exists()
    assert tree(tmp_path / "out")["sub/a.txt"] == b"Salom"


def test_archives_inside_archives_are_converted_two_levels_deep(tmp_path: Path) -> None:
    deepest = zip_bytes([("c.txt", "Салом")])
    inner = tar_bytes([("b.txt", "Тошкент\n".encode()), ("../evil.txt", b"x"), ("deep.zip", deepest)])
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "outer.zip").write_bytes(zip_bytes([("a.txt", "дунё"), ("inner.tar.gz", inner)]))
    result = run([tmp_path / "in"], tmp_path / "out", options())
    lines = [(str(r.path).split("in/", 1)[1], r.status) for r in result.files]
    assert lines == [
        ("outer.zip", "converted"),
        ("outer.zip!a.txt", "converted"),
        ("outer.zip!inner.tar.gz", "converted"),
        ("outer.zip!inner.tar.gz!b.txt", "converted"),
        ("outer.zip!inner.tar.gz!../evil.txt", "refused"),
        ("outer.zip!inner.tar.gz!deep.zip", "copied"),
    ]
    assert result.exit_code == 1  # the refused member counts as a failure
    outer = read_zip(tmp_path / "out" / "outer.zip")
    assert outer["a.txt"] == b"dunyo"
    with tarfile.open(fileobj=io.BytesIO(outer["inner.tar.gz"])) as tf:
        got = {m.name: tf.extractfile(m).read() for m in tf.getmembers()}  # type: ignore[union-attr]
    assert got == {"b.txt": b"Toshkent\n", "deep.zip": deepest}


def test_unreachable_dask_scheduler_is_one_clear_error(tmp_path: Path) -> None:
    import distributed  # noqa: F401  # the dask extra is part of [dev]

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Салом", encoding="utf-8")
    result = runner.invoke(
        app, ["convert", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--dask", "tcp://127.0.0.1:9"]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("error: cannot reach the Dask scheduler at tcp://127.0.0.1:9: ")
    assert "Traceback" not in result.output


def test_in_place_folder_run_skips_earlier_backups(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.txt").write_text("Салом", encoding="utf-8")
    first = run([tmp_path / "d"], None, options(in_place=True))
    second = run([tmp_path / "d"], None, options(in_place=True))
    assert [r.status for r in first.files] == ["converted"]
    assert [(Path(str(r.path)).name, r.status) for r in second.files] == [("a.txt", "unchanged")]
    assert tree(tmp_path / "d") == {"a.txt": b"Salom", "a.txt.bak": "Салом".encode()}


def test_links_inside_a_folder_are_refused_never_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("Махфий маълумот\n", encoding="utf-8")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Тошкент\n", encoding="utf-8")
    (src / "leak.txt").symlink_to(secret)
    (src / "alias.txt").symlink_to(src / "a.txt")
    (src / "dir").symlink_to(outside, target_is_directory=True)
    result = run([src], tmp_path / "out", options())
    statuses = {Path(str(r.path)).name: r.status for r in result.files}
    assert statuses == {"a.txt": "converted", "alias.txt": "refused", "dir": "refused", "leak.txt": "refused"}
    assert result.exit_code == 1
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")) == ["a.txt"]
    # in place: the link's target (outside the tree, or a file of the tree) is never written through the link
    in_place = run([src], None, options(in_place=True))
    assert secret.read_text(encoding="utf-8") == "Махфий маълумот\n"
    assert (src / "a.txt").read_text(encoding="utf-8") == "Toshkent\n"
    assert {Path(str(r.path)).name: r.status for r in in_place.files}["leak.txt"] == "refused"
