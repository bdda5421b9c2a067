"""What a plain bulk run imports: the fixed cost a zip of documents pays and a .txt does not.

Each module kept out here was measured as CPU a `translit convert archive.zip -o out.zip --jobs 1` run paid for
nothing (see the modules that defer them); these tests keep it that way.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from translit.bulk.done import Done


def _imported_by_a_zip_run(tmp_path: Path, *extra: str, html: str = "<p>Тошкент <b>шаҳри</b></p>") -> set[str]:
    src = tmp_path / "in.zip"
    with zipfile.ZipFile(src, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.txt", "Тошкент шаҳри\n")
        zf.writestr("b.md", "# Сарлавҳа\n\nТошкент шаҳри\n")
        zf.writestr("c.html", html)
    code = (
        "import sys\n"
        "from translit.cli import app\n"
        "try:\n"
        f"    app(['convert', {str(src)!r}, '-o', {str(tmp_path / 'out.zip')!r}, '--to', 'uz-Latn', *{extra!r}],"
        " standalone_mode=False)\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(tmp_path / "out.zip") as zf:
        assert zf.read("a.txt").decode("utf-8") == "Toshkent shahri\n"
        assert "Toshkent <b>shahri</b>" in zf.read("c.html").decode("utf-8")
    return set(done.stdout.split())


def test_a_zip_run_with_one_job_imports_no_concurrent_futures(tmp_path: Path) -> None:
    """--jobs 1 converts in this process: its futures are `Done`, so neither `concurrent.futures` nor the
    `logging` it imports is loaded."""
    modules = _imported_by_a_zip_run(tmp_path, "--jobs", "1")
    assert "translit.bulk" in modules
    assert not {"concurrent.futures", "logging"} & modules


def test_a_zip_run_without_translate_imports_no_translation(tmp_path: Path) -> None:
    """The side-by-side machinery (`translit.bulk.translate`) is imported only by a run that translates."""
    modules = _imported_by_a_zip_run(tmp_path, "--jobs", "1")
    assert not {m for m in modules if m.startswith(("translit.bulk.translate", "translit.translate"))}


def test_html_the_fast_tokenizer_cuts_whole_imports_no_html_parser(tmp_path: Path) -> None:
    """`html.parser` (with `html` and its entity table: 8 ms) is imported only for markup the fast tokenizer
    hands over to it, such as a CDATA section; such a document still converts."""
    assert "html.parser" not in _imported_by_a_zip_run(tmp_path, "--jobs", "1")
    declined = _imported_by_a_zip_run(tmp_path, "--jobs", "1", html="<![CDATA[x]]><p>Тошкент <b>шаҳри</b></p>")
    assert "html.parser" in declined


def test_a_zip_run_keeps_hashes_only_where_a_report_or_manifest_keeps_them(tmp_path: Path) -> None:
    """The SHA-256 of the input and output (what --resume checks) is read only by the manifest and --report: a
    run with neither takes no hash, nor imports hashlib; with --report, the archive's line holds both."""
    import hashlib
    import json

    assert not {"hashlib", "_hashlib"} & _imported_by_a_zip_run(tmp_path, "--jobs", "1")
    report = tmp_path / "report.json"
    assert "hashlib" in _imported_by_a_zip_run(tmp_path, "--jobs", "1", "--report", str(report))
    top = next(line for line in json.loads(report.read_text("utf-8"))["files"] if line["path"].endswith("in.zip"))
    assert top["input_sha256"] == hashlib.sha256((tmp_path / "in.zip").read_bytes()).hexdigest()
    assert top["output_sha256"] == hashlib.sha256((tmp_path / "out.zip").read_bytes()).hexdigest()


def test_a_library_run_keeps_hashes_unless_asked_not_to(tmp_path: Path) -> None:
    """`BulkOptions.hashes`: None (the default) hashes where the run keeps a manifest (a folder) or a report;
    True always; False never (a folder run then records nothing a --resume could trust, and redoes it all)."""
    import dataclasses

    from translit.bulk import BulkOptions, run
    from translit.documents import DocumentOptions

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Тошкент шаҳри\n", encoding="utf-8")
    options = BulkOptions(DocumentOptions(target="uz-Latn"))
    single = run([src / "a.txt"], tmp_path / "a.txt", options).files[0]
    assert single.input_sha256 is None and single.output_sha256 is None
    asked = run([src / "a.txt"], tmp_path / "b.txt", dataclasses.replace(options, hashes=True)).files[0]
    assert asked.input_sha256 is not None and asked.output_sha256 is not None
    folder = run([src], tmp_path / "out", options).files[0]
    assert folder.input_sha256 == asked.input_sha256 and folder.output_sha256 == asked.output_sha256
    never = run([src], tmp_path / "out2", dataclasses.replace(options, hashes=False)).files[0]
    assert never.input_sha256 is None and never.output_sha256 is None


def test_translate_options_are_still_exported() -> None:
    import translit.bulk
    from translit.bulk import TranslateOptions
    from translit.bulk.translate import TranslateOptions as Defined

    assert TranslateOptions is Defined and "TranslateOptions" in translit.bulk.__all__
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        translit.bulk.nothing  # noqa: B018


def test_done_is_a_finished_future() -> None:
    ok: Done[int] = Done(3)
    assert ok.result() == 3 and ok.exception() is None
    assert not ok.cancel() and not ok.cancelled() and ok.done()
    seen: list[int] = []
    ok.add_done_callback(lambda f: seen.append(f.result()))
    assert seen == [3]

    def boom() -> int:
        raise ValueError("bad")

    failed = Done.of(boom)
    assert isinstance(failed.exception(), ValueError)
    with pytest.raises(ValueError, match="bad"):
        failed.result()


def test_done_runs_now_and_lets_an_interrupt_through() -> None:
    assert Done.of(int, "7").result() == 7

    def interrupted() -> int:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        Done.of(interrupted)


def test_a_failing_callback_is_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    """As `concurrent.futures.Future.add_done_callback` does: logged on its logger, the caller goes on."""

    def bad(_f: Done[int]) -> None:
        raise RuntimeError("callback failed")

    Done(1).add_done_callback(bad)
    assert "exception calling callback" in caplog.text and "callback failed" in caplog.text
