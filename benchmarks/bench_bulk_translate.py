"""`translit convert ... --translate`: what the side-by-side files add to a bulk run, with --jobs 1 and 2.

Run: python benchmarks/bench_bulk_translate.py [--model DIR] [--docs 120] [--copies 1] [--threads N]

Without --model it builds the tiny NLLB-shaped test model (random weights, so the figures show our layer's cost
and the parallel speed-up, not a real model's: a real NLLB-600M int8 spends ~0.6 s per sentence here).
Input: a folder of --docs documents (txt, md, html, docx in turn), each holding a slice of the Uzbek Cyrillic
article with its sentences numbered so that no two documents share one (the cache cannot help a cold run).

Measured, each in a fresh output folder and (for cold runs) a fresh cache:
* convert only           : the bulk job without --translate;
* --translate, cold      : every sentence goes to the model (en and kk);
* --translate, warm      : the same job again: every sentence comes from the SQLite cache.
Prints wall time, documents/s, sentences/s and this process's peak RSS (workers are separate processes).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from bulk_fixtures import docx  # noqa: E402

from translit.bulk import BulkOptions, BulkResult, TranslateOptions, run  # noqa: E402
from translit.documents import DocumentOptions  # noqa: E402
from translit.segment import split_sentences  # noqa: E402
from translit.translate.tinymodel import build_tiny_nllb  # noqa: E402


def build_docs(folder: Path, docs: int, copies: int) -> int:
    article = (ROOT / "corpus" / "kazinform-2025-12-10.uz-Cyrl.txt").read_text(encoding="utf-8")
    base = [s.text for s in split_sentences(article, "uz-Cyrl")] * copies
    per = max(1, len(base) // 4)
    folder.mkdir(parents=True)
    total = 0
    for n in range(docs):
        start = (n * per) % len(base)
        chunk = [f"{n}/{i} {s}" for i, s in enumerate(base[start : start + per])]
        total += len(chunk)
        kind = n % 4
        if kind == 0:
            (folder / f"d{n:04}.txt").write_text("\n".join(chunk) + "\n", encoding="utf-8")
        elif kind == 1:
            (folder / f"d{n:04}.md").write_text("# Сарлавҳа\n\n" + "\n\n".join(chunk) + "\n", encoding="utf-8")
            total += 1
        elif kind == 2:
            body = "".join(f"<p>{s}</p>" for s in chunk)
            (folder / f"d{n:04}.html").write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
        else:
            body = "".join(f"<w:p><w:r><w:t>{s}</w:t></w:r></w:p>" for s in chunk)
            (folder / f"d{n:04}.docx").write_bytes(docx(body))
    return total


def timed(src: Path, out: Path, options: BulkOptions) -> tuple[float, BulkResult]:
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    result = run([src], out, options)
    seconds = time.perf_counter() - start
    if result.exit_code:
        raise SystemExit(f"failures: {result.failures[:3]}")
    return seconds, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, help="a CTranslate2 NLLB model directory (default: the tiny one)")
    parser.add_argument("--docs", type=int, default=120)
    parser.add_argument("--copies", type=int, default=1, help="repeat the article this many times per slice")
    parser.add_argument("--threads", type=int, default=0, help="model threads per worker (0: cores / jobs)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-bulk-translate-") as tmp_name:
        tmp = Path(tmp_name)
        model = args.model or build_tiny_nllb(tmp / "tiny")
        sentences = build_docs(tmp / "in", args.docs, args.copies)
        print(f"{args.docs} documents, {sentences} sentences, targets en,kk, model {model.name}")
        print(f"{'run':<28} {'jobs':>4} {'wall s':>8} {'docs/s':>8} {'sent/s':>8}  model / cache")
        doc = DocumentOptions(target="uz-Latn")
        for jobs in (1, 2):
            plain = BulkOptions(document=doc, jobs=jobs, progress=False)
            seconds, _ = timed(tmp / "in", tmp / "out", plain)
            print(f"{'convert only':<28} {jobs:>4} {seconds:>8.2f} {args.docs / seconds:>8.1f} {'-':>8}")
            cache = tmp / f"cache-{jobs}.sqlite3"
            translate = TranslateOptions(
                ("en", "kk"), model=str(model), fmt="html", cache=str(cache), threads=args.threads
            )
            opts = BulkOptions(document=doc, jobs=jobs, progress=False, translate=translate)
            for label in ("--translate, cold cache", "--translate, warm cache"):
                seconds, result = timed(tmp / "in", tmp / "out", opts)
                t = result.translation() or {}
                print(
                    f"{label:<28} {jobs:>4} {seconds:>8.2f} {args.docs / seconds:>8.1f} "
                    f"{t.get('sentences', 0) / seconds:>8.1f}  {t.get('translated')} / {t.get('from_cache')}"
                )
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS of this process: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
