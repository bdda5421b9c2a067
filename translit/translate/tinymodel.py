"""Build a tiny NLLB-shaped CTranslate2 model and SentencePiece model, for tests and benchmarks.

Why: real NLLB weights are hundreds of MB, licensed CC-BY-NC and cannot be downloaded here, yet the loading
and token-protocol code must run for real. This builds a 1+1-layer Transformer with random (seeded) weights
through ``ctranslate2.specs`` -- no torch, no transformers, about 0.3 s and 30 KB -- whose vocabulary is a
SentencePiece model trained on a few lines plus NLLB language codes. Its output is deterministic garbage:
tests assert structure and determinism, never quality.

Run ``python -m translit.translate.tinymodel OUT_DIR`` to write one to disk.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

__all__ = ["DEFAULT_CODES", "build_tiny_nllb", "build_tiny_transformer"]

DEFAULT_CODES = ("eng_Latn", "uzn_Latn", "kaz_Cyrl", "rus_Cyrl")

_DEFAULT_LINES = (
    "Salom dunyo. Bugun havo yaxshi.",
    "Yevropa Ittifoqi va Qozogiston ortasidagi hamkorlik muhim.",
    "Brusselda yangi tashkilot ishga tushirildi, deb xabar beradi muxbir.",
    "Hello world. The weather is fine today.",
    "A new organisation was launched in Brussels.",
    "Сәлем әлем. Бүгін ауа райы жақсы.",
    "Брюссельде жаңа ұйым іске қосылды.",
    "Привет, мир. Сегодня хорошая погода.",
    "Ўзбекистон ва Қозоғистон ҳамкорлиги.",
)


def build_tiny_nllb(
    out_dir: Path | str,
    *,
    lines: Iterable[str] = _DEFAULT_LINES,
    codes: Iterable[str] = DEFAULT_CODES,
    d_model: int = 32,
    ffn: int = 64,
    seed: int = 0,
    eos_bias: float = 2.0,
) -> Path:
    """Write a tiny NLLB-style CTranslate2 model directory (model.bin, config.json, shared_vocabulary.json,
    sentencepiece.bpe.model) to `out_dir` and return it.

    `eos_bias` is added to the end-of-sentence logit so that decoding stops early; a large value makes every
    translation empty-but-for-the-prefix, a value around 2 gives short outputs.
    """
    import sentencepiece as spm

    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(list(lines)),
        model_writer=buf,
        vocab_size=120,
        model_type="unigram",
        character_coverage=1.0,
        hard_vocab_limit=False,
        normalization_rule_name="identity",
        minloglevel=2,
    )
    spm_bytes = buf.getvalue()
    sp = spm.SentencePieceProcessor(model_proto=spm_bytes)
    vocab = [sp.id_to_piece(i) for i in range(sp.get_piece_size())] + list(codes)
    out = build_tiny_transformer(out_dir, vocab, d_model=d_model, ffn=ffn, seed=seed, eos_bias=eos_bias)
    (out / "sentencepiece.bpe.model").write_bytes(spm_bytes)
    return out


def build_tiny_transformer(
    out_dir: Path | str,
    vocab: Sequence[str],
    *,
    d_model: int = 32,
    ffn: int = 64,
    seed: int = 0,
    eos_bias: float = 2.0,
) -> Path:
    """Write a 1+1-layer CTranslate2 Transformer with random weights over `vocab` (which must start with
    ``<unk> <s> </s>``); the tokenizer is the caller's business."""
    import ctranslate2
    import numpy as np
    from ctranslate2.specs import TransformerSpec
    from ctranslate2.specs.model_spec import visit_spec

    if list(vocab[:3]) != ["<unk>", "<s>", "</s>"]:
        raise ValueError("the vocabulary must start with <unk> <s> </s>")
    out = Path(out_dir)
    os.makedirs(out, exist_ok=True)  # spec.save does not create the directory
    spec = TransformerSpec.from_config((1, 1), 2, pre_norm=True)
    rng = np.random.default_rng(seed)
    size = len(vocab)

    def shape_of(name: str) -> tuple[int, ...]:
        if name.endswith("gamma") or name.endswith("beta"):
            return (d_model,)
        if "embeddings" in name or name.endswith("projection/weight"):
            return (size, d_model)
        if "ffn/linear_0/weight" in name:
            return (ffn, d_model)
        if "ffn/linear_1/weight" in name:
            return (d_model, ffn)
        if "self_attention/linear_0/weight" in name:
            return (3 * d_model, d_model)
        if "attention/linear_0/weight" in name and "self" not in name:
            return (d_model, d_model)
        if "attention/linear_1/weight" in name and "self" not in name:
            return (2 * d_model, d_model)
        return (d_model, d_model)

    def fill(spec_obj: object, name: str, value: object) -> None:
        # Required variables are None; OPTIONAL ones (biases, position encodings) may stay unset.
        if value is None:
            attr = name.rsplit("/", 1)[-1]
            if attr == "gamma":
                arr = np.ones(shape_of(name), dtype=np.float32)
            elif attr == "beta":
                arr = np.zeros(shape_of(name), dtype=np.float32)
            else:
                arr = rng.normal(0.0, 0.5, shape_of(name)).astype(np.float32)
            setattr(spec_obj, attr, arr)

    visit_spec(spec, fill)
    if eos_bias:
        bias = np.zeros((size,), dtype=np.float32)
        bias[2] = eos_bias  # </s>
        spec.decoder.projection.bias = bias
    spec.register_source_vocabulary(list(vocab))
    spec.register_target_vocabulary(list(vocab))
    spec.config.unk_token = "<unk>"
    spec.config.bos_token = "<s>"
    spec.config.eos_token = "</s>"
    spec.config.decoder_start_token = "</s>"
    spec.validate()
    spec.optimize("int8")
    spec.save(str(out))
    del ctranslate2  # imported to fail early with a clear ImportError when the extra is missing
    return out


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m translit.translate.tinymodel OUT_DIR")
    print(build_tiny_nllb(sys.argv[1]))
