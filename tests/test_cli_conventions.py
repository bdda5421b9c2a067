"""Command-line conventions a script can rely on: --version, --check/--diff, JSON output, -o -, several files to
stdout, -q/-v, help panels without type placeholders, plain usage errors, the package layout."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

import translit
from cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


@pytest.fixture
def texts(tmp_path: Path, corpus: Path) -> tuple[Path, Path]:
    cyr = tmp_path / "cyr.txt"
    lat = tmp_path / "lat.txt"
    cyr.write_bytes((corpus / "kazinform-2025-12-10.uz-Cyrl.txt").read_bytes())
    lat.write_bytes((corpus / "kazinform-2025-12-10.uz-Latn.txt").read_bytes())
    return cyr, lat


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"translit-uz {translit.__version__}\n"


def test_check_exits_1_on_cyrillic_and_0_on_converted(texts: tuple[Path, Path]) -> None:
    cyr, lat = texts
    before = cyr.read_bytes()
    changed = runner.invoke(app, ["convert", "--check", str(cyr)])
    assert changed.exit_code == 1
    assert changed.stdout == ""
    assert f"would convert {cyr}" in changed.stderr
    assert cyr.read_bytes() == before  # nothing written
    same = runner.invoke(app, ["convert", "--check", str(lat)])
    assert same.exit_code == 0
    assert "0 of 1 would change" in same.stderr
    quiet = runner.invoke(app, ["convert", "--check", "-q", str(cyr)])
    assert (quiet.exit_code, quiet.stderr) == (1, "")


def test_check_on_stdin() -> None:
    assert runner.invoke(app, ["convert", "--check", "-"], input="Тошкент шаҳри\n").exit_code == 1
    assert runner.invoke(app, ["convert", "--check", "-"], input="Toshkent shahri\n").exit_code == 0


def test_diff_is_a_unified_diff(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("Hello\nТошкент шаҳри\n", encoding="utf-8")
    result = runner.invoke(app, ["convert", "--diff", str(src)])
    assert result.exit_code == 0  # --diff alone reports; --check decides the exit code
    name = str(src).lstrip("/")
    assert result.stdout.splitlines() == [
        f"--- a/{name}",
        f"+++ b/{name}",
        "@@ -1,2 +1,2 @@",
        " Hello",
        "-Тошкент шаҳри",
        "+Toshkent shahri",
    ]
    both = runner.invoke(app, ["convert", "--diff", "--check", str(src)])
    assert both.exit_code == 1
    assert both.stdout == result.stdout


def test_check_and_diff_on_a_folder_and_archives(tmp_path: Path, texts: tuple[Path, Path]) -> None:
    cyr, lat = texts
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_bytes(cyr.read_bytes())
    (folder / "sub" / "b.txt").write_bytes(lat.read_bytes())
    (folder / "c.md").write_text("# Сарлавҳа\n\nТошкент шаҳри\n", encoding="utf-8")
    result = runner.invoke(app, ["convert", "--check", str(folder)])
    assert result.exit_code == 1
    assert "2 of 3 would change" in result.stderr
    diff = runner.invoke(app, ["convert", "--diff", str(folder)])
    assert diff.exit_code == 0
    assert "-# Сарлавҳа\n+# Sarlavha\n" in diff.stdout
    assert "+++ b/" in diff.stdout and "c.md\n" in diff.stdout
    assert "b.txt" not in diff.stdout  # already Latin: no diff
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cyr.txt", "in", "lat.txt"]  # nothing written

    zpath = tmp_path / "docs.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        zf.writestr("c.md", "Тошкент шаҳри\n")
        zf.writestr("b.txt", "Toshkent shahri\n")
    zres = runner.invoke(app, ["convert", "--diff", "--check", str(zpath)])
    assert zres.exit_code == 1
    assert "-Тошкент шаҳри\n+Toshkent shahri\n" in zres.stdout
    assert "docs.zip!c.md" in zres.stdout
    assert "1 of 2 would change" in zres.stderr

    tpath = tmp_path / "same.tar.gz"
    with tarfile.open(tpath, "w:gz") as tf:
        data = b"Toshkent shahri\n"
        info = tarfile.TarInfo("b.txt")
        info.size = len(data)
        tf.addfile(info, io.BytesIO(data))
    same = runner.invoke(app, ["convert", "--check", str(tpath)])
    assert same.exit_code == 0, same.stderr


def test_check_refuses_to_write(texts: tuple[Path, Path], tmp_path: Path) -> None:
    cyr, _ = texts
    result = runner.invoke(app, ["convert", "--check", str(cyr), "-o", str(tmp_path / "out.txt")])
    assert result.exit_code == 2
    assert result.stderr == "error: --check/--diff write nothing; drop -o\n"


def test_dash_output_is_stdout(texts: tuple[Path, Path], tmp_path: Path, corpus: Path) -> None:
    cyr, _ = texts
    result = runner.invoke(app, ["convert", str(cyr), "-o", "-"])
    assert result.exit_code == 0
    assert result.stdout == (corpus / "kazinform-2025-12-10.uz-Latn.txt").read_text(encoding="utf-8")
    assert not Path("-").exists()


def test_several_text_files_are_concatenated_to_stdout(texts: tuple[Path, Path]) -> None:
    cyr, lat = texts
    result = runner.invoke(app, ["convert", "-q", str(cyr), str(lat), "--jobs", "1"])
    assert result.exit_code == 0
    assert result.stdout == lat.read_text(encoding="utf-8") * 2
    assert result.stderr == ""  # -q: no note for the file already in Latin
    loud = runner.invoke(app, ["convert", str(cyr), str(lat)])
    assert loud.stderr == f"note: {lat}: already in uz-Latn; left unchanged\n"


def test_verbose_says_what_was_converted(texts: tuple[Path, Path]) -> None:
    cyr, _ = texts
    result = runner.invoke(app, ["convert", "-v", str(cyr)])
    assert result.exit_code == 0
    assert result.stderr == f"{cyr}: converted from uz-Cyrl (utf_8) to uz-Latn\n"


def test_detect_json_and_fail_on(texts: tuple[Path, Path]) -> None:
    cyr, lat = texts
    result = runner.invoke(app, ["detect", "--json", str(cyr)])
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    text = cyr.read_text(encoding="utf-8")
    assert rows[0]["tag"] == "uz-Cyrl"
    assert set(rows[0]) == {"start", "end", "tag", "confidence", "basis", "text"}
    assert all(text[r["start"] : r["end"]] == r["text"] for r in rows)
    assert runner.invoke(app, ["detect", "--fail-on", "uz-Cyrl", str(cyr)]).exit_code == 1
    assert runner.invoke(app, ["detect", "--fail-on", "uz-cyrl", str(lat)]).exit_code == 0


def test_rules_json() -> None:
    result = runner.invoke(app, ["rules", "--json"])
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    ids = {r["id"] for r in rows}
    assert {"uz-Cyrl__uz-Latn", "uz-Latn__uz-Cyrl", "kk-Cyrl__kk-Latn"} <= ids
    assert {r["id"]: (r["source"], r["target"]) for r in rows}["uz-Cyrl__uz-Latn"] == ("uz-Cyrl", "uz-Latn")


def test_help_has_panels_and_no_type_placeholders() -> None:
    result = runner.invoke(app, ["convert", "--help"], env={"COLUMNS": "160"})
    assert result.exit_code == 0
    for panel in ("Input and output", "Conversion", "Bulk", "Limits", "Translation side by side"):
        assert panel in result.stdout
    for placeholder in ("<bool>", "<list[str]>", "<str>", "<path>", "<int>"):
        assert placeholder not in result.stdout
    assert "--dry-run " in result.stdout
    top = runner.invoke(app, ["--help"], env={"COLUMNS": "160"})
    assert "--install-completion" in top.stdout and "--version" in top.stdout
    assert "<bool>" not in top.stdout


def test_usage_errors_are_plain_when_stderr_is_not_a_terminal() -> None:
    result = runner.invoke(app, ["convert", "--bogus"])
    assert result.exit_code == 2
    assert "╭" not in result.stderr and "│" not in result.stderr
    assert result.stderr.splitlines()[-1].startswith("Error: No such option: --bogus")


def _python(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, encoding="utf-8", cwd=cwd, env=env, timeout=120
    )


def test_cli_py_runs_every_command_from_a_checkout() -> None:
    done = _python("cli.py", "translate", "--help", cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "Usage: translit translate" in " ".join(done.stdout.split())
    module = _python("-m", "translit", "--version", cwd=ROOT)
    assert module.stdout == f"translit-uz {translit.__version__}\n"


def test_installed_package_does_not_leak_cli_or_scripts(tmp_path: Path) -> None:
    """Outside the checkout, the install exposes `translit` only (no repository root on sys.path)."""
    done = _python(
        "-c",
        "import importlib.util as u; print(u.find_spec('cli'), u.find_spec('scripts'), u.find_spec('translit.cli'))",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    first, second, third = done.stdout.split(maxsplit=2)
    assert (first, second) == ("None", "None")
    assert third.startswith("ModuleSpec(name='translit.cli'")


def test_a_plain_convert_imports_nothing_heavy(tmp_path: Path) -> None:
    """Start-up matters: a text file through `convert` loads no bulk, documents, archives, translation, rich or
    pydantic; and where the C scorer is built, the language model it asks loads neither py3langid nor numpy."""
    from translit.text.langid import _compact_model

    scorer = _compact_model()  # written into the cache on first use (which does import numpy), read after
    if scorer is not None:
        scorer.close()
    src = tmp_path / "a.txt"
    src.write_text("Тошкент шаҳри\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from translit.cli import app\n"
        "from translit.text.langid import get_model\n"
        f"app(['convert', {str(src)!r}, '-o', {str(tmp_path / 'out.txt')!r}], standalone_mode=False)\n"
        "heavy = ('pydantic', 'rich', 'translit.bulk', 'translit.documents', 'translit.translate',"
        " 'translit.archives', 'translit.evaluate', 'translit.sidebyside'"
        f"{', ' + repr('numpy') + ', ' + repr('py3langid') if scorer is not None else ''})\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m.startswith(heavy)))\n"
        "print(get_model.cache_info().currsize)\n"
    )
    done = _python("-c", code, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["[]", "1"]  # nothing heavy, and the model was asked
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "Toshkent shahri\n"


def test_shell_completion_is_typers_own(tmp_path: Path) -> None:
    asked = {"_TRANSLIT_COMPLETE": "complete_bash", "COMP_WORDS": "translit convert --ch", "COMP_CWORD": "2"}
    env = {**os.environ, **asked}
    env.pop("PYTHONPATH", None)
    done = subprocess.run(
        [sys.executable, "-m", "translit"], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["--check"]


def test_a_convert_with_a_source_never_loads_the_judge(tmp_path: Path) -> None:
    """With --from (or source= in the library) no unit is judged: the judge, its profiles, the detectors and
    `translit detect`'s tables are not imported; `translit.detect_script` still works, imported on first use."""
    src = tmp_path / "a.txt"
    src.write_text("Тошкент шаҳри\n", encoding="utf-8")
    code = (
        "import sys, translit\n"
        "from translit.cli import app\n"
        f"app(['convert', {str(src)!r}, '-o', {str(tmp_path / 'out.txt')!r}, '--from', 'uz-Cyrl'],"
        " standalone_mode=False)\n"
        "assert translit.convert('Тошкент', to='uz-Latn', source='uz-Cyrl') == 'Toshkent'\n"
        "judging = ('translit.text.judge', 'translit.text.decide', 'translit.text.profiles', 'translit.text.langid',"
        " 'translit.text.detect')\n"
        "print(sorted(m for m in sys.modules if m in judging))\n"
        "print(translit.detect_script('Тошкент шаҳри катта').tag, 'translit.text.detect' in sys.modules)\n"
    )
    done = _python("-c", code, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["[]", "uz-Cyrl True"]
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "Toshkent shahri\n"
