"""The typed outcomes: one place decides what is a failure, and the summary, the JSON lines, the exit code and
the CLI's lines all read from it."""

from __future__ import annotations

import json

from translit.bulk import BulkResult, FileReport, Status


def test_only_failed_refused_and_encrypted_fail_the_run() -> None:
    assert {s for s in Status if s.failing} == {Status.FAILED, Status.REFUSED, Status.ENCRYPTED}
    ok = BulkResult([FileReport("a", "b", Status.CONVERTED), FileReport("c", "d", Status.UNSUPPORTED)], 1.0)
    assert ok.exit_code == 0 and ok.failures == []
    bad = BulkResult([FileReport("a", "b", Status.CONVERTED), FileReport("z!m", None, Status.REFUSED, error="x")], 1.0)
    assert bad.exit_code == 1 and [r.path for r in bad.failures] == ["z!m"]
    assert BulkResult([], 1.0, interrupted="SIGINT").exit_code == 130
    assert BulkResult([], 1.0, interrupted="SIGTERM").exit_code == 143


def test_json_lines_are_plain_words_and_leave_unset_fields_out() -> None:
    line = FileReport("a.txt", "o/a.txt", Status.CONVERTED, 5, 5, 0.1, source="uz-Cyrl")
    body = json.loads(json.dumps(line.to_json()))
    assert body == {
        "path": "a.txt",
        "output": "o/a.txt",
        "status": "converted",
        "bytes_in": 5,
        "bytes_out": 5,
        "seconds": 0.1,
        "warnings": [],
        "error": None,
        "source": "uz-Cyrl",
    }


def test_the_last_summary_line_tells_whether_the_run_finished() -> None:
    files = [FileReport("a", "b", Status.CONVERTED), FileReport("c.doc", "d", Status.UNSUPPORTED, error="c.doc: hint")]
    done = list(BulkResult(files, 2.0).summary_lines())
    assert done == ["unsupported: c.doc: hint", "2 files (1 converted, 1 unsupported) in 2.0s"]
    stopped = list(BulkResult(files[:1], 2.0, interrupted="SIGTERM").summary_lines())
    assert stopped[-1] == (
        "stopped by SIGTERM after 2.0s: 1 files done (1 converted); unfinished outputs were not written; "
        "--resume continues"
    )
