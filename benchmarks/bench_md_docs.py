"""In-process CPU time of converting the Markdown members of the bulk-documents zip.

    python benchmarks/bench_md_docs.py [--repeat 3]

The zip is `benchmarks/data/real-200docs.zip` (built by `bench_bulk_docs.py`). Each round converts every .md
member with `convert_document`, once with `--from uz-Cyrl` and once without a source (the text path decides);
the figure is `time.process_time` of the round, best of `--repeat`. The first round is given on its own too:
it is the one that pays for importing the Markdown rewriter and what it imports (a .txt member is converted
first, so the converter and the detector are loaded already).
"""

from __future__ import annotations

import argparse
import sys
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARCHIVE = HERE / "data" / "real-200docs.zip"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if not ARCHIVE.exists():
        sys.exit(f"{ARCHIVE} is missing: run python benchmarks/bench_bulk_docs.py --repeat 1 first")
    from translit.documents import DocumentOptions, convert_document

    with zipfile.ZipFile(ARCHIVE) as zf:
        members = [(n, zf.read(n)) for n in zf.namelist() if n.endswith(".md")]
        warm = next((n, zf.read(n)) for n in zf.namelist() if n.endswith(".txt"))
    size = sum(len(data) for _, data in members)
    print(f"{len(members)} .md members, {size / 1e6:.2f} MB")
    for source in ("uz-Cyrl", None):
        options = DocumentOptions(target="uz-Latn", source=source)
        convert_document(*warm, options)
        times = []
        for _ in range(args.repeat):
            start = time.process_time()
            for name, data in members:
                convert_document(name, data, options)
            times.append(time.process_time() - start)
        print(f"source={source!s:8} first {times[0]:.3f} s  best of {args.repeat} {min(times):.3f} s")


if __name__ == "__main__":
    main()
