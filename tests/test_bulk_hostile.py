"""Issue 11: hostile documents and archives get a clear refusal naming the member, in seconds, with bounded
memory and nothing written outside OUT; every good member or file next to them is still converted.

The attack files are generated here (tests/attack_fixtures.py), small and fast."""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
import time
import zipfile
from pathlib import Path

import pytest
from attack_fixtures import (
    MiB,
    declared_tar,
    docx_members,
    incompressible,
    many_members_zip,
    overlapping_docx,
    stream_bomb_tar_gz,
    zeros_docx,
)
from bulk_fixtures import read_zip, zip_bytes
from typer.testing import CliRunner

from cli import app
from translit.archives import ArchiveRefused, Limits
from translit.bulk import BulkOptions, FileReport, Status, run
from translit.documents import DocumentOptions, convert_document
from translit.errors import OutputError

LATN = DocumentOptions(target="uz-Latn")
runner = CliRunner()


def options(**kw: object) -> BulkOptions:
    doc = kw.pop("document", LATN)
    return BulkOptions(document=doc, progress=False, **kw)  # type: ignore[arg-type]


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def by_name(result_files: list[FileReport]) -> dict[str, FileReport]:
    return {r.path.rsplit("/", 1)[-1]: r for r in result_files}


def bounded(seconds: float = 20.0) -> object:
    """A generous bound: a bomb must be refused in seconds, not after inflating gigabytes."""

    class _Timer:
        def __enter__(self) -> _Timer:
            self.start = time.monotonic()
            return self

        def __exit__(self, *exc: object) -> None:
            took = time.monotonic() - self.start
            assert took < seconds, f"took {took:.1f}s"

    return _Timer()


# ------------------------------------------------------------------------------------- bombs in documents


def test_overlapping_docx_is_refused_naming_its_members() -> None:
    data = overlapping_docx()
    assert len(data) < 100_000
    with bounded(), pytest.raises(ArchiveRefused, match=r"x\.docx: members 'word/media/k00\.bin' and .* overlap"):
        convert_document("x.docx", data, LATN)


def test_docx_bomb_in_a_folder_is_refused_and_its_neighbour_converted(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "bomb.docx").write_bytes(overlapping_docx())
    (src / "zeros.docx").write_bytes(zeros_docx(parts=8, size=8 * MiB))
    (src / "ok.txt").write_text("Салом", encoding="utf-8")
    with bounded():
        result = run([src], tmp_path / "out", options(jobs=1))
    lines = by_name(result.files)
    assert lines["bomb.docx"].status is Status.REFUSED
    assert lines["zeros.docx"].status is Status.REFUSED
    assert "member 'word/media/zeros0.bin': compression ratio above 100:1" in lines["zeros.docx"].error
    assert lines["ok.txt"].status is Status.CONVERTED
    assert result.exit_code == 1
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")) == ["ok.txt"]


def test_docx_bomb_inside_a_zip_is_left_out_and_the_rest_converted(tmp_path: Path) -> None:
    src = tmp_path / "pack.zip"
    src.write_bytes(
        zip_bytes([("bomb.docx", overlapping_docx()), ("z.docx", zeros_docx(4, 8 * MiB)), ("a.txt", "Салом")])
    )
    with bounded():
        result = run([src], tmp_path / "out.zip", options())
    members = {r.path.split("!", 1)[1]: r for r in result.files if "!" in r.path}
    assert members["bomb.docx"].status is Status.REFUSED
    assert members["bomb.docx"].error.startswith(f"{src}!bomb.docx: members 'word/media/k00.bin'")  # type: ignore[union-attr]
    assert members["z.docx"].status is Status.REFUSED
    assert members["a.txt"].status is Status.CONVERTED
    assert read_zip(tmp_path / "out.zip") == {"a.txt": b"Salom"}  # the bombs are not carried into the output


def test_one_budget_covers_an_archive_and_the_documents_inside_it(tmp_path: Path) -> None:
    """The docx member inflates its own parts: those bytes count toward the archive's total too."""
    inner = zip_bytes(docx_members([("word/media/noise.bin", incompressible(200_000))]))
    src = tmp_path / "pack.zip"
    src.write_bytes(zip_bytes([("a.docx", inner), ("b.bin", incompressible(100_000, seed=2))]))
    alone = Limits(max_total_bytes=380_000)
    assert len(inner) + 100_000 < alone.max_total_bytes  # the archive's own members fit ...
    result = run([src], tmp_path / "out.zip", options(limits=alone))
    # ... but the docx is read on what is left of the archive's budget, and its own parts do not fit
    members = {r.path.split("!", 1)[1]: r for r in result.files if "!" in r.path}
    assert members["a.docx"].status is Status.REFUSED
    assert f"{src}!a.docx: declares 200325 bytes of content, more than" in str(members["a.docx"].error)
    assert "(--max-total-size); refused before reading" in str(members["a.docx"].error)
    assert members["b.bin"].status is Status.COPIED
    assert list(read_zip(tmp_path / "out.zip")) == ["b.bin"]
    # room for the docx's parts, but not for them on top of the archive's own members: the whole is refused
    tight = run([src], tmp_path / "tight.zip", options(limits=Limits(max_total_bytes=450_000)))
    assert [(r.status, r.path) for r in tight.files] == [(Status.REFUSED, str(src))]
    assert "decompresses to more than 450000 bytes" in str(tight.files[0].error)
    # with room for both, the same archive converts
    roomy = run([src], tmp_path / "roomy.zip", options(limits=Limits(max_total_bytes=700_000)))
    assert roomy.exit_code == 0, roomy.failures


# ------------------------------------------------------------------------------------- stream bombs


@pytest.mark.parametrize("compress", ["gz", "xz"])
def test_compressed_tar_member_declared_over_the_limit_refuses_the_archive_at_once(
    tmp_path: Path, compress: str
) -> None:
    src = tmp_path / f"bomb.tar.{compress}"
    src.write_bytes(declared_tar("zeros.bin", 10 * 1024 * MiB, compress))
    assert src.stat().st_size < 200_000
    other = tmp_path / "ok.txt"
    other.write_text("Салом", encoding="utf-8")
    with bounded():
        result = run([src, other], tmp_path / "out", options())
    lines = by_name(result.files)
    top = lines[src.name]
    assert top.status is Status.REFUSED
    assert "member 'zeros.bin' declares 10737418240 bytes" in top.error
    assert "cannot skip it without inflating it" in top.error
    assert lines["ok.txt"].status is Status.CONVERTED
    assert tree(tmp_path / "out") == {
        ".translit-manifest.jsonl": tree(tmp_path / "out")[".translit-manifest.jsonl"],
        "ok.txt": b"Salom",
    }


def test_plain_tar_skips_an_oversized_member_and_converts_the_next(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tf:
        for name, body in (("big.bin", incompressible(5000)), ("ok.txt", "Салом".encode())):
            ti = tarfile.TarInfo(name)
            ti.size = len(body)
            tf.addfile(ti, io.BytesIO(body))
    src = tmp_path / "m.tar"
    src.write_bytes(buf.getvalue())
    result = run([src], tmp_path / "o.tar", options(limits=Limits(max_member_bytes=1000)))
    members = {r.path.split("!", 1)[1]: r for r in result.files if "!" in r.path}
    assert members["big.bin"].status is Status.REFUSED and "skipped" in str(members["big.bin"].error)
    assert members["ok.txt"].status is Status.CONVERTED


def test_stream_ratio_bomb_is_refused_early_and_leaves_nothing(tmp_path: Path) -> None:
    src = tmp_path / "z.tar.gz"
    src.write_bytes(stream_bomb_tar_gz())
    with bounded():
        result = run([src], tmp_path / "o.tar.gz", options())
    assert result.files[0].status is Status.REFUSED
    assert "compression ratio above 100:1 at member 'z0" in str(result.files[0].error)
    folder = run([src], tmp_path / "out", options(as_folder=True))
    assert folder.files[0].status is Status.REFUSED
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["z.tar.gz"]  # no folder, no temporary file


def test_member_count_comes_from_the_central_directory_before_any_work(tmp_path: Path) -> None:
    src = tmp_path / "many.zip"
    src.write_bytes(many_members_zip(101))
    result = run([src], tmp_path / "out", options(limits=Limits(max_members=100)))
    assert [(r.status, r.path) for r in result.files] == [(Status.REFUSED, str(src))]  # no member lines
    assert "101 members, more than 100 (--max-members); refused before reading" in str(result.files[0].error)


def test_refused_members_count_toward_the_total(tmp_path: Path) -> None:
    """A tar has no central directory to add up first: each member refused for its size still counts."""
    from bulk_fixtures import tar_bytes

    src = tmp_path / "r.tar"
    src.write_bytes(tar_bytes([(f"f{i}.bin", incompressible(2000, seed=i)) for i in range(6)], mode="w"))
    limits = Limits(max_member_bytes=1000, max_total_bytes=5000)
    result = run([src], tmp_path / "o.tar", options(limits=limits))
    assert [(r.status, r.path) for r in result.files] == [(Status.REFUSED, str(src))]
    assert "decompresses to more than 5000 bytes at member 'f2.bin'" in str(result.files[0].error)
    assert not (tmp_path / "o.tar").exists()


def test_a_zip_declaring_more_than_the_total_is_refused_before_reading(tmp_path: Path) -> None:
    src = tmp_path / "r.zip"
    src.write_bytes(zip_bytes([(f"f{i}.bin", incompressible(2000, seed=i)) for i in range(6)]))
    result = run([src], tmp_path / "o.zip", options(limits=Limits(max_total_bytes=5000)))
    assert "declares 12000 bytes of content, more than 5000 (--max-total-size); refused before reading" in str(
        result.files[0].error
    )


# ------------------------------------------------------------------------------------- archive details


def test_tar_made_with_dash_c_dot_converts(tmp_path: Path) -> None:
    (tmp_path / "d" / "sub").mkdir(parents=True)
    (tmp_path / "d" / "a.txt").write_text("Салом", encoding="utf-8")
    (tmp_path / "d" / "sub" / "b.txt").write_text("дунё", encoding="utf-8")
    subprocess.run(["tar", "-czf", str(tmp_path / "x.tar.gz"), "-C", str(tmp_path / "d"), "."], check=True)
    with tarfile.open(tmp_path / "x.tar.gz") as tf:
        assert "." in tf.getnames() and "./a.txt" in tf.getnames()
    result = runner.invoke(app, ["convert", str(tmp_path / "x.tar.gz"), "-o", str(tmp_path / "y.tar.gz"), "-j", "1"])
    assert result.exit_code == 0, result.output
    with tarfile.open(tmp_path / "y.tar.gz") as tf:
        got = {m.name: tf.extractfile(m).read() for m in tf.getmembers() if m.isfile()}  # type: ignore[union-attr]
    assert got == {"a.txt": b"Salom", "sub/b.txt": b"dunyo"}


@pytest.mark.parametrize("as_folder", [False, True])
def test_file_and_folder_of_one_name_the_later_is_refused_and_the_output_unpacks(
    tmp_path: Path, as_folder: bool
) -> None:
    src = tmp_path / "c.zip"
    src.write_bytes(zip_bytes([("x.txt", "Салом"), ("x.txt/y.txt", "дунё"), ("z.txt", "шаҳар")]))
    dst = tmp_path / ("c" if as_folder else "o.zip")
    result = run([src], dst, options(as_folder=as_folder))
    members = {r.path.split("!", 1)[1]: r for r in result.files if "!" in r.path}
    assert members["x.txt"].status is Status.CONVERTED
    assert members["x.txt/y.txt"].status is Status.REFUSED
    assert "a folder on its path is the file 'x.txt'" in str(members["x.txt/y.txt"].error)
    assert members["z.txt"].status is Status.CONVERTED
    if as_folder:
        assert tree(dst) == {"x.txt": b"Salom", "z.txt": b"shahar"}
    else:
        with zipfile.ZipFile(dst) as zf:
            zf.extractall(tmp_path / "unpacked")
        assert tree(tmp_path / "unpacked") == {"x.txt": b"Salom", "z.txt": b"shahar"}
    assert not [p for p in tmp_path.rglob(".translit-tmp-*")]


def test_as_folder_archive_refused_halfway_leaves_no_folder(tmp_path: Path) -> None:
    src = tmp_path / "t.tar.gz"
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        ok = "Салом".encode()
        ti = tarfile.TarInfo("first.txt")
        ti.size = len(ok)
        tf.addfile(ti, io.BytesIO(ok))
        big = tarfile.TarInfo("big.bin")
        big.size = 2000
        tf.addfile(big, io.BytesIO(incompressible(2000)))
    src.write_bytes(buf.getvalue())
    result = run([src], tmp_path / "out", options(as_folder=True, limits=Limits(max_member_bytes=1000)))
    assert result.files[0].status is Status.REFUSED
    assert "member 'big.bin' declares 2000 bytes" in str(result.files[0].error)
    assert tree(tmp_path / "out") == {}  # not even first.txt: the folder appears only whole


def test_epub_member_with_a_traversal_name_is_refused(tmp_path: Path) -> None:
    from bulk_fixtures import epub

    book = bytearray(epub())
    book = bytearray(bytes(book).replace(b"book/style.css", b"../../x/st.css"))  # same length in both headers
    with pytest.raises(ArchiveRefused, match=r"member '\.\./\.\./x/st\.css': '\.\.' in the path"):
        convert_document("b.epub", bytes(book), LATN)


def test_epub_manifest_pointing_outside_the_book_is_ignored_with_a_warning() -> None:
    from bulk_fixtures import epub

    book = epub().replace(b'href="style.css"', b'href="../../../etc/x"')
    # the OPF changed size: rebuild the zip from its members so the headers agree
    members = list(read_zip(book).items())
    members = [(n, d.replace(b'href="style.css"', b'href="../../../etc/x"')) for n, d in read_zip(epub()).items()]
    result = convert_document("b.epub", zip_bytes(members, stored_first=True), LATN)
    assert "manifest item '../../../etc/x' points outside the book; ignored" in result.warnings


def test_bidi_override_in_a_member_name_is_refused(tmp_path: Path) -> None:
    from bulk_fixtures import tar_bytes

    src = tmp_path / "b.tar.gz"
    src.write_bytes(tar_bytes([("invoice\u202etxt.exe", b"x"), ("ok.txt", "Салом".encode())]))
    result = run([src], tmp_path / "o.tar.gz", options())
    members = {r.path.split("!", 1)[1]: r for r in result.files if "!" in r.path}
    assert members["invoice\u202etxt.exe"].status is Status.REFUSED
    assert "bidirectional control character" in str(members["invoice\u202etxt.exe"].error)
    assert members["ok.txt"].status is Status.CONVERTED


def test_an_input_changed_during_its_conversion_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from translit.bulk import tasks as bulk_tasks

    src = tmp_path / "a.md"
    src.write_text("# Салом\n", encoding="utf-8")
    real = bulk_tasks.convert_document

    def meanwhile(name: str, data: bytes, *args: object) -> object:
        with open(name, "ab") as fh:  # another program appends while we convert
            fh.write("Янги қатор\n".encode())
        return real(name, data, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(bulk_tasks, "convert_document", meanwhile)
    result = run([src], tmp_path / "b.md", options())
    assert result.files[0].status is Status.FAILED
    assert str(result.files[0].error) == f"{src}: changed while it was being converted; nothing written (run again)"
    assert not (tmp_path / "b.md").exists()


# ------------------------------------------------------------------------------------- outputs and inputs


def test_an_output_never_overwrites_an_input(tmp_path: Path) -> None:
    p = tmp_path / "parent" / "p"
    (p / "p").mkdir(parents=True)
    (p / "x.txt").write_text("биринчи", encoding="utf-8")
    (p / "p" / "x.txt").write_text("иккинчи", encoding="utf-8")
    before = tree(tmp_path)
    with pytest.raises(OutputError, match=r"would overwrite this input"):
        run([p], tmp_path / "parent", options())
    assert tree(tmp_path) == before
    result = runner.invoke(app, ["convert", str(p), "-o", str(tmp_path / "parent")])
    assert result.exit_code == 2 and "would overwrite this input" in result.stderr
    assert tree(tmp_path) == before
    report = runner.invoke(app, ["convert", str(p), "-o", str(tmp_path / "o"), "--report", str(p / "x.txt")])
    assert report.exit_code == 2 and "the report would overwrite this input" in report.stderr
    assert tree(tmp_path) == before


def test_a_user_file_named_like_our_temporary_files_is_never_deleted(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Салом", encoding="utf-8")
    (src / ".translit-tmp-notes.txt").write_text("mine", encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / ".translit-tmp-other.txt").write_text("mine too", encoding="utf-8")
    (tmp_path / "out" / ".translit-tmp-a.txt.abc123").write_text("left by a killed run", encoding="utf-8")
    run([src], tmp_path / "out", options())
    assert (src / ".translit-tmp-notes.txt").read_text(encoding="utf-8") == "mine"
    assert (tmp_path / "out" / ".translit-tmp-other.txt").read_text(encoding="utf-8") == "mine too"
    assert not (tmp_path / "out" / ".translit-tmp-a.txt.abc123").exists()  # this run's output's leftover


def test_output_names_clashing_by_case_are_refused_on_request(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "A.txt").write_text("Салом", encoding="utf-8")
    (src / "a.txt").write_text("дунё", encoding="utf-8")
    assert len(run([src], tmp_path / "plain", options()).files) == 2
    with pytest.raises(OutputError, match=r"differs only in case"):
        run([src], tmp_path / "out", options(case_collisions=True))
    assert not (tmp_path / "out").exists()


def test_an_output_folder_that_cannot_be_made_is_one_error(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(30):
        (src / f"{i}.txt").write_text("Салом", encoding="utf-8")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["convert", str(src), "-o", str(tmp_path / "file" / "out")])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "cannot create the output folder" in result.stderr


def test_a_read_only_output_folder_is_one_error_before_any_work(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(30):
        (src / f"{i}.txt").write_text("Салом", encoding="utf-8")
    out = tmp_path / "ro"
    out.mkdir()
    if os.geteuid() == 0:  # root writes through permissions: a read-only file system is the real thing
        subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(out)], check=True)
    else:
        out.chmod(0o555)
    try:
        result = runner.invoke(app, ["convert", str(src), "-o", str(out)])
    finally:
        if os.geteuid() == 0:
            subprocess.run(["umount", str(out)], check=True)
        else:
            out.chmod(0o755)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {out}: cannot write in the output folder: ")
    assert result.stderr.count("\n") == 1


# ------------------------------------------------------------------------------------- formats and messages


def test_unsupported_formats_are_reported_copied_and_listed(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0 \xd1\x88\xd0\xb0")
    (src / "scan.pdf").write_bytes(b"%PDF-1.4 \xd1\x88")
    (src / "a.txt").write_text("Салом", encoding="utf-8")
    result = runner.invoke(app, ["convert", str(src), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (
        f"unsupported: {src / 'old.doc'}: unsupported format .doc: its text is not converted; save as .docx/.odt/.xlsx"
        in result.stderr
    )
    assert "2 unsupported" in result.stderr.splitlines()[-1]
    assert (tmp_path / "out" / "old.doc").read_bytes() == (src / "old.doc").read_bytes()
    skipped = run([src], tmp_path / "skip", options(unsupported="skip"))
    assert sorted(p.name for p in (tmp_path / "skip").iterdir() if not p.name.startswith(".")) == ["a.txt"]
    assert skipped.summary()["unsupported"] == [str(src / "old.doc"), str(src / "scan.pdf")]
    one = runner.invoke(app, ["convert", str(src / "old.doc"), "-o", str(tmp_path / "one.doc")])
    assert "unsupported format .doc" in one.stderr and "not valid utf-8" not in one.stderr


def test_markdown_footnotes_are_converted_their_labels_kept() -> None:
    md = "Матн[^изоҳ] бу ерда.\n\n[^изоҳ]: Изоҳ матни шу ерда.\n[ҳавола]: https://example.uz/шаҳар\n"
    out = convert_document("a.md", md.encode(), LATN).data.decode()
    assert out == "Matn[^изоҳ] bu yerda.\n\n[^изоҳ]: Izoh matni shu yerda.\n[ҳавола]: https://example.uz/шаҳар\n"


def test_docx_core_title_is_converted_like_the_odt_title() -> None:
    core = (
        '<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Тошкент шаҳри</dc:title>'
        "<dc:creator>Алишер</dc:creator></cp:coreProperties>"
    )
    data = zip_bytes(docx_members([("docProps/core.xml", core)]))
    out = read_zip(convert_document("t.docx", data, LATN).data)["docProps/core.xml"].decode()
    assert "<dc:title>Toshkent shahri</dc:title>" in out
    assert "<dc:creator>Алишер</dc:creator>" in out  # a person's name as written: not in the title set


def test_xlsx_formula_string_literals_and_cached_values_are_converted_sheet_names_kept() -> None:
    s = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    sheet = (
        f'<?xml version="1.0"?><worksheet {s}><sheetData><row r="1">'
        '<c r="A1" t="str"><f>IF(B1&gt;0,"Тошкент шаҳри","""Хайр""")</f><v>Тошкент шаҳри</v></c>'
        '<c r="A2"><f>INDIRECT("\'Лист1\'!B1")</f><v>1</v></c></row></sheetData></worksheet>'
    )
    workbook = f'<workbook {s}><sheets><sheet name="Лист1" sheetId="1"/></sheets></workbook>'
    data = zip_bytes(
        [("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", workbook), ("xl/worksheets/sheet1.xml", sheet)]
    )
    result = convert_document("f.xlsx", data, LATN)
    out = read_zip(result.data)
    assert (
        '<f>IF(B1&gt;0,"Toshkent shahri","""Xayr""")</f><v>Toshkent shahri</v>'
        in out["xl/worksheets/sheet1.xml"].decode()
    )
    assert "INDIRECT(\"'Лист1'!B1\")" in out["xl/worksheets/sheet1.xml"].decode()
    assert out["xl/workbook.xml"] == workbook.encode()
    assert "sheet names are kept as they are (formulas refer to them): Лист1" in result.warnings


def test_odt_with_a_doctype_comes_out_well_formed() -> None:
    from bulk_fixtures import odt
    from lxml import etree

    members = read_zip(odt())
    content = members["content.xml"].decode()
    decl_end = content.index("?>") + 2
    members["content.xml"] = (
        content[:decl_end] + '<!DOCTYPE office:document-content [<!ENTITY shahar "шаҳар">]>' + content[decl_end:]
    ).encode()
    names = list(members)
    data = zip_bytes([(n, members[n]) for n in names], stored_first=True)
    out = read_zip(convert_document("d.odt", data, LATN).data)["content.xml"]
    etree.fromstring(out, etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True))
    assert b"<!DOCTYPE office:document-content [" in out


def test_a_member_error_names_the_archive_and_the_member(tmp_path: Path) -> None:
    src = tmp_path / "p.zip"
    src.write_bytes(zip_bytes([("a.txt", "Hello world, plain English here")]))
    result = run([src], tmp_path / "o.zip", options(document=DocumentOptions(target="uz-Latn", source="en")))
    line = next(r for r in result.files if "!" in r.path)
    assert str(line.error).startswith(f"{src}!a.txt: ")
    assert "no rule set converts en" in str(line.error)


def test_a_missing_extra_says_which_pip_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from translit.errors import InputError

    for name in [m for m in sys.modules if m.startswith(("translit.documents.office", "translit.documents.xmlzip"))]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "lxml", None)  # as if lxml were not installed
    with pytest.raises(
        InputError, match=r"a\.docx: \.docx needs lxml, which is not installed: pip install 'translit-uz\[documents\]'"
    ):
        convert_document("a.docx", zip_bytes(docx_members([])), LATN)
