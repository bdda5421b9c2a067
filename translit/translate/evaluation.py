"""Measure a translation model on a gold set: chrF and BLEU (sacrebleu) and sentences per second.

The gold file is TSV, UTF-8: one ``source<TAB>reference`` pair per line (lines starting with ``#`` and empty
lines are skipped). Each source line is one segment: it is not split further, so the hypotheses stay aligned
with the references. Sources go to the model as `translate_document` gives them (Cyrillic Uzbek
transliterated to the Latin NLLB knows first). sacrebleu is the optional extra ``translit[eval]``.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from translit.errors import InputError, TranslationError
from translit.translate.base import TranslationBackend
from translit.translate.pipeline import (
    ConverterFactory,
    _engine_converter,
    _model_input,
    filter_language_tokens,
    resolve_source_tag,
    target_spec,
    translate_sentences,
)

__all__ = ["EvalResult", "evaluate", "read_gold"]


@dataclass(frozen=True)
class EvalResult:
    sentences: int
    chrf: float
    bleu: float
    seconds: float
    sentences_per_second: float
    hypotheses: tuple[str, ...]

    def summary(self) -> str:
        return (
            f"{self.sentences} sentences  chrF {self.chrf:.2f}  BLEU {self.bleu:.2f}  "
            f"{self.sentences_per_second:.2f} sentences/s"
        )

    def as_dict(self) -> dict[str, object]:
        out = asdict(self)
        out.pop("hypotheses")
        return out


def read_gold(path: Path | str) -> list[tuple[str, str]]:
    """The (source, reference) pairs of a gold TSV."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(str(path), f"cannot read the gold file ({exc.strerror or exc})") from exc
    pairs = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 2 or not cells[0].strip():
            raise InputError(str(path), f"line {number}: expected source<TAB>reference, got {len(cells)} column(s)")
        pairs.append((cells[0].strip(), cells[1].strip()))
    if not pairs:
        raise InputError(str(path), "no source<TAB>reference pairs")
    return pairs


def evaluate(
    gold: Sequence[tuple[str, str]],
    source: str,
    target: str,
    *,
    backend: TranslationBackend,
    converter_factory: ConverterFactory = _engine_converter,
) -> EvalResult:
    """Translate every gold source (no cache: the speed is the model's) and score against the references."""
    try:
        import sacrebleu
    except ImportError as exc:
        raise TranslationError("eval-translation needs sacrebleu: pip install 'translit[eval]'") from exc
    sources = [s for s, _r in gold]
    refs = [r for _s, r in gold]
    spec = target_spec(target, backend, converter_factory)
    tag = resolve_source_tag("\n".join(sources), source)
    model_input, _shown, _tag, _convert = _model_input(sources, tag, backend, converter_factory)
    started = time.perf_counter()
    out = translate_sentences(model_input, tag.split("-")[0], spec.lang, backend=backend)
    seconds = time.perf_counter() - started
    hyps = [filter_language_tokens(h) for h in out]
    if spec.after is not None:
        hyps = [spec.after(h) for h in hyps]
    return EvalResult(
        sentences=len(gold),
        chrf=float(sacrebleu.corpus_chrf(hyps, [refs]).score),
        bleu=float(sacrebleu.corpus_bleu(hyps, [refs]).score),
        seconds=round(seconds, 4),
        sentences_per_second=round(len(gold) / seconds, 2) if seconds > 0 else float("inf"),
        hypotheses=tuple(hyps),
    )
