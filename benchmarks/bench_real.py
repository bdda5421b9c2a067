"""The headline benchmark: distinct real Uzbek sentences, translit against its peers, in one run.

Run: python benchmarks/bench_real.py [--repeat 5] [--baseline REV] [--split heldout] [--callgrind]

Input: `benchmarks/corpus.py` (distinct news sentences from the `fitrat` wheel, built on first use; the
held-out half by default). Each measurement runs in a fresh child process, pinned to one core when
`taskset` exists: cold memos, its own peak RSS, CPU time of the conversion call only. Contenders run
interleaved, `--repeat` rounds, and the table gives the median MB/s (UTF-8 input) with the range.

Peers are measured when installed (`pip install uzbek-text-tools alifbe uzbek-latin-cyrillic-converter`,
with `--no-deps` for uzbek-text-tools: its Levenshtein dependency is only for its spell checker). `--baseline
REV` adds this repository's translit at git revision REV (unpacked with `git archive` into benchmarks/data/, its
C word loop compiled there).
The second table is the cost of one short library call. `--callgrind` adds instruction counts (valgrind's
callgrind, one run each: the whole child minus the same child without the conversion call), which machine
load does not move.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

# name -> (direction, module to import, expression building the callable `f` from it)
CONTENDERS: dict[str, tuple[str, str, str]] = {
    "translit": ("c2l", "translit", "m.get_converter('uz-Cyrl', 'uz-Latn').convert"),
    "translit (module convert)": (
        "c2l",
        "translit",
        "lambda t: m.convert(t, to='uz-Latn', source='uz-Cyrl')",
    ),
    "uzbek-text-tools": ("c2l", "uzbek_text_tools.transliterator", "m.transliterate"),
    "alifbe": ("c2l", "alifbe", "lambda t: m.cyrillic_to_latin(t).text"),
    "str.translate (ceiling)": ("c2l", "uzbek_text_tools.transliterator", "_table(m)"),
    "translit L→C": ("l2c", "translit", "m.get_converter('uz-Latn', 'uz-Cyrl').convert"),
    "uzbek-latin-cyrillic-converter": ("l2c", "uzbek_latin_cyrillic_converter.converter", "m.latin_to_cyrillic"),
    "alifbe L→C": ("l2c", "alifbe", "lambda t: m.latin_to_cyrillic(t).text"),
}


#: the contender each direction's paired ratios are taken against
REFERENCE = {"c2l": "translit", "l2c": "translit L→C"}


def _table(m: object) -> object:
    """One `str.translate` pass with uzbek-text-tools' single-letter table: no context, no case."""
    table = str.maketrans({k: v for k, v in m.CYR_TO_LAT.items() if len(k) == 1})  # type: ignore[attr-defined]
    return lambda t: t.translate(table)


def child(name: str, file: str, setup_only: bool = False) -> None:
    _direction, module, expr = CONTENDERS[name.removesuffix(" @baseline")]
    text = Path(file).read_text(encoding="utf-8")
    m = _import(module)
    f = eval(expr, {"m": m, "_table": _table})
    f("Тест")  # compile rule sets etc. before timing (their cost is start-up, measured elsewhere)
    start = time.process_time()
    out = f(text) if not setup_only else ""
    seconds = time.process_time() - start
    assert isinstance(out, str)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "rss": rss, "bytes": len(text.encode("utf-8"))}))


def _import(module: str) -> object:
    """A module by name; a peer's submodule is loaded alone when its package __init__ needs more than it."""
    import importlib
    import importlib.util

    try:
        return importlib.import_module(module)
    except ImportError:
        package, _, name = module.partition(".")
        spec = importlib.util.find_spec(package)
        if spec is None or spec.origin is None or not name:
            raise
        path = Path(spec.origin).parent / f"{name.replace('.', '/')}.py"
        sub = importlib.util.spec_from_file_location(module, path)
        assert sub is not None and sub.loader is not None
        loaded = importlib.util.module_from_spec(sub)
        sub.loader.exec_module(loaded)
        return loaded


def _baseline(rev: str) -> Path:
    target = corpus.DATA / f"rev-{rev}"
    if not target.exists():
        target.mkdir(parents=True)
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", rev, "translit", "rules"], check=True, capture_output=True
        )
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
        source = target / "translit" / "_speedups.c"
        compiler = shutil.which("cc") or shutil.which("gcc")
        if source.exists() and compiler:  # that revision's C word loop, built as hatch_build.py builds it
            include = sysconfig.get_paths()["include"]
            out = source.with_name(f"_speedups{sysconfig.get_config_var('EXT_SUFFIX') or '.so'}")
            cmd = [compiler, "-O2", "-shared", "-fPIC", f"-I{include}", str(source), "-o", str(out)]
            subprocess.run(cmd, check=True)
    return target


def run(name: str, file: Path, pythonpath: Path | None) -> dict[str, float] | None:
    cmd = [sys.executable, __file__, "--child", name, str(file)]
    if shutil.which("taskset"):
        cmd = ["taskset", "-c", "0", *cmd]
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=pythonpath or ROOT)
    if done.returncode != 0:
        return None
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def instructions(name: str, file: Path, pythonpath: Path | None) -> float | None:
    """Instructions of the conversion call alone: callgrind on the child, minus the child without the call."""
    counts = []
    for extra in ([], ["--setup-only"]):
        cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__]
        env = dict(os.environ)
        if pythonpath is not None:
            env["PYTHONPATH"] = str(pythonpath)
        cmd += ["--child", name, str(file), *extra]
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=pythonpath or ROOT)
        found = [line for line in done.stderr.splitlines() if "Collected :" in line]
        if done.returncode != 0 or not found:
            return None
        counts.append(int(found[-1].rsplit(":", 1)[1]))
    return float(counts[0] - counts[1])


def calls() -> None:
    import timeit

    import translit

    conv = translit.get_converter("uz-Cyrl", "uz-Latn")
    print("\n| one short call (`Тошкент`), best of 5 | µs per call |\n|---|---|")
    for label, stmt in (
        ("compiled converter `.convert`", lambda: conv.convert("Тошкент")),
        (
            "`translit.convert(..., source='uz-Cyrl')`",
            lambda: translit.convert("Тошкент", to="uz-Latn", source="uz-Cyrl"),
        ),
        ("`translit.get_converter(...)` lookup", lambda: translit.get_converter("uz-Cyrl", "uz-Latn")),
    ):
        stmt()
        n = 20000
        best = min(timeit.repeat(stmt, number=n, repeat=5)) / n
        print(f"| {label} | {best * 1e6:.2f} |")
    warm_calls(conv)


def warm_calls(conv: object) -> None:
    """Sentence by sentence once the memo knows the words (a column of cells, a long bulk run): the C loop's table
    of words met by earlier calls (`_speedups.WordTable`) against the same converter without it, same run."""
    import time

    from translit.engine import Converter

    assert isinstance(conv, Converter)
    lines = corpus.path("uz-Cyrl", "heldout").read_text("utf-8").splitlines()
    size = sum(len(line.encode()) for line in lines)
    for line in lines:  # the memo learns every word
        conv.convert(line)
    tables = [stage._met for stage in conv.stages]
    variants = {"with the table of words met (now)": tables, "without it (before)": [None] * len(tables)}
    best = dict.fromkeys(variants, float("inf"))
    for _ in range(7):  # interleaved: the machine's speed drifts between rounds
        for label, met in variants.items():
            for stage, table in zip(conv.stages, met, strict=True):
                stage._met = table
            start = time.process_time()
            for line in lines:
                conv.convert(line)
            best[label] = min(best[label], time.process_time() - start)
    print(f"\n| {len(lines)} held-out sentences, one call each, memo warm, best of 7 | µs per call | MB/s |")
    print("|---|---|---|")
    for label, seconds in best.items():
        print(f"| {label} | {seconds / len(lines) * 1e6:.2f} | {size / seconds / 1e6:.1f} |")
    for stage, table in zip(conv.stages, tables, strict=True):
        stage._met = table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--baseline", help="git revision of translit to compare against (e.g. main)")
    parser.add_argument("--split", default="heldout", choices=corpus.SPLITS)
    parser.add_argument("--only", help="comma-separated contender names")
    parser.add_argument("--callgrind", action="store_true", help="also count instructions (valgrind, slow)")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--setup-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child, setup_only=args.setup_only)
        return
    files = {"c2l": corpus.path("uz-Cyrl", args.split), "l2c": corpus.path("uz-Latn", args.split)}
    names = list(CONTENDERS) if not args.only else args.only.split(",")
    jobs: list[tuple[str, Path | None]] = [(n, None) for n in names]
    if args.baseline:
        base = _baseline(args.baseline)
        jobs += [(f"{n} @baseline", base) for n in names if n.startswith("translit")]
    results: dict[str, list[dict[str, float]]] = {label: [] for label, _p in jobs}
    for _round in range(args.repeat):
        for label, pythonpath in jobs:
            direction = CONTENDERS[label.removesuffix(" @baseline")][0]
            got = run(label, files[direction], pythonpath)
            if got is not None:
                results[label].append(got)
    for direction, title in (("c2l", "Cyrillic → Latin"), ("l2c", "Latin → Cyrillic")):
        size = files[direction].stat().st_size
        print(f"\n{title}: {files[direction].name}, {size / 1e6:.2f} MB of distinct sentences, {args.repeat} rounds")
        # translit's speed over each contender's, round by round (the rounds interleave the contenders, so a
        # drift of the machine's speed moves both sides of a round's ratio alike): the median and range
        ours = results.get(REFERENCE[direction], [])
        print(
            "| contender | MB/s median | range | peak RSS MB | translit ÷ this, paired (range) |\n|---|---|---|---|---|"
        )
        for label, _p in jobs:
            if CONTENDERS[label.removesuffix(" @baseline")][0] != direction:
                continue
            runs = results[label]
            if not runs:
                print(f"| {label} | not installed | | | |")
                continue
            speeds = [r["bytes"] / r["seconds"] / 1e6 for r in runs]
            rss = statistics.median(r["rss"] for r in runs)
            paired = ""
            if len(ours) == len(runs) and label != REFERENCE[direction]:
                ratios = [r["seconds"] / o["seconds"] for o, r in zip(ours, runs, strict=True)]
                paired = f"{statistics.median(ratios):.2f} ({min(ratios):.2f}–{max(ratios):.2f})"
            print(
                f"| {label} | {statistics.median(speeds):.1f} | {min(speeds):.1f}–{max(speeds):.1f} | {rss:.0f} |"
                f" {paired} |"
            )
    if args.callgrind and shutil.which("valgrind"):
        print("\n| contender (callgrind, conversion call only) | instructions | per input byte |\n|---|---|---|")
        for label, pythonpath in jobs:
            direction = CONTENDERS[label.removesuffix(" @baseline")][0]
            if not results[label]:
                continue
            count = instructions(label, files[direction], pythonpath)
            if count is not None:
                size = files[direction].stat().st_size
                print(f"| {label} | {count / 1e9:.2f} G | {count / size:.0f} |")
    calls()


if __name__ == "__main__":
    main()
