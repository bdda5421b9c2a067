"""CTranslate2 + SentencePiece backend for NLLB-200-family model directories, without transformers.

Token protocol (transformers >= 4.28 / NLLB paper): the source is ``[src_code] + pieces + ["</s>"]``, the
target is forced to start with ``[tgt_code]`` through ``target_prefix``, and that first output token is
dropped. CTranslate2 maps unknown tokens to ``<unk>`` silently, so language codes are checked against the
model's vocabulary here. One sentence per example: NLLB is trained on sentences and drops material from
multi-sentence inputs.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from translit.errors import ModelError, TranslationError
from translit.translate.base import InstalledModel, TranslationBackend
from translit.translate.langcodes import NLLB_CODES, script_of_code
from translit.translate.models import CT2_SUBDIR, check_ct2_dir, dir_size, install_hint, models_dir

__all__ = ["CTranslate2Backend"]


def _import_ct2() -> tuple[Any, Any]:
    try:
        import ctranslate2
        import sentencepiece
    except ImportError as exc:
        raise TranslationError(
            f"the ct2 backend needs ctranslate2 and sentencepiece ({exc.name} is missing): "
            "pip install 'translit-uz[ct2]'"
        ) from exc
    return ctranslate2, sentencepiece


class CTranslate2Backend(TranslationBackend):
    """An NLLB-style CTranslate2 model directory (model.bin, config.json, shared_vocabulary.*, *.model)."""

    name = "ct2"

    def __init__(
        self,
        model_dir: Path | str,
        *,
        device: str = "cpu",
        compute_type: str = "int8",
        threads: int = 0,
        beam_size: int = 4,
        max_batch_size: int = 16,
        max_decoding_length: int = 256,
    ) -> None:
        self.model_dir = Path(model_dir)
        self._spm_path, vocab = check_ct2_dir(self.model_dir)
        vocab_set = set(vocab)
        self._codes = {short: code for short, code in NLLB_CODES.items() if code in vocab_set}
        self._code_tokens = frozenset(NLLB_CODES.values()) & vocab_set
        if not self._codes:
            raise ModelError(
                f"{self.model_dir}: no NLLB language code (eng_Latn, uzn_Latn, ...) in the vocabulary; "
                "only NLLB-200-family models are supported by the ct2 backend"
            )
        self.device = device
        self.compute_type = compute_type
        self.threads = threads
        self.beam_size = beam_size
        self.max_batch_size = max_batch_size
        self.max_decoding_length = max_decoding_length
        self._translator: Any = None
        self._sp: Any = None
        self._model_id: str | None = None

    # -- loading ---------------------------------------------------------------------------------------------
    @classmethod
    def open(cls, model: str | Path | None = None, **options: Any) -> CTranslate2Backend:
        """Open a model by path, by installed name, or the only installed one when `model` is None."""
        if model is not None and (Path(model).is_dir() or os.sep in str(model)):
            return cls(model, **options)
        installed = cls.installed_models()
        if model is not None:
            for m in installed:
                if m.name == model:
                    return cls(m.path, **options)
            names = ", ".join(m.name for m in installed) or "none"
            raise ModelError(f"no CTranslate2 model named {model!r} (installed: {names}); {install_hint()}")
        if not installed:
            raise ModelError(f"no CTranslate2 model installed in {models_dir() / CT2_SUBDIR}; {install_hint()}")
        if len(installed) > 1:
            names = ", ".join(m.name for m in installed)
            raise ModelError(f"several CTranslate2 models are installed ({names}); choose one with --model")
        return cls(installed[0].path, **options)

    def _load(self) -> tuple[Any, Any]:
        if self._translator is None:
            ctranslate2, sentencepiece = _import_ct2()
            try:
                sp = sentencepiece.SentencePieceProcessor(model_file=str(self._spm_path))
            except (OSError, RuntimeError) as exc:
                raise ModelError(f"{self._spm_path}: corrupt SentencePiece model ({exc})") from exc
            try:
                self._translator = ctranslate2.Translator(
                    str(self.model_dir),
                    device=self.device,
                    compute_type=self.compute_type,
                    intra_threads=self.threads,
                )
            except (RuntimeError, ValueError, OSError) as exc:
                raise ModelError(f"{self.model_dir}: cannot load the CTranslate2 model ({exc})") from exc
            self._sp = sp
        return self._translator, self._sp

    def close(self) -> None:
        self._translator = None
        self._sp = None

    # -- interface -------------------------------------------------------------------------------------------
    def decoding_options(self) -> dict[str, object]:
        return {
            "beam_size": self.beam_size,
            "max_decoding_length": self.max_decoding_length,
            "compute_type": self.compute_type,
        }

    @property
    def model_id(self) -> str:
        if self._model_id is None:
            self._model_id = f"{self.model_dir.name}@{_fingerprint(self.model_dir)}"
        return self._model_id

    def pairs(self) -> frozenset[tuple[str, str]]:
        return frozenset((a, b) for a in self._codes for b in self._codes if a != b)

    def languages(self) -> list[str]:
        return sorted(self._codes)

    def input_script(self, lang: str) -> str | None:
        code = self._codes.get(lang)
        return script_of_code(code) if code else None

    def code(self, lang: str) -> str:
        try:
            return self._codes[lang]
        except KeyError:
            known = ", ".join(sorted(self._codes))
            raise TranslationError(
                f"{self.model_dir}: the model has no code for language {lang!r} (it knows: {known})"
            ) from None

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        src, tgt = self.code(source), self.code(target)
        translator, sp = self._load()
        todo = [i for i, s in enumerate(sentences) if s.strip()]
        out = [""] * len(sentences)
        if not todo:
            return out
        batch = [[src, *sp.encode(sentences[i], out_type=str), "</s>"] for i in todo]
        try:
            results = translator.translate_batch(
                batch,
                target_prefix=[[tgt]] * len(batch),
                beam_size=self.beam_size,
                max_batch_size=self.max_batch_size,
                batch_type="examples",
                max_decoding_length=self.max_decoding_length,
            )
        except (RuntimeError, ValueError) as exc:
            raise TranslationError(f"{self.model_dir}: translation failed ({exc})") from exc
        for i, result in zip(todo, results, strict=True):
            tokens = result.hypotheses[0]
            if tokens and tokens[0] == tgt:
                tokens = tokens[1:]
            out[i] = sp.decode([t for t in tokens if t not in self._code_tokens])  # no leaked language tokens
        return out

    @classmethod
    def installed_models(cls) -> list[InstalledModel]:
        _import_ct2()  # TranslationError when the extra is missing: `models list` says so
        root = models_dir() / CT2_SUBDIR
        if not root.is_dir():
            return []
        found = []
        for path in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
            try:
                _, vocab = check_ct2_dir(path)
            except ModelError:
                continue
            vocab_set = set(vocab)
            langs = tuple(short for short, code in NLLB_CODES.items() if code in vocab_set)
            found.append(InstalledModel(cls.name, path.name, path, langs, dir_size(path)))
        return found


def _fingerprint(model_dir: Path) -> str:
    """Hash of the config, vocabulary and model.bin's size, head and tail: changes when the model does,
    without
    reading 600 MB on every run."""
    h = hashlib.sha256()
    for name in ("config.json", "shared_vocabulary.json", "shared_vocabulary.txt"):
        file = model_dir / name
        if file.is_file():
            h.update(file.read_bytes())
    model = model_dir / "model.bin"
    size = model.stat().st_size
    h.update(str(size).encode())
    with model.open("rb") as f:
        h.update(f.read(1 << 20))
        if size > 2 << 20:
            f.seek(-(1 << 20), os.SEEK_END)
            h.update(f.read())
    return h.hexdigest()[:16]
