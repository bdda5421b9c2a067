"""Where translation models live, and installing a CTranslate2 model directory there.

Models are never downloaded at run time: the user installs a directory once (`translit models install DIR`)
and it is copied under ``$TRANSLIT_MODELS_DIR`` (default ``$XDG_DATA_HOME/translit/models``, i.e.
``~/.local/share/translit/models``). Argos packages stay where argostranslate keeps them (see `argos.py`).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from translit.errors import ModelError

__all__ = ["CT2_SUBDIR", "check_ct2_dir", "dir_size", "install_ct2_dir", "models_dir"]

CT2_SUBDIR = "ct2"
_INSTALL_HINT = (
    "install one with `translit models install DIR` (a CTranslate2 model directory); "
    "`translit models fetch --help` shows how to get NLLB-200 once online"
)


def models_dir() -> Path:
    """The root of translit's own model store (not created here)."""
    env = os.environ.get("TRANSLIT_MODELS_DIR")
    if env:
        return Path(env)
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "translit" / "models"


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def check_ct2_dir(path: Path) -> tuple[Path, list[str]]:
    """Check that `path` holds a complete CTranslate2 model with a SentencePiece model.

    Returns the SentencePiece file and the vocabulary. Raises ModelError naming the directory and the missing
    or broken part, so a half-copied model fails fast instead of crashing inside ctranslate2.
    """
    if not path.is_dir():
        raise ModelError(f"{path}: not a directory; a CTranslate2 model is a directory with model.bin")
    missing = [name for name in ("model.bin", "config.json") if not (path / name).is_file()]
    if missing:
        raise ModelError(f"{path}: not a CTranslate2 model directory (missing {', '.join(missing)})")
    try:
        json.loads((path / "config.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{path / 'config.json'}: unreadable model configuration ({exc})") from exc
    vocab = _read_vocabulary(path)
    spms = sorted(p for p in path.glob("*.model") if p.is_file())
    if not spms:
        raise ModelError(
            f"{path}: no SentencePiece model (*.model) in the directory; for NLLB copy "
            "sentencepiece.bpe.model next to model.bin (ct2-transformers-converter --copy_files)"
        )
    return spms[0], vocab


def _read_vocabulary(path: Path) -> list[str]:
    for name in ("shared_vocabulary.json", "shared_vocabulary.txt", "target_vocabulary.json"):
        file = path / name
        if not file.is_file():
            continue
        try:
            text = file.read_text(encoding="utf-8")
            vocab = json.loads(text) if name.endswith(".json") else text.splitlines()
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ModelError(f"{file}: unreadable vocabulary ({exc})") from exc
        if not isinstance(vocab, list) or not all(isinstance(t, str) for t in vocab):
            raise ModelError(f"{file}: the vocabulary is not a list of tokens")
        return vocab
    raise ModelError(f"{path}: no shared_vocabulary.json or shared_vocabulary.txt (is it a CTranslate2 model?)")


def install_ct2_dir(src: Path, name: str | None = None, *, root: Path | None = None) -> Path:
    """Copy a CTranslate2 model directory into the model store, atomically, after checking it is complete."""
    check_ct2_dir(src)
    dest_root = (root or models_dir()) / CT2_SUBDIR
    dest = dest_root / (name or src.resolve().name)
    if dest.exists():
        raise ModelError(f"{dest}: a model with this name is already installed (remove it or choose --name)")
    dest_root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=dest_root))
    try:
        shutil.copytree(src, tmp, dirs_exist_ok=True)
        tmp.rename(dest)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ModelError(f"{dest}: could not install the model ({exc.strerror or exc})") from exc
    return dest


def install_hint() -> str:
    return _INSTALL_HINT
