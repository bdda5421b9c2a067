"""What retargeting language tags costs a docx: the same document with a `w:lang` on every run naming the source
(retargeted), naming another language (read, kept), and with none, converted in process.

    python benchmarks/bench_docx_langs.py [--runs 2000] [--repeat 7]

Word writes a `w:lang` on nearly every run. The document is `--runs` runs of Uzbek Cyrillic in paragraphs of ten,
with styles.xml's default language the same as the runs'. Best of `--repeat` CPU times per conversion, and peak
memory of the process; differences under a millisecond are within this shared machine's noise.
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from precompile import byte_compile

from translit.documents import DocumentOptions, convert_document

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def docx(runs: int, lang: str | None) -> bytes:
    mark = f'<w:rPr><w:lang w:val="{lang}" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr>' if lang else ""
    run = f'<w:r>{mark}<w:t xml:space="preserve">Тошкент шаҳри кўчалари </w:t></w:r>'
    body = "".join(f"<w:p>{run * 10}</w:p>" for _ in range(runs // 10))
    default = f'<w:rPrDefault><w:rPr><w:lang w:val="{lang}"/></w:rPr></w:rPrDefault>' if lang else ""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", f"{DECL}<w:document {W}><w:body>{body}</w:body></w:document>")
        zf.writestr("word/styles.xml", f"{DECL}<w:styles {W}><w:docDefaults>{default}</w:docDefaults></w:styles>")
    return out.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    byte_compile()
    options = DocumentOptions(target="uz-Latn", source="uz-Cyrl")
    cases = {
        "w:lang uz-Cyrl-UZ (retargeted)": docx(args.runs, "uz-Cyrl-UZ"),
        "w:lang ru-RU (kept)": docx(args.runs, "ru-RU"),
        "no w:lang": docx(args.runs, None),
    }
    best = dict.fromkeys(cases, float("inf"))
    for data in cases.values():
        convert_document("a.docx", data, options)  # warm: rule set, imports
    for _ in range(args.repeat):
        for name, data in cases.items():
            start = time.process_time()
            convert_document("a.docx", data, options)
            best[name] = min(best[name], time.process_time() - start)
    print(f"a docx of {args.runs} runs; best of {args.repeat}, CPU ms per conversion")
    for name, seconds in best.items():
        print(f"{name:32} {seconds * 1e3:7.1f}")
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
