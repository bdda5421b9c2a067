"""Adapter for Argos Translate packages (``.argosmodel``): one CTranslate2 model per language pair.

What we take from argostranslate: its package store (``ARGOS_PACKAGES_DIR``, so packages installed by either
tool are seen by both), its package metadata reader and its tokenizers (SentencePiece, or BPE with
sacremoses). What we do ourselves, and why:

* sentence splitting: ``argostranslate.translate`` imports stanza (hence torch, ~1 GB) at import time and, for
  a package without its own splitter model, downloads MiniSBD on first use (fails offline). Our pipeline
  already hands over single sentences, so we run the package's CTranslate2 model directly and never import
  that module; ``argostranslate.package`` with ``packaging`` + ``sentencepiece`` is enough (``pip install
  --no-deps argostranslate`` works);
* decoding: argostranslate's SentencePiece decoder replaces every "_" with a space, which breaks identifiers
  and leaves NLLB-style ``target_prefix`` codes ("eng_Latn") in the output; we decode with SentencePiece
  itself and drop the prefix token;
* installing: we check the archive (a single top folder with metadata.json, model/model.bin and a tokenizer;
  no absolute or ``..`` paths) and extract it atomically; argostranslate's ``install_from_path`` extracts
  first and then imports the stanza-dependent module.

Pivoting through English when a pair is missing is done by the pipeline for every backend.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from translit.errors import InputError, ModelError, TranslationError
from translit.translate.base import InstalledModel, TranslationBackend
from translit.translate.models import dir_size

__all__ = ["ArgosBackend", "argos_packages_dir", "install_argos_package"]

_NEEDS = (
    "the argos backend needs argostranslate: pip install 'translit-uz[argos]' (pulls torch), or without torch: "
    "pip install 'translit-uz[ct2]' packaging sacremoses && pip install --no-deps 'argostranslate>=1.10,<2'"
)


_SCRIPTS = {"uz": "Latn", "kk": "Cyrl", "ru": "Cyrl", "en": "Latn"}


def _argos_package_module() -> Any:
    try:
        import argostranslate.package as package
    except ImportError as exc:
        raise TranslationError(f"{_NEEDS} ({exc.name} is missing)") from exc
    return package


def argos_packages_dir() -> Path:
    """Where argostranslate installs packages (``ARGOS_PACKAGES_DIR`` or its default)."""
    return Path(_argos_package_module().settings.package_data_dir)


class ArgosBackend(TranslationBackend):
    """Every translate package found in a packages folder (default: argostranslate's own)."""

    name = "argos"

    def __init__(
        self,
        packages_dir: Path | str | None = None,
        *,
        device: str = "cpu",
        compute_type: str = "int8",
        threads: int = 0,
        beam_size: int = 4,
        max_batch_size: int = 16,
        max_decoding_length: int = 256,
    ) -> None:
        package = _argos_package_module()
        self.packages_dir = Path(packages_dir) if packages_dir is not None else argos_packages_dir()
        self.device = device
        self.compute_type = compute_type
        self.threads = threads
        self.beam_size = beam_size
        self.max_batch_size = max_batch_size
        self.max_decoding_length = max_decoding_length
        self._packages: dict[tuple[str, str], Any] = {}
        if self.packages_dir.is_dir():
            for path in sorted(p for p in self.packages_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
                try:
                    pkg = package.Package(path)
                except (OSError, ValueError, json.JSONDecodeError) as exc:
                    raise ModelError(f"{path}: broken Argos package ({exc})") from exc
                if pkg.type == "translate" and pkg.from_code and pkg.to_code:
                    self._packages[(pkg.from_code, pkg.to_code)] = pkg
        self._translators: dict[tuple[str, str], Any] = {}

    @classmethod
    def open(cls, model: str | Path | None = None, **options: Any) -> ArgosBackend:
        """`model` is a packages folder; None means argostranslate's own."""
        return cls(model, **options)

    def decoding_options(self) -> dict[str, object]:
        return {
            "beam_size": self.beam_size,
            "max_decoding_length": self.max_decoding_length,
            "compute_type": self.compute_type,
        }

    @property
    def model_id(self) -> str:
        return ",".join(self.model_id_for(a, b) for a, b in sorted(self._packages))

    def model_id_for(self, source: str, target: str) -> str:
        pkg = self._packages.get((source, target))
        if pkg is None:
            return f"{source}_{target}:none"
        h = hashlib.sha256((pkg.package_path / "metadata.json").read_bytes())
        model = pkg.package_path / "model" / "model.bin"
        if model.is_file():
            h.update(str(model.stat().st_size).encode())
        return f"{source}_{target}@{pkg.package_version or '0'}:{h.hexdigest()[:12]}"

    def pairs(self) -> frozenset[tuple[str, str]]:
        return frozenset(self._packages)

    def input_script(self, lang: str) -> str | None:
        """Argos metadata does not name a script; the open Uzbek corpora that MT models are trained on (OPUS,
        FLORES) are Latin, and Kazakh ones Cyrillic, so Uzbek Cyrillic is transliterated here too."""
        return _SCRIPTS.get(lang)

    def close(self) -> None:
        self._translators.clear()

    def _translator(self, pair: tuple[str, str]) -> Any:
        if pair not in self._translators:
            try:
                import ctranslate2
            except ImportError as exc:
                raise TranslationError(_NEEDS) from exc
            model_dir = self._packages[pair].package_path / "model"
            try:
                self._translators[pair] = ctranslate2.Translator(
                    str(model_dir),
                    device=self.device,
                    compute_type=self.compute_type,
                    intra_threads=self.threads,
                )
            except (RuntimeError, ValueError, OSError) as exc:
                raise ModelError(f"{model_dir}: cannot load the package's CTranslate2 model ({exc})") from exc
        return self._translators[pair]

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        pair = (source, target)
        if pair not in self._packages:
            raise ModelError(
                f"no Argos package for {source}->{target} in {self.packages_dir}; "
                "install one with `translit models install FILE.argosmodel`"
            )
        pkg = self._packages[pair]
        tokenizer = getattr(pkg, "tokenizer", None)
        if tokenizer is None:
            raise ModelError(f"{pkg.package_path}: the package has neither sentencepiece.model nor bpe.model")
        translator = self._translator(pair)
        todo = [i for i, s in enumerate(sentences) if s.strip()]
        out = [""] * len(sentences)
        if not todo:
            return out
        try:
            batch = [tokenizer.encode(sentences[i]) for i in todo]
        except (OSError, RuntimeError) as exc:
            raise ModelError(f"{pkg.package_path}: corrupt tokenizer model ({exc})") from exc
        prefix = pkg.target_prefix or None
        try:
            results = translator.translate_batch(
                batch,
                target_prefix=[[prefix]] * len(batch) if prefix else None,
                beam_size=self.beam_size,
                max_batch_size=self.max_batch_size,
                batch_type="examples",
                max_decoding_length=self.max_decoding_length,
                replace_unknowns=True,
            )
        except (RuntimeError, ValueError) as exc:
            raise TranslationError(f"{pkg.package_path}: translation failed ({exc})") from exc
        processor = getattr(tokenizer, "lazy_processor", None)
        for i, result in zip(todo, results, strict=True):
            tokens = result.hypotheses[0]
            if prefix and tokens and tokens[0] == prefix:
                tokens = tokens[1:]
            text = processor().decode(tokens) if processor else tokenizer.decode(tokens)
            out[i] = text.strip()
        return out

    @classmethod
    def installed_models(cls) -> list[InstalledModel]:
        backend = cls()  # TranslationError when argostranslate is missing: `models list` says so
        return [
            InstalledModel(
                cls.name, pkg.package_path.name, pkg.package_path, (f"{a}->{b}",), dir_size(pkg.package_path)
            )
            for (a, b), pkg in sorted(backend._packages.items())
        ]


def _check_archive(path: Path, zf: zipfile.ZipFile) -> str:
    """The archive's single top folder, after checking paths and required members."""
    names = zf.namelist()
    tops = set()
    for name in names:
        pure = PurePosixPath(name)
        if pure.is_absolute() or ".." in pure.parts or "\\" in name:
            raise InputError(path, f"unsafe path {name!r} in the package; refusing to install it")
        tops.add(pure.parts[0])
    if len(tops) != 1:
        raise InputError(path, f"an Argos package holds exactly one top folder (found {len(tops)})")
    top = tops.pop()
    members = set(names)
    for required in ("metadata.json", "model/model.bin"):
        if f"{top}/{required}" not in members:
            raise InputError(path, f"not an Argos package: {top}/{required} is missing")
    if f"{top}/sentencepiece.model" not in members and f"{top}/bpe.model" not in members:
        raise InputError(path, f"not an Argos package: {top}/ has neither sentencepiece.model nor bpe.model")
    try:
        meta = json.loads(zf.read(f"{top}/metadata.json").decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(path, f"unreadable metadata.json ({exc})") from exc
    if not isinstance(meta, dict) or not meta.get("from_code") or not meta.get("to_code"):
        raise InputError(path, "metadata.json must name from_code and to_code")
    return top


def install_argos_package(path: Path | str, packages_dir: Path | None = None) -> Path:
    """Install a local ``.argosmodel`` file into argostranslate's package folder (or `packages_dir`)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "no such file")
    if not zipfile.is_zipfile(path):
        raise InputError(path, "not an Argos package (an .argosmodel file is a zip archive)")
    dest_root = packages_dir or argos_packages_dir()
    try:
        with zipfile.ZipFile(path) as zf:
            top = _check_archive(path, zf)
            dest = dest_root / top
            if dest.exists():
                raise ModelError(f"{dest}: this package is already installed")
            dest_root.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=f".{top}.", dir=dest_root))
            try:
                zf.extractall(tmp)
                (tmp / top).rename(dest)
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError) as exc:
        raise InputError(path, f"cannot unpack the package ({exc})") from exc
    return dest
