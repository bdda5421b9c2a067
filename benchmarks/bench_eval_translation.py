"""Measure a translation model on a gold set: chrF, BLEU (sacrebleu) and sentences per second.

Run: python benchmarks/bench_eval_translation.py [--model DIR] [--backend ct2] [--from uz] [--to en] [GOLD.tsv]

GOLD.tsv holds ``source<TAB>reference`` lines. Without a gold file, the sentences of the Uzbek Latin article
of the corpus are their own references (a smoke run: the scores mean nothing). Without
--model it builds the tiny NLLB-shaped test model (random weights: the scores are near 0, only the speed of
our layer on a minimal model is worth reading). With a real NLLB-200 CTranslate2 directory, this is the
number to report: chrF and BLEU on FLORES-200 devtest uzn_Latn -> eng_Latn, for instance.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("gold", nargs="?", type=Path)
    parser.add_argument("--model")
    parser.add_argument("--backend", default="ct2")
    parser.add_argument("--from", dest="source", default="uz")
    parser.add_argument("--to", dest="target", default="en")
    args = parser.parse_args()
    from translit.segment import split_sentences
    from translit.translate import open_backend
    from translit.translate.evaluation import evaluate, read_gold
    from translit.translate.tinymodel import build_tiny_nllb

    with tempfile.TemporaryDirectory() as tmp:
        model = args.model or str(build_tiny_nllb(Path(tmp) / "tiny"))
        if args.gold:
            pairs = read_gold(args.gold)
        else:
            latin = (ROOT / "corpus" / "kazinform-2025-12-10.uz-Latn.txt").read_text(encoding="utf-8")
            sentences = [s.text for s in split_sentences(latin, "uz-Latn")]
            pairs = list(zip(sentences, sentences, strict=True))
        with open_backend(args.backend, model) as backend:
            result = evaluate(pairs, args.source, args.target, backend=backend)
        print(f"model: {model}")
        print(result.summary())


if __name__ == "__main__":
    main()
