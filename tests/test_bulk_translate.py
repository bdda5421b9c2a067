"""`translit convert ... --translate en,kk`: a side-by-side file for every converted document (files, folder
trees, archive members), on the tiny CTranslate2 model the suite builds. Structure and determinism are
asserted, never the tiny model's translation quality."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bulk_fixtures import docx, epub, odt, read_zip, tar_bytes, xlsx, zip_bytes
from typer.testing import CliRunner

import translit
from cli import app
from translit.bulk import MANIFEST_NAME, BulkOptions, BulkResult, TranslateOptions, run
from translit.bulk import translate as _bulk_translate
from translit.documents import DocumentOptions, document_text
from translit.errors import ModelError, TranslationError
from translit.translate.ct2 import CTranslate2Backend

pytest_plugins = ["translate_fixtures"]  # tests/translate_fixtures.py: tiny_model, model_store

runner = CliRunner()

# Every document, and the sentences its side-by-side file must hold, in order (markup, code, script, URLs,
# keys, timings and numbers are not text).
DOCS: dict[str, bytes] = {
    "news/a.txt": "Салом дунё. Бугун ҳаво яхши.\n\nЯнги параграф.\n".encode(),
    "news/deep/b.md": "# Сарлавҳа\n\nМатн `код` бу ерда. Яна бир гап.\n\n```\nкод блоки\n```\n".encode(),
    "c.html": (
        "<html><head><title>Саҳифа</title><script>var x='шаҳар';</script></head><body>"
        "<p>Ш<b>аҳар</b> катта. <img alt='Расм' src='/ш.png'></p><p>Охири.</p></body></html>"
    ).encode(),
    "office/d.docx": docx(
        "<w:p><w:r><w:t>Ш</w:t></w:r><w:r><w:t>аҳар катта.</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>Иккинчи гап. Учинчи гап.</w:t></w:r></w:p>"
    ),
    "e.srt": "1\n00:00:01,000 --> 00:00:02,000\nСалом\nдунё.\n\n2\n00:00:03,000 --> 00:00:04,000\nХайр.\n".encode(),
    "f.csv": "ном,сон\nТошкент шаҳри,2024\n".encode(),
    "g.json": '{"ключ": "Салом {name}.", "n": 5, "list": ["Хайр."]}'.encode(),
}
SENTENCES: dict[str, list[str]] = {
    "news/a.txt": ["Салом дунё.", "Бугун ҳаво яхши.", "Янги параграф."],
    "news/deep/b.md": ["Сарлавҳа", "Матн бу ерда.", "Яна бир гап."],
    "c.html": ["Саҳифа", "Шаҳар катта.", "Расм", "Охири."],
    "office/d.docx": ["Шаҳар катта.", "Иккинчи гап.", "Учинчи гап."],
    "e.srt": ["Салом дунё.", "Хайр."],
    "f.csv": ["ном", "сон", "Тошкент шаҳри"],
    "g.json": ["Салом {name}.", "Хайр."],
}
PARAGRAPHS: dict[str, list[int]] = {
    "news/a.txt": [0, 0, 1],
    "news/deep/b.md": [0, 1, 1],
    "c.html": [0, 1, 2, 3],
    "office/d.docx": [0, 1, 1],
    "e.srt": [0, 1],
    "f.csv": [0, 1, 2],
    "g.json": [0, 1],
}
ARCHIVE_MEMBERS = [
    ("in/a.txt", DOCS["news/a.txt"]),
    ("d.docx", DOCS["office/d.docx"]),
    ("sub/e.srt", DOCS["e.srt"]),
    ("logo.bin", b"\x00\x01"),
]


@pytest.fixture(autouse=True)
def _fresh_backends() -> Iterator[None]:
    """Each test opens its own backend and cache (the bulk job keeps them open per process)."""
    yield
    _bulk_translate.close_all()


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    for name, data in DOCS.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    (root / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    (root / "pack.zip").write_bytes(zip_bytes(ARCHIVE_MEMBERS))
    return root


def options(model: Path, cache: Path | None, *, fmt: str = "jsonl", threads: int = 1, **kw: object) -> BulkOptions:
    """Bulk options with --translate en,kk. One model thread unless asked: the tiny model's operations are so
    small that 2 threads make it many times slower (see `threads_per_worker`), which only costs CI time."""
    cache_path = str(cache) if cache else None
    translate = TranslateOptions(("en", "kk"), model=str(model), fmt=fmt, cache=cache_path, threads=threads)
    return BulkOptions(document=DocumentOptions(target="uz-Latn"), progress=False, translate=translate, **kw)  # type: ignore[arg-type]


def jsonl(data: bytes) -> list[dict[str, object]]:
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != MANIFEST_NAME
    }


def looked_up(result: BulkResult) -> tuple[int, int, int]:
    """Side-by-side files, sentences, and sentence translations looked up (model or cache)."""
    t = result.translation()
    assert t is not None
    return t["files"], t["sentences"], t["translated"] + t["from_cache"]


def check_rows(rows: list[dict[str, object]], name: str, tiny_model: Path) -> None:
    """The rows align with the document's sentences: original, its conversion, one translation each."""
    expected = SENTENCES[name]
    assert [r["source"] for r in rows] == expected, name
    assert [r["index"] for r in rows] == list(range(len(expected)))
    assert [r["paragraph"] for r in rows] == PARAGRAPHS[name], name
    latin = [translit.convert(s, "uz-Latn", source="uz-Cyrl") for s in expected]
    assert [r["transliteration"] for r in rows] == latin
    assert {(r["source_tag"], r["transliteration_tag"]) for r in rows} == {("uz-Cyrl", "uz-Latn")}
    assert all(list(r["translations"]) == ["en", "kk"] for r in rows)  # type: ignore[call-overload]
    model = CTranslate2Backend(tiny_model, threads=1)
    assert [r["translations"]["en"] for r in rows] == model.translate(latin, "uz", "en")  # type: ignore[index]
    assert [r["translations"]["kk"] for r in rows] == model.translate(latin, "uz", "kk")  # type: ignore[index]


def test_folder_and_zip_get_a_side_by_side_file_per_document(tree: Path, tmp_path: Path, tiny_model: Path) -> None:
    before = files(tree)
    result = run([tree], tmp_path / "out", options(tiny_model, tmp_path / "cache.sqlite3"))
    assert result.exit_code == 0, result.failures
    out = files(tmp_path / "out")
    sbs = sorted(n for n in out if ".sbs." in n)
    assert sbs == sorted(f"{name}.sbs.jsonl" for name in DOCS)  # none for the png, the zip has its own inside
    for name in DOCS:
        check_rows(jsonl(out[f"{name}.sbs.jsonl"]), name, tiny_model)
    assert out["news/a.txt"] == b"Salom dunyo. Bugun havo yaxshi.\n\nYangi paragraf.\n"  # still converted
    assert out["logo.png"] == before["logo.png"]
    members = read_zip(out["pack.zip"])
    assert list(members) == [
        "in/a.txt",
        "d.docx",
        "sub/e.srt",
        "logo.bin",
        "in/a.txt.sbs.jsonl",
        "d.docx.sbs.jsonl",
        "sub/e.srt.sbs.jsonl",
    ]
    check_rows(jsonl(members["in/a.txt.sbs.jsonl"]), "news/a.txt", tiny_model)
    check_rows(jsonl(members["d.docx.sbs.jsonl"]), "office/d.docx", tiny_model)
    check_rows(jsonl(members["sub/e.srt.sbs.jsonl"]), "e.srt", tiny_model)
    assert members["logo.bin"] == b"\x00\x01"
    assert files(tree) == before  # inputs untouched
    # the report says what each side-by-side file holds
    by_path = {Path(str(r.path)).name if "!" not in str(r.path) else str(r.path): r for r in result.files}
    assert by_path["a.txt"].side_by_side == str(tmp_path / "out" / "news" / "a.txt.sbs.jsonl")
    assert by_path["a.txt"].translation["sentences"] == 3  # type: ignore[index]
    assert by_path[f"{tree / 'pack.zip'}!d.docx"].translation["sentences"] == 3  # type: ignore[index]
    # a sentence met again (in another document, or the same document in the zip) comes from the cache
    every = [s for v in SENTENCES.values() for s in v] + SENTENCES["news/a.txt"] + SENTENCES["office/d.docx"]
    every += SENTENCES["e.srt"]
    unique = len(set(every))
    assert unique < len(every)
    assert result.translation() == {
        "files": 10,
        "sentences": len(every),
        "translated": 2 * unique,
        "from_cache": 2 * (len(every) - unique),
    }


def test_tsv_rows_align_and_the_transliteration_column_is_the_converted_text(
    tree: Path, tmp_path: Path, tiny_model: Path
) -> None:
    doc = DocumentOptions(target="uz-Latn", apostrophe="ascii")
    opts = options(tiny_model, None, fmt="tsv")
    result = run([tree / "news" / "a.txt"], tmp_path / "a.txt", BulkOptions(**{**opts.__dict__, "document": doc}))
    assert result.exit_code == 0, result.failures
    lines = [line.split("\t") for line in (tmp_path / "a.txt.sbs.tsv").read_text(encoding="utf-8").splitlines()]
    assert lines[0] == ["index", "paragraph", "lang", "uz-Cyrl", "uz-Latn", "en", "kk"]
    assert [line[:5] for line in lines[1:]] == [
        ["0", "0", "uz-Cyrl", "Салом дунё.", "Salom dunyo."],
        ["1", "0", "uz-Cyrl", "Бугун ҳаво яхши.", "Bugun havo yaxshi."],
        ["2", "1", "uz-Cyrl", "Янги параграф.", "Yangi paragraf."],
    ]
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "Salom dunyo. Bugun havo yaxshi.\n\nYangi paragraf.\n"


def test_apostrophe_style_of_the_run_shows_in_the_transliteration_column(tmp_path: Path, tiny_model: Path) -> None:
    (tmp_path / "o.txt").write_text("Ўзбек тили.\n", encoding="utf-8")
    base = options(tiny_model, None)
    opts = BulkOptions(**{**base.__dict__, "document": DocumentOptions(target="uz-Latn", apostrophe="ascii")})
    result = run([tmp_path / "o.txt"], tmp_path / "out.txt", opts)
    assert result.exit_code == 0, result.failures
    rows = jsonl((tmp_path / "out.txt.sbs.jsonl").read_bytes())
    assert [(r["source"], r["transliteration"]) for r in rows] == [("Ўзбек тили.", "O'zbek tili.")]
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "O'zbek tili.\n"


def test_two_jobs_write_the_same_bytes_as_one(tree: Path, tmp_path: Path, tiny_model: Path) -> None:
    # threads=0: each run shares the cores out (2 model threads for one worker, 1 each for two): same bytes
    one = run([tree], tmp_path / "one", options(tiny_model, tmp_path / "c1.sqlite3", fmt="html", jobs=1, threads=0))
    two = run([tree], tmp_path / "two", options(tiny_model, tmp_path / "c2.sqlite3", fmt="html", jobs=2, threads=0))
    assert one.exit_code == two.exit_code == 0, (one.failures, two.failures)
    assert files(tmp_path / "one") == files(tmp_path / "two")
    assert sum(1 for n in files(tmp_path / "two") if n.endswith(".sbs.html")) == len(DOCS)
    assert looked_up(one) == looked_up(two)  # the workers shared the work (two may miss the cache at once)


def test_dask_cluster_writes_the_same_bytes(tree: Path, tmp_path: Path, tiny_model: Path) -> None:
    import distributed

    one = run([tree], tmp_path / "one", options(tiny_model, tmp_path / "c1.sqlite3"))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as lc:
        dask = run(
            [tree], tmp_path / "dask", options(tiny_model, tmp_path / "c2.sqlite3", dask_address=lc.scheduler_address)
        )
    assert dask.exit_code == 0, dask.failures
    assert files(tmp_path / "dask") == files(tmp_path / "one")
    assert looked_up(dask) == looked_up(one)


def test_a_rerun_takes_every_sentence_from_the_shared_cache(
    tree: Path, tmp_path: Path, tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real = CTranslate2Backend.translate

    def counting(self: CTranslate2Backend, sentences: list[str], source: str, target: str) -> list[str]:
        calls.append(len(sentences))
        return real(self, sentences, source, target)

    monkeypatch.setattr(CTranslate2Backend, "translate", counting)
    cache = tmp_path / "cache.sqlite3"
    first = run([tree], tmp_path / "first", options(tiny_model, cache))
    assert first.exit_code == 0 and calls
    sent = sum(calls)
    assert first.translation()["translated"] == sent  # type: ignore[index]
    _bulk_translate.close_all()
    calls.clear()
    second = run([tree], tmp_path / "second", options(tiny_model, cache))
    assert second.exit_code == 0
    assert calls == []  # the model was not asked for anything
    stats = second.translation()
    assert stats is not None and stats["translated"] == 0
    assert stats["from_cache"] == 2 * stats["sentences"]  # every sentence, for en and for kk
    assert files(tmp_path / "second") == files(tmp_path / "first")


def test_cli_translate_uses_the_default_cache_and_no_cache_bypasses_it(
    tree: Path, tmp_path: Path, tiny_model: Path, model_store: Path
) -> None:
    cache = tmp_path / "cache.sqlite3"  # $TRANSLIT_CACHE, set by model_store: what `translit translate` uses
    base = ["convert", str(tree / "news"), "--translate", "en,kk", "--model", str(tiny_model), "-j", "1"]
    first = runner.invoke(app, [*base, "-o", str(tmp_path / "o1")])
    assert first.exit_code == 0, first.output
    assert "side by side: 2 files, 6 sentences (12 sent to the model, 0 from the cache)" in first.stderr
    assert (tmp_path / "o1" / "a.txt.sbs.tsv").is_file() and (tmp_path / "o1" / "deep" / "b.md.sbs.tsv").is_file()
    assert cache.is_file()
    _bulk_translate.close_all()
    second = runner.invoke(app, [*base, "-o", str(tmp_path / "o2")])
    assert "side by side: 2 files, 6 sentences (0 sent to the model, 12 from the cache)" in second.stderr
    _bulk_translate.close_all()
    cache.unlink()
    third = runner.invoke(app, [*base, "-o", str(tmp_path / "o3"), "--no-cache"])
    assert third.exit_code == 0, third.output
    assert "(12 sent to the model, 0 from the cache)" in third.stderr
    assert not cache.exists()
    assert files(tmp_path / "o3") == files(tmp_path / "o1")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--model", "nope"], "error: no CTranslate2 model named 'nope' (installed: none); "),
        ([], "error: no CTranslate2 model installed in "),
        (["--model", "{tiny}", "--translate", "en,fr"], "error: the ct2 backend has no model for uz->fr"),
        (["--model", "{tiny}", "--side-by-side-format", "pdf"], "error: unknown side-by-side format 'pdf'"),
        (["--model", "{tiny}", "--backend", "nope"], "error: unknown translation backend 'nope'"),
    ],
)
def test_a_missing_model_is_one_error_before_any_work(
    tree: Path, tmp_path: Path, tiny_model: Path, model_store: Path, extra: list[str], message: str
) -> None:
    args = ["convert", str(tree), "-o", str(tmp_path / "out"), "-j", "2"]
    if "--translate" not in extra:
        args += ["--translate", "en,kk"]
    result = runner.invoke(app, args + [a.replace("{tiny}", str(tiny_model)) for a in extra])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(message), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()  # nothing was converted


def test_translation_options_without_translate_are_an_error(tree: Path, tmp_path: Path) -> None:
    args = ["convert", str(tree), "-o", str(tmp_path / "out"), "--model", "x", "--no-cache"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr == "error: --model, --no-cache only apply with --translate LANGS (e.g. --translate en,kk)\n"
    assert not (tmp_path / "out").exists()


def test_missing_pair_is_refused_by_the_library_too(tree: Path, tmp_path: Path, tiny_model: Path) -> None:
    opts = options(tiny_model, None)
    bad = BulkOptions(**{**opts.__dict__, "translate": TranslateOptions(("fr",), model=str(tiny_model))})
    with pytest.raises(ModelError, match=r"no model for uz->fr"):
        run([tree], tmp_path / "out", bad)
    assert not (tmp_path / "out").exists()


def test_one_failing_document_is_reported_at_the_end(
    tree: Path, tmp_path: Path, tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from translit.bulk import members as bulk_members

    real = bulk_members.side_by_side

    def flaky(name: str, *args: object) -> tuple[bytes, dict[str, object]]:
        if name.endswith("e.srt"):
            raise TranslationError("the model fell over")
        return real(name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(bulk_members, "side_by_side", flaky)
    result = run([tree], tmp_path / "out", options(tiny_model, None, jobs=1))
    assert result.exit_code == 1
    failed = sorted(str(r.error) for r in result.failures)
    assert failed == [
        f"{tree / 'e.srt'}: converted, but no side-by-side file: the model fell over",
        f"{tree / 'pack.zip'}!sub/e.srt: converted, but no side-by-side file: the model fell over",
    ]
    out = files(tmp_path / "out")
    assert out["e.srt"].decode().endswith("Salom\ndunyo.\n\n2\n00:00:03,000 --> 00:00:04,000\nXayr.\n")
    assert "e.srt.sbs.jsonl" not in out and "c.html.sbs.jsonl" in out
    assert list(read_zip(out["pack.zip"])) == [
        "in/a.txt",
        "d.docx",
        "sub/e.srt",
        "logo.bin",
        "in/a.txt.sbs.jsonl",
        "d.docx.sbs.jsonl",
    ]
    # the failed documents are redone by --resume; the others are complete
    monkeypatch.setattr(bulk_members, "side_by_side", real)
    again = run([tree], tmp_path / "out", options(tiny_model, None, jobs=1, resume=True))
    assert again.exit_code == 0, again.failures
    redone = sorted(Path(str(r.path)).name for r in again.files if r.status != "skipped" and "!" not in str(r.path))
    assert redone == ["e.srt", "pack.zip"]
    assert "e.srt.sbs.jsonl" in files(tmp_path / "out")


def test_archive_member_named_like_a_side_by_side_file_wins_and_the_clash_is_reported(
    tmp_path: Path, tiny_model: Path
) -> None:
    old = b'{"old": 1}\n'
    (tmp_path / "p.zip").write_bytes(zip_bytes([("a.txt", "Салом.\n"), ("a.txt.sbs.jsonl", old)]))
    result = run([tmp_path / "p.zip"], tmp_path / "o.zip", options(tiny_model, None))
    assert result.exit_code == 1
    assert [str(r.error) for r in result.failures] == [
        f"{tmp_path / 'p.zip'}!a.txt.sbs.jsonl: the archive already has a member of this name; "
        "side-by-side file not added"
    ]
    assert read_zip(tmp_path / "o.zip") == {"a.txt": b"Salom.\n", "a.txt.sbs.jsonl": old}


def test_tar_as_folder_puts_side_by_side_files_next_to_the_members(tmp_path: Path, tiny_model: Path) -> None:
    (tmp_path / "t.tar.gz").write_bytes(tar_bytes([("x/a.txt", DOCS["news/a.txt"])]))
    result = run([tmp_path / "t.tar.gz"], tmp_path / "out", options(tiny_model, None, as_folder=True))
    assert result.exit_code == 0, result.failures
    assert sorted(files(tmp_path / "out")) == ["x/a.txt", "x/a.txt.sbs.jsonl"]
    check_rows(jsonl((tmp_path / "out" / "x" / "a.txt.sbs.jsonl").read_bytes()), "news/a.txt", tiny_model)


def test_an_old_side_by_side_file_among_the_inputs_is_refused_before_work(
    tree: Path, tmp_path: Path, tiny_model: Path
) -> None:
    (tree / "f.csv.sbs.jsonl").write_text("{}\n", encoding="utf-8")
    from translit.errors import OutputError

    with pytest.raises(OutputError, match=r"f\.csv\.sbs\.jsonl: the side-by-side file of .*f\.csv and the output"):
        run([tree], tmp_path / "out", options(tiny_model, None))
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("name", "data", "text"),
    [
        ("x.xlsx", xlsx(), "Тошкент\nШАҲАР\nкитоб"),  # strings and inline strings; no formulas, no phonetic runs
        ("x.odt", odt(), "Ўзбекистон\nОфицант ва китоб Салом\nТошкент шаҳри\nДунё"),  # body, header, title
        ("x.epub", epub(), "Салом дунё\nТошкент\nШАҲАР\nкитоб\nБиринчи"),  # OPF, chapter (no <pre>), NCX
        ("x.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\n<i>Салом</i>\nдунё.\n".encode(), "Салом дунё."),
        ("x.po", 'msgid "Hi"\nmsgstr "Салом, %s!"\n'.encode(), "Салом, %s!"),
        ("x.md", "> Иқтибос\n1. Бир\n2) Икки\n## Сарлавҳа\nдавоми\n".encode(), "Иқтибос\nБир\nИкки\nСарлавҳа\nдавоми"),
        ("x.txt", "Бир  икки.\n\n  Уч\n2024\n".encode(), "Бир  икки.\n  Уч"),
    ],
)
def test_document_text_is_the_converted_units_in_order(name: str, data: bytes, text: str) -> None:
    assert document_text(name, data, DocumentOptions(target="uz-Latn")) == text


def test_resume_redoes_a_document_whose_side_by_side_file_is_gone(tree: Path, tmp_path: Path, tiny_model: Path) -> None:
    first = run([tree], tmp_path / "out", options(tiny_model, None))
    assert first.exit_code == 0, first.failures
    (tmp_path / "out" / "c.html.sbs.jsonl").unlink()
    (tmp_path / "out" / "f.csv.sbs.jsonl").write_text("tampered\n", encoding="utf-8")
    again = run([tree], tmp_path / "out", options(tiny_model, None, resume=True))
    assert again.exit_code == 0, again.failures
    assert sorted(Path(str(r.path)).name for r in again.files if r.status != "skipped") == ["c.html", "f.csv"]
    check_rows(jsonl((tmp_path / "out" / "c.html.sbs.jsonl").read_bytes()), "c.html", tiny_model)
    check_rows(jsonl((tmp_path / "out" / "f.csv.sbs.jsonl").read_bytes()), "f.csv", tiny_model)


def test_in_place_rerun_does_not_take_its_side_by_side_files_as_inputs(tmp_path: Path, tiny_model: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.txt").write_text("Салом дунё.\n", encoding="utf-8")
    for _ in range(2):
        result = run([tmp_path / "d"], None, options(tiny_model, None, in_place=True))
        assert result.exit_code == 0, result.failures
        assert [Path(str(r.path)).name for r in result.files] == ["a.txt"]
        _bulk_translate.close_all()
    assert sorted(p.name for p in (tmp_path / "d").iterdir()) == ["a.txt", "a.txt.bak", "a.txt.sbs.jsonl"]
    rows = jsonl((tmp_path / "d" / "a.txt.sbs.jsonl").read_bytes())
    assert [(r["source"], r["source_tag"]) for r in rows] == [("Salom dunyo.", "uz-Latn")]  # the converted file


def test_archive_inside_an_archive_gets_its_side_by_side_files_inside(tmp_path: Path, tiny_model: Path) -> None:
    inner = zip_bytes([("e.srt", DOCS["e.srt"])])
    (tmp_path / "p.zip").write_bytes(zip_bytes([("inner.zip", inner), ("a.txt", DOCS["news/a.txt"])]))
    result = run([tmp_path / "p.zip"], tmp_path / "o.zip", options(tiny_model, None))
    assert result.exit_code == 0, result.failures
    outer = read_zip(tmp_path / "o.zip")
    assert list(outer) == ["inner.zip", "a.txt", "a.txt.sbs.jsonl"]
    got = read_zip(outer["inner.zip"])
    assert list(got) == ["e.srt", "e.srt.sbs.jsonl"]
    check_rows(jsonl(got["e.srt.sbs.jsonl"]), "e.srt", tiny_model)


def test_dry_run_lists_the_side_by_side_files_and_writes_nothing(
    tree: Path, tmp_path: Path, tiny_model: Path, model_store: Path
) -> None:
    args = [
        "convert",
        str(tree),
        "-o",
        str(tmp_path / "out"),
        "--dry-run",
        "--translate",
        "en",
        "--model",
        str(tiny_model),
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    lines = [line.split("\t") for line in result.stdout.splitlines()]
    sbs = {line[1]: line[3] for line in lines if len(line) == 4}
    assert sbs[str(tree / "c.html")] == str(tmp_path / "out" / "c.html.sbs.tsv")
    assert sbs[f"{tree / 'pack.zip'}!sub/e.srt"] == "sub/e.srt.sbs.tsv"
    assert len(sbs) == len(DOCS) + 3  # the png, the zip itself and logo.bin have none
    assert not (tmp_path / "out").exists() and not (tmp_path / "cache.sqlite3").exists()


def _open_caches_in_lockstep(folder: str, rounds: int, barrier: Any, errors: Any) -> None:
    from translit.translate import TranslationCache

    for k in range(rounds):
        barrier.wait()
        try:
            with TranslationCache(Path(folder) / f"c{k}.sqlite3") as cache:
                cache.put_many("ct2", "m", "uz", "en", [("Salom.", "Hello.")])
        except Exception as exc:
            errors.put(repr(exc))


ROUNDS = 200


def test_workers_opening_a_new_cache_at_the_same_moment_all_succeed(tmp_path: Path) -> None:
    """Two workers meeting a cache file that does not exist yet (the first document of a --jobs 2 run): SQLite
    refuses the switch to WAL at once ("database is locked") unless the opener retries; without the retry some
    of these 200 rounds failed on every run."""
    import multiprocessing

    ctx = multiprocessing.get_context("forkserver")
    barrier, errors = ctx.Barrier(2), ctx.Queue()
    procs = [
        ctx.Process(target=_open_caches_in_lockstep, args=(str(tmp_path), ROUNDS, barrier, errors)) for _ in range(2)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0]
    found = []
    while not errors.empty():
        found.append(errors.get())
    assert found == []
    from translit.translate import TranslationCache

    for k in range(ROUNDS):
        with TranslationCache(tmp_path / f"c{k}.sqlite3") as cache:
            assert len(cache) == 1


def test_argos_backend_with_its_pivot_through_english(
    argos_home: Path, tmp_path: Path, tiny_model: Path, make_argos: Any
) -> None:
    """The same job on Argos packages (uz->en, en->kk): kk has no direct package, so it goes through en."""
    import argostranslate  # noqa: F401  # installed by the README's test command

    from translit.translate.argos import ArgosBackend, install_argos_package

    folder = tmp_path / "packages"
    for src, tgt, prefix in (("uz", "en", ""), ("en", "kk", "kaz_Cyrl")):
        install_argos_package(make_argos(tiny_model, tmp_path, src, tgt, target_prefix=prefix), folder)
    (tmp_path / "a.txt").write_bytes(DOCS["news/a.txt"])
    translate = TranslateOptions(("en", "kk"), backend="argos", model=str(folder), fmt="jsonl", threads=1)
    opts = BulkOptions(document=DocumentOptions(target="uz-Latn"), progress=False, translate=translate)
    result = run([tmp_path / "a.txt"], tmp_path / "out.txt", opts)
    assert result.exit_code == 0, result.failures
    rows = jsonl((tmp_path / "out.txt.sbs.jsonl").read_bytes())
    assert [r["source"] for r in rows] == SENTENCES["news/a.txt"]
    backend = ArgosBackend(folder)
    latin = [str(r["transliteration"]) for r in rows]
    english = backend.translate(latin, "uz", "en")
    assert [r["translations"]["en"] for r in rows] == english  # type: ignore[index]
    assert [r["translations"]["kk"] for r in rows] == backend.translate(english, "en", "kk")  # type: ignore[index]
    missing = TranslateOptions(("ru",), backend="argos", model=str(folder))
    with pytest.raises(ModelError, match=r"the argos backend has no model for uz->ru"):
        run(
            [tmp_path / "a.txt"],
            tmp_path / "o2.txt",
            BulkOptions(document=DocumentOptions(target="uz-Latn"), translate=missing),
        )
