"""Rebuild `rules/lexicon/uz-Latn__uz-Cyrl.tsv`, the exceptions lexicon for Uzbek Latin → Cyrillic.

Why: Latin lost ь, ц, the я/ю/ё of Russian loanwords and ъ, so rules alone cannot restore them. A real
Uzbek Cyrillic word list tells which words the rules get wrong; this script finds them and writes the
shortest stem entry (`oktabr*` → `октябр*`) that fixes every listed form sharing the stem without breaking
any other listed word, or a whole-word entry where no such stem exists (`dekabr` → `декабрь`).

Source list: the word list inside Debian's `tesseract-ocr-uzb-cyrl` package (tesseract's LSTM word DAWG,
Apache-2.0, © Google), unpacked with `combine_tessdata -u` and `dawg2wordlist` from `tesseract-ocr`.
Install both with `apt-get install tesseract-ocr tesseract-ocr-uzb-cyrl` (or pass `--install`).

Held-out split: words whose hash falls in bucket 0 of 10 are left out of the build and written to
`corpus/wordlists/uz-Cyrl.heldout.txt`, so the round-trip test measures words the lexicon never saw.

Usage: python scripts/build_lexicon.py [--install] [--check]
"""

from __future__ import annotations

import argparse
import bisect
import dataclasses
import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translit.compiler import compile_ruleset  # noqa: E402
from translit.engine import Stage  # noqa: E402
from translit.registry import converter_for_id, load  # noqa: E402

TRAINEDDATA = Path("/usr/share/tesseract-ocr/5/tessdata/uzb_cyrl.traineddata")
PACKAGES = ("tesseract-ocr", "tesseract-ocr-uzb-cyrl")
OUT = ROOT / "rules" / "lexicon" / "uz-Latn__uz-Cyrl.tsv"
HELDOUT = ROOT / "corpus" / "wordlists" / "uz-Cyrl.heldout.txt"
MIN_STEM = 4  # Latin letters; shorter stems would reach too many unrelated words (ots* would catch otsiz)
UZ_WORD = re.compile(r"[абвгдеёжзийклмнопрстуфхцчшъьэюяўқғҳ]+")  # no ы щ: Russian-only letters
# The list holds some text that a naive converter turned from Latin into Cyrillic (ts → ц, sʼh → съҳ):
# адабиёцҳунос for адабиётшунос, оциз for отсиз. Such forms never occur in Uzbek spelling; drop them.
NOISE = re.compile(r"цҳ|съҳ|ц(?:из|имон|евар|ут)")


def _package_version(name: str) -> str:
    out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", name], capture_output=True, text=True)
    return out.stdout.strip() or "not installed"


def read_word_list(install: bool) -> list[str]:
    """The lowercase Uzbek Cyrillic words of tesseract's uzb_cyrl word list."""
    if install and (not TRAINEDDATA.exists() or shutil.which("dawg2wordlist") is None):
        subprocess.run(["apt-get", "install", "-y", *PACKAGES], check=True)
    if not TRAINEDDATA.exists() or shutil.which("dawg2wordlist") is None:
        sys.exit(f"error: {TRAINEDDATA} or dawg2wordlist missing: apt-get install {' '.join(PACKAGES)}")
    with tempfile.TemporaryDirectory() as tmp:
        prefix = Path(tmp) / "uzb_cyrl."
        subprocess.run(["combine_tessdata", "-u", str(TRAINEDDATA), str(prefix)], check=True, capture_output=True)
        words_file = Path(tmp) / "words.txt"
        subprocess.run(
            ["dawg2wordlist", f"{prefix}lstm-unicharset", f"{prefix}lstm-word-dawg", str(words_file)],
            check=True,
            capture_output=True,
        )
        raw = words_file.read_text(encoding="utf-8").split()
    words = {w.lower() for w in raw}
    words = {w for w in words if len(w) >= 2 and UZ_WORD.fullmatch(w) and not NOISE.search(w)}
    return sorted(w for w in words if not _naive_ts(w, words))


def _naive_ts(word: str, words: set[str]) -> bool:
    """True for ишлаца, кўрсацам: a ц right after a listed word ending in т is a t+s boundary gone wrong."""
    return any(ch == "ц" and word[:i] + "т" in words for i, ch in enumerate(word))


def held_out(word: str) -> bool:
    return hashlib.sha1(word.encode()).digest()[0] % 10 == 0


def rules_only_stage() -> Stage:
    """uz-Latn → uz-Cyrl with its rules and map but no lexicon: what the lexicon has to correct."""
    ruleset = dataclasses.replace(load("uz-Latn__uz-Cyrl"), lexicon_words={}, lexicon_files=())
    return Stage(compile_ruleset(ruleset))


def tails(stage: Stage, latin: str) -> dict[int, str]:
    """For each piece boundary k of the rules-only conversion of `latin`: the output of latin[k:]."""
    pieces = stage.explain(latin)
    result = {len(latin): ""}
    acc = ""
    for piece in reversed(pieces):
        acc = piece.output + acc
        result[piece.start] = acc
    return result


def build(words: list[str]) -> tuple[dict[str, str], dict[str, str], dict[str, int]]:
    """(entries, pairs, stats): entries is key → value (stems end in *); pairs is latin → cyrillic."""
    to_latin = converter_for_id("uz-Cyrl__uz-Latn")
    stage = rules_only_stage()
    by_latin: dict[str, set[str]] = {}
    for word in words:
        by_latin.setdefault(to_latin.convert_word(word), set()).add(word)
    pairs: dict[str, str] = {}
    ambiguous = 0
    for latin, cyr in by_latin.items():
        if len(cyr) == 1:
            pairs[latin] = next(iter(cyr))
            continue
        ambiguous += 1  # two Cyrillic spellings share one Latin form: keep the one the rules give, if any
        ruled = stage.convert_word(latin)
        if ruled in cyr:
            pairs[latin] = ruled
    keys = sorted(pairs)
    tail_cache: dict[str, dict[int, str]] = {}

    def tails_of(latin: str) -> dict[int, str]:
        found = tail_cache.get(latin)
        if found is None:
            found = tail_cache[latin] = tails(stage, latin)
        return found

    failing = sorted((lat for lat in keys if stage.convert_word(lat) != pairs[lat]), key=lambda s: (len(s), s))
    whole: dict[str, str] = {}
    stems: dict[str, str] = {}

    def covered_by_longer(latin: str, k: int) -> bool:
        return latin in whole or any(latin[:n] in stems for n in range(k + 1, len(latin) + 1))

    def valid(stem: str, value: str) -> bool:
        k = len(stem)
        lo = bisect.bisect_left(keys, stem)
        hi = bisect.bisect_left(keys, stem + "\uffff")
        for other in keys[lo:hi]:
            if covered_by_longer(other, k):
                continue
            tail = tails_of(other).get(k)
            if tail is None or value + tail != pairs[other]:
                return False
        return True

    def predicted(latin: str) -> str | None:
        if latin in whole:
            return whole[latin]
        for n in range(len(latin), 0, -1):
            value = stems.get(latin[:n])
            if value is not None:
                tail = tails_of(latin).get(n)
                return None if tail is None else value + tail
        return None

    for latin in failing:
        target = pairs[latin]
        if predicted(latin) == target:
            continue
        done = False
        for k, tail in sorted(tails_of(latin).items()):
            if k < MIN_STEM or not target.endswith(tail) or len(target) == len(tail):
                continue
            value = target[: len(target) - len(tail)]
            if valid(latin[:k], value):
                stems[latin[:k]] = value
                done = True
                break
        if not done:
            whole[latin] = target
    entries = {**{f"{k}*": f"{v}*" for k, v in stems.items()}, **whole}
    stats = {"words": len(words), "pairs": len(pairs), "ambiguous": ambiguous, "failing": len(failing)}
    return entries, pairs, stats


HEADER = """\
# Uzbek Latin (1995) → Cyrillic exceptions lexicon: the words the rules of uz-Latn__uz-Cyrl get wrong.
# Keys are lowercase Latin; a key ending in * is a stem (the rest of the word goes through the rules).
# Source: the Uzbek Cyrillic word list in Debian's tesseract-ocr-uzb-cyrl package (version {version}),
#   tesseract's LSTM word list, Copyright 2006-2022 Google Inc., licensed under the Apache License 2.0.
#   This file is a derived work of that list, distributed under the same Apache-2.0 licence
#   (compatible with translit's MIT licence for the code).
# Rebuilt by: python scripts/build_lexicon.py   (needs: apt-get install tesseract-ocr tesseract-ocr-uzb-cyrl)
# Build: {words} words ({heldout} held out for testing), {pairs} usable pairs, {failing} wrong by rules,
#   {ambiguous} Latin forms shared by two Cyrillic words; {stems} stem and {whole} whole-word entries.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--install", action="store_true", help="apt-get install the word-list packages first")
    parser.add_argument("--check", action="store_true", help="fail if the committed TSV differs from a rebuild")
    args = parser.parse_args()
    words = read_word_list(args.install)
    train = [w for w in words if not held_out(w)]
    test = [w for w in words if held_out(w)]
    entries, _pairs, stats = build(train)
    header = HEADER.format(
        version=_package_version("tesseract-ocr-uzb-cyrl"),
        heldout=len(test),
        stems=sum(k.endswith("*") for k in entries),
        whole=sum(not k.endswith("*") for k in entries),
        **stats,
    )
    body = "".join(f"{k}\t{v}\n" for k, v in sorted(entries.items()))
    text = header + body
    heldout_text = (
        "# Held-out Uzbek Cyrillic words (1 in 10, by hash) from the tesseract-ocr-uzb-cyrl word list\n"
        "# (Copyright Google Inc., Apache License 2.0); never used to build the lexicon.\n"
        "# Written by scripts/build_lexicon.py; read by tests/test_latin_cyrillic.py.\n"
        + "".join(f"{w}\n" for w in test)
    )
    if args.check:
        same = OUT.read_text(encoding="utf-8") == text and HELDOUT.read_text(encoding="utf-8") == heldout_text
        sys.exit(0 if same else "lexicon differs from a rebuild")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    HELDOUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    HELDOUT.write_text(heldout_text, encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(entries)} entries; {HELDOUT.relative_to(ROOT)}: {len(test)} words")
    print(stats)


if __name__ == "__main__":
    main()
