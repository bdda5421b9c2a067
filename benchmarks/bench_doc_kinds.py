"""Each format's own cost: its documents converted whole, against their text units converted as text, in process.

    python benchmarks/bench_doc_kinds.py [--from uz-Cyrl] [--repeat 5]

Uses the zip of `bench_bulk_docs.py` (built there first if missing). For each kind (txt, md, html, srt, csv, json,
docx) it times `convert_document` on that kind's members, and a `TextPath` per document over the same units
(`translit.documents.document_text`), best of `--repeat` interleaved rounds, CPU time, the judge's cache cleared
before each side (else the second side would find the first side's verdicts). The difference is what the format
adds over its text: parsing, cutting runs back, writing, its own zip for docx. The whole-command figures, with
imports and the archive itself, are `bench_bulk_docs.py`'s; this one says where within them the formats stand.
Differences of a few ms are within this shared machine's noise: run it twice.
"""

from __future__ import annotations

import argparse
import sys
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_bulk_docs import KINDS, build  # noqa: E402
from precompile import byte_compile  # noqa: E402

from translit.documents import DocumentOptions, convert_document, document_text  # noqa: E402
from translit.text import judge  # noqa: E402
from translit.text.path import TextOptions, TextPath  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--from", dest="source", default=None)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    byte_compile()
    archive, _text, _size = build(200)
    with zipfile.ZipFile(archive) as zf:
        members = [(info.filename, zf.read(info)) for info in zf.infolist()]
    options = DocumentOptions(target="uz-Latn", source=args.source)
    text_options = TextOptions(target="uz-Latn", source=args.source)
    by_kind = {kind: [(n, d) for n, d in members if n.endswith("." + kind)] for kind in KINDS}
    units = {kind: [document_text(n, d, options) for n, d in docs] for kind, docs in by_kind.items()}
    for name, data in members:  # warm: rule sets, model, imports
        convert_document(name, data, options)
    best_doc = dict.fromkeys(KINDS, float("inf"))
    best_text = dict.fromkeys(KINDS, float("inf"))
    for _ in range(args.repeat):
        for kind in KINDS:
            judge.clear_cache()
            start = time.process_time()
            for name, data in by_kind[kind]:
                convert_document(name, data, options)
            best_doc[kind] = min(best_doc[kind], time.process_time() - start)
            judge.clear_cache()
            start = time.process_time()
            for text in units[kind]:
                TextPath(text_options).convert(text)
            best_text[kind] = min(best_text[kind], time.process_time() - start)
    print(f"source {args.source or '(none: the text path decides)'}; best of {args.repeat}, CPU ms")
    print(f"{'kind':6} {'docs':>4} {'documents':>10} {'their text':>11} {'format adds':>12}")
    total = 0.0
    for kind in KINDS:
        over = best_doc[kind] - best_text[kind]
        total += over
        doc_ms, text_ms = best_doc[kind] * 1e3, best_text[kind] * 1e3
        print(f"{kind:6} {len(by_kind[kind]):4} {doc_ms:10.1f} {text_ms:11.1f} {over * 1e3:12.1f}")
    print(f"{'all':6} {len(members):4} {'':10} {'':11} {total * 1e3:12.1f}")


if __name__ == "__main__":
    main()
