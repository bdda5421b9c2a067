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
"""

from __future__ import annotations

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
