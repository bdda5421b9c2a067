"""Side-by-side writers: original | transliteration | each translation, per sentence.

Formats: ``tsv``, ``jsonl``, ``md`` (Markdown), ``html`` (a standalone offline page), ``tmx`` (TMX 1.4 for
translation tools; ``tmx-bilingual``: the source and one translation). Every writer takes the list
`translate_document` returns; files are written atomically (a temporary file in the same folder, then a
rename), so a failed run never leaves half a file behind. The source cells carry each sentence's detected
language (HTML ``lang`` and a badge, Markdown ``*(ru)*``, TMX ``xml:lang``, JSONL ``source_tag``).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from translit.errors import OutputError, TranslationError
from translit.sidebyside import html, jsonl, markdown, tmx, tsv
from translit.translate.pipeline import AlignedSentence

__all__ = ["FORMATS", "format_for_path", "render", "write_side_by_side"]

_Renderer = Callable[[Sequence[AlignedSentence], str | None], str]
FORMATS: dict[str, _Renderer] = {
    "tsv": tsv.render,
    "jsonl": jsonl.render,
    "md": markdown.render,
    "html": html.render,
    "tmx": tmx.render,
    "tmx-bilingual": tmx.render_bilingual,
}
_SUFFIXES = {
    ".tsv": "tsv",
    ".jsonl": "jsonl",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".tmx": "tmx",
}


def format_for_path(path: Path | str) -> str | None:
    """The format a file name implies ("out.html" -> "html"), or None."""
    return _SUFFIXES.get(Path(path).suffix.lower())


def render(rows: Sequence[AlignedSentence], fmt: str, *, title: str | None = None) -> str:
    """The side-by-side document as a string."""
    try:
        renderer = FORMATS[fmt]
    except KeyError:
        raise TranslationError(f"unknown side-by-side format {fmt!r} (known: {', '.join(FORMATS)})") from None
    return renderer(rows, title)


def write_side_by_side(
    rows: Sequence[AlignedSentence], path: Path | str, fmt: str | None = None, *, title: str | None = None
) -> Path:
    """Write `rows` to `path` in `fmt` (default: from the file's suffix), atomically. Returns the path."""
    path = Path(path)
    fmt = fmt or format_for_path(path)
    if fmt is None:
        raise OutputError(path, f"cannot tell the format from the file name; choose one of {', '.join(FORMATS)}")
    text = render(rows, fmt, title=title)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(path, f"cannot write here ({exc.strerror or exc})") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the file the usual permissions
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(path, f"cannot write the file ({exc.strerror or exc})") from exc
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
