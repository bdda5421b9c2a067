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

TESSDATA = Path("/usr/share/tesseract-ocr/5/tessdata")
TRAINEDDATA = TESSDATA / "uzb_cyrl.traineddata"
PACKAGES = ("tesseract-ocr", "tesseract-ocr-uzb-cyrl", "tesseract-ocr-uzb", "tesseract-ocr-rus")
OUT = ROOT / "rules" / "lexicon" / "uz-Latn__uz-Cyrl.tsv"
HELDOUT = ROOT / "corpus" / "wordlists" / "uz-Cyrl.heldout.txt"
MIN_STEM = 4  # Latin letters; shorter stems would reach too many unrelated words (ots* would catch otsiz)
UZ_WORD = re.compile(r"[абвгдеёжзийклмнопрстуфхцчшъьэюяўқғҳ]+")  # no ы щ: Russian-only letters
# The list holds some text that a naive converter turned from Latin into Cyrillic (ts → ц, sʼh → съҳ, yoʻ → ёъ):
# адабиёцҳунос for адабиётшунос, оциз for отсиз. Such forms never occur in Uzbek spelling; drop them.
NOISE = re.compile(r"ёъ|цҳ|съҳ|ц(?:из|имон|евар|ут)|ьь|[аеёиоуўэюя]ь")
# It also writes the ц of Russian -нция/-кция nouns as с (аксия, стансия), which Uzbek Cyrillic spelling
# does not; the rule siya.after-n-k restores ц, so these forms are dropped too (пенсия and kin are real).
NOISE_LOAN = re.compile(r"[нк]сия|ксион")
REAL_NSIYA = re.compile(r"пенси|экспанси|ваканси|валенси")


def _package_version(name: str) -> str:
    out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", name], capture_output=True, text=True)
    return out.stdout.strip() or "not installed"


def tesseract_words(lang: str, install: bool) -> list[str]:
    """The word list inside tesseract's `lang` model (uzb_cyrl, uzb, rus), as the model stores it."""
    data = TESSDATA / f"{lang}.traineddata"
    if install and (not data.exists() or shutil.which("dawg2wordlist") is None):
        subprocess.run(["apt-get", "install", "-y", *PACKAGES], check=True)
    if not data.exists() or shutil.which("dawg2wordlist") is None:
        sys.exit(f"error: {data} or dawg2wordlist missing: apt-get install {' '.join(PACKAGES)}")
    with tempfile.TemporaryDirectory() as tmp:
        prefix = Path(tmp) / f"{lang}."
        subprocess.run(["combine_tessdata", "-u", str(data), str(prefix)], check=True, capture_output=True)
        words_file = Path(tmp) / "words.txt"
        subprocess.run(
            ["dawg2wordlist", f"{prefix}lstm-unicharset", f"{prefix}lstm-word-dawg", str(words_file)],
            check=True,
            capture_output=True,
        )
        return words_file.read_text(encoding="utf-8").split()


def read_word_list(install: bool) -> list[str]:
    """The lowercase Uzbek Cyrillic words of tesseract's uzb_cyrl word list."""
    words = {w.lower() for w in tesseract_words("uzb_cyrl", install)}
    words = {w for w in words if len(w) >= 2 and UZ_WORD.fullmatch(w) and not NOISE.search(w)}
    words = {w for w in words if not NOISE_LOAN.search(w) or REAL_NSIYA.search(w)}
    return sorted(w for w in words if not _naive_ts(w, words))


def _naive_ts(word: str, words: set[str]) -> bool:
    """True for ишлацам, оциз, кирица: a ц where the list also has the word with тс (ишлатсам, отсиз), or
    right after a stem in т that the list shows as a word or a verb form (киритди): a t+s boundary that
    a naive converter turned into ц."""
    return any(
        ch == "ц"
        and (
            any(word[:i] + "т" + suffix in words for suffix in _VERB_FORMS) or word[:i] + "тс" + word[i + 1 :] in words
        )
        for i, ch in enumerate(word)
    )


_VERB_FORMS = ("", "ди", "ган", "иш", "ади", "ма")  # кирица is kirit+sa: the list has киритди


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
        # Boundaries after which the rules already give the right tail; the first one ends the part the
        # rules get wrong. A stem must reach at least one letter past it: `ishlats*` would also catch
        # ishlatsa (ишлатса), `ishlatsi*` only what the list shows.
        feasible = [
            (k, tail)
            for k, tail in sorted(tails_of(latin).items())
            if target.endswith(tail) and len(target) > len(tail)
        ]
        for k, tail in feasible[1:]:
            if k < MIN_STEM:
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


RU_WORD = re.compile(r"[а-яё]{4,}")
# Russian verb forms: Uzbek borrows nouns and adjectives, never Russian conjugation.
RU_VERB = re.compile(r"(?:ть|ться|тся|ешь|ишь|ете|ите|ем|им|ют|ят|ут|ла|ло|ли|сь)$")
UZ_SUFFIXES = ("", "lar", "ga", "da", "dan", "ni", "ning", "i", "si", "lari", "larni", "dagi", "ka", "li", "lik")


def _uzbek_owns(latin: str, uzbek: dict[str, str]) -> bool:
    """The Uzbek list spells this Latin form as a native word (with ў қ ғ ҳ, or short): keep it Uzbek.

    Longer Latin forms that the Uzbek list writes without those letters are loanwords, which that list
    spells the way Latin-converted text does (албом); the Russian spelling wins for them (альбом).
    """
    cyrillic = uzbek.get(latin)
    return cyrillic is not None and (len(latin) < 6 or any(c in cyrillic for c in "ўқғҳ"))


def russian_loans(install: bool, exclude: dict[str, str]) -> dict[str, str]:
    """Stems for Russian loanwords that Uzbek Latin text uses, from tesseract's Russian word list.

    Why: the uzb_cyrl list writes loanwords the way Latin-converted web text does (no ь at all, аксия
    for акция), so it cannot teach ь, ц or я in loans; Uzbek Cyrillic keeps the Russian spelling of
    those stems (альбом, концерт, октябрь). A Russian word is taken when its Latin form (by the
    uz-Cyrl__uz-Latn rules) occurs in the Uzbek Latin word list (tesseract's uzb list), bare or with a
    common suffix, and the uz-Latn__uz-Cyrl rules get it wrong.
    """
    fold = str.maketrans({"'": "ʻ", "‘": "ʻ", "’": "ʻ"})
    uz_latin = {w.lower().translate(fold) for w in tesseract_words("uzb", install)}
    russian = {w for w in tesseract_words("rus", install) if RU_WORD.fullmatch(w) and not RU_VERB.search(w)}
    lemmas = [w for w in russian if _looks_like_lemma(w, russian)]
    return stem_entries(lemmas, exclude, attested=uz_latin)


def _looks_like_lemma(word: str, words: set[str]) -> bool:
    """A Russian noun's dictionary form, judged by the case forms the list also has.

    Uzbek borrows the dictionary form and adds its own suffixes; an oblique form (борцам, отца) shares
    its Latin spelling with Uzbek words (borsam "if I go") and must not become a stem.
    """
    if word.endswith("ия"):
        return word[:-1] + "и" in words  # станция: станции
    if word.endswith("ь"):
        return word[:-1] + "я" in words or word[:-1] + "и" in words  # октябрь: октября; модель: модели
    if word.endswith("а"):
        return word[:-1] + "ой" in words or word[:-1] + "ей" in words  # фляга: флягой (not отца: отцом)
    if word[-1] in "бвгджзклмнпрстфхцчш":
        return word + "а" in words or word + "ы" in words or word + "и" in words  # альбом: альбома
    return False


def cldr_names() -> list[str]:
    """Words of the Uzbek Cyrillic names of countries and regions, and of scripts, in CLDR.

    Read from the `babel` package (BSD-3-Clause; its CLDR data is under the Unicode License, which is
    permissive): proper names are where Latin → Cyrillic fails most (Бельгия, Швейцария, Финляндия).
    """
    from babel import Locale

    locale = Locale.parse("uz_Cyrl")
    # Territory and script names only: language names (мэнча "Manx") and currency names (йенаси) would
    # give stems that catch everyday Uzbek words (mencha "in my opinion").
    names = [*locale.territories.values(), *locale.scripts.values()]
    return sorted({w.lower() for name in names for w in re.findall(r"[^\W\d_]+", name)})


def stem_entries(words: list[str], exclude: dict[str, str], attested: set[str] | None = None) -> dict[str, str]:
    """Stem entries (albom* → альбом*) for the words the rules get wrong.

    A word ending in ь gets a whole-word entry with ь and a stem without it (oktabr → октябрь,
    oktabr* → октябр*), as Uzbek drops ь before suffixes (октябрда). A stem is kept only if it gives every
    other word of the same list that it reaches right (funksiy* from функций would break функция).
    """
    to_latin = converter_for_id("uz-Cyrl__uz-Latn")
    stage = rules_only_stage()
    by_latin: dict[str, set[str]] = {}
    for word in words:
        if "ы" in word or "щ" in word or not UZ_WORD.fullmatch(word):
            continue
        by_latin.setdefault(to_latin.convert_word(word), set()).add(word)
    single = {latin: next(iter(s)) for latin, s in by_latin.items() if len(s) == 1}
    keys = sorted(single)

    def harmless(stem: str, value: str) -> bool:
        lo, hi = bisect.bisect_left(keys, stem), bisect.bisect_left(keys, stem + "\uffff")
        for other in keys[lo:hi]:
            tail = tails(stage, other).get(len(stem))
            if tail is None or value + tail != single[other]:
                return False
        return True

    entries: dict[str, str] = {}
    for latin, word in sorted(single.items()):
        if len(latin) < 4 or stage.convert_word(latin) == word or _uzbek_owns(latin, exclude):
            continue
        if attested is not None and not any(latin + suffix in attested for suffix in UZ_SUFFIXES):
            continue
        if word.endswith("ь"):
            entries[latin] = word
            stem_latin, stem_cyr = latin, word[:-1]
            if stage.convert_word(stem_latin) == stem_cyr:
                continue
        else:
            stem_latin, stem_cyr = latin, word
            if not harmless(latin, word):
                continue
        entries[f"{stem_latin}*"] = f"{stem_cyr}*"
    return entries


HEADER = """\
# Uzbek Latin (1995) → Cyrillic exceptions lexicon: the words the rules of uz-Latn__uz-Cyrl get wrong.
# Keys are lowercase Latin; a key ending in * is a stem (the rest of the word goes through the rules).
# Sources: the word lists inside Debian's tesseract-ocr-uzb-cyrl ({version}), tesseract-ocr-uzb and
#   tesseract-ocr-rus packages (tesseract's LSTM word lists, Copyright 2006-2022 Google Inc.,
#   licensed under the Apache License 2.0). This file is a derived work of those lists, distributed
#   under the same Apache-2.0 licence (compatible with translit's MIT licence for the code).
#   Also the Uzbek Cyrillic names of countries, regions and scripts from CLDR, read from
#   the babel package (CLDR data: Unicode License, permissive; {cldr_names} entries).
# Three layers: words of the Uzbek Cyrillic list that the rules get wrong; stems of Russian loanwords
#   (from the Russian list) whose Latin form occurs in the Uzbek Latin list ({russian_loans} entries);
#   the CLDR names. Entries written by hand in uz-Latn__uz-Cyrl.toml are left out here (they win).
# Rebuilt by: python scripts/build_lexicon.py   (needs: apt-get install tesseract-ocr
#   tesseract-ocr-uzb-cyrl tesseract-ocr-uzb tesseract-ocr-rus; pip install babel)
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
    entries, pairs, stats = build(train)
    loans = russian_loans(args.install, exclude=pairs)
    names = stem_entries(cldr_names(), exclude=pairs)
    stats["russian_loans"], stats["cldr_names"] = len(loans), len(names)
    inline = load("uz-Latn__uz-Cyrl").lexicon_words  # hand-checked entries in the rule file win
    entries = {k: v for k, v in {**loans, **names, **entries}.items() if k not in inline}
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
