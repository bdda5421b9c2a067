"""Archives: members streamed into a new archive of the same kind; hostile members never reach the disk."""

from __future__ import annotations

import io
import os
import tarfile
import zipfile
from concurrent.futures import Future
from pathlib import Path

import py7zr
import pytest
from bulk_fixtures import cp866_zip, device, link, read_zip, stored_bytes, tar_bytes, zip_bytes

from translit.archives import ArchiveRefused, Limits, iter_entries, safe_name
from translit.bulk.members import MemberResult, convert_member, transform_archive
from translit.bulk.report import FileReport
from translit.documents import DocumentOptions

LATN = DocumentOptions(target="uz-Latn")


def run(src: Path, dst: Path, limits: Limits | None = None, **kw: object) -> list[FileReport]:
    def submit(name: str, data: bytes, left: Limits) -> Future[MemberResult]:
        f: Future[MemberResult] = Future()
        f.set_result(convert_member(name, data, LATN, str(src), left))
        return f

    return transform_archive(src, dst, submit, limits or Limits(), **kw)  # type: ignore[arg-type]


def mark_encrypted(data: bytes, name: bytes) -> bytes:
    """Set the 'encrypted' flag of one member in its local and central headers (zipfile cannot encrypt)."""
    out = bytearray(data)
    for sig, flag_at, name_len_at, name_at in ((b"PK\x03\x04", 6, 26, 30), (b"PK\x01\x02", 8, 28, 46)):
        pos = out.find(sig)
        while pos >= 0:
            n = int.from_bytes(out[pos + name_len_at : pos + name_len_at + 2], "little")
            if out[pos + name_at : pos + name_at + n] == name:
                out[pos + flag_at] |= 0x1
            pos = out.find(sig, pos + 4)
    return bytes(out)


def statuses(reports: list[FileReport]) -> dict[str, str]:
    return {str(r.path).split("!", 1)[1]: str(r.status) for r in reports}


def files_under(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("../evil.txt", "'..' in the path"),
        ("a/../../evil.txt", "'..' in the path"),
        ("/etc/passwd", "absolute path"),
        ("C:\\Windows\\x.txt", "absolute path"),
        ("dir\\..\\..\\x", "'..' in the path"),
        ("a/CON.txt", "Windows reserved name"),
        ("bad\x00name", "control character"),
        ("trail./x", "ends with a dot or space"),
    ],
)
def test_unsafe_names_are_refused(raw: str, why: str) -> None:
    with pytest.raises(ValueError, match=why.replace("(", r"\(")):
        safe_name(raw)


def test_names_are_normalised() -> None:
    assert safe_name("./a//b\\c.txt") == "a/b/c.txt"
    assert safe_name("у\u0306збек.txt") == "ўзбек.txt"  # NFC


def test_zip_roundtrip_converts_documents_and_copies_the_rest(tmp_path: Path) -> None:
    src = tmp_path / "in.zip"
    src.write_bytes(zip_bytes([("docs/", b""), ("docs/a.txt", "Тошкент шаҳри\n"), ("img.bin", b"\x00\x01\xd1")]))
    reports = run(src, tmp_path / "out.zip")
    assert read_zip(tmp_path / "out.zip") == {
        "docs/": b"",
        "docs/a.txt": b"Toshkent shahri\n",
        "img.bin": b"\x00\x01\xd1",
    }
    assert statuses(reports) == {"docs/a.txt": "converted", "img.bin": "copied"}


def test_hostile_zip_members_are_skipped_and_reported(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("../evil.txt", "x")
        zf.writestr("/abs.txt", "x")
        sym = zipfile.ZipInfo("link")
        sym.create_system = 3
        sym.external_attr = (0o120777) << 16
        zf.writestr(sym, "/etc/passwd")
        zf.writestr("secret.txt", "xx")
        zf.writestr("ok.txt", "Салом")
    src = tmp_path / "h.zip"
    src.write_bytes(mark_encrypted(buf.getvalue(), b"secret.txt"))
    out_dir = tmp_path / "out"
    reports = run(src, out_dir / "h.zip")
    assert statuses(reports) == {
        "../evil.txt": "refused",
        "/abs.txt": "refused",
        "link": "refused",
        "secret.txt": "encrypted",
        "ok.txt": "converted",
    }
    assert read_zip(out_dir / "h.zip") == {"ok.txt": b"Salom"}
    assert files_under(tmp_path) == {"h.zip", "out", "out/h.zip"}  # nothing written anywhere else
    errors = {str(r.path).split("!")[1]: r.error for r in reports}
    assert errors["secret.txt"] == f"{src}: member 'secret.txt': encrypted (password required); skipped"


def test_cp866_member_names_from_old_windows_zips(tmp_path: Path) -> None:
    src = tmp_path / "old.zip"
    src.write_bytes(cp866_zip([("Ўзбекистон/шахар.txt", "Салом".encode("cp1251")), ("папка/a.bin", b"1")]))
    names = [e.name for e in iter_entries(src, Limits())]
    assert names == ["Ўзбекистон/шахар.txt", "папка/a.bin"]
    run(src, tmp_path / "new.zip")
    with zipfile.ZipFile(tmp_path / "new.zip") as zf:
        assert [i.filename for i in zf.infolist()] == ["Ўзбекистон/шахар.txt", "папка/a.bin"]
        assert all(i.flag_bits & 0x800 for i in zf.infolist())  # written as UTF-8, flagged


def test_name_encoding_can_be_forced(tmp_path: Path) -> None:
    src = tmp_path / "old.zip"
    src.write_bytes(cp866_zip([("абв.txt", b"x")]))
    forced = [e.name for e in iter_entries(src, Limits(), name_encoding="cp437")]
    assert forced == ["абв".encode("cp866").decode("cp437") + ".txt"]


def test_zip_ratio_bomb_member_is_refused(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("bomb.txt", b"\0" * (20 * 1024 * 1024))
        zf.writestr("ok.txt", "Салом")
    src = tmp_path / "b.zip"
    src.write_bytes(buf.getvalue())
    reports = run(src, tmp_path / "o.zip")
    assert statuses(reports) == {"bomb.txt": "refused", "ok.txt": "converted"}
    assert "compression ratio above 100:1" in str(reports[0].error)
    assert read_zip(tmp_path / "o.zip") == {"ok.txt": b"Salom"}


def test_total_size_limit_refuses_the_whole_archive_and_writes_nothing(tmp_path: Path) -> None:
    src = tmp_path / "big.tar.gz"
    src.write_bytes(tar_bytes([(f"f{i}.txt", b"a" * 4000) for i in range(10)]))
    with pytest.raises(ArchiveRefused, match=r"decompresses to more than 10000 bytes"):
        run(src, tmp_path / "o.tar.gz", Limits(max_total_bytes=10_000))
    assert files_under(tmp_path) == {"big.tar.gz"}  # no output, no temporary file


def test_member_size_limit(tmp_path: Path) -> None:
    src = tmp_path / "m.tar"
    src.write_bytes(tar_bytes([("big.txt", b"a" * 5000), ("ok.txt", "Салом".encode())], mode="w"))
    reports = run(src, tmp_path / "o.tar", Limits(max_member_bytes=1000))
    assert statuses(reports) == {"big.txt": "refused", "ok.txt": "converted"}


@pytest.mark.parametrize(
    ("suffix", "mode", "magic"),
    [
        (".tar", "w", b""),
        (".tar.gz", "w:gz", b"\x1f\x8b"),
        (".tar.bz2", "w:bz2", b"BZh"),
        (".tar.xz", "w:xz", b"\xfd7zXZ"),
    ],
)
def test_tar_keeps_its_compression_and_refuses_links_and_devices(
    tmp_path: Path, suffix: str, mode: str, magic: bytes
) -> None:
    src = tmp_path / f"in{suffix}"
    src.write_bytes(
        tar_bytes(
            [("d/a.txt", "Тошкент\n".encode()), ("../up.txt", b"x"), ("/abs.txt", b"y")],
            mode=mode,
            extra=[link("d/sym", "/etc/passwd"), link("d/hard", "d/a.txt", tarfile.LNKTYPE), device("d/null")],
        )
    )
    out = tmp_path / "out" / f"o{suffix}"
    reports = run(src, out)
    assert statuses(reports) == {
        "d/a.txt": "converted",
        "../up.txt": "refused",
        "/abs.txt": "refused",
        "d/sym": "refused",
        "d/hard": "refused",
        "d/null": "refused",
    }
    assert out.read_bytes().startswith(magic)
    with tarfile.open(out) as tf:
        members = tf.getmembers()
        assert [(m.name, m.type, m.mode) for m in members] == [("d/a.txt", tarfile.REGTYPE, 0o644)]
        assert tf.extractfile(members[0]).read() == b"Toshkent\n"  # type: ignore[union-attr]
        assert members[0].mtime == 1_700_000_000


def test_setuid_and_world_write_bits_are_dropped(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tf:
        ti = tarfile.TarInfo("run.sh")
        ti.size, ti.mode = 2, 0o4777
        tf.addfile(ti, io.BytesIO(b"ok"))
    src = tmp_path / "s.tar"
    src.write_bytes(buf.getvalue())
    run(src, tmp_path / "o.tar")
    with tarfile.open(tmp_path / "o.tar") as tf:
        assert tf.getmembers()[0].mode == 0o775


def test_7z_roundtrip(tmp_path: Path) -> None:
    src = tmp_path / "in.7z"
    with py7zr.SevenZipFile(src, "w") as z:
        z.writestr("Тошкент шаҳри\n".encode(), "a/b.txt")
        z.writestr(b"\x00bin", "c.bin")
        z.writestr(b"", "empty.txt")
    reports = run(src, tmp_path / "out.7z")
    assert statuses(reports) == {"a/b.txt": "converted", "c.bin": "copied", "empty.txt": "unchanged"}
    from py7zr.io import BytesIOFactory

    factory = BytesIOFactory(1 << 20)
    with py7zr.SevenZipFile(tmp_path / "out.7z") as z:
        z.extractall(factory=factory)
    got = {name: bio.read() for name, bio in factory.products.items()}
    assert got == {"a/b.txt": b"Toshkent shahri\n", "c.bin": b"\x00bin", "empty.txt": b""}


def test_encrypted_7z_is_refused_clearly(tmp_path: Path) -> None:
    src = tmp_path / "secret.7z"
    with py7zr.SevenZipFile(src, "w", password="pw") as z:
        z.writestr(b"x", "a.txt")
    with pytest.raises(ArchiveRefused) as err:
        run(src, tmp_path / "o.7z")
    assert "encrypted" in str(err.value)
    assert not (tmp_path / "o.7z").exists()


def test_archive_to_folder_stays_inside_the_folder(tmp_path: Path) -> None:
    src = tmp_path / "in.tar.gz"
    src.write_bytes(
        tar_bytes([("x/a.txt", "Салом".encode()), ("../../evil.txt", b"x")], extra=[link("x/sym", "../../../etc")])
    )
    out = tmp_path / "out"
    reports = run(src, out, as_folder=True)
    assert statuses(reports) == {"x/a.txt": "converted", "../../evil.txt": "refused", "x/sym": "refused"}
    assert files_under(tmp_path) == {"in.tar.gz", "out", "out/x", "out/x/a.txt"}
    assert (out / "x" / "a.txt").read_bytes() == b"Salom"
    assert not any(p.is_symlink() for p in out.rglob("*"))


def test_office_documents_inside_archives_are_converted(tmp_path: Path) -> None:
    from bulk_fixtures import odt

    src = tmp_path / "in.zip"
    src.write_bytes(zip_bytes([("report.odt", odt())]))
    run(src, tmp_path / "o.zip")
    inner = read_zip(read_zip(tmp_path / "o.zip")["report.odt"])
    assert b"<text:p>Toshkent shahri</text:p>" in inner["styles.xml"]


def test_output_over_a_symlink_is_refused(tmp_path: Path) -> None:
    from translit.errors import OutputError

    src = tmp_path / "in.zip"
    src.write_bytes(zip_bytes([("a.txt", "Салом")]))
    target = tmp_path / "elsewhere.zip"
    target.write_bytes(b"keep")
    os.symlink(target, tmp_path / "o.zip")
    with pytest.raises(OutputError, match="symbolic link"):
        run(src, tmp_path / "o.zip")
    assert target.read_bytes() == b"keep"


def test_overlapping_zip_members_are_refused_as_a_bomb(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.txt", "x" * 100)
        zf.writestr("b.txt", "y" * 100)
    data = bytearray(buf.getvalue())
    second = data.find(b"PK\x01\x02", data.find(b"PK\x01\x02") + 4)
    data[second + 42 : second + 46] = (0).to_bytes(4, "little")  # b.txt's data now starts where a.txt's does
    src = tmp_path / "overlap.zip"
    src.write_bytes(bytes(data))
    with pytest.raises(ArchiveRefused, match="overlap"):
        run(src, tmp_path / "o.zip")


def test_duplicate_member_names_keep_the_first_and_report_the_rest(tmp_path: Path) -> None:
    import warnings

    buf = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buf, "w") as zf:
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate it is asked to write
        zf.writestr("a.txt", "Салом")
        zf.writestr("A.TXT", "дунё")
        zf.writestr("a.txt", "шаҳар")
    src = tmp_path / "dup.zip"
    src.write_bytes(buf.getvalue())
    reports = run(src, tmp_path / "o.zip")
    assert [(str(r.path).split("!")[1], r.status) for r in reports] == [
        ("a.txt", "converted"),
        ("A.TXT", "refused"),
        ("a.txt", "refused"),
    ]
    assert read_zip(tmp_path / "o.zip") == {"a.txt": b"Salom"}


def test_members_that_come_out_unchanged_keep_the_stream_their_source_stored(tmp_path: Path) -> None:
    import zlib

    image = os.urandom(300_000)  # incompressible, as a JPEG is
    english = b"The quick brown fox jumps over the lazy dog.\n" * 200
    src = tmp_path / "in.zip"
    with zipfile.ZipFile(src, "w") as zf:
        # written by zlib at level 9: a stream zlib-ng at zipfile's level would not give
        zf.writestr(zipfile.ZipInfo("photo.jpg", (2026, 12, 1, 0, 0, 0)), image, zipfile.ZIP_DEFLATED, 9)
        zf.writestr(zipfile.ZipInfo("en.txt", (2026, 12, 1, 0, 0, 0)), english, zipfile.ZIP_DEFLATED, 9)
        zf.writestr(
            zipfile.ZipInfo("uz.txt", (2026, 12, 1, 0, 0, 0)), "Тошкент шаҳри.\n".encode() * 50, zipfile.ZIP_DEFLATED, 9
        )
        zf.writestr(zipfile.ZipInfo("kept.bin", (2026, 12, 1, 0, 0, 0)), b"\x00\x01" * 500, zipfile.ZIP_STORED)
    before = src.read_bytes()
    reports = run(src, tmp_path / "out.zip")
    assert statuses(reports)["uz.txt"] == "converted"
    out = (tmp_path / "out.zip").read_bytes()
    assert src.read_bytes() == before  # the input is only read
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(tmp_path / "out.zip") as zout:
        assert zout.testzip() is None
        assert zout.read("photo.jpg") == image and zout.read("en.txt") == english
        assert zout.read("uz.txt").decode() == "Toshkent shahri.\n" * 50
        for name in ("photo.jpg", "en.txt"):  # unchanged: the very stream the source stored
            old, new = zin.getinfo(name), zout.getinfo(name)
            assert stored_bytes(out, new) == stored_bytes(before, old), name
            assert (new.CRC, new.file_size, new.compress_type) == (old.CRC, old.file_size, zipfile.ZIP_DEFLATED)
        converted = zout.getinfo("uz.txt")  # converted: deflated anew (zlib-ng, zipfile's default level)
        assert stored_bytes(out, converted) != stored_bytes(before, zin.getinfo("uz.txt"))
        assert zlib.decompress(stored_bytes(out, converted), -15) == zout.read("uz.txt")
        assert zout.getinfo("kept.bin").compress_type == zipfile.ZIP_STORED
