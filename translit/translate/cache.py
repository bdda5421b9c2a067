"""A persistent translation cache in SQLite, so a re-run only translates sentences it has not seen.

Key: (backend, model id, source language, target language, sentence). SQLite in WAL mode with a busy timeout
makes it safe for several processes at once (readers never block, writers queue); rows are only ever inserted
with ``INSERT OR IGNORE``, so two processes translating the same sentence cannot corrupt or duplicate
anything.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

from translit.errors import OutputError

__all__ = ["TranslationCache", "default_cache_path"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    backend TEXT NOT NULL,
    model TEXT NOT NULL,
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    created REAL NOT NULL DEFAULT (julianday('now')),
    PRIMARY KEY (backend, model, source_lang, target_lang, source)
) WITHOUT ROWID
"""
_CHUNK = 400  # stay far below SQLite's limit on host parameters per statement


def default_cache_path() -> Path:
    """``$TRANSLIT_CACHE`` or ``$XDG_CACHE_HOME/translit/translations.sqlite3``."""
    env = os.environ.get("TRANSLIT_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "translit" / "translations.sqlite3"


class TranslationCache:
    """Sentence-level translation memory. Open once per process; usable from several threads."""

    def __init__(self, path: Path | str | None = None, *, timeout: float = 60.0) -> None:
        self.path = Path(path) if path is not None else default_cache_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=timeout, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(_SCHEMA)
            self._db.commit()
        except (OSError, sqlite3.Error) as exc:
            raise OutputError(self.path, f"cannot open the translation cache ({exc}); use --no-cache") from exc
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get_many(
        self, backend: str, model: str, source_lang: str, target_lang: str, sentences: Iterable[str]
    ) -> dict[str, str]:
        """The cached translations among `sentences` (sentence -> translation)."""
        wanted = list(dict.fromkeys(sentences))
        found: dict[str, str] = {}
        with self._lock:
            for i in range(0, len(wanted), _CHUNK):
                chunk = wanted[i : i + _CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    "SELECT source, target FROM translations WHERE backend=? AND model=? AND source_lang=? "
                    f"AND target_lang=? AND source IN ({marks})",
                    (backend, model, source_lang, target_lang, *chunk),
                )
                found.update(rows.fetchall())
        self.hits += len(found)
        self.misses += len(wanted) - len(found)
        return found

    def put_many(
        self, backend: str, model: str, source_lang: str, target_lang: str, pairs: Sequence[tuple[str, str]]
    ) -> None:
        """Store (sentence, translation) pairs; an existing entry is kept (first writer wins)."""
        rows = [(backend, model, source_lang, target_lang, s, t) for s, t in pairs]
        if not rows:
            return
        with self._lock:
            try:
                with self._db:
                    self._db.executemany(
                        "INSERT OR IGNORE INTO translations (backend, model, source_lang, target_lang, "
                        "source, target) VALUES (?, ?, ?, ?, ?, ?)",
                        rows,
                    )
            except sqlite3.Error as exc:
                raise OutputError(self.path, f"cannot write the translation cache ({exc})") from exc

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT count(*) FROM translations").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> TranslationCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
