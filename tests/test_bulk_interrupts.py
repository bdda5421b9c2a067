"""Issue 11: SIGINT or SIGTERM to the main process only (what `kill -INT`, `timeout -s INT` and CI runners
send) stops a --jobs 2 run within seconds: no hang, no traceback, no orphaned process, no temporary file, and
a last line that says the run was stopped. After kill -9 of the main process the workers exit by themselves.

The run is a real subprocess; its processes are found by a marker in their environment (workers inherit it).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CYRL = (ROOT / "corpus" / "kazinform-2025-12-10.uz-Cyrl.txt").read_bytes()
LATN = (ROOT / "corpus" / "kazinform-2025-12-10.uz-Latn.txt").read_bytes()


def marked(mark: str) -> list[int]:
    """Processes alive with our marker in their environment."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if f"TRANSLIT_TEST_MARK={mark}".encode() in (entry / "environ").read_bytes():
                status = (entry / "status").read_text()
                if "\nState:\tZ" not in status:  # a zombie waiting for its parent is already gone
                    found.append(int(entry.name))
        except OSError:
            continue
    return found


def gone(mark: str, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not marked(mark):
            return True
        time.sleep(0.2)
    return not marked(mark)


def stacks(proc: subprocess.Popen[bytes]) -> str:
    """The end of a hung run's stderr after SIGABRT: faulthandler's traceback of every thread."""
    proc.send_signal(signal.SIGABRT)
    try:
        _stdout, stderr = proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        _stdout, stderr = proc.communicate()
    return stderr.decode(errors="replace")[-6000:]


def start(tmp_path: Path, files: int = 300) -> tuple[subprocess.Popen[bytes], Path, str]:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(files):
        (src / f"{i:04d}.txt").write_bytes(CYRL * 4)
    out = tmp_path / "out"
    mark = uuid.uuid4().hex
    proc = subprocess.Popen(
        [sys.executable, "-m", "translit", "convert", str(src), "-o", str(out), "--jobs", "2"],
        # faulthandler: a run that hangs is sent SIGABRT, which then prints where each of its threads waits
        env=dict(os.environ, TRANSLIT_TEST_MARK=mark, PYTHONFAULTHANDLER="1"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    deadline = time.monotonic() + 120
    while not (out.exists() and sum(1 for p in out.iterdir() if p.suffix == ".txt") >= 5):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the run never started writing"
        time.sleep(0.05)
    return proc, out, mark


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_to_the_main_process_stops_the_run_cleanly(tmp_path: Path, sig: signal.Signals, code: int) -> None:
    proc, out, mark = start(tmp_path)
    proc.send_signal(sig)
    try:
        _stdout, stderr = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{sig.name}: the run did not stop within 20 s; its threads:\n{stacks(proc)}")
    text = stderr.decode()
    assert proc.returncode == code, text
    assert "Traceback" not in text and "leaked" not in text, text
    last = text.strip().splitlines()[-1]
    assert last.startswith(f"stopped by {sig.name} after "), last
    assert "unfinished outputs were not written; --resume continues" in last
    assert "failed:" not in text  # the workers stopped by us are not failures
    assert gone(mark, within=10), f"processes left: {marked(mark)}"
    assert not [p.name for p in out.iterdir() if p.name.startswith(".translit-tmp-")]
    done = sorted(p.name for p in out.iterdir() if p.suffix == ".txt")
    assert 5 <= len(done) < 300
    assert all((out / name).read_bytes() == LATN * 4 for name in done)  # each output whole and converted
    # --resume takes it from there
    again = subprocess.run(
        [sys.executable, "-m", "translit", "convert", str(tmp_path / "in"), "-o", str(out), "--resume", "-j", "2"],
        capture_output=True,
        cwd=ROOT,
        timeout=300,
    )
    assert again.returncode == 0, again.stderr.decode()
    assert sum(1 for p in out.iterdir() if p.suffix == ".txt") == 300


def test_workers_exit_when_the_main_process_is_killed(tmp_path: Path) -> None:
    proc, _out, mark = start(tmp_path)
    assert len(marked(mark)) >= 3  # the main process, the forkserver and its workers
    proc.kill()
    proc.communicate(timeout=20)
    assert gone(mark, within=10), f"processes left after kill -9: {marked(mark)}"
