"""CLI start-up: CPU time and peak memory of `translit convert` on a 1 KB file, against `python -c "import typer"`.

Run: python benchmarks/bench_startup.py [--rounds 7]

Issue 10's goal: without `--from`, at most 2.5x the CPU time of importing typer; with `--from`, at most 2x; peak
memory under 50 MiB. Each round runs every command once, in turn (typer, then each translit command), so that a
drift in the machine's speed touches all of them alike; each figure is the median over the rounds, and each ratio
the median of the per-round ratios against that round's typer. CPU is user + system time of the child process
(`os.wait4`), memory its peak RSS. The inputs are written into the git-ignored benchmarks/data/: the first
1 KB of the Kazinform article (cut at a line end; Uzbek Cyrillic) and a 1 KB mix of UDHR sentences in Uzbek
Cyrillic and Latin, Russian, English and Kazakh. One warm-up round (not counted) fills the caches that
translit writes on first use (py3langid's model in compact form, compiled rule sets).
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from precompile import byte_compile

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"
LIMIT = 1024


def _cut(lines: list[str]) -> str:
    out = ""
    for line in lines:
        if len((out + line).encode("utf-8")) > LIMIT:
            break
        out += line
    return out


def inputs() -> dict[str, Path]:
    DATA.mkdir(parents=True, exist_ok=True)
    cyrl, mixed = DATA / "startup-uz-Cyrl-1KB.txt", DATA / "startup-mixed-1KB.txt"
    article = (ROOT / "corpus" / "kazinform-2025-12-10.uz-Cyrl.txt").read_text(encoding="utf-8")
    cyrl.write_text(_cut(article.splitlines(keepends=True)), encoding="utf-8")
    by_tag: dict[str, list[str]] = {}
    with (ROOT / "corpus" / "multilingual" / "udhr.tsv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["kind"] == "sentence" and len(row["text"]) < 160:
                by_tag.setdefault(row["lang"], []).append(row["text"] + "\n")
    order = ["uz-Cyrl", "ru", "uz-Cyrl", "en", "uz-Latn", "kk-Cyrl", "uz-Cyrl", "ru", "uz-Cyrl", "tg"]
    taken: dict[str, int] = {}
    lines = []
    for tag in order * 3:  # each sentence once
        lines.append(by_tag[tag][taken.get(tag, 0)])
        taken[tag] = taken.get(tag, 0) + 1
    mixed.write_text(_cut(lines), encoding="utf-8")
    return {"uz-Cyrl": cyrl, "mixed": mixed}


def _translit() -> list[str]:
    script = shutil.which("translit", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "translit"]


def run(command: list[str]) -> tuple[float, float]:
    """(CPU seconds, peak RSS in MiB) of one run of `command`, its output thrown away."""
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {child.stderr.read().decode() if child.stderr else ''}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    options = parser.parse_args()
    byte_compile()
    files = inputs()
    commands: list[tuple[str, list[str]]] = [("python -c 'import typer'", [sys.executable, "-c", "import typer"])]
    for name, path in files.items():
        for extra in ([], ["--from", "uz-Cyrl"]):
            label = f"translit convert {name}-1KB --to uz-Latn {' '.join(extra)}".strip()
            commands.append((label, [*_translit(), "convert", str(path), "--to", "uz-Latn", *extra]))
    for _label, command in commands:  # warm-up: caches written, files in the page cache
        run(command)
    figures: dict[str, list[tuple[float, float]]] = {label: [] for label, _ in commands}
    for _ in range(options.rounds):
        for label, command in commands:
            figures[label].append(run(command))
    typer = [cpu for cpu, _rss in figures[commands[0][0]]]
    print(f"{options.rounds} rounds, medians (min–max); ratio = CPU / typer's CPU in the same round")
    print(f"{'command':<58} {'CPU s':>18} {'ratio':>16} {'peak MiB':>9}")
    for label, _ in commands:
        cpu = [c for c, _m in figures[label]]
        rss = [m for _c, m in figures[label]]
        ratios = [c / t for c, t in zip(cpu, typer, strict=True)]
        print(
            f"{label:<58} {statistics.median(cpu):6.3f} ({min(cpu):.3f}–{max(cpu):.3f})"
            f" {statistics.median(ratios):5.2f} ({min(ratios):.2f}–{max(ratios):.2f}) {statistics.median(rss):9.1f}"
        )


if __name__ == "__main__":
    main()
