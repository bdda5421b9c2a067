"""Per-document overhead: 200 documents of distinct real sentences in a zip, against their text as one .txt.

    python benchmarks/bench_bulk_docs.py [--docs 200] [--repeat 3] [--instructions]

The held-out Uzbek Cyrillic sentences of `benchmarks/corpus.py` (never repeated) are cut into `--docs` documents of
seven formats (txt, md, html, srt, csv, json, docx; see `bench_bulk.render`), zipped; their text makes one .txt:
every text unit the rewriters hand to the converter (`translit.documents.document_text`: paragraphs, cells, cues,
strings, headings, titles), one per line, in document order. (Until 2026-12-02 the .txt held only the paragraphs the
documents were made from, without the headings and titles the formats add: 1.3 % less text, and the short units that
most often need the model.) Each run is a fresh `translit convert … --to uz-Latn` (no `--from`: the text path
decides, as a user's run would). Runs are interleaved, `--repeat` rounds; the table gives medians (with the range)
of wall time and of CPU seconds over the whole process tree, and the peak resident memory of the main process and of
the largest worker. The zip/.txt ratio is the overhead of formats and archives (parsing, writing, compression, one
task per member); `--jobs 2` on the zip shows how far a second worker takes it, and the runs with `--from uz-Cyrl`
show the same without the text path's decisions.

On this shared machine single rounds spread by ±15–40 %, more than most changes move the ratio. `--instructions`
adds the one figure that does not: each of the two `--jobs 1` runs once under valgrind's callgrind (when valgrind
is installed), and the ratio of the instructions they execute. It leaves out what the zip's extra work costs in
time beyond its instructions (cache misses: lxml trees, a deflate state per member), so the time ratio sits above
it, by about 0.1 on the 2026-12 machines.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_bulk import DATA, ROOT, render, run  # noqa: E402
from precompile import byte_compile  # noqa: E402

import corpus  # noqa: E402
from translit.documents import DocumentOptions, document_text  # noqa: E402

KINDS = ("txt", "md", "html", "srt", "csv", "json", "docx")


def build(docs: int) -> tuple[Path, Path, int]:
    """The zip of `docs` documents and the one .txt of the same paragraphs; the text's size in bytes."""
    lines = corpus.path("uz-Cyrl", "heldout").read_text("utf-8").splitlines()
    paras = [" ".join(lines[i : i + 3]) for i in range(0, len(lines), 3)]
    per = -(-len(paras) // docs)
    archive, text = DATA / f"real-{docs}docs.zip", DATA / f"real-{docs}docs-units.txt"
    if not archive.exists() or not text.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        units: list[str] = []
        options = DocumentOptions(target="uz-Latn")
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            for i in range(docs):
                kind = KINDS[i % len(KINDS)]
                name, data = f"docs/doc{i:03}.{kind}", render(kind, paras[i * per : (i + 1) * per])
                zf.writestr(name, data)
                units.append(document_text(name, data, options))
        text.write_text("\n".join(units) + "\n", encoding="utf-8")
    return archive, text, len(text.read_bytes())


def instructions(path: Path) -> int:
    """The instructions one `translit convert PATH --to uz-Latn --jobs 1` executes (callgrind's count: the same
    from run to run, whatever else the machine is doing)."""
    out = DATA / f"out-instructions{path.suffix}"
    out.unlink(missing_ok=True)
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-m", "translit"]
    cmd += ["convert", str(path), "-o", str(out), "--jobs", "1", "--to", "uz-Latn"]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise SystemExit(f"callgrind printed no count: {done.stderr[-500:]}")
    return int(found.group(1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--instructions", action="store_true", help="also count instructions with callgrind")
    args = ap.parse_args()
    byte_compile()
    archive, text, size = build(args.docs)
    given = ("--from", "uz-Cyrl")
    runs = {
        "one .txt, --jobs 1": (text, 1, ()),
        "zip, --jobs 1": (archive, 1, ()),
        "zip, --jobs 2": (archive, 2, ()),
        "one .txt, --from": (text, 1, given),
        "zip, --from": (archive, 1, given),
    }
    got: dict[str, list[tuple[float, float, float, float, float]]] = {name: [] for name in runs}
    for _ in range(args.repeat):
        for name, (path, jobs, extra) in runs.items():
            got[name].append(run(path, jobs, extra))
    print(f"{args.docs} documents, {size / 1e6:.2f} MB of text; medians of {args.repeat} interleaved rounds")
    print("ratios: the median of each round's own ratio to the .txt run of the same round (paired, as the machine's")
    print("speed drifts between rounds), with their range")
    print(f"{'run':20} {'wall s':>16} {'CPU s (all)':>16} {'MB/s':>6} {'peak MiB main/worker':>22}")
    base: list[tuple[float, float, float, float, float]] = []
    for name, rows in got.items():
        walls = [r[0] for r in rows]
        cpus = [r[3] + r[4] for r in rows]
        wall, cpu = statistics.median(walls), statistics.median(cpus)
        if name.startswith("one .txt"):  # each group is compared with the .txt run before it
            base = rows
        wall_ratios = [r[0] / b[0] for r, b in zip(rows, base, strict=True)]
        cpu_ratios = [(r[3] + r[4]) / (b[3] + b[4]) for r, b in zip(rows, base, strict=True)]
        main_rss = max(r[1] for r in rows)
        worker_rss = max(r[2] for r in rows)
        print(
            f"{name:20} {wall:6.2f} ({min(walls):.2f}–{max(walls):.2f}) {cpu:6.2f} ({min(cpus):.2f}–{max(cpus):.2f})"
            f" {size / 1e6 / wall:6.2f} {main_rss:10.0f} / {worker_rss:4.0f}"
            f"   ×{statistics.median(wall_ratios):.2f} wall ({min(wall_ratios):.2f}–{max(wall_ratios):.2f}),"
            f" ×{statistics.median(cpu_ratios):.2f} CPU ({min(cpu_ratios):.2f}–{max(cpu_ratios):.2f}) of the .txt"
        )

    if args.instructions:
        if shutil.which("valgrind") is None:
            raise SystemExit("--instructions needs valgrind (Debian: apt install valgrind)")
        txt, zipped = instructions(text), instructions(archive)
        print(f"instructions (callgrind, one run each): .txt {txt / 1e9:.3f} G, zip {zipped / 1e9:.3f} G,")
        print(f"×{zipped / txt:.3f} of the .txt")


if __name__ == "__main__":
    main()
