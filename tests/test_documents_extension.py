"""`translit.documents._extension` is pathlib's suffix of a name, found without building a `PurePosixPath`."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translit.documents import _extension, document_format, unsupported_format, unsupported_hint


def _pathlib(name: str) -> str:
    return PurePosixPath(name).suffix.lower().lstrip(".")


@pytest.mark.parametrize(
    "name",
    [
        "",
        ".",
        "..",
        "/",
        "//",
        "a",
        "a.",
        ".a",
        "a.b",
        "A.TXT",
        "a.b.c",
        "dir/a.md",
        "dir.x/a",
        "a.txt/",
        "a.txt/.",
        "a.txt/./",
        "a.txt//",
        "x/..",
        "x/.../",
        "x/.hidden",
        "arch.zip!docs/doc1.DOCX",
        "a..b",
        "dir/.",
        "./a.srt",
        "a.tar.gz",
        "İ.İİ",
        "a.\u0130",
        "a b.c d",
        "a\\b.c",
    ],
)
def test_the_extension_is_pathlibs(name: str) -> None:
    assert _extension(name) == _pathlib(name)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="/.aB\\İ x", max_size=12))
def test_the_extension_is_pathlibs_on_generated_names(name: str) -> None:
    assert _extension(name) == _pathlib(name)


def test_formats_by_extension() -> None:
    assert document_format("a/B.MD") == "md" and document_format("a.md/") == "md"
    assert document_format("README") is None and unsupported_format("x.PDF") == "pdf"
    assert unsupported_hint("x.doc").startswith("unsupported format .doc:")
