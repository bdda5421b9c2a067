"""How well does `translit.convert` without `source=` decide what to convert? Measured on real multilingual text.

Not a unit test: it prints figures to tune against (issue 8). The data is corpus/multilingual/ (UDHR and Debian
gettext strings in 24 language tags; see its README).

For each target (``--to uz-Latn``, ``--to uz-Cyrl`` or both):

* **documents**: for every base Uzbek script that converts to the target (uz-Cyrl for uz-Latn; uz-Latn and
  uz-Latn-2026 for uz-Cyrl) and every other tag ("guest"), documents of 20 base lines with 10 guest lines
  interleaved at seeded random places, one unit per line. Each is converted with ``translit.convert(doc, to=T)``.
* **alone**: every line as its own input.

A line is right when it equals ``translit.convert(line, to=T, source=its_tag)`` for an Uzbek tag (converted, or
kept where its tag is the target) and when it is byte-identical to the input for every other language (left
alone: Kazakh too, under uz-Latn). A run that raises counts as failed and all its lines as wrong. The detector
comparison scores single lines by the decision they imply: convert as uz-Cyrl, uz-Latn, uz-Latn-2026 or kk-Cyrl,
or leave alone.

Only ``translit.convert(text, to=, source=, detector=)`` and ``translit.detect_script`` are used, so the script
survives a rewrite of the internals. ``--detector langdetect`` measures the optional detector beside the default.

    python benchmarks/bench_detection.py                       # both targets, all lines, all detectors
    python benchmarks/bench_detection.py --to uz-Latn --limit 50 --json /tmp/detection.json
"""

from __future__ import annotations

import argparse
import csv
import importlib
import json
import random
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import translit

DATA = Path(__file__).resolve().parent.parent / "corpus" / "multilingual"
FILES = {"udhr": DATA / "udhr.tsv", "gettext": DATA / "gettext" / "gettext.tsv"}
KINDS = ("phrase", "sentence", "paragraph")
UZBEK = ("uz-Cyrl", "uz-Latn", "uz-Latn-2026")
BASES = {"uz-Latn": ("uz-Cyrl",), "uz-Cyrl": ("uz-Latn", "uz-Latn-2026")}
CONVERTED = (*UZBEK, "kk-Cyrl")  # the decisions that mean "convert"; anything else means "leave alone"
BASE_LINES, GUEST_LINES = 20, 10
_CYRL = re.compile(r"[\u0400-\u04ff]")
_LATN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_UZ_2026 = re.compile(r"[şçğŞÇĞöÖ]")


@dataclass(frozen=True)
class Row:
    """One line of the data set."""

    id: str
    lang: str
    kind: str
    text: str
    origin: str  # "udhr" or "gettext": py3langid was trained on Debian i18n, so its gettext figures flatter it


@dataclass
class Tally:
    """Right / total per kind, and failed runs, for one language in one mode."""

    right: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    total: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    runs: int = 0
    failed: int = 0

    def add(self, kind: str, ok: bool) -> None:
        self.total[kind] += 1
        self.right[kind] += ok

    def share(self, kind: str | None = None) -> float | None:
        """Percentage right for one kind, or over all kinds; None when there were no lines."""
        kinds = KINDS if kind is None else (kind,)
        total = sum(self.total[k] for k in kinds)
        return None if total == 0 else 100.0 * sum(self.right[k] for k in kinds) / total

    def as_json(self) -> dict[str, Any]:
        return {
            "right": dict(self.right),
            "total": dict(self.total),
            "runs": self.runs,
            "failed_runs": self.failed,
            "share": {k: self.share(k) for k in KINDS if self.total[k]} | {"all": self.share()},
        }


def load(limit: int | None, origins: tuple[str, ...] = tuple(FILES)) -> dict[str, list[Row]]:
    """Rows per tag, at most `limit` per tag and kind (taken in file order, which is hash order: unbiased)."""
    by_tag: dict[str, list[Row]] = defaultdict(list)
    taken: dict[tuple[str, str], int] = defaultdict(int)
    for origin in origins:
        path = FILES[origin]
        with path.open(encoding="utf-8", newline="") as fh:
            for rec in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                key = (rec["lang"], rec["kind"])
                if limit is not None and taken[key] >= limit:
                    continue
                taken[key] += 1
                by_tag[rec["lang"]].append(Row(rec["id"], rec["lang"], rec["kind"], rec["text"], origin))
    return dict(by_tag)


class Timer:
    """Seconds spent inside translit calls only, so building and scoring do not count as its speed."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.lines = 0

    def call(self, fn: Callable[[], str], lines: int) -> str | None:
        start = time.perf_counter()
        try:
            return fn()
        except Exception:
            return None
        finally:
            self.seconds += time.perf_counter() - start
            self.lines += lines

    @property
    def rate(self) -> float:
        return self.lines / self.seconds if self.seconds else 0.0


def expected(row: Row, target: str, cache: dict[tuple[str, str], str]) -> str:
    """What a right decision produces: the line converted from its own tag (Uzbek) or the line itself."""
    if row.lang not in UZBEK:
        return row.text
    key = (row.id, target)
    if key not in cache:
        cache[key] = translit.convert(row.text, to=target, source=row.lang)
    return cache[key]


def stratified(rows: list[Row], per_kind: int | None) -> list[Row]:
    """The first `per_kind` rows of each kind (file order is hash order, so this is an unbiased sample)."""
    if per_kind is None:
        return rows
    taken: dict[str, int] = defaultdict(int)
    out = []
    for row in rows:
        if taken[row.kind] < per_kind:
            taken[row.kind] += 1
            out.append(row)
    return out


def run_target(
    target: str,
    data: dict[str, list[Row]],
    seed: int,
    alone_limit: int | None,
    sep: str = "\n",
    detector: str = "py3langid",
) -> dict[str, Any]:
    """Documents and single lines for one target; tallies per (base, guest) and per Uzbek base.

    Single lines are sampled (`alone_limit` per tag and kind) because today each call without `source=` costs
    about 5 ms (the registry is read again per call); documents use every line.
    """
    cache: dict[tuple[str, str], str] = {}
    docs_guest: dict[tuple[str, str], Tally] = defaultdict(Tally)  # (base, guest tag) -> guest lines in docs
    docs_base: dict[tuple[str, str], Tally] = defaultdict(Tally)  # (base, guest tag) -> base lines in those docs
    alone: dict[str, Tally] = defaultdict(Tally)
    doc_timer, alone_timer = Timer(), Timer()
    for base in BASES[target]:
        base_rows = data.get(base, [])
        if not base_rows:
            continue
        for guest in sorted(data):
            if guest == base:
                continue
            rng = random.Random(f"{seed}:{target}:{base}:{guest}")
            guests = list(data[guest])
            rng.shuffle(guests)
            pool = list(base_rows)
            rng.shuffle(pool)
            at = 0
            for start in range(0, len(guests), GUEST_LINES):
                chunk = guests[start : start + GUEST_LINES]
                bases = [pool[(at + i) % len(pool)] for i in range(BASE_LINES)]
                at += BASE_LINES
                lines = [(r, True) for r in chunk] + [(r, False) for r in bases]
                rng.shuffle(lines)
                doc = sep.join(r.text for r, _ in lines)
                out = doc_timer.call(lambda doc=doc: translit.convert(doc, to=target, detector=detector), len(lines))
                got = out.split(sep) if out is not None else None
                g, b = docs_guest[base, guest], docs_base[base, guest]
                g.runs += 1
                b.runs += 1
                if got is None or len(got) != len(lines):
                    g.failed += 1
                    b.failed += 1
                    got = None
                for i, (row, is_guest) in enumerate(lines):
                    ok = got is not None and got[i] == expected(row, target, cache)
                    (g if is_guest else b).add(row.kind, ok)
    for tag, rows in sorted(data.items()):
        for row in stratified(rows, alone_limit):
            out = alone_timer.call(lambda row=row: translit.convert(row.text, to=target, detector=detector), 1)
            t = alone[tag]
            t.runs += 1
            if out is None:
                t.failed += 1
            t.add(row.kind, out == expected(row, target, cache))
    return {
        "docs_guest": docs_guest,
        "docs_base": docs_base,
        "alone": alone,
        "doc_rate": doc_timer.rate,
        "alone_rate": alone_timer.rate,
    }


def fmt(value: float | None) -> str:
    return "    -" if value is None else f"{value:5.1f}"


def print_target(target: str, res: dict[str, Any], data: dict[str, list[Row]]) -> None:
    """One table per base script: guest rows (left alone / converted right) and the base's own lines."""
    for base in BASES[target]:
        print(
            f"\n## --to {target}: {GUEST_LINES} lines of each other tag inside {BASE_LINES} {base} lines per document"
        )
        print("right % = left byte-identical (other languages) or equal to convert(source=tag) (Uzbek tags)")
        head = (
            f"| tag | lines | phrase | sentence | paragraph | **all, in docs** | alone | {base} lines right "
            "| failed docs |"
        )
        print(head)
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        guests = [t for t in sorted(data) if t != base]
        for tag in [t for t in guests if t not in UZBEK] + [t for t in guests if t in UZBEK]:
            g, b, a = res["docs_guest"][base, tag], res["docs_base"][base, tag], res["alone"][tag]
            cells = [fmt(g.share(k)) for k in KINDS]
            name = f"{tag} (Uzbek)" if tag in UZBEK else tag
            print(
                f"| {name} | {len(data[tag])} | {' | '.join(cells)} | **{fmt(g.share())}** | {fmt(a.share())} "
                f"| {fmt(b.share())} | {g.failed}/{g.runs} |"
            )
        foreign = [t for t in guests if t not in UZBEK]
        left = _pooled([res["docs_guest"][base, t] for t in foreign])
        conv = _pooled([res["docs_base"][base, t] for t in guests])
        failed = sum(res["docs_guest"][base, t].failed for t in guests)
        runs = sum(res["docs_guest"][base, t].runs for t in guests)
        alone_left = _pooled([res["alone"][t] for t in foreign])
        print(
            f"\nother languages left alone: {fmt(left)} % in documents, {fmt(alone_left)} % alone; "
            f"{base} lines converted in documents: {fmt(conv)} %, alone: {fmt(res['alone'][base].share())} %; "
            f"failed documents: {failed}/{runs}"
        )
        a = res["alone"][base]
        print(f"{base} alone by kind: " + ", ".join(f"{k} {fmt(a.share(k))}" for k in KINDS) + f"; failed {a.failed}")
    print(f"\nspeed: documents {res['doc_rate']:,.0f} lines/s, single lines {res['alone_rate']:,.0f} lines/s")


def _pooled(tallies: list[Tally]) -> float | None:
    right = sum(sum(t.right.values()) for t in tallies)
    total = sum(sum(t.total.values()) for t in tallies)
    return None if total == 0 else 100.0 * right / total


# --- detectors -----------------------------------------------------------------------------------------------------


def script_of(text: str) -> str:
    return "Cyrl" if len(_CYRL.findall(text)) >= len(_LATN.findall(text)) else "Latn"


def decision(code: str | None, text: str) -> str:
    """A detector's language code as the decision it implies (convert as which tag, or 'other')."""
    if code in CONVERTED:
        return code
    if code == "uz":
        if script_of(text) == "Cyrl":
            return "uz-Cyrl"
        return "uz-Latn-2026" if _UZ_2026.search(text) else "uz-Latn"
    if code == "kk" and script_of(text) == "Cyrl":
        return "kk-Cyrl"
    return "other"


def truth(tag: str) -> str:
    return tag if tag in CONVERTED else "other"


def base_code(tag: str) -> str:
    return tag.split("-")[0]


def detectors() -> dict[str, Callable[[str], str | None]]:
    """The detectors that are importable: translit's, py3langid on all its languages, langdetect (seeded)."""
    found: dict[str, Callable[[str], str | None]] = {}
    fn = getattr(translit, "detect_script", None)  # the text path's own decision on a line alone
    if fn is None:
        try:
            fn = getattr(importlib.import_module("translit.detect"), "detect_script", None)
        except ImportError:
            fn = None
    if fn is not None:
        found["translit"] = lambda text, fn=fn: getattr(fn(text), "tag", None)
    try:
        import py3langid.langid as langid_mod
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        model = Path(langid_mod.__file__).parent / MODEL_FILE
        ident = LanguageIdentifier.from_modelpath(model, norm_probs=False)
        found["py3langid (all)"] = lambda text: str(ident.classify(text)[0])
    except ImportError:
        pass
    try:
        from langdetect import DetectorFactory, LangDetectException, detect

        DetectorFactory.seed = 0

        def _langdetect(text: str) -> str | None:
            try:
                return str(detect(text))
            except LangDetectException:
                return None

        found["langdetect"] = _langdetect
    except ImportError:
        pass
    return found


def run_detectors(data: dict[str, list[Row]], per_kind: int | None) -> dict[str, Any]:
    """Per detector: decision accuracy per tag and kind, exact-language accuracy, lines/s.

    All detectors see the same lines (`per_kind` per tag and kind): langdetect needs ~3 ms a line.
    """
    rows = [r for tag in sorted(data) for r in stratified(data[tag], per_kind)]
    results: dict[str, Any] = {}
    for name, fn in detectors().items():
        fn(rows[0].text)  # load the model outside the timing
        by_tag: dict[str, Tally] = defaultdict(Tally)
        by_origin: dict[str, Tally] = defaultdict(Tally)
        short = Tally()  # fewer than 12 letters: the lines that today follow their document
        exact = 0
        start = time.perf_counter()
        codes = [fn(r.text) for r in rows]
        seconds = time.perf_counter() - start
        for row, code in zip(rows, codes, strict=True):
            ok = decision(code, row.text) == truth(row.lang)
            by_tag[row.lang].add(row.kind, ok)
            by_origin[row.origin].add(row.kind, ok)
            if sum(c.isalpha() for c in row.text) < 12:
                short.add(row.kind, ok)
            exact += code is not None and (code == row.lang or code == base_code(row.lang))
        results[name] = {
            "by_tag": by_tag,
            "by_origin": by_origin,
            "short": short,
            "exact": 100.0 * exact / len(rows),
            "rate": len(rows) / seconds,
        }
    return results


def print_detectors(res: dict[str, Any], data: dict[str, list[Row]]) -> None:
    names = list(res)
    if not names:
        print("\n(no detector importable)")
        return
    print("\n## Single-line decisions (convert as uz-Cyrl / uz-Latn / uz-Latn-2026 / kk-Cyrl, or leave alone), % right")
    print("| tag | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    for tag in sorted(data):
        print(f"| {tag} | " + " | ".join(fmt(res[n]["by_tag"][tag].share()) for n in names) + " |")
    for label, kind in (("**all lines**", None), ("phrases (3-5 words)", "phrase")):
        cells = []
        for n in names:
            tallies = list(res[n]["by_tag"].values())
            if kind is None:
                cells.append(fmt(_pooled(tallies)))
            else:
                right = sum(t.right[kind] for t in tallies)
                total = sum(t.total[kind] for t in tallies)
                cells.append(fmt(100.0 * right / total if total else None))
        print(f"| {label} | " + " | ".join(cells) + " |")
    print("| < 12 letters | " + " | ".join(fmt(res[n]["short"].share()) for n in names) + " |")
    for origin in FILES:
        cells = [fmt(res[n]["by_origin"][origin].share()) for n in names]
        print(f"| {origin} rows only | " + " | ".join(cells) + " |")
    print("| exact language | " + " | ".join(fmt(res[n]["exact"]) for n in names) + " |")
    print("| lines/s | " + " | ".join(f"{res[n]['rate']:,.0f}" for n in names) + " |")


def to_json(obj: Any) -> Any:
    if isinstance(obj, Tally):
        return obj.as_json()
    if isinstance(obj, dict):
        return {("|".join(k) if isinstance(k, tuple) else str(k)): to_json(v) for k, v in obj.items()}
    return obj


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure convert()'s per-line decisions on multilingual text.")
    parser.add_argument("--to", choices=["uz-Latn", "uz-Cyrl", "both"], default="both")
    parser.add_argument("--limit", type=int, default=None, help="at most N lines per tag and kind")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--alone-limit", type=int, default=20, help="single-line runs: N lines per tag and kind (default 20)"
    )
    parser.add_argument("--detector-limit", type=int, default=40, help="detectors: N lines per tag and kind (40)")
    parser.add_argument("--full", action="store_true", help="no sampling of single lines or detectors (~3 min)")
    parser.add_argument("--no-detectors", action="store_true")
    parser.add_argument(
        "--source", choices=["all", *FILES], default="all", help="only the rows of one source file (default all)"
    )
    parser.add_argument(
        "--blank-lines", action="store_true", help="separate the units of a document by a blank line, not a newline"
    )
    parser.add_argument("--json", type=Path, default=None, help="write machine-readable results here")
    parser.add_argument(
        "--detector", default="py3langid", help="the statistical detector convert() uses: py3langid, langdetect, none"
    )
    args = parser.parse_args(argv)
    if args.full:
        args.alone_limit = args.detector_limit = None
    data = load(args.limit, tuple(FILES) if args.source == "all" else (args.source,))
    print(f"data: {sum(map(len, data.values()))} lines in {len(data)} tags; translit {translit.__version__}")
    print(f"convert() detector: {args.detector}")
    print(f"single lines: {args.alone_limit or 'all'} per tag and kind; detectors: {args.detector_limit or 'all'}")
    out: dict[str, Any] = {
        "targets": {},
        "seed": args.seed,
        "limit": args.limit,
        "alone_limit": args.alone_limit,
        "blank_lines": args.blank_lines,
    }
    started = time.perf_counter()
    for target in ("uz-Latn", "uz-Cyrl") if args.to == "both" else (args.to,):
        sep = "\n\n" if args.blank_lines else "\n"
        res = run_target(target, data, args.seed, args.alone_limit, sep, args.detector)
        print_target(target, res, data)
        out["targets"][target] = res
    if not args.no_detectors:
        det = run_detectors(data, args.detector_limit)
        print_detectors(det, data)
        out["detectors"] = det
    print(f"\ntotal {time.perf_counter() - started:.1f} s")
    if args.json:
        args.json.write_text(json.dumps(to_json(out), indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
