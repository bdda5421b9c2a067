"""Cyrillic → Latin throughput and peak memory, whole-string and streaming.

Run: python benchmarks/bench_convert.py [--mb 50] [--pair uz-Cyrl:uz-Latn]
Each measurement runs in a fresh child process so that its peak RSS is its own. Inputs are built from the
corpus (running text, repeated) and from all-distinct dictionary-like words (the memo's worst case).
MB means megabytes of UTF-8 input. The `str.translate` line is the ceiling: one table pass, no context.
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"


def running_text(megabytes: int) -> Path:
    path = DATA / f"running-{megabytes}MB.txt"
    if not path.exists():
        parts = [(ROOT / "corpus" / "kazinform-2025-12-10.uz-Cyrl.txt").read_text(encoding="utf-8")]
        for name in ("udhr.tsv", "cldr_uz.tsv", "uzbekistan_pkg_names.tsv"):
            for line in (ROOT / "corpus" / "dev" / name).read_text(encoding="utf-8").splitlines():
                parts.append(line.split("\t")[1])
        block = "\n".join(parts) + "\n"
        _write_repeated(path, block, megabytes)
    return path


def distinct_words(megabytes: int) -> Path:
    """Every word different: syllables combined in order, like a dictionary dump."""
    path = DATA / f"distinct-{megabytes}MB.txt"
    if not path.exists():
        onsets = ["", "б", "в", "г", "д", "ж", "з", "й", "к", "л", "м", "н", "п", "р", "с", "т", "ф", "х", "ц", "ч"]
        onsets += ["ш", "қ", "ғ", "ҳ"]
        vowels = ["а", "е", "ё", "и", "о", "у", "ў", "э", "ю", "я"]
        codas = ["", "н", "р", "л", "ш", "қ", "т", "нг", "ъ", "ь", "с"]
        syllables = [o + v + c for o in onsets for v in vowels for c in codas]
        target = megabytes * 1_000_000
        size = 0
        DATA.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as out:
            for a, b, c in itertools.product(syllables, repeat=3):
                line = f"{a}{b}{c}лар "
                out.write(line)
                size += len(line.encode())
                if size >= target:
                    break
    return path


def mixed_text(megabytes: int, novel_share: float = 0.03) -> Path:
    """Corpus words in random order, with a share of never-seen words: repeats like real text, not verbatim.

    Verbatim repetition (running_text) lets whole chunks hit the memo; real archives repeat words, not
    sentences, and keep meeting new word forms (names, rare inflections) — this input models that.
    """
    import random

    path = DATA / f"mixed-{megabytes}MB.txt"
    if not path.exists():
        rng = random.Random(2026)
        tokens = running_text(1).read_text(encoding="utf-8").split()
        novel = distinct_words(megabytes).read_text(encoding="utf-8").split()
        target = megabytes * 1_000_000
        size = 0
        line: list[str] = []
        with path.open("w", encoding="utf-8") as out:
            while size < target:
                word = novel.pop() if rng.random() < novel_share else rng.choice(tokens)
                line.append(word)
                if len(line) == 14:
                    text = " ".join(line) + "\n"
                    out.write(text)
                    size += len(text.encode())
                    line = []
    return path


def _write_repeated(path: Path, block: str, megabytes: int) -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    unit = len(block.encode())
    with path.open("w", encoding="utf-8") as out:
        for _ in range(megabytes * 1_000_000 // unit + 1):
            out.write(block)


def child(mode: str, path: str, pair: str) -> None:
    import translit

    source, target = pair.split(":")
    conv = translit.get_converter(source, target)
    size = Path(path).stat().st_size
    if mode == "stream":
        start = time.perf_counter()
        with open(path, encoding="utf-8", newline="") as src, open("/dev/null", "w", encoding="utf-8") as dst:
            conv.convert_stream(src, dst)
        seconds = time.perf_counter() - start
    else:
        text = Path(path).read_text(encoding="utf-8")
        if mode == "translate":
            table = conv.stages[0].compiled.table
            start = time.perf_counter()
            text.translate(table)
        else:
            start = time.perf_counter()
            conv.convert(text)
        seconds = time.perf_counter() - start
    peak_mb = _peak_rss_mb()
    print(json.dumps({"mb_per_s": size / 1e6 / seconds, "seconds": seconds, "peak_mb": peak_mb, "size_mb": size / 1e6}))


def _peak_rss_mb() -> float:
    """VmHWM of this process (ru_maxrss would carry over the parent's peak across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(mode: str, path: Path, pair: str) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(path), "--pair", pair],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=int, default=50)
    parser.add_argument("--pair", default="uz-Cyrl:uz-Latn")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PATH"))
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], args.pair)
        return
    print(f"pair {args.pair}; one core; MB = megabytes of UTF-8 input")
    print(f"{'input':<31} {'mode':<11} {'MB':>6} {'MB/s':>7} {'peak RSS MB':>12}")
    for label, path in (
        ("corpus repeated verbatim", running_text(args.mb)),
        ("corpus words shuffled +3% new", mixed_text(args.mb)),
        ("all-distinct words", distinct_words(args.mb)),
        ("shuffled +3% new (1/5 size)", mixed_text(max(1, args.mb // 5))),
    ):
        modes = ("translate", "whole", "stream") if "1/5" not in label else ("stream",)
        for mode in modes:
            r = measure(mode, path, args.pair)
            print(f"{label:<31} {mode:<11} {r['size_mb']:>6.1f} {r['mb_per_s']:>7.1f} {r['peak_mb']:>12.1f}")


if __name__ == "__main__":
    main()
