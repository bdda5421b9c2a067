"""A document read once (on a guess of its tags) converts exactly as reading it twice would.

Without a source, a unit that follows its document (a heading, a name, a Russian label) needs the document's
tag, which the units after it settle. `convert_document` converts in one reading on the tags a window with no
votes gives, checks the guess once the window is settled, and reads the document again only when a unit
depended on a tag the window settled otherwise. These tests hold it to the two readings (`priming`, then
converting) on documents of every kind of outcome, and count the readings.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import translit.documents as documents
from translit.documents import DocumentOptions, _context, convert_document, rewrite_document
from translit.text.path import TextPath

DATA = Path(__file__).resolve().parent / "data"
LINES = (DATA / "mixed.txt").read_text(encoding="utf-8").splitlines()


def two_readings(name: str, data: bytes, options: DocumentOptions) -> bytes:
    """The reference: settle the document's tags from a first reading, then convert in a second."""
    path = TextPath(options.text)
    with path.priming():
        rewrite_document(name, data, _context(name, options, path, []))
    return rewrite_document(name, data, _context(name, options, path, []))


def readings(monkeypatch: pytest.MonkeyPatch, name: str, data: bytes, options: DocumentOptions) -> tuple[bytes, int]:
    """`convert_document`'s output and how many times it read the document."""
    calls = []
    real = documents.rewrite_document

    def counting(*args: object) -> bytes:
        calls.append(1)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(documents, "rewrite_document", counting)
    out = convert_document(name, data, options).data
    return out, len(calls)


def md(lines: list[str]) -> bytes:
    return "\n\n".join(f"# {line}" if len(line) < 25 else line for line in lines).encode()


def html(lines: list[str], lang: str) -> bytes:
    body = "".join(f"<h2>{line}</h2>" if len(line) < 25 else f"<p>{line}</p>" for line in lines)
    return f'<html lang="{lang}"><head><title>{lines[0]}</title></head><body>{body}</body></html>'.encode()


UZBEK = [line for line in LINES if any(c in line for c in "ўқғҳЎҚҒҲ")]
RUSSIAN = ["Главная", "Президент сказал, что это очень важно для всей страны.", "Контакты"] * 3 + [
    "Москва",
    "Сегодня в столице прошла большая встреча, и все были довольны результатом.",
]


@pytest.mark.parametrize("target", ["uz-Latn", "uz-Cyrl"])
@pytest.mark.parametrize("seed", range(12))
def test_shuffled_mixed_documents_convert_as_two_readings_would(seed: int, target: str) -> None:
    rng = random.Random(seed)
    lines = LINES[:]
    rng.shuffle(lines)
    options = DocumentOptions(target=target)
    for name, data in (("a.md", md(lines)), ("a.html", html(lines, "uz-Cyrl")), ("a.txt", "\n".join(lines).encode())):
        assert convert_document(name, data, options).data == two_readings(name, data, options), (name, seed)


@pytest.mark.parametrize("fixture", ["mixed.pandoc.docx", "news.pandoc.epub"])
def test_pandoc_documents_convert_as_two_readings_would(fixture: str) -> None:
    data = (DATA / fixture).read_bytes()
    options = DocumentOptions(target="uz-Latn")
    assert convert_document(fixture, data, options).data == two_readings(fixture, data, options)


def test_an_uzbek_document_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    data = md(["Янгиликлар", *UZBEK, "Хива"])
    out, count = readings(monkeypatch, "news.md", data, DocumentOptions(target="uz-Latn"))
    assert count == 1
    assert out == two_readings("news.md", data, DocumentOptions(target="uz-Latn"))
    assert out.startswith(b"# Yangiliklar")


def test_a_russian_document_whose_headings_follow_it_is_read_again(monkeypatch: pytest.MonkeyPatch) -> None:
    # "Главная" is too short to judge: it follows the document, which its later lines show to be Russian.
    data = md(RUSSIAN)
    out, count = readings(monkeypatch, "ru.md", data, DocumentOptions(target="uz-Latn"))
    assert count == 2
    assert out == two_readings("ru.md", data, DocumentOptions(target="uz-Latn")) == data


def test_a_lang_attribute_read_before_the_window_is_checked_too(monkeypatch: pytest.MonkeyPatch) -> None:
    uzbek = html(UZBEK, "uz-Cyrl")
    out, count = readings(monkeypatch, "uz.html", uzbek, DocumentOptions(target="uz-Latn"))
    assert (count, out) == (1, two_readings("uz.html", uzbek, DocumentOptions(target="uz-Latn")))
    assert b'lang="uz-Latn"' in out
    russian = html(RUSSIAN[1::3] * 4, "uz-Cyrl")  # a Russian page mislabelled as Uzbek keeps its label
    out, count = readings(monkeypatch, "ru.html", russian, DocumentOptions(target="uz-Latn"))
    assert (count, out) == (2, two_readings("ru.html", russian, DocumentOptions(target="uz-Latn")))
    assert b'lang="uz-Cyrl"' in out
