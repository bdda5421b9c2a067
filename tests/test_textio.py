"""Decoding errors carry absolute byte offsets; atomic writes leave nothing behind on failure."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from translit import textio
from translit.errors import InputError


def test_decode_error_offset_across_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textio, "_READ", 4)
    data = "ўўўўў".encode() + b"\xc3\x28"  # ў is 2 bytes; the bad sequence starts at byte 10
    with pytest.raises(InputError, match=r"x\.txt: not valid utf-8 at byte 10 \(0xc3\)"):
        "".join(textio.iter_decoded(io.BytesIO(data), "x.txt"))


def test_multibyte_letter_split_across_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textio, "_READ", 3)
    text = "\ufeffўзбек\r\nтили"
    assert "".join(textio.iter_decoded(io.BytesIO(text.encode()), "x")) == text


def test_atomic_writer_keeps_old_file_on_error(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), textio.atomic_writer(target) as handle:
        handle.write("new")
        raise RuntimeError("boom")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder"):
        textio.open_input(tmp_path)


def test_atomic_writer_gives_normal_permissions(tmp_path: Path) -> None:
    import os

    umask = os.umask(0o022)
    try:
        with textio.atomic_writer(tmp_path / "new.txt") as handle:
            handle.write("x")
    finally:
        os.umask(umask)
    assert (tmp_path / "new.txt").stat().st_mode & 0o777 == 0o644
