"""Getting NLLB-200 once, when the user is online and asks for it: download from the Hugging Face Hub, convert.

Never called implicitly: translit does not download anything at run time. This wraps CTranslate2's own
converter (`ct2-transformers-converter`, shipped with ctranslate2) which needs transformers and torch for the
conversion only; the converted directory then runs with ctranslate2 + sentencepiece alone.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from translit.errors import ModelError
from translit.translate.models import CT2_SUBDIR, install_ct2_dir, models_dir

__all__ = ["FETCHABLE", "Fetchable", "converter_command", "fetch_model", "fetch_plan"]


@dataclass(frozen=True, slots=True)
class Fetchable:
    hub_id: str
    download: str  # approximate size of what the converter downloads
    installed: str  # approximate size of the int8 result


FETCHABLE: dict[str, Fetchable] = {
    "nllb-200-distilled-600M": Fetchable("facebook/nllb-200-distilled-600M", "about 2.5 GB", "about 0.6 GB"),
    "nllb-200-distilled-1.3B": Fetchable("facebook/nllb-200-distilled-1.3B", "about 5.5 GB", "about 1.4 GB"),
    "nllb-200-1.3B": Fetchable("facebook/nllb-200-1.3B", "about 5.5 GB", "about 1.4 GB"),
    "nllb-200-3.3B": Fetchable("facebook/nllb-200-3.3B", "about 17.6 GB", "about 3.3 GB"),
}


def _entry(name: str) -> Fetchable:
    try:
        return FETCHABLE[name]
    except KeyError:
        raise ModelError(f"unknown model {name!r}; fetchable: {', '.join(FETCHABLE)}") from None


def fetch_plan(name: str, quantization: str = "int8") -> str:
    """What `fetch_model` will download, run and install, in words (printed before anything happens)."""
    entry = _entry(name)
    dest = models_dir() / CT2_SUBDIR / name
    return (
        f"This will download {entry.hub_id} from the Hugging Face Hub ({entry.download} of weights, "
        "licence CC-BY-NC-4.0: non-commercial use only),\n"
        f"convert it with ct2-transformers-converter (quantization {quantization}; "
        "needs transformers and torch, for the conversion only),\n"
        f"and install the result ({entry.installed}) as {dest}."
    )


def converter_command(name: str, output_dir: Path, quantization: str = "int8") -> list[str]:
    exe = shutil.which("ct2-transformers-converter") or "ct2-transformers-converter"
    return [
        exe,
        "--model",
        _entry(name).hub_id,
        "--output_dir",
        str(output_dir),
        "--quantization",
        quantization,
        "--copy_files",
        "sentencepiece.bpe.model",
    ]


def _check_tools() -> None:
    if shutil.which("ct2-transformers-converter") is None:
        raise ModelError("ct2-transformers-converter not found: pip install 'translit-uz[ct2]'")
    missing = [m for m in ("transformers", "torch") if importlib.util.find_spec(m) is None]
    if missing:
        raise ModelError(
            f"converting NLLB needs {' and '.join(missing)} (once, not at run time): "
            "pip install transformers torch (the CPU build of torch is enough)"
        )


def fetch_model(
    name: str,
    *,
    quantization: str = "int8",
    run: Callable[[Sequence[str]], int] | None = None,
    check_tools: bool = True,
) -> Path:
    """Download and convert `name`, then install it; returns the installed directory."""
    _entry(name)
    if check_tools:
        _check_tools()
    dest = models_dir() / CT2_SUBDIR / name
    if dest.exists():
        raise ModelError(f"{dest}: already installed")
    runner = run or (lambda cmd: subprocess.run(list(cmd), check=False).returncode)
    with tempfile.TemporaryDirectory(prefix="translit-fetch-") as tmp:
        out = Path(tmp) / name
        code = runner(converter_command(name, out, quantization))
        if code != 0:
            raise ModelError(f"ct2-transformers-converter failed (exit code {code}); nothing was installed")
        return install_ct2_dir(out, name)
