"""Latin → Cyrillic speed (MB/s of UTF-8 input) and peak memory, on one core.

Inputs, all real Uzbek Latin words:
  article:  the reference news article (corpus/kazinform-2025-12-10.uz-Latn.txt) repeated to --mb MB;
            the memo is warm after the first copy, so this is the ceiling for repetitive archives.
  zipf:     --mb MB of words drawn by their real frequencies from the word-frequency table of the
            `uzbek-text-tools` package (513k Uzbek Latin words counted on Uzbek Wikipedia, MIT), 12 words
            a line with commas and full stops: realistic repetition, thousands of distinct words.
            Skipped, with a note, when that package is not installed (pip install uzbek-text-tools).
  wordlist: the held-out word list converted to Latin, every word once: each word is a memo miss.
Every timed run starts with cold memos. Peak memory (tracemalloc, a separate untimed run) is for
`convert_stream` from a file to a file, the way the CLI converts large inputs.
Usage: python benchmarks/bench_latin_cyrillic.py [--mb 20] [--repeat 3]   (run it under `taskset -c 0`)
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translit.engine import Converter  # noqa: E402
from translit.registry import get_converter  # noqa: E402


def article_text(mb: float) -> str:
    base = (ROOT / "corpus" / "kazinform-2025-12-10.uz-Latn.txt").read_text(encoding="utf-8")
    return base * max(1, int(mb * 1e6 / len(base.encode())))


def zipf_text(mb: float) -> str | None:
    try:
        from importlib.resources import files

        table = json.loads((files("uzbek_text_tools") / "data" / "word_freq.json").read_text(encoding="utf-8"))
    except (ImportError, FileNotFoundError):
        return None
    words = list(table)
    cum = list(itertools.accumulate(table.values()))
    rng = random.Random(0)
    lines, size = [], 0
    while size < mb * 1e6:
        line = rng.choices(words, cum_weights=cum, k=12)
        line[0] = line[0].capitalize()
        text = " ".join(line[:6]) + ", " + " ".join(line[6:]) + ".\n"
        lines.append(text)
        size += len(text.encode())
    return "".join(lines)


def wordlist_text() -> str:
    path = ROOT / "corpus" / "wordlists" / "uz-Cyrl.heldout.txt"
    words = [w for w in path.read_text(encoding="utf-8").splitlines() if w and not w.startswith("#")]
    to_latin = get_converter("uz-Cyrl", "uz-Latn")
    latin = [to_latin.convert_word(w) for w in words]
    random.Random(0).shuffle(latin)
    return "\n".join(" ".join(latin[i : i + 12]) for i in range(0, len(latin), 12)) + "\n"


def _cold(conv: Converter) -> None:
    for stage in conv.stages:
        for memo in ("_memo", "_chunks"):
            getattr(stage, memo, {}).clear()


def bench(name: str, text: str, repeat: int) -> None:
    conv = get_converter("uz-Latn", "uz-Cyrl")
    size_mb = len(text.encode()) / 1e6
    best = float("inf")
    for _ in range(repeat):
        _cold(conv)
        start = time.perf_counter()
        conv.convert(text)
        best = min(best, time.perf_counter() - start)
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "in.txt", Path(tmp) / "out.txt"
        src.write_text(text, encoding="utf-8")
        _cold(conv)
        tracemalloc.start()
        with src.open(encoding="utf-8", newline="") as fin, dst.open("w", encoding="utf-8", newline="") as fout:
            conv.convert_stream(fin, fout)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(
        f"{name:9s} {size_mb:7.2f} MB  {size_mb / best:6.1f} MB/s (best of {repeat})  "
        f"peak {peak / 1e6:5.1f} MB streaming file to file"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=20.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    get_converter("uz-Latn", "uz-Cyrl")  # compile outside the timing
    bench("article", article_text(args.mb), args.repeat)
    zipf = zipf_text(args.mb)
    if zipf is None:
        print("zipf      skipped: pip install uzbek-text-tools for the word-frequency table")
    else:
        bench("zipf", zipf, args.repeat)
    bench("wordlist", wordlist_text(), args.repeat)


if __name__ == "__main__":
    main()
