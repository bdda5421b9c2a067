"""Stopping a process pool never leaves interpreter exit waiting on its manager thread (`executors._settle`).

The case it guards against: a worker killed while writing a result leaves part of a message in the results
pipe; the manager thread reading it waits for the rest, and this process's own copy of the write end keeps the
pipe from ever reporting its end. Reproduced here with a partial message written by hand."""

from __future__ import annotations

import multiprocessing
import os
import struct
import threading

from translit.bulk.executors import _settle


def test_a_reader_waiting_on_a_cut_off_result_is_released() -> None:
    results = multiprocessing.get_context("spawn").SimpleQueue()
    ended: list[str] = []

    def manager() -> None:
        try:
            results._reader.recv()  # type: ignore[attr-defined]
            ended.append("message")
        except OSError as exc:  # "got end of file during message": the manager takes it as a broken pool
            ended.append(str(exc))

    # a message announced as 100 bytes of which 10 arrived: the reader waits for the other 90
    os.write(results._writer.fileno(), struct.pack("!i", 100) + b"x" * 10)  # type: ignore[attr-defined]
    thread = threading.Thread(target=manager, daemon=True)
    thread.start()
    thread.join(0.3)
    assert thread.is_alive()  # the hang, as the manager thread would meet it
    _settle(thread, results, grace=0.5)
    assert not thread.is_alive()
    assert ended == ["got end of file during message"]


def test_a_manager_that_ends_by_itself_is_left_alone() -> None:
    results = multiprocessing.get_context("spawn").SimpleQueue()
    thread = threading.Thread(target=lambda: None)
    thread.start()
    _settle(thread, results, grace=5.0)
    assert not thread.is_alive()
    results._writer.send_bytes(b"still open")  # type: ignore[attr-defined]
    assert results._reader.recv_bytes() == b"still open"  # type: ignore[attr-defined]
