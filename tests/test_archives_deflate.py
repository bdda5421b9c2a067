"""The zips we write are deflated by zlib-ng (translit.archives._deflate), and every reader still opens them."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
import zlib
from pathlib import Path

import pytest
from bulk_fixtures import stored_bytes
from hypothesis import given, settings
from hypothesis import strategies as st

from translit.archives import _deflate
from translit.archives._deflate import open_member, writestr

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
TEXT = ("Тошкент шаҳрида янги мактаб очилди. Toshkent shahrida yangi maktab ochildi.\n" * 400).encode()


def _zip(members: list[tuple[zipfile.ZipInfo, bytes]], compresslevel: int | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compresslevel=compresslevel) as zf:
        for info, data in members:
            writestr(zf, info, data)
    return out.getvalue()


def _info(name: str, compress_type: int = zipfile.ZIP_DEFLATED) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, (2026, 12, 1, 10, 0, 0))
    info.compress_type = compress_type
    return info


def test_zlib_ng_is_installed_with_the_archives_extra() -> None:
    assert _deflate.FAST is not None


def test_a_deflated_member_holds_zlib_ngs_stream_at_zipfiles_default_level() -> None:
    assert _deflate.FAST is not None
    archive = _zip([(_info("a.txt"), TEXT)])
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        info = zf.getinfo("a.txt")
        assert zf.read(info) == TEXT
        assert zf.testzip() is None
    fast = _deflate.FAST.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    assert stored_bytes(archive, info) == fast.compress(TEXT) + fast.flush()
    assert info.file_size == len(TEXT) and zlib.crc32(TEXT) == info.CRC


def test_the_archives_level_is_kept() -> None:
    assert _deflate.FAST is not None
    archive = _zip([(_info("a.txt"), TEXT)], compresslevel=1)
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        info = zf.getinfo("a.txt")
    fast = _deflate.FAST.compressobj(1, zlib.DEFLATED, -15)
    assert stored_bytes(archive, info) == fast.compress(TEXT) + fast.flush()


@pytest.mark.parametrize("name", ["multilingual/udhr.tsv", "dev/cldr_uz.tsv", "kazinform-2025-12-10.uz-Cyrl.txt"])
def test_real_text_deflates_to_zlibs_size_within_two_percent(name: str) -> None:
    """Measured: -1.5 to +1.2 % on the corpus files (the large ones within 0.1 %)."""
    data = (CORPUS / name).read_bytes()
    archive = _zip([(_info("a.txt"), data)])
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        ours = zf.getinfo("a.txt").compress_size
    plain = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    assert ours <= len(plain.compress(data) + plain.flush()) * 1.02


def test_stored_and_empty_members_are_written_by_zipfile_itself() -> None:
    def members() -> list[tuple[zipfile.ZipInfo, bytes]]:
        stored = zipfile.ZIP_STORED
        return [(_info("s.txt", stored), TEXT), (_info("e.txt"), b""), (_info("d/", stored), b"")]

    archive = _zip(members())
    reference = io.BytesIO()
    with zipfile.ZipFile(reference, "w") as zf:
        for info, data in members():
            zf.writestr(info, data)
    assert archive == reference.getvalue()


@settings(max_examples=30, deadline=None)
@given(st.lists(st.binary(max_size=5000), min_size=1, max_size=5), st.sampled_from([None, 1, 6, 9]))
def test_any_members_read_back_as_written(datas: list[bytes], level: int | None) -> None:
    members = [(_info(f"m{i}.bin"), data) for i, data in enumerate(datas)]
    archive = _zip(members, compresslevel=level)
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        assert zf.testzip() is None
        assert [zf.read(f"m{i}.bin") for i in range(len(datas))] == datas


def test_unzip_reads_what_we_write(tmp_path: Path) -> None:
    """Info-ZIP's unzip (a reader that is not Python's) tests every member's CRC; zipfile's check stands in on a
    machine without it."""
    path = tmp_path / "out.zip"
    path.write_bytes(_zip([(_info("a.txt"), TEXT), (_info("b/c.txt"), TEXT[:1000])]))
    if shutil.which("unzip"):
        done = subprocess.run(["unzip", "-t", str(path)], capture_output=True, text=True, check=False)
        assert done.returncode == 0 and "No errors detected" in done.stdout, done.stdout + done.stderr
    else:
        with zipfile.ZipFile(path) as zf:
            assert zf.testzip() is None


def test_a_deflated_member_is_inflated_by_zlib_ng_and_checked_by_zipfile() -> None:
    archive = _zip([(_info("a.txt"), TEXT), (_info("s.txt", zipfile.ZIP_STORED), TEXT)])
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        with open_member(zf, zf.getinfo("a.txt")) as handle:
            assert _deflate.FAST is not None
            assert type(handle._decompressor) is type(_deflate.FAST.decompressobj(-15))  # type: ignore[attr-defined]
            assert handle.read() == TEXT
        with open_member(zf, zf.getinfo("s.txt")) as handle:
            assert handle.read() == TEXT


def test_a_corrupt_member_still_fails_zipfiles_crc_check() -> None:
    archive = bytearray(_zip([(_info("a.txt"), TEXT)]))
    with zipfile.ZipFile(io.BytesIO(bytes(archive))) as zf:
        info = zf.getinfo("a.txt")
    crc_at = info.header_offset + 14  # the local header's CRC-32; zipfile checks the central directory's
    archive[crc_at : crc_at + 4] = b"\0\0\0\0"
    central = bytes(archive).rfind(b"PK\x01\x02")
    archive[central + 16 : central + 20] = b"\0\0\0\0"
    with (
        zipfile.ZipFile(io.BytesIO(bytes(archive))) as zf,
        open_member(zf, zf.getinfo("a.txt")) as handle,
        pytest.raises(zipfile.BadZipFile, match="CRC"),
    ):
        handle.read()


@settings(max_examples=30, deadline=None)
@given(st.binary(max_size=20000), st.integers(min_value=1, max_value=5000))
def test_capped_reads_give_what_zlib_gives(data: bytes, step: int) -> None:
    """`read_guarded` reads in capped steps: each step gives the same bytes through either inflater."""
    archive = _zip([(_info("a.bin"), data)])
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        info = zf.getinfo("a.bin")
        with open_member(zf, info) as fast, zf.open(info) as plain:
            while True:
                a, b = fast.read(step), plain.read(step)
                assert a == b
                if not a:
                    break


# -- members copied as stored: their deflate stream written again, not deflated again ---------------------------


def test_stored_stream_is_the_members_compressed_bytes_as_stored() -> None:
    archive = _zip([(_info("a.txt"), TEXT), (_info("b.txt", zipfile.ZIP_STORED), TEXT)])
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        deflated, stored = zf.getinfo("a.txt"), zf.getinfo("b.txt")
    assert _deflate.stored_stream(archive, deflated) == stored_bytes(archive, deflated)
    assert zlib.decompress(_deflate.stored_stream(archive, deflated) or b"", -15) == TEXT
    assert _deflate.stored_stream(archive, stored) is None  # nothing to gain: zipfile copies it anyway


def test_stored_stream_is_none_where_the_local_header_is_not_where_the_directory_says() -> None:
    archive = _zip([(_info("a.txt"), TEXT)])
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        info = zf.getinfo("a.txt")
    moved = zipfile.ZipInfo("a.txt")
    moved.compress_type, moved.compress_size = zipfile.ZIP_DEFLATED, info.compress_size
    moved.header_offset = 7  # inside the local header: no signature there
    assert _deflate.stored_stream(archive, moved) is None
    moved.header_offset, moved.compress_size = 0, len(archive)  # a stream running past the end
    assert _deflate.stored_stream(archive, moved) is None
    encrypted = zipfile.ZipInfo("a.txt")
    encrypted.compress_type, encrypted.flag_bits = zipfile.ZIP_DEFLATED, 0x1
    assert _deflate.stored_stream(archive, encrypted) is None


def test_write_verbatim_writes_the_source_stream_with_zipfiles_headers(tmp_path: Path) -> None:
    # a stream zipfile itself would not write (zlib level 1): what comes out is that stream, byte for byte
    fast = zlib.compressobj(1, zlib.DEFLATED, -15)
    stream = fast.compress(TEXT) + fast.flush()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        _deflate.write_verbatim(zf, _info("a.txt"), TEXT, stream)
        _deflate.write_verbatim(zf, _info("b.txt", zipfile.ZIP_STORED), TEXT, stream)  # stored: written as data
    archive = out.getvalue()
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        a, b = zf.getinfo("a.txt"), zf.getinfo("b.txt")
        assert zf.testzip() is None
        assert zf.read(a) == TEXT and zf.read(b) == TEXT
    assert stored_bytes(archive, a) == stream and a.compress_size == len(stream)
    assert zlib.crc32(TEXT) == a.CRC and a.file_size == len(TEXT)
    assert b.compress_type == zipfile.ZIP_STORED and stored_bytes(archive, b) == TEXT
    if shutil.which("unzip"):
        (tmp_path / "v.zip").write_bytes(archive)
        assert subprocess.run(["unzip", "-tq", str(tmp_path / "v.zip")], capture_output=True).returncode == 0


def test_a_documents_unchanged_parts_come_out_as_they_were_stored() -> None:
    from translit.documents import DocumentOptions, convert_document

    source = (Path(__file__).resolve().parent / "data" / "mixed.pandoc.docx").read_bytes()
    result = convert_document("mixed.docx", source, DocumentOptions(target="uz-Latn"))
    with zipfile.ZipFile(io.BytesIO(source)) as zin, zipfile.ZipFile(io.BytesIO(result.data)) as zout:
        assert zout.testzip() is None
        changed = [i.filename for i in zin.infolist() if zin.read(i) != zout.read(i.filename)]
        assert changed == ["word/document.xml"]  # the rewritten part: deflated anew
        for info in zin.infolist():
            new = zout.getinfo(info.filename)
            if info.filename not in changed:  # every other part: the very bytes the source stored
                assert stored_bytes(result.data, new) == stored_bytes(source, info), info.filename
                assert new.CRC == info.CRC and new.file_size == info.file_size
        document = zout.getinfo("word/document.xml")
        fast = _deflate.FAST.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15) if _deflate.FAST else None
        if fast is not None:
            body = zout.read(document)
            assert stored_bytes(result.data, document) == fast.compress(body) + fast.flush()
