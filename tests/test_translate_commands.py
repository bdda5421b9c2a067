"""The translation commands (translate-doc, merge, eval-translation) through the real command line, on the
tiny model; and the evaluation's scores against hand computations."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
import typer
from bulk_fixtures import docx, read_zip
from typer.testing import CliRunner

from translit.translate.base import TranslationBackend
from translit.translate.ct2 import CTranslate2Backend
from translit.translate.evaluation import evaluate, read_gold

pytest_plugins = ["translate_fixtures"]  # tests/translate_fixtures.py: tiny_model, model_store


def _app() -> typer.Typer:
    """The real command line, so that these tests hold its wiring of the commands too."""
    from translit.cli import app

    return app


def test_translate_a_docx_then_export_edit_and_merge_an_xliff(
    tiny_model: Path, model_store: Path, tmp_path: Path
) -> None:
    src = tmp_path / "report.docx"
    src.write_bytes(docx("<w:p><w:r><w:t>Бугун Тошкентда янги мактаб очилди.</w:t></w:r></w:p>"))
    runner = CliRunner()
    done = runner.invoke(_app(), ["translate-doc", str(src), "--to", "en", "--model", str(tiny_model)])
    assert done.exit_code == 0, done.output
    out = tmp_path / "report.en.docx"
    assert "Бугун" not in read_zip(out.read_bytes())["word/document.xml"].decode()
    assert "report.en.docx: translated, 1/1 segments into en" in done.output
    job = runner.invoke(
        _app(), ["translate-doc", str(src), "--to", "en", "--model", str(tiny_model), "--format", "xliff"]
    )
    assert job.exit_code == 0, job.output
    xlf = tmp_path / "report.en.xlf"
    text = xlf.read_text(encoding="utf-8")
    start = text.index("<target>") + len("<target>")
    xlf.write_text(
        text[:start] + "A new school opened in Tashkent today." + text[text.index("</target>") :], encoding="utf-8"
    )
    merged = runner.invoke(_app(), ["merge", str(xlf), "-o", str(tmp_path / "final.docx")])
    assert merged.exit_code == 0, merged.output
    doc = read_zip((tmp_path / "final.docx").read_bytes())["word/document.xml"].decode()
    assert "<w:t>A new school opened in Tashkent today.</w:t>" in doc


def test_a_document_left_untranslated_exits_1(tiny_model: Path, model_store: Path, tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("Бугун Тошкентда янги мактаб очилди.\n", encoding="utf-8")
    done = CliRunner().invoke(
        _app(), ["translate-doc", str(src), "--to", "en", "--model", str(tiny_model), "--only", "ru"]
    )
    assert done.exit_code == 1
    assert "nothing in this document was translated" in done.output


class Fixed(TranslationBackend):
    """Returns a fixed output for each source, to score known hypotheses."""

    name = "fixed"

    def __init__(self, answers: dict[str, str]) -> None:
        self.answers = answers

    @property
    def model_id(self) -> str:
        return "fixed"

    def pairs(self) -> frozenset[tuple[str, str]]:
        return frozenset({("en", "de")})

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        return [self.answers[s] for s in sentences]


def test_scores_match_a_hand_computation() -> None:
    # hypothesis "a b c d e" against the reference "a b c d f":
    # BLEU: n-gram precisions 4/5, 3/4, 2/3, 1/2, equal lengths (no brevity penalty): (4/5·3/4·2/3·1/2)^(1/4)
    # chrF (β=2, orders 1..6, spaces removed: "abcde" vs "abcdf"): precision = recall per order 4/5, 3/4, 2/3,
    # 1/2, 0/1; order 6 has no n-gram and does not count: the mean of the five F-scores.
    result = evaluate([("one", "a b c d f")], "en", "de", backend=Fixed({"one": "a b c d e"}))
    assert result.bleu == pytest.approx(100 * (4 / 5 * 3 / 4 * 2 / 3 * 1 / 2) ** 0.25)
    assert result.chrf == pytest.approx(100 * (4 / 5 + 3 / 4 + 2 / 3 + 1 / 2 + 0) / 5)
    assert result.sentences == 1 and result.hypotheses == ("a b c d e",)


def test_eval_translation_on_the_tiny_model(tiny_model: Path, tmp_path: Path) -> None:
    backend = CTranslate2Backend(tiny_model)
    sources = ["Salom dunyo.", "Bugun havo yaxshi."]
    own = backend.translate(sources, "uz", "en")
    gold = tmp_path / "gold.tsv"
    gold.write_text(
        "# source\treference\n" + "".join(f"{s}\t{r}\n" for s, r in zip(sources, own, strict=True)), encoding="utf-8"
    )
    same = evaluate(read_gold(gold), "uz", "en", backend=backend)
    assert same.hypotheses == tuple(own)
    assert (same.chrf, same.bleu) == (pytest.approx(100.0), pytest.approx(100.0))  # identical: both 100
    gold.write_text("".join(f"{s}\t0 1 2 3\n" for s in sources), encoding="utf-8")
    other = evaluate(read_gold(gold), "uz", "en", backend=backend)
    assert not any(c.isdigit() for h in other.hypotheses for c in h)  # no character in common: both 0
    assert (other.chrf, other.bleu) == (0.0, 0.0)
    printed = CliRunner().invoke(_app(), ["eval-translation", str(gold), "--model", str(tiny_model)])
    assert printed.exit_code == 0 and "2 sentences  chrF 0.00  BLEU 0.00" in printed.output


def test_a_gold_file_with_one_column_is_refused(tmp_path: Path) -> None:
    from translit.errors import InputError

    gold = tmp_path / "g.tsv"
    gold.write_text("only a source\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 1"):
        read_gold(gold)


def test_side_by_side_of_a_document_keeps_code_and_shows_each_sentence_language(
    tiny_model: Path, model_store: Path, tmp_path: Path
) -> None:
    import json

    src = tmp_path / "a.md"
    src.write_text(
        "* Иккинчи гап `code` билан ва узун.\n* Это русское предложение, довольно длинное.\n", encoding="utf-8"
    )
    done = CliRunner().invoke(
        _app(), ["translate-doc", str(src), "--to", "en,kk", "--model", str(tiny_model), "--format", "jsonl"]
    )
    assert done.exit_code == 0, done.output
    rows = [json.loads(line) for line in (tmp_path / "a.sbs.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["source"], r["source_tag"]) for r in rows] == [
        ("Иккинчи гап `code` билан ва узун.", "uz-Cyrl"),
        ("Это русское предложение, довольно длинное.", "ru"),
    ]
    assert all(set(r["translations"]) == {"en", "kk"} and r["file"] == "a.md" for r in rows)
