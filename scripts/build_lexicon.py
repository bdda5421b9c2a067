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
    ruleset = dataclasses.replace(load("uz-Latn__uz-Cyrl"), lexicon_words={}, lexicon_files=(), fallback_file=None)
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


def build(words: list[str], attested: set[str] | None = None) -> tuple[dict[str, str], dict[str, str], dict[str, int]]:
    """(entries, pairs, stats): entries is key → value (stems end in *); pairs is latin → cyrillic.

    With `attested` (the Uzbek Latin word list), a stem must reach at least as many of its own suffixed
    forms there as other words (`fransu*` from французча would also catch fransua): else a longer one."""
    attested_sorted = sorted(attested) if attested is not None else None
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
            if attested_sorted is not None and k < len(latin):
                own, other = _forms(latin[:k], attested_sorted)
                if own < other:
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


RU_WORD = re.compile(r"[а-яё]{3,}")
# Russian verb forms: Uzbek borrows nouns and adjectives, never Russian conjugation.
RU_VERB = re.compile(r"(?:ть|ться|тся|ешь|ишь|ете|ите|ем|им|ют|ят|ут|ла|ло|ли|сь)$")
# A Russian infinitive (hunspell-ru lists verbs by it); нефть and рубль are nouns.
RU_INFINITIVE = re.compile(r"(?:[аяеиоуыю]ть|ться|ти|чь)$")
# Russian adjectives and participles (in hunspell-ru's dictionary forms): Uzbek takes the noun.
RU_ADJ = re.compile(r"(?:ый|ой|ая|ое|ые|ся|щий|вший|нный|тый|чь|ти)$")
# Uzbek suffixes and suffix chains that follow a borrowed stem in running text (case, plural, possessive,
# derivation); a Latin form attested with one of them is a word Uzbek writers use.
UZ_SUFFIXES = (
    "",
    "lar",
    "ga",
    "ka",
    "qa",
    "da",
    "dan",
    "ni",
    "ning",
    "i",
    "si",
    "lari",
    "larni",
    "larning",
    "larga",
    "larda",
    "lardan",
    "dagi",
    "li",
    "lik",
    "chi",
    "cha",
    "ni",
    "ini",
    "ining",
    "iga",
    "ida",
    "idan",
    "sini",
    "siga",
    "sida",
    "sidan",
    "ning",
    "dir",
    "gacha",
    "lik",
    "ov",
    "ova",
    "ovich",
    "ovna",
    "ga",
    "dek",
)
FOLD = str.maketrans({c: "'" for c in "ʻʼ‘’`´"})


_SUFFIX_CHAIN = re.compile(
    "(?:"
    + "|".join(
        sorted(
            {
                "lar",
                "ga",
                "ka",
                "qa",
                "da",
                "dan",
                "ni",
                "ning",
                "i",
                "si",
                "ri",
                "im",
                "imiz",
                "ing",
                "ingiz",
                "miz",
                "dagi",
                "gi",
                "li",
                "lik",
                "siz",
                "chi",
                "cha",
                "dek",
                "dir",
                "gacha",
                "mi",
                "u",
                "yu",
                "ov",
                "ova",
                "ovich",
                "ovna",
                "ev",
                "eva",
                "evich",
                "evna",
                "in",
                "na",
                "day",
                "lash",
                "gina",
                "lari",
            },
            key=len,
            reverse=True,
        )
    )
    + ")*"
)


def _forms(stem: str, attested_sorted: list[str]) -> tuple[int, int]:
    """(own, other): attested Latin words that start with `stem` and continue with Uzbek suffixes only
    (filmlaridagi), and those that continue otherwise (filmografiya is another word; sezarmidi a verb)."""
    folded = stem.translate(FOLD)
    lo = bisect.bisect_left(attested_sorted, folded)
    hi = bisect.bisect_left(attested_sorted, folded + "\uffff")
    own = sum(_SUFFIX_CHAIN.fullmatch(w[len(folded) :]) is not None for w in attested_sorted[lo:hi])
    return own, hi - lo - own


def _support(latin: str, attested: set[str]) -> int:
    """How many forms of this Latin word (bare or with an Uzbek suffix) the Uzbek Latin word list holds:
    the frequency signal that decides whether Uzbek writers use the word at all."""
    folded = latin.translate(FOLD)
    return sum(folded + suffix in attested for suffix in dict.fromkeys(UZ_SUFFIXES))


_CYR_SUFFIX_CHAIN = re.compile(
    "(?:"
    + "|".join(
        sorted(
            {
                "лар",
                "га",
                "ка",
                "қа",
                "да",
                "дан",
                "ни",
                "нинг",
                "и",
                "си",
                "ри",
                "им",
                "имиз",
                "инг",
                "ингиз",
                "миз",
                "даги",
                "ги",
                "ли",
                "лик",
                "сиз",
                "чи",
                "ча",
                "дек",
                "дир",
                "гача",
                "ми",
                "у",
                "ю",
                "ов",
                "ова",
                "ович",
                "овна",
                "ев",
                "ева",
                "евич",
                "евна",
                "ин",
                "на",
                "дай",
                "лаш",
                "гина",
                "лари",
            },
            key=len,
            reverse=True,
        )
    )
    + ")*"
)


def web_spellings(russian: set[str], attested: set[str]) -> dict[str, str]:
    """Cyrillic stems as Latin-converted web text writes common Russian loans (филм, полша, принсип: no ь,
    с for ц), mapped to the Russian spelling; only stems of 4+ letters whose Latin form Uzbek text never
    uses as a verb (сезар "will sense" stays a word)."""
    to_latin = converter_for_id("uz-Cyrl__uz-Latn")
    found: dict[str, str] = {}
    for word in russian:
        if not ("ь" in word or "ц" in word) or not UZ_WORD.fullmatch(word):
            continue
        web = _simplified(word)
        if len(web) < 4 or web == word:
            continue
        latin = to_latin.convert_word(web).translate(FOLD)
        if any(latin + ending in attested for ending in _VERB_ENDINGS):
            continue
        found[web] = word
    return found


def is_web_spelling(word: str, web: dict[str, str], russian: set[str]) -> bool:
    """филмларга, Полшада: a listed word that is the web spelling of a common loan plus Uzbek suffixes;
    якуцк: a naive converter's ц for the тс of a Russian word (Якутск)."""
    if any(word[:k] in web and _CYR_SUFFIX_CHAIN.fullmatch(word[k:]) for k in range(4, len(word) + 1)):
        return True
    if "ц" in word:
        spelled = word.replace("ц", "тс")
        return any(
            spelled[:k] in russian and _CYR_SUFFIX_CHAIN.fullmatch(spelled[k:]) for k in range(4, len(spelled) + 1)
        )
    return False


def tesseract_russian_lemmas(install: bool) -> list[str]:
    """Russian dictionary forms from tesseract's rus word list (Apache-2.0), judged by their case forms."""
    russian = {w for w in tesseract_words("rus", install) if RU_WORD.fullmatch(w) and not RU_VERB.search(w)}
    return sorted(w for w in russian if _looks_like_lemma(w, russian))


HUNSPELL_RU = Path("/usr/share/hunspell/ru_RU.dic")


def hunspell_ru(install: bool) -> tuple[list[str], list[str]]:
    """(common-noun lemmas, proper names) of Debian's hunspell-ru dictionary (ru_RU by Alexander I. Lebedev,
    a BSD-style licence: redistribution with the copyright notice, modified versions marked as such).

    Its entries are dictionary forms already; capitalised entries are given names, patronymics, surnames
    and places (Игорь, Юрьевич, Ярославль, Цюрих).
    """
    if install and not HUNSPELL_RU.exists():
        subprocess.run(["apt-get", "install", "-y", "hunspell-ru"], check=True)
    if not HUNSPELL_RU.exists():
        sys.exit(f"error: {HUNSPELL_RU} missing: apt-get install hunspell-ru")
    lemmas, names = set(), set()
    for line in HUNSPELL_RU.read_text(encoding="utf-8").splitlines()[1:]:
        word = line.split("/")[0].strip()
        lower = word.lower()
        if not RU_WORD.fullmatch(lower) or not word[1:].islower():
            continue
        if word[0].isupper():
            names.add(lower)
        elif not RU_INFINITIVE.search(lower) and not RU_ADJ.search(lower):
            lemmas.add(lower)
    return sorted(lemmas), sorted(names)


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


def candidate_entries(words: list[str], exclude: dict[str, str], attested: set[str] | None) -> dict[str, str]:
    """Entries (albom* → альбом*) for the words of a loan or name list that the rules get wrong.

    A word ending in ь gets a whole-word entry with ь and a stem without it (oktabr → октябрь,
    oktabr* → октябр*), as Uzbek drops ь before suffixes (октябрда). A stem is kept only if it gives every
    other word of the same list that it reaches right (funksiy* from функций would break функция). With
    `attested` (the Uzbek Latin word list), a word is kept only if Uzbek writers use it (`_support`), and
    it becomes a stem only if its own suffixed forms are at least half of the list's words that the stem
    would reach (else only its attested forms are entered, whole): frequency decides, not word length.
    The quality gate (`gate`) then measures every entry on native Uzbek words.
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
    attested_sorted = sorted(attested) if attested is not None else []

    def harmless(stem: str, value: str) -> bool:
        lo, hi = bisect.bisect_left(keys, stem), bisect.bisect_left(keys, stem + "\uffff")
        return all(value + stage._render(other, len(stem)) == single[other] for other in keys[lo:hi])

    entries: dict[str, str] = {}
    for latin, word in sorted(single.items()):
        if len(latin) < 2 or stage.convert_word(latin) == word or _uzbek_owns(latin, word, exclude):
            continue
        support = 0
        if attested is not None:
            support = _support(latin, attested)
            if support == 0:
                continue
        stem_latin, stem_cyr = (latin, word[:-1]) if word.endswith("ь") else (latin, word)
        if word.endswith("ь"):
            entries[latin] = word
            if stage.convert_word(stem_latin) == stem_cyr:
                continue
        elif not harmless(latin, word):
            continue
        own, other = _forms(stem_latin, attested_sorted) if attested is not None else (1, 0)
        if own < other:
            # the stem would reach more unrelated words than forms of its own: enter the attested forms
            for suffix in dict.fromkeys(UZ_SUFFIXES):
                if (stem_latin + suffix).translate(FOLD) in attested:
                    entries.setdefault(
                        stem_latin + suffix, stem_cyr + stage._render(stem_latin + suffix, len(stem_latin))
                    )
            continue
        entries[f"{stem_latin}*"] = f"{stem_cyr}*"
    if attested is not None:
        # press and literature write ц after a consonant as ts (Shveytsariya, Gertsegovina): the same entry
        # under that spelling, where Uzbek Latin text attests it
        for latin, word in sorted(single.items()):
            if not re.search("[бвгджзйклмнпрстфхчшқғҳ]ц", word):
                continue
            ts_latin = to_latin.convert_word(re.sub("(?<=[бвгджзйклмнпрстфхчшқғҳ])ц", "тс", word))
            if ts_latin != latin and _support(ts_latin, attested) and stage.convert_word(ts_latin) != word:
                stem_cyr = word[:-1] if word.endswith("ь") else word
                entries.setdefault(f"{ts_latin}*", f"{stem_cyr}*")
    return entries


# Endings of Uzbek verb forms (past, participle, infinitive, present, conditional); a noun borrowed from
# Russian does not take them.
_VERB_ENDINGS = (
    "di",
    "dim",
    "ding",
    "dik",
    "dilar",
    "gan",
    "moq",
    "adi",
    "ardi",
    "yapti",
    "sa",
    "sak",
    "sang",
    "ir",
    "irdi",
    "irgan",
    "irib",
    "iradi",  # causative: keltirdi beside kelt
)


_SOFT_VOWEL = re.compile(r"(?<=[бвгджзклмнпрстфхцчш])[яюё]")


def _simplified(word: str) -> str:
    """A loan as Latin-converted web text spells it in Cyrillic: no ь, с for ц and тс, а у о for the я ю ё
    that only soften a consonant (финландия for Финляндия)."""
    word = word.replace("ь", "").replace("тс", "с").replace("ц", "с")
    return _SOFT_VOWEL.sub(lambda m: {"я": "а", "ю": "у", "ё": "о"}[m.group()], word)


@dataclasses.dataclass
class Gate:
    """What the quality gate measured on native Uzbek words (the word list's training split)."""

    candidates: int = 0
    kept: int = 0
    fixes: int = 0  # listed words the rules get wrong and a kept entry gets right
    breaks: int = 0  # listed words the rules get right and a kept entry gets wrong
    dropped: list[tuple[str, str, int, int]] = dataclasses.field(default_factory=list)  # key, value, fix, break


def gate(
    candidates: dict[str, str],
    pairs: dict[str, str],
    uzbek: dict[str, str],
    listed: set[str],
    russian: set[str],
    attested: set[str],
    common: set[str],
) -> tuple[dict[str, str], Gate]:
    """Keep an entry unless it breaks more native words than it fixes, measured on `pairs` (latin →
    cyrillic of the Uzbek list): an entry reaches the words it equals (whole) or starts (stem) that no
    longer Uzbek-layer entry (`uzbek`) already decides. A different output counts as a break unless it is
    the same loan: a listed word, a Russian dictionary form, or a web spelling of a loan that Russian text
    uses commonly (`common`: in tesseract's frequency-bounded rus list): принсип for принцип, албом for
    альбом. бел → бель, эл → эль are breaks (бель and эль are rare Russian words). A stem also counts as
    breaking each verb form of it that Uzbek Latin text (`attested`) shows (sezardi, sezardim)."""
    stage = rules_only_stage()
    keys = sorted(pairs)
    ustems = {k[:-1] for k in uzbek if k.endswith("*")}
    figures = Gate(candidates=len(candidates))
    kept: dict[str, str] = {}

    def decided(latin: str, k: int) -> bool:
        return latin in uzbek or any(latin[:n] in ustems for n in range(k + 1, len(latin) + 1))

    for key, value in sorted(candidates.items()):
        if key.endswith("*"):
            stem = key[:-1]
            lo, hi = bisect.bisect_left(keys, stem), bisect.bisect_left(keys, stem + "\uffff")
            reached = [(lat, value[:-1] + stage._render(lat, len(stem))) for lat in keys[lo:hi]]
            reached = [(lat, out) for lat, out in reached if not decided(lat, len(stem)) and lat not in candidates]
        else:
            reached = [(key, value)] if key in pairs and key not in uzbek else []
        fixed = broken = 0
        for latin, out in reached:
            want, before = pairs[latin], stage.convert_word(latin)
            if before != want and out == want:
                fixed += 1
            elif before == want and out != want:
                # the list writes loans as Latin-converted web text does (албом, принсип, сензура), so a
                # difference in ь, ц/с or тс alone is that spelling of a loan the Russian web text uses
                # (tesseract's rus list, bounded by frequency, holds it), not a native word
                web = _simplified(out) == _simplified(want) and value.rstrip("*") in common
                broken += not web and out not in listed and out not in russian
        # verb forms of the word in Uzbek Latin text (sezardi, sezardim beside sezar "will sense"): Russian
        # nouns take no verb endings, so each is a native word that the entry would break (or shows that
        # the bare form is that verb's, not the loan's)
        stem = key.rstrip("*").translate(FOLD)
        broken += sum(stem + ending in attested for ending in _VERB_ENDINGS)
        if broken > fixed:
            figures.dropped.append((key, value, fixed, broken))
            continue
        kept[key] = value
        figures.fixes += fixed
        figures.breaks += broken
    figures.kept = len(kept)
    return kept, figures


def _uzbek_owns(latin: str, word: str, uzbek: dict[str, str]) -> bool:
    """The Uzbek list spells this Latin form as another, native word: keep it Uzbek.

    The list writes loanwords the way Latin-converted text does (филм, албом, сензура): where its spelling
    is the loan's own without ь and with с for ц, the Russian spelling wins (фильм); a word with ў қ ғ ҳ,
    or any other spelling, is the list's own (native) word.
    """
    cyrillic = uzbek.get(latin)
    if cyrillic is None:
        return False
    return any(c in cyrillic for c in "ўқғҳ") or _simplified(cyrillic) != _simplified(word)


def uzbek_latin_words(install: bool) -> set[str]:
    """Lowercase, apostrophe-folded words of tesseract's Uzbek Latin list: the attestation source."""
    return {w.lower().translate(FOLD) for w in tesseract_words("uzb", install)}


HEADER = """\
# Uzbek Latin (1995) → Cyrillic exceptions lexicon: the words the rules of uz-Latn__uz-Cyrl get wrong.
# Keys are lowercase Latin; a key ending in * is a stem (the rest of the word goes through the rules).
# Sources: the word lists inside Debian's tesseract-ocr-uzb-cyrl ({version}), tesseract-ocr-uzb and
#   tesseract-ocr-rus packages (tesseract's LSTM word lists, Copyright 2006-2022 Google Inc.,
#   licensed under the Apache License 2.0), and the dictionary forms of Debian's hunspell-ru
#   ({hunspell_version}; ru_RU, Copyright 1997-2008 Alexander I. Lebedev, BSD-style licence: this is a
#   MODIFIED, derived list - Latin keys and selected words only - not the original dictionary; its
#   full licence: lexicon/LICENSE.hunspell-ru.txt).
#   This file is a derived work of those lists, distributed under their terms (Apache-2.0; the BSD-style
#   notice above), both compatible with translit's MIT licence for the code.
# Layers: words of the Uzbek Cyrillic list that the rules get wrong ({failing} wrong by rules);
#   Russian loanwords whose Latin form Uzbek Latin text attests ({russian_loans} entries kept of
#   {loan_candidates} candidates). Names are in uz-Latn__uz-Cyrl.names.tsv. Entries written by hand in
#   uz-Latn__uz-Cyrl.toml are left out here (they win).
# Quality gate: every loan entry was measured on {pairs} native word forms (the list's training split) and
#   dropped when it broke more of them than it fixed: {loan_dropped} dropped; kept entries fix {loan_fixes}
#   and break {loan_breaks}. Figures: python scripts/build_lexicon.py --check
# Rebuilt by: python scripts/build_lexicon.py   (needs: apt-get install tesseract-ocr
#   tesseract-ocr-uzb-cyrl tesseract-ocr-uzb tesseract-ocr-rus hunspell-ru; pip install babel)
# Build: {words} words ({heldout} held out for testing), {ambiguous} Latin forms shared by two Cyrillic
#   words; {stems} stem and {whole} whole-word entries.
"""

NAMES_HEADER = """\
# Uzbek Latin (1995) → Cyrillic names layer: Russian and European given names, patronymics, surnames and
# place names whose Cyrillic has ь ц я ё ю or э that the rules cannot restore. Stems (`kreml*` → `кремл*`)
# let Uzbek suffixes follow; a name ending in ь also has a whole-word entry (kreml → кремль).
# Sources: the proper names of Debian's hunspell-ru ({hunspell_version}; ru_RU, Copyright 1997-2008
#   Alexander I. Lebedev, BSD-style licence: this is a MODIFIED, derived list - Latin keys and selected
#   names only - not the original dictionary; its full licence: lexicon/LICENSE.hunspell-ru.txt), and
#   the Uzbek Cyrillic names of countries, regions and scripts in CLDR, read from the babel package
#   (CLDR data: Unicode License, permissive).
# A name is kept when the Uzbek Latin word list (tesseract-ocr-uzb, Apache-2.0) attests it, bare or with
#   a suffix; the quality gate measured each entry on {pairs} native word forms and dropped
#   {dropped} of {candidates} that broke more than they fixed (kept entries fix {fixes}, break {breaks}).
# Rebuilt by: python scripts/build_lexicon.py
"""

NAMES_OUT = ROOT / "rules" / "lexicon" / "uz-Latn__uz-Cyrl.names.tsv"
FALLBACK_OUT = ROOT / "rules" / "lexicon" / "uz-Latn__uz-Cyrl.fallback.tsv"
FALLBACK_HEADER = """\
# Uzbek Latin (1995) → Cyrillic fallback: where to put ь, and ц for с, in a word no lexicon entry knows.
# Each line is `ь<TAB>context` or `ц<TAB>context`: three letters before the position and two after (^ and $
# are the word's edges) in the rules' Cyrillic output; see translit/fallback.py.
# Trained by scripts/build_lexicon.py on the Russian dictionary forms and names of hunspell-ru ({hunspell_version};
#   ru_RU, Copyright 1997-2008 Alexander I. Lebedev, BSD-style licence: this is a MODIFIED, derived table,
#   not the dictionary; its full licence: lexicon/LICENSE.hunspell-ru.txt) as positives, against
#   {native} native Uzbek word forms of the tesseract-ocr-uzb-cyrl list (Apache-2.0) as negatives.
#   A context is kept when it was ь (ц) in at least {min_count} Russian words, in at least {share}% of
#   its Russian occurrences, and never in a native word.
# {soft} ь contexts, {tse} ц contexts.
"""
FALLBACK_MIN, FALLBACK_SHARE = 5, 95
_SUFFIX_STARTS = {"ни", "ми", "ма", "да", "га", "ка", "қа", "ла", "ли", "си", "ча", "ди", "де", "чи", "гу", "мо"}


def train_fallback(russian: list[str], native: list[str]) -> tuple[list[str], list[str]]:
    """(ь contexts, ц contexts) learnt from Russian words that the rules get wrong only by ь or ц.

    Each Russian word goes Cyrillic → Latin → rules-only Cyrillic; where that output is the word without
    its ь and with с for its ц, every position is a training case. Native words count only against.
    """
    from translit.fallback import SOFTENED, context

    to_latin = converter_for_id("uz-Cyrl__uz-Latn")
    stage = rules_only_stage()
    soft: dict[str, list[int]] = {}
    tse: dict[str, list[int]] = {}
    banned_soft: set[str] = set()
    banned_tse: set[str] = set()
    for word in native:
        for i, ch in enumerate(word):
            if ch in SOFTENED:
                banned_soft.add(context(word, i + 1))
            if ch == "с":
                banned_tse.add(context(word, i, skip=1))
    for word in russian:
        if not UZ_WORD.fullmatch(word) or ("ь" not in word and "ц" not in word and len(word) < 3):
            continue
        plain = word.replace("ь", "").replace("ц", "с")
        if stage.convert_word(to_latin.convert_word(word)) != plain:
            continue
        soft_after = {i - 1 - word[:i].count("ь") for i, ch in enumerate(word) if ch == "ь"}
        for i, ch in enumerate(plain):
            if ch in SOFTENED:
                soft.setdefault(context(plain, i + 1), [0, 0])[i in soft_after] += 1
            if ch == "с":
                tse.setdefault(context(plain, i, skip=1), [0, 0])[word.replace("ь", "")[i] == "ц"] += 1

    def kept(table: dict[str, list[int]], banned: set[str]) -> list[str]:
        return sorted(
            key
            for key, (no, yes) in table.items()
            if yes >= FALLBACK_MIN and 100 * yes >= FALLBACK_SHARE * (yes + no) and key not in banned
        )

    # before an Uzbek suffix a stem's final ь is dropped (модел-ни, Кремл-да), and native names end in -л
    # before -ми, -ман (Гулмира, Расулман): no ь is put where the rest starts like a suffix
    soft = {k: v for k, v in soft.items() if k.split("_")[1] not in _SUFFIX_STARTS}

    return kept(soft, banned_soft), kept(tse, banned_tse)


def measure(
    words: list[str], entries: dict[str, str], russian: set[str], fallback: Path | None = FALLBACK_OUT
) -> dict[str, float]:
    """Round trip Cyrillic → Latin → Cyrillic over `words`, with the rules only and with the lexicon.

    "loan variants" also counts as right a word the list spells without a ь we restore, or where we give
    the Russian spelling of a loan (цензура where the list has сензура)."""
    base = load("uz-Latn__uz-Cyrl")
    to_latin = converter_for_id("uz-Cyrl__uz-Latn")
    bare = rules_only_stage()
    full = Stage(
        compile_ruleset(
            dataclasses.replace(
                base, lexicon_words={**entries, **base.lexicon_words}, lexicon_files=(), fallback_file=fallback
            )
        )
    )
    latin = [to_latin.convert_word(w) for w in words]
    n = len(words) or 1

    def variant(want: str, got: str) -> bool:
        soft = got.replace("ь", "") == want.replace("ь", "") and got.count("ь") > want.count("ь")
        return got == want or soft or got in russian

    rules = [bare.convert_word(lat) for lat in latin]
    lexicon = [full.convert_word(lat) for lat in latin]
    return {
        "rules only": 100.0 * sum(g == w for g, w in zip(rules, words, strict=False)) / n,
        "with lexicon": 100.0 * sum(g == w for g, w in zip(lexicon, words, strict=False)) / n,
        "with lexicon, loan variants": 100.0 * sum(variant(w, g) for g, w in zip(lexicon, words, strict=False)) / n,
        "fixed by lexicon": float(sum(r != w and g == w for r, g, w in zip(rules, lexicon, words, strict=False))),
        "broken by lexicon": float(sum(r == w and g != w for r, g, w in zip(rules, lexicon, words, strict=False))),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--install", action="store_true", help="apt-get install the word-list packages first")
    parser.add_argument(
        "--check", action="store_true", help="report the gate's figures; fail if the committed TSVs differ"
    )
    args = parser.parse_args()
    attested = uzbek_latin_words(args.install)
    ru_lemmas, ru_names = hunspell_ru(args.install)
    common = {w.lower() for w in tesseract_words("rus", args.install)}
    # The list writes common loans the way Latin-converted web text does (филм, Полша); like its other
    # naive-conversion noise, such forms are not the Uzbek Cyrillic spelling (фильм, Польша): dropped.
    dictionary = {*ru_lemmas, *ru_names}
    web = web_spellings(common & dictionary, attested)
    words = [w for w in read_word_list(args.install) if not is_web_spelling(w, web, dictionary)]
    train = [w for w in words if not held_out(w)]
    test = [w for w in words if held_out(w)]
    entries, pairs, stats = build(train, attested)
    listed = set(train)
    # tesseract's Russian list has no dictionary forms as such: a word it holds counts only if hunspell-ru
    # lists it as a lemma too (борцам, девиц are oblique forms, whose Latin is a native word: borsam)
    loan_words = sorted(set(tesseract_russian_lemmas(args.install)) & set(ru_lemmas) | set(ru_lemmas))
    inline = load("uz-Latn__uz-Cyrl").lexicon_words  # hand-checked entries in the rule file win
    loan_candidates = {k: v for k, v in candidate_entries(loan_words, pairs, attested).items() if k not in entries}
    russian = {*loan_words, *ru_names}  # dictionary forms only
    loans, loan_gate = gate(loan_candidates, pairs, entries, listed, russian, attested, common)
    name_candidates = candidate_entries(sorted({*ru_names, *cldr_names()}), pairs, attested)
    name_candidates = {k: v for k, v in name_candidates.items() if k not in entries and k not in loans}
    names, name_gate = gate(name_candidates, pairs, entries, listed, russian, attested, common)
    lexicon = {k: v for k, v in {**loans, **entries}.items() if k not in inline}
    names = {k: v for k, v in names.items() if k not in inline}
    hunspell_version = _package_version("hunspell-ru")
    header = HEADER.format(
        version=_package_version("tesseract-ocr-uzb-cyrl"),
        hunspell_version=hunspell_version,
        heldout=len(test),
        stems=sum(k.endswith("*") for k in lexicon),
        whole=sum(not k.endswith("*") for k in lexicon),
        russian_loans=loan_gate.kept,
        loan_candidates=loan_gate.candidates,
        loan_dropped=len(loan_gate.dropped),
        loan_fixes=loan_gate.fixes,
        loan_breaks=loan_gate.breaks,
        **stats,
    )
    text = header + "".join(f"{k}\t{v}\n" for k, v in sorted(lexicon.items()))
    names_text = NAMES_HEADER.format(
        hunspell_version=hunspell_version,
        pairs=len(pairs),
        dropped=len(name_gate.dropped),
        candidates=name_gate.candidates,
        fixes=name_gate.fixes,
        breaks=name_gate.breaks,
    ) + "".join(f"{k}\t{v}\n" for k, v in sorted(names.items()))
    heldout_text = (
        "# Held-out Uzbek Cyrillic words (1 in 10, by hash) from the tesseract-ocr-uzb-cyrl word list\n"
        "# (Copyright Google Inc., Apache License 2.0); never used to build the lexicon.\n"
        "# Written by scripts/build_lexicon.py; read by tests/test_latin_cyrillic.py.\n"
        + "".join(f"{w}\n" for w in test)
    )
    for label, figures in (("loans", loan_gate), ("names", name_gate)):
        print(
            f"gate {label}: {figures.candidates} candidates, {figures.kept} kept, {len(figures.dropped)} dropped;"
            f" kept entries fix {figures.fixes} and break {figures.breaks} of {len(pairs)} training word forms"
        )
        for key, value, fixed, broken in figures.dropped[: 12 if args.check else 4]:
            print(f"    dropped {key} → {value}: fixes {fixed}, breaks {broken}")
    soft, tse = train_fallback(sorted(dictionary), train)
    fallback_text = FALLBACK_HEADER.format(
        hunspell_version=hunspell_version,
        native=len(train),
        min_count=FALLBACK_MIN,
        share=FALLBACK_SHARE,
        soft=len(soft),
        tse=len(tse),
    ) + "".join([*(f"ь\t{k}\n" for k in soft), *(f"ц\t{k}\n" for k in tse)])
    print(f"fallback: {len(soft)} ь contexts, {len(tse)} ц contexts")
    everything = {**inline, **names, **lexicon}
    lists = [("held-out tesseract words", test)]
    hunspell_uz = Path("/usr/share/hunspell/uz_UZ.dic")
    if args.check and hunspell_uz.exists():  # GPL-2+: measured against, never shipped or built from
        from scripts.measure_roundtrip import read_words

        lists.append(("hunspell-uz, measured only", read_words(hunspell_uz)))
    with tempfile.TemporaryDirectory() as tmp:
        model = Path(tmp) / "fallback.tsv"
        model.write_text(fallback_text, encoding="utf-8")
        for label, subset in lists:
            for with_model in (None, model):
                figures_out = measure(subset, everything, russian, with_model)
                which = "with fallback" if with_model else "without fallback"
                print(f"{label} ({len(subset)}, {which}): " + ", ".join(f"{k} {v:.2f}" for k, v in figures_out.items()))
    if args.check:
        same = (
            OUT.read_text(encoding="utf-8") == text
            and NAMES_OUT.read_text(encoding="utf-8") == names_text
            and FALLBACK_OUT.read_text(encoding="utf-8") == fallback_text
            and HELDOUT.read_text(encoding="utf-8") == heldout_text
        )
        sys.exit(0 if same else "lexicon differs from a rebuild")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    HELDOUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    NAMES_OUT.write_text(names_text, encoding="utf-8")
    FALLBACK_OUT.write_text(fallback_text, encoding="utf-8")
    HELDOUT.write_text(heldout_text, encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(lexicon)} entries; {NAMES_OUT.relative_to(ROOT)}: {len(names)} entries;")
    print(f"{HELDOUT.relative_to(ROOT)}: {len(test)} words; {stats}")


if __name__ == "__main__":
    main()
