"""Zip members deflated and inflated by zlib-ng when it is installed: the same format and level, twice as fast.

Deflating the output was the largest single cost of a bulk run over a zip of documents that is not converting:
0.10 s of a 1.9 s run over 200 documents (and again for each docx, xlsx or epub, whose own zip is rewritten).
zlib-ng (`zlib-ng` on PyPI, bindings to the maintained zlib fork of that name) writes the same raw deflate
streams at the same levels in about half the time, and within about 1 % of the size
(`benchmarks/bench_deflate.py` on the benchmark outputs: 87 → 46 ms, 1.093 → 1.094 MB; on the 64 MB mixed
archive 3.1 → 1.6 s, +0.4 %; on the corpus files -1.5 to +1.2 %, tests/test_archives_deflate.py). ISA-L is
faster still but costs 2.6–10 % more bytes, which an archive's owner would notice; a lower zlib level costs more.

`zipfile` takes no compressor of one's own: its member writer (`_ZipWriteFile`) builds a `zlib` compressor
in its constructor and calls only `compress` and `flush` on it, the same from Python 3.8 to 3.13. We swap that
one attribute before the first byte is written, and only when it is what we expect (a `zlib.Compress`);
otherwise, or without zlib-ng, the member is written by `zipfile` itself. The CRC, sizes, headers and ZIP64
handling stay zipfile's. `tests/test_archives_deflate.py` checks the swap happens and that zipfile and `unzip`
read the result.

Reading is the same move on zipfile's member reader (`ZipExtFile`), whose `zlib` decompressor is used only
through `decompress(data, max_length)`, `flush`, `eof` and `unconsumed_tail` (3.8 to 3.13), which zlib-ng's
has too: inflating the benchmark's 200 output members takes 9 ms instead of 15. The reads stay capped by
`read_guarded` (a bomb is stopped the same way), and zipfile still checks each member's CRC.

A member that comes out as it went in (a docx's styles, theme and images, which no rewriter changes) need not be
deflated again at all: `write_verbatim` hands zipfile the member's deflate stream as it is stored in its source,
through the same swap (a "compressor" whose output is that stream). The member is still read and inflated as
before (its CRC checked, its size charged to the budget); zipfile still computes the CRC and size it writes from
the data. Writing the stored bytes instead of deflating again cut the conversion of a real docx (tests/data's pandoc
one: 16 parts, 15 unchanged) from 2.52 to 1.76–1.85 ms (best of 200, in one process, three rounds each), and its
unchanged parts come out byte for byte as they were (tests/test_archives_deflate.py).
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from types import ModuleType
from typing import IO

FAST: ModuleType | None
try:
    from zlib_ng import zlib_ng as FAST
except ImportError:  # pragma: no cover - zlib-ng is a dependency of the documents and archives extras
    FAST = None
_ZLIB_COMPRESS = type(zlib.compressobj())
_ZLIB_DECOMPRESS = type(zlib.decompressobj())


def open_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> IO[bytes]:
    """`zf.open(info)`, inflated by zlib-ng where the member is deflated (and not encrypted)."""
    handle = zf.open(info)
    if (
        FAST is not None
        and info.compress_type == zipfile.ZIP_DEFLATED
        and not info.flag_bits & 0x1
        and isinstance(getattr(handle, "_decompressor", None), _ZLIB_DECOMPRESS)
        and getattr(handle, "_compress_left", None) == info.compress_size  # nothing read yet
    ):
        handle._decompressor = FAST.decompressobj(-15)  # type: ignore[attr-defined]
    return handle


def writestr(zf: zipfile.ZipFile, info: zipfile.ZipInfo, data: bytes) -> None:
    """`zf.writestr(info, data)`, deflated by zlib-ng where the member is deflated."""
    if FAST is None or info.compress_type != zipfile.ZIP_DEFLATED or not data:
        zf.writestr(info, data)
        return
    level = getattr(info, "_compresslevel", None)
    if level is None:
        level = zf.compresslevel
    info.file_size = len(data)  # what writestr sets first: zipfile decides on ZIP64 headers from it
    with zf.open(info, mode="w") as dest:
        if isinstance(getattr(dest, "_compressor", None), _ZLIB_COMPRESS):
            dest._compressor = FAST.compressobj(  # type: ignore[attr-defined]
                zlib.Z_DEFAULT_COMPRESSION if level is None else level, zlib.DEFLATED, -15
            )
        dest.write(data)


class _Verbatim:
    """What `write_verbatim` puts in place of zipfile's compressor: nothing for the data written, then the
    member's stored deflate stream when the member is closed (zipfile calls only these two)."""

    __slots__ = ("_stream",)

    def __init__(self, stream: bytes) -> None:
        self._stream = stream

    def compress(self, data: bytes) -> bytes:
        return b""

    def flush(self, mode: int = zlib.Z_FINISH) -> bytes:
        stream, self._stream = self._stream, b""
        return stream


def _plainly_deflated(info: zipfile.ZipInfo) -> bool:
    """Deflated and not encrypted: a member whose stored stream is its data deflated (a stored one has nothing
    to gain from being copied as stored)."""
    return info.compress_type == zipfile.ZIP_DEFLATED and not info.flag_bits & 0x1


def _stream_span(header: bytes, info: zipfile.ZipInfo) -> tuple[int, int] | None:
    """Where the member's deflate stream lies (offset, length), read from its local header (`header`: the 30
    bytes at `info.header_offset`, of a member `_plainly_deflated`); None where its local header is not there.
    The stream starts after the local header's name and extra field, which may differ from the central
    directory's, and is `compress_size` bytes long: where and how much zipfile reads itself."""
    if len(header) != 30 or header[:4] != b"PK\x03\x04":
        return None
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    return info.header_offset + 30 + name_length + extra_length, info.compress_size


def stored_stream(archive: bytes, info: zipfile.ZipInfo) -> bytes | None:
    """The deflate stream of the member `info` as it is stored in `archive` (the whole zip, in memory), or None
    (see `_stream_span`)."""
    if not _plainly_deflated(info):
        return None
    start = info.header_offset
    span = _stream_span(archive[start : start + 30], info)
    if span is None or span[0] + span[1] > len(archive):
        return None
    return archive[span[0] : span[0] + span[1]]


def stream_span(fp: IO[bytes], info: zipfile.ZipInfo) -> tuple[int, int] | None:
    """`_stream_span` of a member of the zip open as `fp` (a file: its local header is read there)."""
    if not _plainly_deflated(info):
        return None
    fp.seek(info.header_offset)
    return _stream_span(fp.read(30), info)


def write_verbatim(zf: zipfile.ZipFile, info: zipfile.ZipInfo, data: bytes, stream: bytes) -> None:
    """`writestr(zf, info, data)` for a deflated member whose deflate stream `stream` (`stored_stream` of its
    source, which inflated to `data`) is written as it is, instead of deflating `data` again."""
    if info.compress_type != zipfile.ZIP_DEFLATED or not data:
        writestr(zf, info, data)
        return
    info.file_size = len(data)
    with zf.open(info, mode="w") as dest:
        if isinstance(getattr(dest, "_compressor", None), _ZLIB_COMPRESS):
            dest._compressor = _Verbatim(stream)  # type: ignore[attr-defined]
        dest.write(data)  # CRC and size from the data; the bytes written are the stream's (or zipfile's own)
