"""Issue 11: Dask without a shared disk. A scheduler and two workers run as separate processes; one worker
lives in a private mount namespace (`unshare -m`) with a tmpfs over the test folder, so it sees neither the
inputs nor OUT and writes to a disk of its own. Every output must still end up on the client's disk, the
same bytes as a local run, and a task that needs a file only some workers see is retried on another.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from bulk_fixtures import docx, read_zip, zip_bytes

from translit.bulk import BulkOptions, Status, run
from translit.documents import DocumentOptions

DASK = str(Path(sys.executable).with_name("dask"))
CYRL = (Path(__file__).resolve().parent.parent / "corpus" / "kazinform-2025-12-10.uz-Cyrl.txt").read_bytes()


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.startswith(".translit-")
    }


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """(scheduler address, the private worker's address); everything stopped afterwards."""
    assert shutil.which("unshare") and os.geteuid() == 0, "this test needs unshare and root (the dev machine has both)"
    state = Path(f"/tmp/translit-dask-{os.getpid()}-{time.monotonic_ns()}")
    state.mkdir()
    procs: list[subprocess.Popen[bytes]] = []
    env = dict(os.environ, DASK_DISTRIBUTED__WORKER__DAEMON="False")
    try:
        file = state / "scheduler.json"
        procs.append(
            subprocess.Popen(
                [
                    DASK,
                    "scheduler",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "0",
                    "--no-dashboard",
                    "--scheduler-file",
                    str(file),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=env,
            )
        )
        deadline = time.monotonic() + 60
        while not file.exists() or not file.read_text().strip():
            assert time.monotonic() < deadline, "the scheduler did not start"
            time.sleep(0.2)
        address = json.loads(file.read_text())["address"]
        worker = [DASK, "worker", address, "--nthreads", "1", "--no-dashboard", "--local-directory", str(state)]
        procs.append(
            subprocess.Popen(
                [*worker, "--name", "shared"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
            )
        )
        private = 'mount -t tmpfs -o size=64m tmpfs "$0" && echo private > "$0/disk" && exec "$@" --name private'
        procs.append(
            subprocess.Popen(
                ["unshare", "-m", "--propagation", "private", "sh", "-c", private, str(tmp_path), *worker],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=env,
            )
        )
        from distributed import Client

        with Client(address, timeout="30s") as client:  # type: ignore[no-untyped-call]
            client.wait_for_workers(2, timeout=90)
            names = {w["name"]: a for a, w in client.scheduler_info()["workers"].items()}
        yield address, names["private"]
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(state, ignore_errors=True)


def make_inputs(root: Path, files: int) -> None:
    root.mkdir()
    for i in range(files):
        (root / f"t{i:02d}.txt").write_bytes(CYRL)
        (root / f"d{i:02d}.md").write_text(f"# Салом {i}\n\nТошкент шаҳри\n", encoding="utf-8")
    (root / "a.docx").write_bytes(docx("<w:p><w:r><w:t>Шаҳар</w:t></w:r></w:p>"))
    (root / "pack.zip").write_bytes(zip_bytes([("x.txt", "дунё"), ("y.md", "# Хайр\n")]))
    (root / "logo.png").write_bytes(b"\x89PNG\r\n")


def test_a_worker_with_a_private_disk_still_leaves_every_output_on_the_clients_disk(
    tmp_path: Path, cluster: tuple[str, str]
) -> None:
    from distributed import Client, get_task_stream

    address, private = cluster
    make_inputs(tmp_path / "in", 20)
    local = run([tmp_path / "in"], tmp_path / "local", BulkOptions(DocumentOptions("uz-Latn"), progress=False))
    with Client(address) as client:  # type: ignore[no-untyped-call]
        seen = client.run(lambda p: os.path.exists(p), str(tmp_path / "in"), workers=[private])
        assert seen == {private: False}  # it really has a disk of its own
        with get_task_stream(client) as stream:  # type: ignore[no-untyped-call]
            result = run(
                [tmp_path / "in"],
                tmp_path / "dask",
                BulkOptions(DocumentOptions("uz-Latn"), dask_address=address, progress=False),
            )
    assert result.exit_code == 0, result.failures
    assert tree(tmp_path / "dask") == tree(tmp_path / "local")
    assert [r.status for r in result.files] == [r.status for r in local.files]
    assert read_zip(tmp_path / "dask" / "pack.zip") == {"x.txt": b"dunyo", "y.md": b"# Xayr\n"}
    workers = {t["worker"] for t in stream.data}
    assert private in workers and len(workers) == 2, workers  # the private worker did convert some


def test_a_task_needing_a_file_one_worker_cannot_see_is_retried_on_another(
    tmp_path: Path, cluster: tuple[str, str]
) -> None:
    from distributed import Client, get_task_stream

    address, private = cluster
    make_inputs(tmp_path / "in", 12)
    lexicon = tmp_path / "mine.tsv"  # only the client and the shared worker can see it
    lexicon.write_text("тошкент\tTOSHKENT\n", encoding="utf-8")
    doc = DocumentOptions("uz-Latn", lexicon_files=(str(lexicon),))
    options = BulkOptions(doc, dask_address=address, progress=False)
    with Client(address) as client, get_task_stream(client) as stream:  # type: ignore[no-untyped-call]
        result = run([tmp_path / "in"], tmp_path / "dask", options)
    assert result.exit_code == 0, result.failures
    assert all(r.status is not Status.FAILED for r in result.files)
    assert "TOSHKENT shahri" in (tmp_path / "dask" / "d00.md").read_text(encoding="utf-8")
    erred = [t for t in stream.data if t.get("status") == "error"]
    assert erred and all(t["worker"] == private for t in erred)  # tried there, then retried elsewhere


def test_model_threads_are_shared_out_per_host_as_jobs_does() -> None:
    """Two workers of 2 task slots each on one 8-core host: 2 model threads per task, not 8 (the default)."""
    from translit.bulk.cluster import _split_threads
    from translit.bulk.translate import TranslateOptions

    class FakeClient:
        def scheduler_info(self) -> dict[str, object]:
            return {
                "workers": {
                    "tcp://h1:1": {"host": "h1", "nthreads": 2},
                    "tcp://h1:2": {"host": "h1", "nthreads": 2},
                    "tcp://h2:1": {"host": "h2", "nthreads": 1},
                }
            }

        def run(self, fn: object) -> dict[str, int]:
            return {"tcp://h1:1": 8, "tcp://h1:2": 8, "tcp://h2:1": 4}

    options = BulkOptions(DocumentOptions("uz-Latn"), translate=TranslateOptions(("en",)))
    assert _split_threads(FakeClient(), options).translate.threads == 2  # type: ignore[union-attr]
    fixed = BulkOptions(DocumentOptions("uz-Latn"), translate=TranslateOptions(("en",), threads=3))
    assert _split_threads(FakeClient(), fixed).translate.threads == 3  # type: ignore[union-attr]  # as asked
