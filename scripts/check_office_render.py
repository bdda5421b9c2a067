"""Office documents written by LibreOffice, converted and translated by translit, opened again by LibreOffice.

    python scripts/check_office_render.py [--keep DIR] [--formats docx,odt,xlsx,ods,pptx,odp]

Why: the test suite builds its office documents by hand (`tests/bulk_fixtures.py`), small and regular. A real
office suite writes what users bring: styles, settings, run properties on every span, numbers as typed cells,
its own namespaces. This script has LibreOffice (`soffice --headless`) write each format from one source of Uzbek
Cyrillic (the first paragraphs of the corpus article, with bold and italic runs, a table, a heading, an English
line with a URL; a sheet with text and number cells; two slides), then for each document:

1. `translit convert DOC -o out/DOC --to uz-Latn`, and LibreOffice opens the output again (exported to its
   OpenDocument twin, whose paragraphs are read back: `text:p`, `text:h`, with `text:s`, tabs and line breaks);
2. the paragraphs must equal what `translit convert - --to uz-Latn` makes of the source document's paragraphs as
   plain text, one per line (one behaviour per input: a document converts as its text does);
3. `translit translate-doc DOC --to en` on the tiny NLLB-shaped test model (`translit.translate.tinymodel`, built
   here; its output is deterministic garbage) must open in LibreOffice with as many paragraphs as the source.

Prints one line per document and check; exits 1 when one fails, 2 when LibreOffice is missing. Needs `soffice` on
PATH (Debian: `libreoffice-writer-nogui`, `libreoffice-calc-nogui`, `libreoffice-impress-nogui`); takes about a
minute, most of it LibreOffice starting once per batch of conversions. Not part of the test suite, whose machines
have no office suite: run it after changing a rewriter of office formats.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "corpus" / "kazinform-2025-12-10.uz-Cyrl.txt"
TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
T = "{" + TEXT_NS + "}"

#: format -> (the source it is written from, the OpenDocument format LibreOffice reads it back as)
FORMATS = {
    "docx": ("src.html", "odt"),
    "odt": ("src.html", "odt"),
    "xlsx": ("src.csv", "ods"),
    "ods": ("src.csv", "ods"),
    "pptx": ("src.fodp", "odp"),
    "odp": ("src.fodp", "odp"),
}
#: LibreOffice's export filter for each format (the default one for a plain extension is ambiguous for some)
FILTERS = {
    "docx": "docx:MS Word 2007 XML",
    "xlsx": "xlsx:Calc MS Excel 2007 XML",
    "pptx": "pptx:Impress MS PowerPoint 2007 XML",
    "odt": "odt:writer8",
    "ods": "ods:calc8",
    "odp": "odp:impress8",
}
#: import filters for the sources whose type LibreOffice's detection does not settle (a flat ODP opened by Writer
#: reads as preformatted text)
IN_FILTERS = {".csv": "CSV:44,34,76", ".fodp": "OpenDocument Presentation Flat XML"}  # CSV: comma, quote, UTF-8


def paragraphs_of_article(count: int) -> list[str]:
    lines = [line.strip() for line in ARTICLE.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line][:count]


def write_sources(folder: Path) -> None:
    """The three sources LibreOffice writes every format from."""
    paras = paragraphs_of_article(6)
    body = [f"<h1>{paras[0]}</h1>"]
    for para in paras[1:5]:
        words = para.split(" ")
        runs = f"{' '.join(words[:3])} <b>{' '.join(words[3:6])}</b> <i>{' '.join(words[6:])}</i>"
        body.append(f"<p lang='uz-Cyrl-UZ'>{runs}</p>")
    body.append("<p lang='ru-RU'>Это предложение на русском языке остаётся кириллицей.</p>")
    body.append(
        "<table border='1'><tr><td>Тошкент</td><td>Ўзбекистон пойтахти</td></tr>"
        "<tr><td>Қарши</td><td>2025 йил</td></tr></table>"
    )
    body.append("<p>English stays English: the quick brown fox, https://kun.uz/news</p>")
    html = "<html lang='uz-Cyrl-UZ'><head><meta charset='utf-8'><title>Синов ҳужжати</title></head><body>" + "".join(
        body
    )
    (folder / "src.html").write_text(html + "</body></html>", encoding="utf-8")
    (folder / "src.csv").write_text(
        "шаҳар,аҳоли,изоҳ\nТошкент,3000000,Ўзбекистон пойтахти\nСамарқанд,550000,Қадимий шаҳар\n"
        "London,9000000,English stays\n",
        encoding="utf-8",
    )
    slides = "".join(
        f"<draw:page draw:name='s{i}'><draw:frame svg:x='1cm' svg:y='1cm' svg:width='20cm' svg:height='10cm'>"
        f"<draw:text-box><text:p>{title}</text:p><text:p>{text}</text:p></draw:text-box></draw:frame></draw:page>"
        for i, (title, text) in enumerate(zip(paras[:2], paras[2:4], strict=True))
    )
    (folder / "src.fodp").write_text(
        "<?xml version='1.0' encoding='UTF-8'?>"
        "<office:document xmlns:office='urn:oasis:names:tc:opendocument:xmlns:office:1.0'"
        " xmlns:draw='urn:oasis:names:tc:opendocument:xmlns:drawing:1.0'"
        f" xmlns:text='{TEXT_NS}' xmlns:svg='urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0'"
        " office:version='1.3' office:mimetype='application/vnd.oasis.opendocument.presentation'>"
        f"<office:body><office:presentation>{slides}</office:presentation></office:body></office:document>",
        encoding="utf-8",
    )


def soffice(args: Sequence[str], cwd: Path) -> None:
    """One LibreOffice run (its own profile folder: a user's running LibreOffice is left alone)."""
    profile = (cwd / ".lo-profile").as_uri()
    cmd = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--norestore", *args]
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, timeout=300)


def convert_to(files: Sequence[Path], target: str, out: Path, infilter: str | None = None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    extra = [f"--infilter={infilter}"] if infilter else []
    soffice([*extra, "--convert-to", target, "--outdir", str(out), *map(str, files)], out)


def _text(el: etree._Element) -> str:
    """An ODF paragraph's text as displayed: `text:s` is spaces, tabs and line breaks are characters."""
    parts = [el.text or ""]
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == T + "s":
            parts.append(" " * int(child.get(T + "c", "1")))
        elif tag == T + "tab":
            parts.append("\t")
        elif tag == T + "line-break":
            parts.append("\n")
        elif tag != T + "note":  # a footnote's body is paragraphs of its own
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def odf_paragraphs(path: Path) -> list[str]:
    """The text of every paragraph and heading of an OpenDocument file's body, in document order."""
    import zipfile

    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read("content.xml"))
    return [_text(el) for el in root.iter(T + "p", T + "h")]


STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"


def _style_tag(style: etree._Element) -> str | None:
    """The language tag a style's text properties set (`style:rfc-language-tag`, else language-script-country)."""
    props = style.find(STYLE + "text-properties")
    if props is None:
        return None
    parts = [props.get(FO + name) for name in ("language", "script", "country")]
    return props.get(STYLE + "rfc-language-tag") or "-".join(p for p in parts if p and p != "none") or None


def odf_languages(path: Path) -> list[frozenset[str | None]]:
    """The languages LibreOffice gives the text of each paragraph and heading (as `odf_paragraphs` lists them):
    a span's style's (DOCX runs become spans), else the paragraph's style's, else their parent styles', else the
    default paragraph style's."""
    import zipfile

    with zipfile.ZipFile(path) as zf:
        roots = [etree.fromstring(zf.read(name)) for name in ("styles.xml", "content.xml")]
    styles: dict[str, tuple[str | None, str | None]] = {}
    default = None
    for root in roots:
        for el in root.iter(STYLE + "style"):
            styles[el.get(STYLE + "name", "")] = (_style_tag(el), el.get(STYLE + "parent-style-name"))
        for el in root.iter(STYLE + "default-style"):
            if el.get(STYLE + "family") == "paragraph":
                default = _style_tag(el)

    def resolve(name: str | None) -> str | None:
        seen = set()
        while name is not None and name in styles and name not in seen:
            seen.add(name)
            tag, name = styles[name]
            if tag is not None:
                return tag
        return None

    out = []
    for para in roots[1].iter(T + "p", T + "h"):
        own = resolve(para.get(T + "style-name")) or default
        found = {own} if (para.text or "").strip() else set()
        for span in para.iter(T + "span"):
            if "".join(span.itertext()).strip():
                found.add(resolve(span.get(T + "style-name")) or own)
            if (span.tail or "").strip():
                found.add(own)
        out.append(frozenset(found))
    return out


def language_failures(
    fmt: str,
    before: list[frozenset[str | None]],
    converted: list[frozenset[str | None]],
    done: list[frozenset[str | None]],
) -> int:
    """Check the paragraphs' languages, as LibreOffice reads them, in a converted and a translated text document:
    Uzbek Cyrillic says Uzbek Latin once converted (other languages stay), Uzbek and Russian say English (any region)
    once translated (the tiny model translates every sentence it is given). Fails when LibreOffice kept no uz-Cyrl-UZ
    from the source: then nothing would have been checked."""
    if not any("uz-Cyrl-UZ" in tags for tags in before):
        print(f"{fmt:5} languages: LibreOffice kept no uz-Cyrl-UZ from the source: nothing checked")
        return 1
    want = [frozenset({"uz-Cyrl-UZ": "uz-Latn-UZ"}.get(tag or "", tag) for tag in tags) for tags in before]
    ok = converted == want
    print(f"{fmt:5} languages converted:  {'ok' if ok else 'DIFFER'} ({_tags(converted)})")
    translated = [tags for tags, was in zip(done, before, strict=True) if was & {"uz-Cyrl-UZ", "ru-RU"}]
    # LibreOffice reads a bare `en` from a docx's w:lang as en-US: the language is what must say English
    translated_ok = all({(tag or "").split("-")[0] for tag in tags} == {"en"} for tags in translated)
    print(f"{fmt:5} languages translated: {'ok' if translated_ok else 'DIFFER'} ({_tags(done)})")
    return (not ok) + (not translated_ok)


def _tags(found: list[frozenset[str | None]]) -> str:
    return ", ".join(sorted({str(tag) for tags in found for tag in tags}))


def translit(args: Sequence[str], stdin: str | None = None) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "translit", *args], input=stdin, capture_output=True, text=True, timeout=300
    )
    if proc.returncode != 0:
        raise RuntimeError(f"translit {' '.join(args)} failed ({proc.returncode}): {proc.stderr.strip()}")
    return proc.stdout


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary one)")
    ap.add_argument("--formats", default=",".join(FORMATS), help="comma-separated, of: " + ", ".join(FORMATS))
    args = ap.parse_args()
    if shutil.which("soffice") is None:
        print("soffice (LibreOffice) is not on PATH: apt-get install libreoffice-writer-nogui ...", file=sys.stderr)
        return 2
    formats = [f for f in args.formats.split(",") if f]
    unknown = set(formats) - set(FORMATS)
    if unknown:
        ap.error(f"unknown formats: {', '.join(sorted(unknown))}")
    work = args.keep or Path(tempfile.mkdtemp(prefix="translit-office-"))
    work.mkdir(parents=True, exist_ok=True)
    src, out, translated, back = work / "src", work / "out", work / "translated", work / "back"
    src.mkdir(exist_ok=True)
    write_sources(src)
    for fmt in formats:  # LibreOffice writes each document
        source, _odf = FORMATS[fmt]
        infilter = IN_FILTERS.get(Path(source).suffix)
        convert_to([src / source], FILTERS.get(fmt, fmt), src, infilter)
        (src / f"src.{fmt}").rename(src / f"{fmt}.{fmt}")
    docs = [src / f"{fmt}.{fmt}" for fmt in formats]
    from translit.translate.tinymodel import build_tiny_nllb

    model = build_tiny_nllb(work / "tiny-model")
    translit(["convert", *map(str, docs), "-o", str(out), "--to", "uz-Latn"])
    translated_args = ["--to", "en", "--model", str(model), "--no-cache", "--out-dir", str(translated)]
    translit(["translate-doc", *map(str, docs), *translated_args])
    failures = 0
    folders = {"src": (src, ""), "out": (out, ""), "translated": (translated, ".en")}
    for odf in sorted({FORMATS[fmt][1] for fmt in formats}):  # LibreOffice opens every result again
        group = [fmt for fmt in formats if FORMATS[fmt][1] == odf]
        for where, (folder, infix) in folders.items():
            convert_to([folder / f"{fmt}{infix}.{fmt}" for fmt in group], FILTERS[odf], back / where)
    for fmt in formats:
        odf = FORMATS[fmt][1]
        before = odf_paragraphs(back / "src" / f"{fmt}.{odf}")
        converted = odf_paragraphs(back / "out" / f"{fmt}.{odf}")
        expected = translit(["convert", "-", "--to", "uz-Latn"], "\n".join(before) + "\n").split("\n")[: len(before)]
        same = converted == expected
        print(f"{fmt:5} converted:  {'ok' if same else 'DIFFERS'} ({len(converted)} paragraphs open in LibreOffice)")
        if not same:
            failures += 1
            for got, want in zip(converted, expected, strict=False):
                if got != want:
                    print(f"      got  {got!r}\n      want {want!r}")
                    break
        done = odf_paragraphs(back / "translated" / f"{fmt}.en.{odf}")
        fine = len(done) == len(before) and any(a != b for a, b in zip(done, before, strict=True))
        print(f"{fmt:5} translated: {'ok' if fine else 'FAILS'} ({len(done)} of {len(before)} paragraphs, opened)")
        failures += not fine
        if odf == "odt":  # the HTML source's paragraphs carry language tags
            langs = [odf_languages(back / where / f"{fmt}{infix}.{odf}") for where, (_f, infix) in folders.items()]
            failures += language_failures(fmt, *langs)
    print(f"{len(formats)} formats, {failures} failing; files in {work}" if args.keep else f"{failures} failing")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
