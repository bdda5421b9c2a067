"""Atomic output: the mode a plain open() would give, without touching the process-wide umask."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from translit._atomic import TMP_PREFIX, atomic_binary, write_bytes


def test_never_changes_the_umask(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_umask(mask: int) -> int:
        raise AssertionError("os.umask was called")

    monkeypatch.setattr(os, "umask", no_umask)
    target = tmp_path / "new.txt"
    write_bytes(target, b"salom")
    assert target.read_bytes() == b"salom"
    write_bytes(target, b"dunyo")  # replacing an existing file too
    assert target.read_bytes() == b"dunyo"


def test_new_file_gets_the_umask_and_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    code = textwrap.dedent(
        f"""
        import os
        from pathlib import Path
        from translit._atomic import write_bytes
        os.umask(0o027)
        new = Path({str(tmp_path / "new.txt")!r})
        write_bytes(new, b"x")
        old = Path({str(tmp_path / "old.txt")!r})
        old.write_bytes(b"a")
        os.chmod(old, 0o604)
        write_bytes(old, b"b")
        print(oct(new.stat().st_mode & 0o777), oct(old.stat().st_mode & 0o777), old.read_bytes().decode())
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["0o640", "0o604", "b"]


def test_a_failed_block_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    with pytest.raises(RuntimeError), atomic_binary(target) as handle:
        handle.write(b"half")
        raise RuntimeError("stop")
    assert list(tmp_path.iterdir()) == []


def test_the_folder_is_synced_after_the_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[int] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    opened: list[str] = []
    real_open = os.open

    def spy_open(path: str | os.PathLike[str], flags: int, mode: int = 0o777) -> int:
        opened.append(os.fspath(path))
        return real_open(path, flags, mode)

    monkeypatch.setattr(os, "open", spy_open)
    write_bytes(tmp_path / "out.txt", b"x")
    assert len(synced) == (1 if os.name == "nt" else 2)  # the file, then its folder
    assert any(Path(p).name.startswith(TMP_PREFIX) for p in opened)
    if os.name != "nt":
        assert str(tmp_path) in opened
