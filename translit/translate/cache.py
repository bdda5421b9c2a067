"""A persistent translation cache in SQLite, so a re-run only translates sentences it has not seen.

Key: (backend, model id, decoding options, source language, target language, sentence). The decoding options
are every setting that changes what the model writes (beam size, maximum length, compute type), as the backend
reports them, so `--beam-size 1` never reuses a beam-4 translation. SQLite in WAL mode with a busy timeout
makes it safe for several processes at once (readers never block, writers queue); rows are only ever inserted
with ``INSERT OR IGNORE``, so two processes translating the same sentence cannot corrupt or duplicate
anything. The cache has a size cap: past it, the oldest entries are dropped (`translit cache info|clear`).
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from translit.errors import OutputError

__all__ = ["DEFAULT_MAX_BYTES", "CacheInfo", "TranslationCache", "default_cache_path", "options_key"]

_TABLE = "translations_v2"
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS {_TABLE} (
    backend TEXT NOT NULL,
    model TEXT NOT NULL,
    options TEXT NOT NULL,
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    created REAL NOT NULL DEFAULT (julianday('now')),
    PRIMARY KEY (backend, model, options, source_lang, target_lang, source)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS {_TABLE}_created ON {_TABLE} (created);
DROP TABLE IF EXISTS translations;
"""
# ^ `translations` was the first schema, keyed without the decoding options: its rows cannot be trusted
_CHUNK = 400  # stay far below SQLite's limit on host parameters per statement
DEFAULT_MAX_BYTES = 512 * 1024 * 1024
_TRIM_TO = 0.9  # past the cap, drop the oldest entries down to this share of it


def default_cache_path() -> Path:
    """``$TRANSLIT_CACHE`` or ``$XDG_CACHE_HOME/translit/translations.sqlite3``."""
    env = os.environ.get("TRANSLIT_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "translit" / "translations.sqlite3"


def default_max_bytes() -> int:
    """``$TRANSLIT_CACHE_MAX_MB`` (mebibytes), else 512 MiB."""
    env = os.environ.get("TRANSLIT_CACHE_MAX_MB")
    if env:
        try:
            return max(1, int(float(env) * 1024 * 1024))
        except ValueError:
            pass
    return DEFAULT_MAX_BYTES


def options_key(options: Mapping[str, object] | None) -> str:
    """The decoding options as one canonical string (sorted keys), the way the cache stores them."""
    return json.dumps(dict(options or {}), sort_keys=True, separators=(",", ":"), default=str)


@dataclass(frozen=True)
class CacheInfo:
    """What `translit cache info` prints."""

    path: Path
    exists: bool
    entries: int
    bytes_used: int
    file_bytes: int
    max_bytes: int
    models: tuple[tuple[str, str, int], ...]  # (backend, model, entries), most entries first


class TranslationCache:
    """Sentence-level translation memory. Open once per process; usable from several threads.

    `max_bytes` caps the pages the entries use (default: ``$TRANSLIT_CACHE_MAX_MB`` or 512 MiB); past it, the
    oldest entries are dropped.
    """

    def __init__(self, path: Path | str | None = None, *, timeout: float = 60.0, max_bytes: int | None = None) -> None:
        self.path = Path(path) if path is not None else default_cache_path()
        self.max_bytes = max_bytes if max_bytes is not None else default_max_bytes()
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._db = self._connect(timeout)
                break
            except sqlite3.OperationalError as exc:
                # Switching a new file to WAL takes an exclusive lock and SQLite answers "locked" at once, without
                # the busy timeout, when another process is opening the same file: retry for a while.
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise OutputError(self.path, f"cannot open the translation cache ({exc}); use --no-cache") from exc
                time.sleep(0.01 + random.random() * 0.05)
            except (OSError, sqlite3.Error) as exc:
                raise OutputError(self.path, f"cannot open the translation cache ({exc}); use --no-cache") from exc
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def _connect(self, timeout: float) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=timeout, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(_SCHEMA)
            db.commit()
        except BaseException:
            db.close()
            raise
        return db

    def get_many(
        self,
        backend: str,
        model: str,
        source_lang: str,
        target_lang: str,
        sentences: Iterable[str],
        *,
        options: Mapping[str, object] | None = None,
    ) -> dict[str, str]:
        """The cached translations among `sentences` (sentence -> translation) made with these decoding
        `options`."""
        wanted = list(dict.fromkeys(sentences))
        found: dict[str, str] = {}
        key = options_key(options)
        with self._lock:
            for i in range(0, len(wanted), _CHUNK):
                chunk = wanted[i : i + _CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT source, target FROM {_TABLE} WHERE backend=? AND model=? AND options=? "
                    f"AND source_lang=? AND target_lang=? AND source IN ({marks})",
                    (backend, model, key, source_lang, target_lang, *chunk),
                )
                found.update(rows.fetchall())
        self.hits += len(found)
        self.misses += len(wanted) - len(found)
        return found

    def put_many(
        self,
        backend: str,
        model: str,
        source_lang: str,
        target_lang: str,
        pairs: Sequence[tuple[str, str]],
        *,
        options: Mapping[str, object] | None = None,
    ) -> None:
        """Store (sentence, translation) pairs; an existing entry is kept (first writer wins)."""
        key = options_key(options)
        rows = [(backend, model, key, source_lang, target_lang, s, t) for s, t in pairs]
        if not rows:
            return
        with self._lock:
            try:
                with self._db:
                    self._db.executemany(
                        f"INSERT OR IGNORE INTO {_TABLE} (backend, model, options, source_lang, target_lang, "
                        "source, target) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        rows,
                    )
                    self._trim()
            except sqlite3.Error as exc:
                raise OutputError(self.path, f"cannot write the translation cache ({exc})") from exc

    def _bytes_used(self) -> int:
        pages = int(self._db.execute("PRAGMA page_count").fetchone()[0])
        free = int(self._db.execute("PRAGMA freelist_count").fetchone()[0])
        size = int(self._db.execute("PRAGMA page_size").fetchone()[0])
        return (pages - free) * size

    def _trim(self) -> None:
        """Past the cap, drop the oldest entries (in the caller's transaction); freed pages are reused."""
        used = self._bytes_used()
        if used <= self.max_bytes:
            return
        count = int(self._db.execute(f"SELECT count(*) FROM {_TABLE}").fetchone()[0])
        drop = max(1, count - int(count * self.max_bytes * _TRIM_TO / used))
        self._db.execute(
            f"DELETE FROM {_TABLE} WHERE (backend, model, options, source_lang, target_lang, source) IN "
            f"(SELECT backend, model, options, source_lang, target_lang, source FROM {_TABLE} "
            "ORDER BY created LIMIT ?)",
            (drop,),
        )

    def info(self) -> CacheInfo:
        """Entries, size and models in the cache."""
        with self._lock:
            entries = int(self._db.execute(f"SELECT count(*) FROM {_TABLE}").fetchone()[0])
            models = tuple(
                (str(b), str(m), int(n))
                for b, m, n in self._db.execute(
                    f"SELECT backend, model, count(*) AS n FROM {_TABLE} GROUP BY backend, model ORDER BY n DESC"
                )
            )
            used = self._bytes_used()
        files = sum(p.stat().st_size for p in _files(self.path) if p.exists())
        return CacheInfo(self.path, True, entries, used, files, self.max_bytes, models)

    def clear(self) -> int:
        """Remove every entry and give the space back to the file system; returns how many were removed."""
        with self._lock:
            try:
                with self._db:
                    removed = self._db.execute(f"DELETE FROM {_TABLE}").rowcount
                self._db.execute("VACUUM")
            except sqlite3.Error as exc:
                raise OutputError(self.path, f"cannot clear the translation cache ({exc})") from exc
        return int(removed)

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute(f"SELECT count(*) FROM {_TABLE}").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> TranslationCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _files(path: Path) -> list[Path]:
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
