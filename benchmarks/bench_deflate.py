"""zlib against zlib-ng on the bytes a bulk run deflates and inflates: time and size, the same level.

    python benchmarks/bench_deflate.py [--repeat 5]

The members are those of `bench_bulk_docs.py`'s zip converted to Latin (its output, made first if missing: run
that script once) and of `bench_bulk.py`'s 105 MB archive when it exists. Each is deflated as a zip member is
(raw deflate, zipfile's default level) by `zlib` and by `zlib_ng` (what `translit.archives._deflate` uses), and
inflated back; best of `--repeat`, CPU time.
"""

from __future__ import annotations

import argparse
import sys
import time
import zipfile
import zlib
from pathlib import Path

from zlib_ng import zlib_ng

DATA = Path(__file__).resolve().parent / "data"


def deflate(module: object, data: list[bytes]) -> tuple[float, list[bytes]]:
    start = time.process_time()
    out = []
    for member in data:
        c = module.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)  # type: ignore[attr-defined]
        out.append(c.compress(member) + c.flush())
    return time.process_time() - start, out


def inflate(module: object, data: list[bytes]) -> float:
    start = time.process_time()
    for member in data:
        module.decompressobj(-15).decompress(member)  # type: ignore[attr-defined]
    return time.process_time() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    found = [p for p in (DATA / "out-real-200docs-j1.zip", DATA / "out-mixed-100mb-j1.zip") if p.exists()]
    if not found:
        sys.exit("no output zip yet: run benchmarks/bench_bulk_docs.py first")
    for path in found:
        with zipfile.ZipFile(path) as zf:
            data = [zf.read(info) for info in zf.infolist() if not info.is_dir()]
        print(f"{path.name}: {len(data)} members, {sum(map(len, data)) / 1e6:.1f} MB")
        for name, module in (("zlib", zlib), ("zlib-ng", zlib_ng)):
            best_d = best_i = float("inf")
            size = 0
            for _ in range(args.repeat):
                seconds, packed = deflate(module, data)
                best_d = min(best_d, seconds)
                best_i = min(best_i, inflate(module, packed))
                size = sum(map(len, packed))
            print(f"  {name:8} deflate {best_d * 1e3:8.1f} ms  inflate {best_i * 1e3:7.1f} ms  {size / 1e6:8.3f} MB")


if __name__ == "__main__":
    main()
