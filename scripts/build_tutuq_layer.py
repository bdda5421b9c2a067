"""Build the lexicon layer for Uzbek Latin typed without its tutuq: elon → эълон, azolari → аъзолари.

Why: Latin-script writers often leave out the tutuq (ʼ) of Arabic-origin words, and the rules alone then
write элон, азолари. For every word of the Uzbek Cyrillic word list (tesseract's uzb_cyrl, training split
only; the held-out tenth measures the result) with one tutuq in its official Latin, the shortest key from the
letter after the tutuq on (a stem, elon* → эълон*, or the whole word) becomes an entry when
- the rules get nothing else in the word wrong, and the ъ stands where a tutuq does (not between consonants);
- the Uzbek Latin word list (tesseract's uzb) attests the key's spelling;
- no other Cyrillic word of the list is written with that key, unless it is this word misspelt without its ъ
  (малумот beside маълумот), and then less often than the word itself: davo stays даво. Past such a word a
  longer key is tried only while the word is not a prefix of it: malu* meets малуку and malum* is taken,
  but surat* meets сурат ("picture", against суръат "speed") and no suratd* hides it behind a suffix;
  and no key is tried whose first four letters or more (past the tutuq) spell another word: davo is даво
  ("cure"), so davolar stays даволар; stems are five letters at least and never end where a digraph starts;
- a whole-word key does not spell a Russian word (tesseract's rus list): ray stays рай;
- no other lexicon entry has the key (entries written by hand and the other layers win).

Usage: python scripts/build_tutuq_layer.py [--check]   (--check: only print the figures)
"""

from __future__ import annotations

import argparse
import bisect
import dataclasses
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.build_lexicon import _package_version, held_out, read_word_list, tesseract_words  # noqa: E402
from translit.compiler import compile_ruleset  # noqa: E402
from translit.contexts import APOSTROPHES  # noqa: E402
from translit.engine import Stage  # noqa: E402
from translit.registry import get_converter, load  # noqa: E402

OUT = ROOT / "rules" / "lexicon" / "uz-Latn__uz-Cyrl.tutuq.tsv"
TUTUQ = "ʼ"
_FOLD = str.maketrans(dict.fromkeys(APOSTROPHES, "'"))

HEADER = """\
# Uzbek Latin (1995) → Cyrillic, tutuq-less spellings: Arabic-origin words typed without their tutuq (ʼ):
# elon* → эълон*, azolari → аъзолари, ellikqala → элликқалъа. Stems let suffixes follow.
# Sources: the word lists inside Debian's tesseract-ocr-uzb-cyrl ({cyrl}), tesseract-ocr-uzb ({latn}) and
#   tesseract-ocr-rus packages (tesseract's LSTM word lists, Copyright 2006-2022 Google Inc., licensed under
#   the Apache License 2.0); this file is a derived work of those lists, distributed under the same licence.
# An entry is the official Latin of a Cyrillic word with a tutuq (training split of the list) without the
#   tutuq, the shortest key the Latin list attests that no other Cyrillic word is spelled with (davo stays
#   даво, surat stays сурат); keys of the other lexicon layers are left out.
# {count} entries. Figures: python scripts/build_tutuq_layer.py --check
# Rebuilt by: python scripts/build_tutuq_layer.py   (needs: apt-get install tesseract-ocr
#   tesseract-ocr-uzb-cyrl tesseract-ocr-uzb tesseract-ocr-rus)
"""


def fold(word: str) -> str:
    return word.lower().translate(_FOLD)


def without_layer() -> Stage:
    """uz-Latn → uz-Cyrl as shipped, minus this layer: what the layer has to correct."""
    ruleset = load("uz-Latn__uz-Cyrl")
    files = tuple(f for f in ruleset.lexicon_files if Path(f).name != OUT.name)
    return Stage(compile_ruleset(dataclasses.replace(ruleset, lexicon_files=files)))


def existing_keys() -> set[str]:
    ruleset = load("uz-Latn__uz-Cyrl")
    stage = without_layer()
    keys = {fold(k) for k in ruleset.lexicon_words}
    keys |= {fold(k) for k in stage.compiled.words}
    keys |= {fold(k) for k in stage.compiled.stems}
    return keys


MIN_STEM = 5  # shorter keys are whole words only: a short stem reaches too many other words
MIN_ROOT = 4  # a part of a key this long that is another word (davo, даво) stops the search


_CONSONANTS = set("бвгджзйклмнпрстфхцчшщқғҳ")
# a stem may not end where a digraph could start: qalas* would cut qalash into қалъас + ҳ
_DIGRAPH_START = set("scytog")


def _tutuq_shape(word: str, q: int) -> bool:
    """ъ where a tutuq stands: not between two consonants (вариантъга, тъминлаш: misspellings in the list),
    and not right after a lone first consonant other than the Russian prefix с- (съёмка)."""
    before, after = word[q - 1 : q], word[q + 1 : q + 2]
    if before in _CONSONANTS and after in _CONSONANTS:
        return False
    return not (q == 1 and before in _CONSONANTS and before != "с")


def _candidates(word: str, latin: str, stage: Stage) -> list[tuple[str, str]]:
    """(key, value) candidates for one Cyrillic word with one tutuq, shortest first: stems (key ending in *)
    from the letter after the tutuq on, then the whole word."""
    bare = latin.replace(TUTUQ, "")
    p = latin.index(TUTUQ)
    rules = stage.convert_word(bare)
    q = word.index("ъ")
    if not _tutuq_shape(word, q):
        return []
    if word[:q] + word[q + 1 :] != rules:  # the rules get more than the tutuq wrong: not this layer's job
        return []
    out: list[tuple[str, str]] = []
    cyr = 0
    for piece in stage.explain(bare):
        cyr += len(piece.output)
        n = piece.end
        if n <= p or cyr < q or n >= len(bare) or n < MIN_STEM or bare[n - 1] in _DIGRAPH_START:
            continue
        out.append((bare[:n] + "*", word[: cyr + 1] + "*"))
    out.append((bare, word))
    return out


def build(words: list[str], latin_attested: set[str], russian: set[str]) -> dict[str, str]:
    """The shortest stem (or the whole word) per word that changes no other word of the list."""
    to_latin = get_converter("uz-Cyrl", "uz-Latn")
    stage = without_layer()
    spelled: dict[str, str] = {}  # folded Latin → Cyrillic, for every word of the list
    for w in words:
        spelled.setdefault(fold(to_latin.convert_word(w)), w)
    ordered = sorted(spelled)
    attested = sorted(latin_attested)
    taken = existing_keys()

    def starting(prefix: str, pool: list[str]) -> list[str]:
        i = bisect.bisect_left(pool, prefix)
        j = bisect.bisect_left(pool, prefix + "\uffff")
        return pool[i:j]

    listed = set(words)

    def misspelt(other: str, value: str) -> bool:
        """The other word is this one without its ъ (малумот for маълумот: the list has both)."""
        q = value.index("ъ")
        return other[:q] == value[:q].replace("ъ", "") and other[:q] + "ъ" + other[q:] in listed

    def conflicts(key: str, value: str) -> list[str]:
        """The folded Latin of the other Cyrillic words of the list written with this key (the entry would
        change them), leaving out this word misspelt without its ъ while that stays rarer than its own forms."""
        if key.endswith("*"):
            k, v = fold(key[:-1]), value[:-1]
            hits = [lat for lat in starting(k, ordered) if not spelled[lat].startswith(v)]
            own = sum(1 for w in listed if w.startswith(v))
        else:
            k, v = fold(key), value
            hits = [k] if k in spelled and spelled[k] != value else []
            own = 1
        if len(hits) < own and all(misspelt(spelled[lat], v) for lat in hits):
            return []
        return hits

    def seen(key: str) -> bool:
        """The Latin list has the key's spelling: a word, or for a stem a word that starts with it."""
        return bool(starting(fold(key[:-1]), attested)) if key.endswith("*") else fold(key) in latin_attested

    entries: dict[str, str] = {}
    for word in words:
        if word.count("ъ") != 1:
            continue
        latin = to_latin.convert_word(word)
        if latin.count(TUTUQ) != 1 or stage.convert_word(latin.replace(TUTUQ, "")) == word:
            continue
        # the shortest candidate the Latin list attests that changes no other word. A longer one is tried
        # past a conflict only while the other word is not itself a prefix of it: malu* meets малуку, and
        # malum* is fine; surat* meets сурат "picture" (against surʼat, суръат "speed"), and suratd* would
        # only hide сурат behind a suffix
        blocked: list[str] = []
        root = latin.index(TUTUQ) + 1  # a key reaches at least the letter after the tutuq
        for key, value in _candidates(word, latin, stage):
            k = fold(key.rstrip("*"))
            if k in taken or any(k.startswith(b) for b in blocked):
                break
            if any(
                k[:n] in spelled and spelled[k[:n]] != word[: len(spelled[k[:n]])]
                for n in range(max(root, MIN_ROOT), len(k))
            ):
                break  # a shorter part of the key is another word (davolar: davo is даво "cure")
            if not key.endswith("*") and stage.convert_word(key) in russian:
                break  # ray: раъй "opinion", but рай is a Russian word too
            hits = conflicts(key, value)
            if hits:
                blocked.extend(hits)
                continue
            if key in entries:
                break
            if not seen(key):
                continue
            entries[key] = value
            break
    # a whole word that one of the stems already covers is left out
    stems = {k[:-1]: v[:-1] for k, v in entries.items() if k.endswith("*")}
    for key in [k for k in entries if not k.endswith("*")]:
        if any(key.startswith(s) and entries[key].startswith(v) for s, v in stems.items()):
            del entries[key]
    return dict(sorted(entries.items()))


def measure(entries: dict[str, str], held: list[str]) -> None:
    """Held-out words: tutuq-less Latin back to Cyrillic, and the round trip of every held-out word."""
    to_latin = get_converter("uz-Cyrl", "uz-Latn")
    before = without_layer()
    after = get_converter("uz-Latn", "uz-Cyrl")
    with_tutuq = [w for w in held if TUTUQ in to_latin.convert_word(w)]
    bare = [(to_latin.convert_word(w).replace(TUTUQ, ""), w) for w in with_tutuq]
    b = sum(before.convert_word(latin) == w for latin, w in bare)
    a = sum(after.convert_word(latin) == w for latin, w in bare)
    print(f"held-out words with a tutuq, typed without it: {b} → {a} of {len(bare)} back exactly")
    rb = sum(before.convert_word(to_latin.convert_word(w)) == w for w in held)
    ra = sum(after.convert_word(to_latin.convert_word(w)) == w for w in held)
    print(f"held-out round trip Cyrillic → Latin → Cyrillic: {rb} → {ra} of {len(held)}")
    broken = [
        w
        for w in held
        if before.convert_word(to_latin.convert_word(w)) == w != after.convert_word(to_latin.convert_word(w))
    ]
    print(f"held-out words the layer breaks: {len(broken)} {broken[:10]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only print the figures; write nothing")
    args = parser.parse_args()
    words = read_word_list(install=False)
    train = [w for w in words if not held_out(w)]
    held = [w for w in words if held_out(w)]
    latin_attested = {fold(w) for w in tesseract_words("uzb", False)}
    russian = {w.lower() for w in tesseract_words("rus", False)}
    entries = build(train, latin_attested, russian)
    print(f"{len(entries)} entries")
    if not args.check:
        header = HEADER.format(
            cyrl=_package_version("tesseract-ocr-uzb-cyrl"),
            latn=_package_version("tesseract-ocr-uzb"),
            count=len(entries),
        )
        OUT.write_text(header + "".join(f"{k}\t{v}\n" for k, v in entries.items()), encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}")
    measure(entries, held)


if __name__ == "__main__":
    main()
