"""Bulk benchmark: a generated zip of >= 200 MB of mixed Uzbek Cyrillic documents through `translit convert`.

Prints MB/s (uncompressed input bytes per second of wall time) for --jobs 1 and --jobs 2, the peak resident
memory (VmHWM) of the main process and of the largest worker, and the CPU seconds each side used (sampled from
/proc every 50 ms). A second, half-size archive shows whether peak memory depends on the archive's size.

    python benchmarks/bench_bulk.py [--mb 200] [--jobs 1 2]

The archive is written to benchmarks/data/ (ignored by git) and reused when it exists.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from precompile import byte_compile

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"
WORDS = re.findall(r"\w+|[.,;:!?«»()-]", (ROOT / "corpus" / "kazinform-2025-12-10.uz-Cyrl.txt").read_text("utf-8"))
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def sentence(rng: random.Random) -> str:
    """Random word order over the article's vocabulary: realistic letters, realistic compressibility."""
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 18))]
    return " ".join(words).capitalize() + "."


def paragraphs(rng: random.Random, size: int) -> list[str]:
    out, total = [], 0
    while total < size:
        p = " ".join(sentence(rng) for _ in range(rng.randint(2, 6)))
        out.append(p)
        total += len(p.encode())
    return out


def make_member(kind: str, rng: random.Random, size: int) -> bytes:
    return render(kind, paragraphs(rng, size))


def render(kind: str, paras: list[str]) -> bytes:
    """One document of the format `kind` holding `paras`, as a user's file of that kind would."""
    if kind == "txt":
        return "\r\n".join(paras).encode()
    if kind == "md":
        return "\n\n".join(f"## {p[:30]}\n\n{p} `код`" for p in paras).encode()
    if kind == "html":
        body = "".join(f"<p class=x>{p[:20]}<b>{p[20:40]}</b>{p[40:]}</p>\n" for p in paras)
        return f"<!DOCTYPE html><html><head><title>{paras[0][:40]}</title></head><body>{body}</body></html>".encode()
    if kind == "srt":
        cues = [f"{i}\r\n00:00:{i % 60:02},000 --> 00:00:{i % 60:02},900\r\n{p}\r\n" for i, p in enumerate(paras, 1)]
        return "\r\n".join(cues).encode()
    if kind == "csv":
        return "".join(f'{i},"{p}",{len(p)}\r\n' for i, p in enumerate(paras)).encode()
    if kind == "json":
        return json.dumps({f"k{i}": p for i, p in enumerate(paras)}, ensure_ascii=False, indent=1).encode()
    if kind == "docx":
        runs = "".join(
            f'<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>{p[:15]}</w:t></w:r><w:r><w:t xml:space="preserve">{p[15:]}</w:t>'
            "</w:r></w:p>"
            for p in paras
        )
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("[Content_Types].xml", "<Types/>")
            zf.writestr(
                "word/document.xml", f'<?xml version="1.0"?><w:document {W}><w:body>{runs}</w:body></w:document>'
            )
        return buf.getvalue()
    raise ValueError(kind)


def build(path: Path, megabytes: int, seed: int = 7) -> int:
    """Write the archive; return its uncompressed size."""
    rng = random.Random(seed)
    kinds = ["txt", "md", "html", "srt", "csv", "json", "docx"]
    total = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        i = 0
        while total < megabytes * 1024 * 1024:
            kind = kinds[i % len(kinds)]
            data = make_member(kind, rng, rng.randint(100_000, 600_000))
            zf.writestr(f"d{i % 17:02}/doc{i:05}.{kind}", data)
            if i % 50 == 0:
                zf.writestr(f"d{i % 17:02}/img{i:05}.bin", os.urandom(20_000))
            total += len(data)
            i += 1
    tmp.replace(path)
    return total


def uncompressed(path: Path) -> int:
    with zipfile.ZipFile(path) as zf:
        return sum(i.file_size for i in zf.infolist())


def _proc_tree(root: int) -> list[int]:
    """The pids of `root` and all its descendants (workers are forked by a forkserver child)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def _sample(pid: int) -> tuple[float, float] | None:
    """(peak RSS MiB so far, CPU seconds) of one process, from /proc."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            hwm = next((int(line.split()[1]) for line in fh if line.startswith("VmHWM:")), 0)
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        ticks = int(fields[11]) + int(fields[12])
    except (OSError, StopIteration, IndexError, ValueError):
        return None
    return hwm / 1024, ticks / os.sysconf("SC_CLK_TCK")


def run(archive: Path, jobs: int, extra: tuple[str, ...] = ()) -> tuple[float, float, float, float, float]:
    """Wall seconds; peak RSS of the coordinator and of the largest worker (MiB); CPU seconds of each side.

    `extra`: more `translit convert` arguments (`--from uz-Cyrl`)."""
    out = DATA / f"out-{archive.stem}-j{jobs}{archive.suffix}"
    out.unlink(missing_ok=True)
    cmd = [
        sys.executable,
        "-m",
        "translit",
        "convert",
        str(archive),
        "-o",
        str(out),
        "--jobs",
        str(jobs),
        "--to",
        "uz-Latn",
        *extra,
    ]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seen: dict[int, tuple[float, float]] = {}
    while True:
        for pid in _proc_tree(proc.pid):
            got = _sample(pid)
            if got:  # keep the maxima: an exited (zombie) process reports no memory any more
                old = seen.get(pid, (0.0, 0.0))
                seen[pid] = (max(old[0], got[0]), max(old[1], got[1]))
        done, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"run failed ({proc.returncode}): {err}")
    # CPU seconds from the kernel's accounting of the whole tree (the process and every descendant it waited
    # for): exact, where the /proc samples miss what a process does in its last 50 ms.
    # Workers forked by a forkserver are not waited for by this process's tree, so their sampled CPU counts.
    total_cpu = usage.ru_utime + usage.ru_stime
    main_rss, main_cpu = seen.get(proc.pid, (0.0, 0.0))
    workers = [v for pid, v in seen.items() if pid != proc.pid]
    worker_rss = max((v[0] for v in workers), default=0.0)
    worker_cpu = max(sum(v[1] for v in workers), total_cpu - main_cpu)
    return seconds, main_rss, worker_rss, main_cpu, worker_cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=int, default=200)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()
    byte_compile()
    big = DATA / f"mixed-{args.mb}mb.zip"
    half = DATA / f"mixed-{args.mb // 2}mb.zip"
    for path, mb in ((big, args.mb), (half, args.mb // 2)):
        if not path.exists():
            print(f"building {path.name} ...", flush=True)
            build(path, mb)
    print(f"cpus: {os.cpu_count()}  python {sys.version.split()[0]}")
    for path in (big, half):
        size = uncompressed(path)
        with zipfile.ZipFile(path) as zf:
            members = len(zf.infolist())
        print(
            f"\n{path.name}: {members} members, {size / 1e6:.1f} MB uncompressed, "
            f"{path.stat().st_size / 1e6:.1f} MB zip"
        )
        base = None
        for jobs in args.jobs:
            seconds, main_rss, worker_rss, main_cpu, worker_cpu = run(path, jobs)
            rate = size / 1e6 / seconds
            base = base or rate
            print(
                f"  --jobs {jobs}: {seconds:6.1f} s  {rate:6.2f} MB/s  (x{rate / base:.2f})  peak RSS: main "
                f"{main_rss:5.1f} MiB, largest worker {worker_rss:5.1f} MiB  CPU s: main {main_cpu:5.1f}, "
                f"workers {worker_cpu:5.1f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
