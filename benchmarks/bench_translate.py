"""Translation throughput: sentences/s on a model, cache-hit throughput, and our layer's overhead over ctranslate2.

Run: python benchmarks/bench_translate.py [--model DIR] [--copies 10] [--repeats 5] [--beam 4]

Without --model it builds the tiny NLLB-shaped test model (random weights: speed depends on shapes, and the tiny
model is the worst case for our overhead, since its own compute is smallest). Input: the Uzbek Latin article,
its sentences made distinct by a counter (so neither path can skip duplicates), `--copies` times over.

* direct      : the NLLB protocol written straight on ctranslate2 + sentencepiece (encode, translate_batch with
                the same options, decode) - the floor;
* ours        : translate_document(text, ...) without cache: segmentation, script handling, de-duplication,
                the backend, alignment - what a user runs;
* cache hits  : translate_document again, every sentence answered by the SQLite cache (no model call).

Both timed paths produce identical translations (checked). Times are the median of --repeats runs, alternated.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translit.segment import split_sentences  # noqa: E402
from translit.translate import TranslationCache, translate_document  # noqa: E402
from translit.translate.ct2 import CTranslate2Backend  # noqa: E402
from translit.translate.tinymodel import build_tiny_nllb  # noqa: E402


def build_text(copies: int) -> tuple[str, list[str]]:
    article = (ROOT / "corpus" / "kazinform-2025-12-10.uz-Latn.txt").read_text(encoding="utf-8")
    base = [s.text for s in split_sentences(article, "uz-Latn")]
    sentences = [f"{n} {s}" for n in range(copies) for s in base]
    return "\n".join(sentences) + "\n", sentences


def direct(model_dir: Path, sentences: list[str], beam: int, threads: int) -> tuple[float, list[str]]:
    import ctranslate2
    import sentencepiece as spm

    translator = ctranslate2.Translator(str(model_dir), device="cpu", compute_type="int8", intra_threads=threads)
    sp = spm.SentencePieceProcessor(model_file=str(model_dir / "sentencepiece.bpe.model"))
    start = time.perf_counter()
    batch = [["uzn_Latn", *sp.encode(s, out_type=str), "</s>"] for s in sentences]
    results = translator.translate_batch(
        batch,
        target_prefix=[["eng_Latn"]] * len(batch),
        beam_size=beam,
        max_batch_size=16,
        batch_type="examples",
        max_decoding_length=256,
    )
    out = [sp.decode(r.hypotheses[0][1:]) for r in results]
    return time.perf_counter() - start, out


def ours(model_dir: Path, text: str, beam: int, threads: int, cache: TranslationCache | None) -> tuple[float, list]:
    backend = CTranslate2Backend(model_dir, beam_size=beam, threads=threads)
    backend._load()  # load outside the timing, as `direct` does
    start = time.perf_counter()
    rows = translate_document(text, "uz-Latn", ["en"], backend=backend, cache=cache)
    return time.perf_counter() - start, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, help="a CTranslate2 NLLB model directory (default: the tiny one)")
    parser.add_argument("--copies", type=int, default=10, help="copies of the 21-sentence article")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--threads", type=int, default=0, help="ctranslate2 intra_threads (0 = all cores)")
    parser.add_argument(
        "--eos-bias",
        type=float,
        default=2.0,
        help="tiny model only: a higher value stops decoding sooner (4 = one-token outputs: the model's work is "
        "smallest, so our overhead is largest)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-translate-") as tmp:
        model_dir = args.model or build_tiny_nllb(Path(tmp) / "tiny-nllb", eos_bias=args.eos_bias)
        text, sentences = build_text(args.copies)
        n = len(sentences)
        print(f"model: {model_dir.name}  sentences: {n}  beam: {args.beam}  threads: {args.threads or 'all'}")

        direct_times, our_times = [], []
        for _ in range(args.repeats):
            t_direct, expected = direct(model_dir, sentences, args.beam, args.threads)
            t_ours, rows = ours(model_dir, text, args.beam, args.threads, None)
            if [r.translations["en"] for r in rows] != expected:
                raise SystemExit("error: our layer and the direct call disagree")
            direct_times.append(t_direct)
            our_times.append(t_ours)
        d, o = statistics.median(direct_times), statistics.median(our_times)
        print(f"direct ctranslate2    : {n / d:9.1f} sentences/s  ({d * 1000:.1f} ms)")
        print(f"translate_document    : {n / o:9.1f} sentences/s  ({o * 1000:.1f} ms)")
        print(f"overhead of our layer : {100 * (o - d) / d:+.1f} %  (target < 10 %)")

        cache_path = Path(tmp) / "cache.sqlite3"
        with TranslationCache(cache_path) as cache:
            t_fill, _ = ours(model_dir, text, args.beam, args.threads, cache)
            hit_times = []
            for _ in range(args.repeats):
                t_hit, rows = ours(model_dir, text, args.beam, args.threads, cache)
                hit_times.append(t_hit)
            h = statistics.median(hit_times)
            print(f"first run, filling the cache : {n / t_fill:9.1f} sentences/s")
            print(f"cache hits                   : {n / h:9.1f} sentences/s  ({h * 1000:.1f} ms, {cache.hits} hits)")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS: {peak:.0f} MB")


if __name__ == "__main__":
    main()
