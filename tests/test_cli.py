"""The command line: one file, stdin/stdout, errors as one line with a non-zero exit code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from cli import app
from translit.encodings import ASK

runner = CliRunner()


def test_convert_file_to_stdout(corpus: Path) -> None:
    result = runner.invoke(app, ["convert", str(corpus / "kazinform-2025-12-10.uz-Cyrl.txt"), "--to", "uz-Latn"])
    assert result.exit_code == 0
    assert result.stdout == (corpus / "kazinform-2025-12-10.uz-Latn.txt").read_text(encoding="utf-8")


def test_convert_stdin_to_output_file(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    result = runner.invoke(app, ["convert", "-", "-o", str(out), "--apostrophe", "ascii"], input="Ўзбек тили\r\n")
    assert result.exit_code == 0
    assert out.read_bytes() == b"O'zbek tili\r\n"


def test_undecodable_input_names_file_and_byte(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes("салом ".encode() + b"\xff\xfe " + "дунё".encode())
    out = tmp_path / "out.txt"
    result = runner.invoke(app, ["convert", str(bad), "-o", str(out)])
    assert result.exit_code == 1  # as a folder run holding the same file ends
    assert result.stderr.strip() == f"error: {bad}: not valid utf-8 at byte 11 (0xff); {ASK}"
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [bad]  # no temporary file left behind


def test_missing_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["convert", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {tmp_path / 'nope.txt'}: no such file"


def test_unknown_target_script() -> None:
    result = runner.invoke(app, ["convert", "-", "--to", "xx-Latn"], input="ўзбек")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: no rule set converts to xx-Latn (available: ")
    assert "Traceback" not in result.output


def test_text_without_letters_passes_through_with_a_note() -> None:
    result = runner.invoke(app, ["convert", "-"], input="12345 !!!")
    assert result.exit_code == 0
    assert result.stdout == "12345 !!!"
    assert result.stderr == "note: <stdin>: no letters to convert; left unchanged\n"
    strict = runner.invoke(app, ["convert", "-", "--strict"], input="12345 !!!")
    assert strict.exit_code == 1
    assert strict.stderr == "error: <stdin>: no letters to convert; left unchanged\n"


def test_bad_apostrophe_style() -> None:
    result = runner.invoke(app, ["convert", "-", "--apostrophe", "curly"], input="салом")
    assert result.exit_code != 0
    assert result.exit_code == 2
    assert "curly" in result.output


def test_explain_command() -> None:
    result = runner.invoke(app, ["explain", "лицей", "--from", "uz-Cyrl"])
    assert result.exit_code == 0
    assert "ts.inside-after-vowel" in result.stdout
    assert "warning:" in result.stdout


def test_rules_command_lists_rule_sets() -> None:
    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0
    assert "uz-Cyrl__uz-Latn" in result.stdout


def test_eval_last_line_format(corpus: Path) -> None:
    result = runner.invoke(
        app, ["eval", str(corpus / "kazinform-2025-12-10.tsv"), "--from", "uz-Cyrl", "--to", "uz-Latn"]
    )
    assert result.exit_code == 0
    assert result.stdout.strip().splitlines()[-1] == "word accuracy: 100.00% (340 words)"


def test_eval_prints_mismatches(tmp_path: Path) -> None:
    gold = tmp_path / "gold.tsv"
    gold.write_text("a\tцирк ва лицей\tsirk va litsey\nb\tконцерт\tkontsert\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", str(gold)])
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "b: 'kontsert' → 'konsert'"
    assert lines[-1] == "word accuracy: 75.00% (4 words)"


def test_python_dash_m_entry_point() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "translit", "convert", "-", "--to", "uz-Latn"],
        input="Ўзбекистон".encode(),
        capture_output=True,
        check=True,
    )
    assert proc.stdout.decode() == "Oʻzbekiston"


def test_eval_prints_an_error_table_by_category(tmp_path: Path) -> None:
    """Issue 9: `translit eval` counts wrong words by category, so a change shows where it helps and hurts."""
    from translit import evaluate

    gold = tmp_path / "gold.tsv"
    gold.write_text("a\tальбом Бельгия ШАҲАР\talbom Belgiya SHAHAR\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", str(gold), "--from", "uz-Latn", "--to", "uz-Cyrl", "-q"])
    assert result.exit_code == 0, result.output
    assert "errors by category" not in result.stdout  # all right: no table
    assert evaluate.category("альбом", "албом") == "ь"
    assert evaluate.category("Бельгия", "Белгия") == "names/ь"
    assert evaluate.category("Бельгия", "Белгия", first=True) == "ь"
    assert evaluate.category("концерт", "консерт") == "ц"
    assert evaluate.category("маъно", "мано") == "tutuq/ъ"
    assert evaluate.category("AQSh", "AQSH") == "case"
    assert evaluate.category("поэт", "поет") == "е/э"
    assert evaluate.category("китоб", "дафтар") == "other"
    gold.write_text("a\tконцерт Бельгия\tkonsert Belgya\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", str(gold), "--from", "uz-Latn", "--to", "uz-Cyrl", "-q"])
    assert "errors by category (1 words):" in result.stdout
    assert "names/" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("word accuracy: 50.00%")


def test_convert_style_press_and_typeset() -> None:
    """Issue 9: --style chooses a house style; official (the default) keeps the 1995 rules and quotes."""
    args = ["convert", "-", "--from", "uz-Cyrl", "--to", "uz-Latn"]
    assert runner.invoke(app, args, input="АҚШ ва объект\n").stdout == "AQSH va obyekt\n"
    assert runner.invoke(app, [*args, "--style", "press"], input="АҚШ ва объект\n").stdout == "AQSh va obʼekt\n"
    back = ["convert", "-", "--from", "uz-Latn", "--to", "uz-Cyrl"]
    assert runner.invoke(app, back, input='"Salom"\n').stdout == '"Салом"\n'
    assert runner.invoke(app, [*back, "--style", "typeset"], input='"Salom"\n').stdout == "«Салом»\n"
    bad = runner.invoke(app, [*args, "--style", "tabloid"], input="АҚШ\n")
    assert bad.exit_code != 0 and "no style 'tabloid'" in bad.output


def test_library_style_parameter() -> None:
    import translit

    assert translit.convert("АҚШ", to="uz-Latn", source="uz-Cyrl", style="press") == "AQSh"
    assert translit.convert("АҚШ", to="uz-Latn", source="uz-Cyrl") == "AQSH"
    text = 'U "Kitob" dedi.'
    assert translit.convert(text, to="uz-Cyrl", source="uz-Latn") == 'У "Китоб" деди.'  # byte for byte
    assert translit.convert(text, to="uz-Cyrl", source="uz-Latn", style="typeset") == "У «Китоб» деди."
