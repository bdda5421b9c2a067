"""Distinct real Uzbek sentences for the benchmarks, built reproducibly from a package on PyPI.

Source: the language-identification training and validation sets inside the `fitrat` wheel (version 0.0.9,
MIT, © Tahrirchi): news and official sentences labelled `uz_cyr` (about 7.8 MB of distinct Uzbek Cyrillic)
and `uz_lat` (about 3.9 MB of distinct Uzbek Latin), next to other languages we drop. translit's rules and
lexicon were never built from them (the lexicon comes from tesseract's word list), so they are unseen text.

Each script is deduplicated line by line (no sentence occurs twice) and split in two by a hash of the line:
`dev` (for profiling and tuning) and `heldout` (the figures we quote). The order is the hash order, so the
sentences of one article do not sit together. Files go to `benchmarks/data/` (git-ignored):

    python benchmarks/corpus.py      # downloads the wheel with pip (once) and writes the files; prints sizes

`pip download --no-deps fitrat==0.0.9` is the only network step; the wheel is kept in `benchmarks/data/`.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
WHEEL = "fitrat-0.0.9-py3-none-any.whl"
MEMBERS = ("fitrat/language_detector/data/train.txt", "fitrat/language_detector/data/valid.txt")
LABELS = {"uz-Cyrl": "__label__uz_cyr ", "uz-Latn": "__label__uz_lat "}
SPLITS = ("dev", "heldout")


def _wheel() -> Path:
    path = DATA / WHEEL
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(DATA), "fitrat==0.0.9"]
        subprocess.run(cmd, check=True)
    return path


def _bucket(line: str) -> tuple[int, bytes]:
    digest = hashlib.sha256(line.encode("utf-8")).digest()
    return digest[0] & 1, digest


def path(script: str, split: str = "heldout") -> Path:
    """The file of distinct `script` sentences (uz-Cyrl or uz-Latn) in `split`, built on first use."""
    out = DATA / f"real-{split}.{script}.txt"
    if not out.exists():
        build()
    return out


def build() -> dict[Path, int]:
    """Write every split of both scripts; returns each file's size in bytes."""
    lines: dict[str, set[str]] = {script: set() for script in LABELS}
    with zipfile.ZipFile(_wheel()) as wheel:
        for member in MEMBERS:
            for raw in wheel.read(member).decode("utf-8").splitlines():
                for script, label in LABELS.items():
                    if raw.startswith(label):
                        sentence = raw[len(label) :].strip()
                        if sentence:
                            lines[script].add(sentence)
    sizes: dict[Path, int] = {}
    for script, found in lines.items():
        keyed = sorted((_bucket(s), s) for s in found)
        for index, split in enumerate(SPLITS):
            text = "\n".join(s for (bucket, _d), s in keyed if bucket == index) + "\n"
            out = DATA / f"real-{split}.{script}.txt"
            out.write_text(text, encoding="utf-8")
            sizes[out] = len(text.encode("utf-8"))
    return sizes


if __name__ == "__main__":
    for file, size in build().items():
        print(f"{file.relative_to(DATA.parent.parent)}: {size / 1e6:.2f} MB, {file.read_text().count(chr(10))} lines")
