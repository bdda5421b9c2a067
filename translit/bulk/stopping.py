"""Ending a run cleanly: SIGINT/SIGTERM to the main process, a parent that dies, and the temporary files.

Why each piece:
- `stop_on_signals`: `kill -INT`, `timeout -s INT` and CI runners signal the main process only. The handler
  raises `Interrupted` in the main thread, which unwinds the run (atomic writes discard their temporary file);
  a second signal while stopping is ignored, so there is no traceback.
- `watch_parent` runs in every worker process: it exits the worker when the bulk job's main process is gone
  (kill -9), through PR_SET_PDEATHSIG where the parent is the main process, and a pidfd (or a polling) watch on
  the main process's pid, because forkserver workers are children of the forkserver, not of the main process.
- `clean_temporary`: only the temporary files of the outputs this run plans are removed (never a user's file
  that merely starts with the prefix, never anything in an input folder that is not one of our outputs).
"""

from __future__ import annotations

import contextlib
import os
import select
import shutil
import signal
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import FrameType

from translit._atomic import TMP_PREFIX

__all__ = ["Interrupted", "clean_temporary", "stop_on_signals", "watch_parent"]

_PR_SET_PDEATHSIG = 1


class Interrupted(BaseException):
    """The run was asked to stop (a BaseException, like KeyboardInterrupt: no `except Exception` eats it)."""

    def __init__(self, signame: str) -> None:
        super().__init__(signame)
        self.signame = signame


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """Within the block, SIGINT and SIGTERM raise `Interrupted` in the main thread (once)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    raised = False

    def handler(signum: int, _frame: FrameType | None) -> None:
        nonlocal raised
        if raised:
            return  # already stopping: let the clean-up finish
        raised = True
        raise Interrupted(signal.Signals(signum).name)

    old = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, previous in old.items():
            signal.signal(sig, previous)


@contextlib.contextmanager
def signals_ignored() -> Iterator[None]:
    """While stopping workers and cleaning up: a further Ctrl-C must not turn into a traceback."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, previous in old.items():
            signal.signal(sig, previous)


def watch_parent(main_pid: int) -> None:
    """Worker initializer: die with the main process; leave Ctrl-C and SIGTERM handling to the main process.

    SIGINT is ignored here: a terminal's Ctrl-C reaches the whole process group, and the main process stops
    the workers itself (no traceback from each). SIGTERM keeps its default (the worker ends at once)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        import ctypes  # here: only a worker needs it

        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)  # when the forkserver (our parent) dies
    if os.getppid() == main_pid and not _alive(main_pid):
        os._exit(1)
    threading.Thread(target=_watch, args=(main_pid,), name="translit-parent-watch", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _watch(main_pid: int) -> None:
    pidfd = None
    with contextlib.suppress(OSError, AttributeError):
        pidfd = os.pidfd_open(main_pid)  # readable once the process has exited; immune to pid reuse
    if pidfd is not None:
        select.select([pidfd], [], [])
        os._exit(1)
    while _alive(main_pid):  # the fallback: poll
        time.sleep(0.5)
    os._exit(1)


def clean_temporary(outputs: Iterable[str], keep: Iterable[str] = ()) -> int:
    """Remove the temporary files (and folders, from --as-folder) of the given outputs: the names our writers
    give them, `.translit-tmp-<output name>.<random>`, beside each output. Returns how many were removed."""
    keep_set = set(keep)
    by_folder: dict[Path, set[str]] = {}
    for out in outputs:
        path = Path(out)
        by_folder.setdefault(path.parent, set()).add(f"{TMP_PREFIX}{path.name}.")
    removed = 0
    for folder, prefixes in by_folder.items():
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if not name.startswith(TMP_PREFIX) or not any(name.startswith(p) for p in prefixes):
                continue
            path = folder / name
            if str(path) in keep_set:
                continue
            with contextlib.suppress(OSError):
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)
                else:
                    path.unlink()
                removed += 1
    return removed
