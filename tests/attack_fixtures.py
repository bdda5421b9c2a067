"""Hostile inputs, generated small and fast by the tests themselves (no file is ever downloaded).

Each builder names the attack it reproduces from issue 11; sizes are kept to a few hundred KB on disk while
what they claim or inflate to is far past the limits the tests set.
"""

from __future__ import annotations

import io
import lzma
import struct
import tarfile
import zipfile

from bulk_fixtures import W, docx_document_xml, zip_bytes

MiB = 1024 * 1024
_CT = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def docx_members(extra: list[tuple[str, bytes | str]]) -> list[tuple[str, bytes | str]]:
    body = "<w:p><w:r><w:t>Тошкент шаҳри</w:t></w:r></w:p>"
    return [("[Content_Types].xml", _CT), ("word/document.xml", docx_document_xml(body)), *extra]


def overlapping_docx(copies: int = 20, kernel: int = 8 * MiB) -> bytes:
    """Fifield's non-recursive bomb, in its simplest (full-overlap) form: `copies` central directory entries
    all point to one deflated kernel of `kernel` zero bytes, so a reader without the overlap check inflates
    `copies * kernel` bytes from a file of a few KB."""
    data = bytearray(zip_bytes(docx_members([("word/media/k00.bin", b"\0" * kernel)])))
    eocd = data.rfind(b"PK\x05\x06")
    count, _cd_size, cd_offset = struct.unpack_from("<HII", data, eocd + 10)
    pos = cd_offset
    entries = []
    for _ in range(count):
        n, m, k = struct.unpack_from("<HHH", data, pos + 28)
        entries.append(bytes(data[pos : pos + 46 + n + m + k]))
        pos += 46 + n + m + k
    kernel_entry = entries[-1]
    for i in range(1, copies):
        entries.append(kernel_entry.replace(b"k00.bin", f"k{i:02d}.bin".encode()))
    cd = b"".join(entries)
    tail = bytearray(data[eocd:])
    struct.pack_into("<HHII", tail, 8, len(entries), len(entries), len(cd), cd_offset)
    return bytes(data[:cd_offset]) + cd + bytes(tail)


def zeros_docx(parts: int = 8, size: int = 40 * MiB) -> bytes:
    """A docx with `parts` media parts of zeros (each deflates about 1000:1): the ratio guard's case."""
    return zip_bytes(docx_members([(f"word/media/zeros{i}.bin", b"\0" * size) for i in range(parts)]))


def declared_tar(member: str, declared: int, compress: str) -> bytes:
    """A tar stream whose member header declares `declared` bytes (10 GiB of zeros, say), followed by only
    1 MiB of them: the stream is cut, so a reader that inflates the member to skip it fails or hangs."""
    ti = tarfile.TarInfo(member)
    ti.size = declared
    ti.mode = 0o644
    raw = ti.tobuf(tarfile.PAX_FORMAT) + b"\0" * MiB
    if compress == "gz":
        return zlib_gzip(raw)
    if compress == "xz":
        return lzma.compress(raw, preset=0)
    return raw


def zlib_gzip(raw: bytes) -> bytes:
    import gzip

    return gzip.compress(raw, compresslevel=1)


def stream_bomb_tar_gz(members: int = 60, size: int = 900 * 1024) -> bytes:
    """Many members each under the member limit, all zeros: only the stream's overall ratio gives it away."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        for i in range(members):
            ti = tarfile.TarInfo(f"z{i:03d}.bin")
            ti.size = size
            tf.addfile(ti, io.BytesIO(b"\0" * size))
        ok = "Салом".encode()
        ti = tarfile.TarInfo("ok.txt")
        ti.size = len(ok)
        tf.addfile(ti, io.BytesIO(ok))
    return buf.getvalue()


def many_members_zip(count: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        for i in range(count):
            zf.writestr(f"m{i:06d}.txt", "Салом")
    return buf.getvalue()


def incompressible(size: int, seed: int = 1) -> bytes:
    """Bytes that do not compress (so only size limits, not the ratio, can refuse them)."""
    import random

    return random.Random(seed).randbytes(size)


__all__ = [
    "MiB",
    "W",
    "declared_tar",
    "docx_members",
    "incompressible",
    "many_members_zip",
    "overlapping_docx",
    "stream_bomb_tar_gz",
    "zeros_docx",
]
