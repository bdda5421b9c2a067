"""Side-by-side files for the bulk job (`translit convert ... --translate en,kk`), one per converted document.

Why a module of its own: the bulk job's workers (local processes or Dask workers) each open the translation
backend and the SQLite cache once, on their first document, and keep them for the life of the process;
loading a model per document would cost more than translating it. The cache is the one `translit translate`
uses (WAL mode, insert-or-ignore), so any number of workers share it safely and a re-run translates only
sentences it has not seen.

What is translated: the document's text units as its rewriter converts them (`documents.document_text`),
each unit a paragraph. The side-by-side columns are the original sentence, the sentence as this run
converted it (the ``--to`` script, with the same apostrophe, protected terms and lexicons), and one column
per target language.
"""

from __future__ import annotations

import atexit
import dataclasses
import os
import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translit.documents import DocumentOptions, document_text
from translit.errors import TranslitError
from translit.registry import canonical_tag

__all__ = [
    "TranslateOptions",
    "check_models",
    "is_side_by_side",
    "side_by_side",
    "side_by_side_name",
]

_FORMATS = ("tsv", "jsonl", "md", "html", "tmx")
_SBS = re.compile(r"\.sbs\.(?:tsv|jsonl|md|html|tmx)$", re.IGNORECASE)


@dataclass(frozen=True)
class TranslateOptions:
    """What `--translate` needs in every worker; plain values, so it pickles to processes and Dask."""

    targets: tuple[str, ...]
    backend: str = "ct2"
    model: str | None = None  # a path (made absolute by the CLI) or an installed model's name
    pivot: str | None = None
    fmt: str = "tsv"
    cache: str | None = None  # the SQLite file; None: no cache (--no-cache)
    beam_size: int | None = None
    threads: int = 0  # model threads per worker process; 0: the backend's default (the bulk job sets it)


def side_by_side_name(name: str, fmt: str) -> str:
    """``report.docx`` -> ``report.docx.sbs.html``: the full name is kept, so ``a.txt`` and ``a.md`` never
    share one."""
    return f"{name}.sbs.{fmt}"


def is_side_by_side(name: str) -> bool:
    """A file this option wrote (on a re-run over an output folder it is converted, never translated)."""
    return _SBS.search(name) is not None


# ------------------------------------------------------------------------------------------ per-process state


@dataclass
class _Open:
    backend: Any
    cache: Any
    sent: int = 0  # sentences handed to the backend by this process


_OPEN: dict[TranslateOptions, _Open] = {}
_LOCK = threading.Lock()  # Dask workers may run several tasks in threads of one process


def _open(opts: TranslateOptions) -> _Open:
    """This process's backend and cache for `opts`, opened on first use and kept until the process ends."""
    with _LOCK:
        state = _OPEN.get(opts)
        if state is None:
            state = _OPEN[opts] = _opened(opts)
    return state


def _opened(opts: TranslateOptions) -> _Open:
    from translit.translate import TranslationCache, open_backend

    extra: dict[str, Any] = {} if opts.beam_size is None else {"beam_size": opts.beam_size}
    if opts.threads and _accepts(opts.backend, "threads"):
        extra["threads"] = opts.threads
    backend = open_backend(opts.backend, opts.model, **extra)
    cache = TranslationCache(opts.cache) if opts.cache else None
    state = _Open(backend, cache)
    translate = backend.translate

    def counted(sentences: Sequence[str], source: str, target: str) -> list[str]:
        state.sent += len(sentences)
        out: list[str] = translate(sentences, source, target)
        return out

    backend.translate = counted  # type: ignore[method-assign]  # count what really reaches the model (the report says it per document)
    if not _OPEN:
        atexit.register(close_all)
    return state


def _accepts(backend: str, option: str) -> bool:
    """Whether the backend's constructor takes `option` (third-party backends need not)."""
    import inspect

    from translit.translate import backend_class

    params = inspect.signature(backend_class(backend).__init__).parameters
    return option in params or any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())


def threads_per_worker(workers: int) -> int:
    """Model threads for each of `workers` processes: the cores shared out, at least one.

    Why not the backend's default (a thread per core in every process): N workers each running a thread per
    core oversubscribe the machine, and CTranslate2's OpenMP threads then wait on each other (on the shared
    2-core development machine, --jobs 2 with the tiny test model: 2.3 s with the default, 2.0 s with one
    thread each). The tiny model is the extreme case: its operations are so small that even one process is
    far faster with 1 thread than with 2 (0.06 s against 1.9 s for 60 sentences); a real model's are large
    enough for threads to pay, so one worker keeps every core.
    """
    return max(1, (os.cpu_count() or 1) // max(1, workers))


def close_all() -> None:
    """Close every backend and cache this process opened."""
    while _OPEN:
        _opts, state = _OPEN.popitem()
        state.backend.close()
        if state.cache is not None:
            state.cache.close()


def check_models(opts: TranslateOptions, lang: str) -> None:
    """Before any work: the backend opens and has a model (direct or through the pivot) from `lang` to every
    target; raises the translation layer's one clear error otherwise. Models load lazily, so this is cheap."""
    from translit.translate import open_backend
    from translit.translate.pipeline import check_targets

    if opts.fmt not in _FORMATS:
        raise TranslitError(f"unknown side-by-side format {opts.fmt!r} (choose one of {', '.join(_FORMATS)})")
    if not opts.targets:
        raise TranslitError("--translate needs at least one language, e.g. --translate en,kk")
    with open_backend(opts.backend, opts.model) as backend:
        check_targets(backend, lang, opts.targets, pivot=opts.pivot)


# ------------------------------------------------------------------------------------------------ one document


def side_by_side(
    name: str, data: bytes, source: str | None, document: DocumentOptions, opts: TranslateOptions
) -> tuple[bytes, dict[str, int | float]]:
    """The side-by-side file of one document (its bytes) and what the report says about it.

    `name` is the document's name (its format, and the page title); `source` the script tag the conversion
    found (None: no letters; the target's language is assumed).
    """
    from translit.sidebyside import render
    from translit.text import TextPath
    from translit.translate import translate_document

    started = time.perf_counter()
    state = _open(opts)
    text = document_text(name, data, document)
    lang_tag = source or document.target
    hits_before = state.cache.hits if state.cache is not None else 0
    sent_before = state.sent
    rows = translate_document(
        text, lang_tag, list(opts.targets), backend=state.backend, cache=state.cache, pivot=opts.pivot
    )
    if rows and source is not None and canonical_tag(source) != canonical_tag(document.target):
        # The transliteration column is the text path's own decision for each sentence, as in the document.
        path = TextPath(document.text)
        path.prime(text.splitlines())
        converted = path.convert_units([r.source for r in rows])
        rows = [
            dataclasses.replace(r, transliteration=c, transliteration_tag=document.target)
            for r, c in zip(rows, converted, strict=True)
        ]
    body = render(rows, opts.fmt, title=Path(name).name).encode("utf-8")
    info: dict[str, int | float] = {
        "sentences": len(rows),
        "translated": state.sent - sent_before,
        "from_cache": (state.cache.hits - hits_before) if state.cache is not None else 0,
        "seconds": round(time.perf_counter() - started, 4),
    }
    return body, info
