"""Documents converted together (`translit.documents.together`, `translit.bulk.batching`) convert as each alone.

A batch runs the text work of its documents back to back, in greenlets; these tests hold its results to
converting each document on its own (every format, documents read twice after a wrong guess, broken ones), the
order it promises (all parsing before the text work, writing after), where exceptions go, that an interrupt
abandons the batch cleanly, and the bounds of what a bulk run's batch holds.
"""

from __future__ import annotations

import io
import os
import random
import subprocess
import sys
import zipfile
from concurrent.futures import Future
from functools import partial
from pathlib import Path

import pytest
from bulk_fixtures import docx, odt, read_zip, xlsx

from translit.archives import Limits
from translit.bulk import BulkOptions, batching, run
from translit.bulk.done import Done
from translit.bulk.members import MemberResult
from translit.bulk.options import Task
from translit.bulk.report import FileReport, Status
from translit.documents import DocumentOptions, convert_document, together
from translit.documents.together import run_together, text_work

DATA = Path(__file__).resolve().parent / "data"
LINES = (DATA / "mixed.txt").read_text(encoding="utf-8").splitlines()
RUSSIAN = ["Главная", "Президент сказал, что это очень важно для всей страны.", "Контакты"] * 3 + [
    "Сегодня в столице прошла большая встреча, и все были довольны результатом."
]


def documents() -> list[tuple[str, bytes]]:
    """Documents of every format, mixed languages in shuffled orders, one read twice, one broken."""
    rng = random.Random(7)
    out: list[tuple[str, bytes]] = []
    for i in range(3):
        lines = LINES[:]
        rng.shuffle(lines)
        out += [
            (f"d{i}.md", "\n\n".join(f"# {x}" if len(x) < 25 else x for x in lines).encode()),
            (f"d{i}.html", ("<html><body>" + "".join(f"<p>{x}</p>" for x in lines) + "</body></html>").encode()),
            (f"d{i}.txt", "\n".join(lines).encode()),
            (f"d{i}.csv", "\n".join(f"{n},{x.replace(',', ' ')}" for n, x in enumerate(lines)).encode()),
            (
                f"d{i}.srt",
                "".join(
                    f"{n + 1}\n00:00:0{n % 10},000 --> 00:00:0{n % 10},500\n{x}\n\n" for n, x in enumerate(lines)
                ).encode(),
            ),
        ]
    out += [
        ("ru.md", "\n\n".join(f"# {x}" if len(x) < 25 else x for x in RUSSIAN).encode()),  # read twice
        ("a.docx", docx("<w:p><w:r><w:t>Тошкент шаҳри</w:t></w:r></w:p>")),
        ("mixed.docx", (DATA / "mixed.pandoc.docx").read_bytes()),
        ("news.epub", (DATA / "news.pandoc.epub").read_bytes()),
        ("b.xlsx", xlsx()),
        ("c.odt", odt()),
        ("broken.docx", b"PK\x03\x04 not a zip"),
        ("data.json", '{"title": "Тошкент", "items": ["шаҳар", "Москва"]}'.encode()),
    ]
    return out


def alone_or_error(name: str, data: bytes, options: DocumentOptions) -> bytes | str:
    try:
        return convert_document(name, data, options).data
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"


@pytest.mark.parametrize("target", ["uz-Latn", "uz-Cyrl"])
def test_documents_converted_together_are_converted_as_each_alone(target: str) -> None:
    options = DocumentOptions(target=target)
    docs = documents()
    alone = [alone_or_error(name, data, options) for name, data in docs]
    batched = run_together([partial(alone_or_error, name, data, options) for name, data in docs])
    assert batched == alone
    assert isinstance(alone[-2], str) and "broken.docx" in alone[-2]  # the broken one failed, and only it
    assert sum(isinstance(x, str) for x in alone) == 1
    assert alone[15] == docs[15][1]  # the Russian document is kept as it is (it was read twice)


def test_the_batch_does_every_documents_text_work_after_all_parsing_and_before_any_writing() -> None:
    log: list[str] = []

    def document(i: int) -> int:
        log.append(f"parse {i}")
        got = text_work(lambda x: log.append(f"text {x}") or x * 10, i)
        log.append(f"write {i}")
        return got + text_work(lambda: 1)

    assert run_together([partial(document, i) for i in range(3)]) == [1, 11, 21]
    assert log == ["parse 0", "parse 1", "parse 2", "text 0", "text 1", "text 2", "write 0", "write 1", "write 2"]
    log.clear()
    assert document(5) == 51 and log == ["parse 5", "text 5", "write 5"]  # outside a batch: a plain call


class Control(BaseException):
    """Control flow through the text work (as `Misguessed` is): raised where the document made the call."""


def test_an_exception_of_the_text_work_is_raised_in_the_document_that_asked() -> None:
    def document(i: int) -> str:
        try:
            return str(text_work(lambda: 1 / i))
        except ZeroDivisionError:
            return "divided by zero"

    def controlled() -> str:
        try:
            text_work(partial(_raise, Control()))
        except Control:
            return "caught"
        return "not raised"

    assert run_together([partial(document, 0), partial(document, 2), controlled]) == [
        "divided by zero",
        "0.5",
        "caught",
    ]


def _raise(exc: BaseException) -> None:
    raise exc


def test_an_interrupt_stops_the_batch_at_once_and_unwinds_every_document() -> None:
    ran: list[int] = []
    unwound: list[int] = []

    def document(i: int) -> None:
        try:
            text_work(lambda: ran.append(i) or (i == 1 and _raise(KeyboardInterrupt())))
            text_work(lambda: ran.append(10 + i))
        finally:
            unwound.append(i)

    with pytest.raises(KeyboardInterrupt):
        run_together([partial(document, i) for i in range(4)])
    assert ran == [0, 1]  # the work after the interrupt's was not done
    assert sorted(unwound) == [0, 1, 2, 3]  # every document's finally ran, before run_together returned
    assert together._running == 0
    assert text_work(lambda: "plain") == "plain"


def test_a_document_that_raises_stops_the_batch_as_calling_in_turn_would() -> None:
    done: list[int] = []

    def document(i: int) -> int:
        text_work(lambda: None)
        if i == 1:
            raise ValueError("document 1")
        done.append(i)
        return i

    with pytest.raises(ValueError, match="document 1"):
        run_together([partial(document, i) for i in range(3)])
    assert done == [0]


def test_a_single_conversion_never_imports_greenlet(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from translit.documents import DocumentOptions, convert_document\n"
        "out = convert_document('a.md', '# Тошкент\\n\\nшаҳри'.encode(), DocumentOptions(target='uz-Latn')).data\n"
        "assert out == '# Toshkent\\n\\nshahri'.encode(), out\n"
        "print('greenlet' in sys.modules)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


# ------------------------------------------------------------------------------------------- bulk batches


def recording(log: list[str]) -> batching.MemberBatch:
    """A batch whose conversion logs each member's start, text work and end (and returns it unchanged)."""

    def convert(name: str, data: bytes, limits: Limits) -> MemberResult:
        log.append("start")
        text_work(log.append, "text")
        log.append("end")
        return MemberResult(data, FileReport(name, name, Status.UNCHANGED, len(data), len(data)))

    return batching.MemberBatch.here(convert)


def batches(log: list[str]) -> list[int]:
    """The sizes of the batches a log shows: members started together, then their text work, then their ends."""
    sizes: list[int] = []
    starting = False
    for event in log:
        if event == "start":
            sizes[-1:] = [sizes[-1] + 1] if starting else [*sizes[-1:], 1]
        starting = event == "start"
    return sizes


def test_a_bulk_batch_holds_at_most_its_members_and_runs_heavy_members_alone() -> None:
    log: list[str] = []
    batch = recording(log)
    limits = Limits()
    futures = [batch.submit(f"m{i}.txt", b"x" * 10, limits) for i in range(batching.MAX_MEMBERS + 3)]
    big = batch.submit("big.txt", b"x" * (batching.MAX_MEMBER_BYTES + 1), limits)
    nested = batch.submit("inner.zip", b"PK", limits)
    last = batch.submit("last.txt", b"y", limits)
    assert [f.result().data for f in futures[:2]] == [b"x" * 10] * 2
    assert (
        last.result().data == b"y"
        and len(big.result().data or b"") == batching.MAX_MEMBER_BYTES + 1
        and nested.result().data == b"PK"
    )
    # 16 together; the 3 after them when the big one comes; the big one and the archive alone; the last
    assert batches(log) == [batching.MAX_MEMBERS, 3, 1, 1, 1]
    assert log[: 3 * batching.MAX_MEMBERS] == ["start"] * 16 + ["text"] * 16 + ["end"] * 16


def test_a_bulk_batch_weighs_a_container_by_what_its_parts_declare_and_keeps_within_the_budget() -> None:
    small = docx("<w:p><w:r><w:t>Тошкент</w:t></w:r></w:p>")
    with zipfile.ZipFile(io.BytesIO(small)) as zf:
        declared = sum(i.file_size for i in zf.infolist())
    assert batching._weight("a.docx", len(small), small) == len(small) + declared
    assert batching._weight("a.DOCM", len(small), small) == len(small) + declared  # every zip container
    assert batching._weight("a.txt", len(small), small) == len(small)
    assert batching._weight("bad.docx", 12, b"PK not a zip") == 12
    log: list[str] = []
    batch = recording(log)
    tight = Limits(max_total_bytes=3 * (len(small) + declared))  # room for three at a time
    futures = [batch.submit(f"d{i}.docx", small, tight) for i in range(7)]
    assert all(f.result().data == small for f in futures)
    assert batches(log) == [3, 3, 1]


def test_a_cancelled_member_is_never_converted() -> None:
    log: list[str] = []
    batch = recording(log)
    kept, dropped = batch.submit("a.txt", b"a", Limits()), batch.submit("b.txt", b"b", Limits())
    assert dropped.cancel() and dropped.cancelled()
    assert kept.result().data == b"a"
    assert not kept.cancel() and log == ["start", "text", "end"]


def test_a_held_members_callbacks_run_once_it_is_converted() -> None:
    log: list[str] = []
    batch = recording(log)
    told: list[str] = []
    held = batch.submit("a.txt", b"a", Limits())
    held.add_done_callback(lambda f: told.append(f"early {f.result().data!r}"))
    assert told == [] and log == []
    batch.flush()
    assert told == ["early b'a'"]
    held.add_done_callback(lambda f: told.append("late"))
    assert told == ["early b'a'", "late"] and held.exception() is None


def test_a_batch_sent_elsewhere_gives_each_member_its_own_result_and_shares_its_futures_fate() -> None:
    sent: list[list[str]] = []
    futures: list[Future[list[Done[MemberResult]]]] = []

    def send(items: list[batching.Item]) -> Future[list[Done[MemberResult]]]:
        sent.append([name for name, _d, _l in items])
        futures.append(Future())
        return futures[-1]

    def convert(name: str, data: bytes, limits: Limits) -> MemberResult:
        if name == "bad.txt":
            raise ValueError("bad member")
        return MemberResult(data.upper(), FileReport(name, name, Status.CONVERTED, len(data), len(data)))

    batch = batching.MemberBatch(send)
    parts = [batch.submit(name, name.encode(), Limits()) for name in ("a.txt", "bad.txt", "c.txt")]
    told: list[str] = []
    parts[0].add_done_callback(lambda p: told.append("a done"))
    assert sent == [] and not parts[0].cancelled()
    batch.flush()
    assert sent == [["a.txt", "bad.txt", "c.txt"]] and told == []
    futures[0].set_result(batching.convert_together(convert, [(n, n.encode(), Limits()) for n in sent[0]]))
    assert told == ["a done"]
    assert parts[0].result().data == b"A.TXT" and parts[2].result().data == b"C.TXT"
    assert isinstance(parts[1].exception(), ValueError) and parts[0].exception() is None
    later = [batch.submit("d.txt", b"d", Limits()), batch.submit("e.txt", b"e", Limits())]
    later[1].cancel()
    batch.flush()
    assert sent[-1] == ["d.txt"]  # a member cancelled before its batch went is never sent
    assert later[0].cancel() and later[0].cancelled()  # once sent, cancelling cancels its batch's future
    assert futures[-1].cancelled()


def test_a_zip_converted_in_batches_gives_each_member_as_converted_alone(tmp_path: Path) -> None:
    docs = [(n, d) for n, d in documents() if n != "broken.docx"]
    src = tmp_path / "in.zip"
    with zipfile.ZipFile(src, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in docs * 2:  # twice: more than one batch
            zf.writestr(f"{len(zf.namelist())}-{name}", data)
    options = DocumentOptions(target="uz-Latn")
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}.zip"
        result = run([src], out, BulkOptions(document=options, jobs=jobs))
        assert result.exit_code == 0, [r.error for r in result.files if r.error]
        got = read_zip(out)
        assert list(got) == [f"{i}-{name}" for i, (name, _d) in enumerate(docs * 2)]
        for (name, data), (member, body) in zip(docs * 2, got.items(), strict=True):
            assert body == convert_document(name, data, options).data, (jobs, member)


def test_finished_is_told_of_each_call_as_it_finishes() -> None:
    told: list[tuple[int, int]] = []

    def document(i: int) -> int:
        for _ in range(i):  # document i waits for the batch i times: they finish in turn, 0 first
            text_work(lambda: None)
        return i * 10

    assert run_together([partial(document, i) for i in (2, 0, 1)], lambda i, r: told.append((i, r))) == [20, 0, 10]
    assert told == [(1, 0), (2, 10), (0, 20)]
    told.clear()
    assert run_together([partial(document, 3)], lambda i, r: told.append((i, r))) == [30] and told == [(0, 30)]


def test_a_folder_is_cut_into_batches_within_the_bounds(tmp_path: Path) -> None:
    def task(name: str, size: int, kind: str = "document") -> Task:
        return Task(str(tmp_path / name), str(tmp_path / "out" / name), name, kind, size)

    (tmp_path / "a.docx").write_bytes(docx("<w:p><w:r><w:t>Тошкент</w:t></w:r></w:p>"))
    container = task("a.docx", (tmp_path / "a.docx").stat().st_size)
    assert batching._file_weight(container) > container.size  # its parts' declared sizes count
    small = [task(f"s{i}.txt", 100) for i in range(batching.MAX_MEMBERS + 2)]
    big = task("big.txt", batching.MAX_MEMBER_BYTES + 1)
    mids = [task(f"m{i}.md", batching.MAX_MEMBER_BYTES) for i in range(9)]  # eight fill MAX_BYTES
    cut = list(batching.task_batches([*small, big, container, *mids, task("c.bin", 5, "copy")]))
    # 16 small; the 2 after them when the big one comes; the big one alone; the container and 7 of the 1 MiB
    # files (the 8th would pass MAX_BYTES); the last two with the copy
    assert [len(b) for b in cut] == [batching.MAX_MEMBERS, 2, 1, 8, 3]
    assert [t for b in cut for t in b][-1].kind == "copy"


def test_a_folder_converted_in_batches_gives_each_file_as_converted_alone(tmp_path: Path) -> None:
    docs = [(n, d) for n, d in documents() if n != "broken.docx"] * 2
    folder = tmp_path / "in"
    for i, (name, data) in enumerate(docs):
        (folder / f"sub{i % 3}").mkdir(parents=True, exist_ok=True)
        (folder / f"sub{i % 3}" / f"{i}-{name}").write_bytes(data)
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    options = DocumentOptions(target="uz-Latn")
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}"
        result = run([folder], out, BulkOptions(document=options, jobs=jobs))
        assert result.exit_code != 0 and [r.path for r in result.failures] == [str(folder / "broken.docx")]
        for i, (name, data) in enumerate(docs):
            got = (out / f"sub{i % 3}" / f"{i}-{name}").read_bytes()
            assert got == convert_document(name, data, options).data, (jobs, i, name)
        assert not (out / "broken.docx").exists() or (out / "broken.docx").read_bytes() == b"PK\x03\x04 not a zip"
