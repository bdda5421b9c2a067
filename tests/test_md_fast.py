"""The Markdown rewriter's shortcuts give what the long way gives.

- `protected_lines` skips markdown-it-py for a text that cannot hold a fenced code, indented code or HTML
  block: its flags are checked against markdown-it's own on hand-written edge cases and generated documents
  (the reference below is the rewriter's former code, a fresh parser per document, so the shared parser's
  reuse is checked too);
- a Markdown document without those blocks converts without importing markdown_it;
- the inline pattern written for speed finds the same spans as the one it replaced.
"""

from __future__ import annotations

import random
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from translit.documents import DocumentOptions, convert_document
from translit.documents.md import _INLINE, _may_hold_blocks, protected_lines
from translit.errors import InputError

ROOT = Path(__file__).resolve().parent.parent


def markdown_it_lines(lines: list[str]) -> list[bool]:
    """The former `rewrite_text` flags: front matter, then every fence, code_block and html_block that a
    fresh markdown-it parser maps, without any shortcut."""
    protected = [False] * len(lines)
    md = MarkdownIt("commonmark").disable(["inline", "text_join"])
    front = 0
    if lines and lines[0].rstrip("\r\n") == "---":
        for i in range(1, len(lines)):
            if lines[i].rstrip("\r\n") in ("---", "..."):
                front = i + 1
                break
    for i in range(front):
        protected[i] = True
    for token in md.parse("".join(lines[front:])):
        if token.type in ("fence", "code_block", "html_block") and token.map:
            for i in range(token.map[0] + front, min(token.map[1] + front, len(lines))):
                protected[i] = True
    return protected


def block_lines(text: str) -> int:
    """How many lines markdown-it keeps for blocks (front matter left out)."""
    lines = text.splitlines(keepends=True)
    return sum(markdown_it_lines(lines)[_front(lines) :])


def _front(lines: list[str]) -> int:
    if lines and lines[0].rstrip("\r\n") == "---":
        for i in range(1, len(lines)):
            if lines[i].rstrip("\r\n") in ("---", "..."):
                return i + 1
    return 0


def body(text: str) -> str:
    lines = text.splitlines(keepends=True)
    return "".join(lines[_front(lines) :])


# (text, does markdown-it find a fenced code, indented code or HTML block in it?)
BLOCKS: dict[str, tuple[str, bool]] = {
    # fences
    "backtick fence": ("Матн\n\n```\nкод\n```\nматн\n", True),
    "tilde fence with info": ("~~~ python\nx = 1\n~~~\n", True),
    "fence indented three spaces": ("   ```\nкод\n   ```\n", True),
    "unclosed fence runs to the end": ("матн\n\n```\nкод\nяна\n", True),
    "fence interrupts a paragraph": ("матн\n```\nкод\n```\n", True),
    "fence in a list item": ("- банд\n\n  ```\n  код\n  ```\n- кейинги\n", True),
    "fence opening a list item": ("1. ~~~\n   код\n   ~~~\n", True),
    "fence in a block quote": ("> ```\n> код\n> ```\n", True),
    "fence in a list in a block quote": ("> - банд\n>   ```\n>   код\n>   ```\n", True),
    "fence in a nested list": ("- а\n  - б\n    ```\n    код\n    ```\n", True),
    "four backticks": ("````\n```\n````\n", True),
    # indented code
    "four spaces after a blank line": ("матн\n\n    код\n", True),
    "four spaces at the start": ("    код\n    яна\n", True),
    "tab-indented code": ("\tкод\n", True),
    "space and tab": (" \tкод\n", True),
    "code in a list item (2 + 4)": ("- банд\n\n      код\n", True),
    "code in an ordered item (3 + 4)": ("1. банд\n\n       код\n", True),
    "code opening a list item": ("-     код\n", True),
    "code opening an ordered item": ("10.     код\n", True),
    "code in a block quote": (">     код\n", True),
    "code in a nested block quote": ("> >     код\n", True),
    "tab after a block quote marker": (">\t\tкод\n", True),
    "tab in a list item": ("- банд\n\n\t\tкод\n", True),
    "code in a nested list": ("- а\n  - б\n\n          код\n", True),
    "code after a heading": ("# Сарлавҳа\n    код\n", True),
    "lazy continuation is not code": ("матн\n    давоми\n", False),
    "four spaces in a list item is its paragraph": ("- банд\n\n    давоми\n", False),
    "four spaces after a block quote marker": (">    матн\n", False),
    "tab lazy continuation": ("матн\n\tдавоми\n", False),
    "four spaces inside a line": ("бир    икки\n", False),
    # HTML blocks, the seven kinds
    "1: script": ('<script>\nvar x = "шаҳар";\n</script>\nматн\n', True),
    "1: pre": ("<pre>\nкод\n</pre>\n", True),
    "1: style": ("<style>p { color: red }</style>\n", True),
    "1: textarea": ("<textarea>\nматн\n</textarea>\n", True),
    "2: comment": ("<!-- изоҳ\nяна -->\nматн\n", True),
    "3: processing instruction": ("<?php echo 1; ?>\n", True),
    "4: declaration": ("<!DOCTYPE html>\n", True),
    "5: CDATA": ("<![CDATA[\nx < y\n]]>\n", True),
    "6: div": ("<div>\nматн\n</div>\n", True),
    "6: closing table": ("</table>\n", True),
    "6: p with attributes": ('<p class="x">\nматн\n', True),
    "7: open tag alone": ('<span class="x">\nматн\n\nкейин\n', True),
    "7: closing tag alone": ("</span>\n", True),
    "7 does not interrupt a paragraph": ("матн\n<span>\n", False),
    "6 interrupts a paragraph": ("матн\n<div>\n", True),
    "HTML block in a list item": ("- <div>\n  матн\n  </div>\n", True),
    "HTML block in a block quote": ("> <!-- изоҳ -->\n", True),
    "inline HTML only": ("матн <b>қалин</b> ва a < b\n", False),
    "autolink only": ("<http://x.uz> матн\n", False),
    # front matter (its lines are kept whatever they hold; the test is on the text after it)
    "front matter with indentation and tags": ("---\nноми: <b>\n    ичида: 1\n---\nматн\n", False),
    "front matter closed by dots": ("---\na: 1\n...\n    код\n", True),
    "front matter then a fence": ("---\na: 1\n---\n```\nкод\n```\n", True),
    "unclosed front matter": ("---\na: 1\nматн\n", False),
    # line ends
    "CRLF fence": ("```\r\nкод\r\n```\r\nматн\r\n", True),
    "CRLF code": ("матн\r\n\r\n    код\r\n", True),
    "CR code": ("матн\r\r    код\r", True),
    "CRLF plain": ("# Сарлавҳа\r\n\r\nматн `код`\r\n", False),
    "CRLF front matter": ("---\r\na: 1\r\n---\r\nматн\r\n", False),
    # near misses: none of the characters that blocks need
    "two backticks": ("``код`` ва `код`\n", False),
    "two tildes": ("~~ўчирилган~~ ~матн~\n", False),
    "three spaces": ("   матн\n   яна\n", False),
    "nested lists": ("- а\n  - б\n   - в\n1) г\n   2) д\n", False),
    "nested block quotes": ("> а\n>> б\n> > > в\n", False),
    "list in a block quote": ("> - а\n>   б\n>\n> 1. в\n", False),
    "headings and breaks": ("# а\n## б\nСетекс\n===\n* * *\n---\n", False),
    "links and definitions": ("[ҳавола](http://x.uz) [^1]\n\n[^1]: изоҳ\n[реф]: http://x.uz\n", False),
    "entities and braces": ("&amp; &#1096; {атрибут}\n", False),
    "empty lines only": ("\n\n\n", False),
    "no final newline": ("матн", False),
    "line separators": ("матн\u2028яна\x0cбир\x85икки\n", False),
    "empty": ("", False),
}


@pytest.mark.parametrize("name", list(BLOCKS))
def test_hand_written_flags_equal_markdown_its(name: str) -> None:
    text, has_block = BLOCKS[name]
    assert (block_lines(text) > 0) == has_block  # the case says what it means to
    lines = text.splitlines(keepends=True)
    assert protected_lines(lines) == markdown_it_lines(lines)


def test_the_near_misses_take_the_fast_path() -> None:
    """Not a test of soundness (the flags above are): that the fast path is taken for the texts it is for,
    so that the comparison above covered it."""
    fast = [name for name, (text, _) in BLOCKS.items() if not _may_hold_blocks(body(text))]
    assert "two backticks" in fast and "nested lists" in fast and "front matter with indentation and tags" in fast
    assert all(not BLOCKS[name][1] for name in fast)
    assert len(fast) >= 15


# Line pieces: container prefixes (list items, block quotes, indentation), then contents: some that open
# blocks, some that nearly do.
PREFIXES = ["", "", "", " ", "  ", "   ", "    ", "     ", "\t", " \t", "> ", ">", ">  ", ">     ", "> > ", "- ",
            "-", "-     ", "* ", "1. ", "1.     ", "2) ", "- > ", "> - ", "  - ", "    - "]  # fmt: skip
CONTENTS = ["матн", "Шаҳар ва қишлоқ", "text", "", "```", "``", "`код`", "~~~", "~~", "```py", "~~~~", "<div>",
            "</div>", "<span>", "<span class=x>", "</p>", "<!--", "-->", "<?x", "?>", "<!DOCTYPE x>", "<![CDATA[",
            "]]>", "<script>", "</script>", "a < b", "<http://x.uz>", "# сарлавҳа", "---", "...", "===", "* * *",
            "[а]: http://x.uz", "[^1]: изоҳ", "&amp;", "бир    икки", "бир\tикки", "- а", "> б"]  # fmt: skip
ENDS = ["\n", "\n", "\n", "\r\n", "\r"]


@st.composite
def documents(draw: st.DrawFn, prefixes: list[str], contents: list[str]) -> str:
    lines = draw(
        st.lists(
            st.tuples(st.sampled_from(prefixes), st.sampled_from(contents), st.sampled_from(ENDS)),
            max_size=12,
        )
    )
    text = "".join(prefix + content + end for prefix, content, end in lines)
    if draw(st.booleans()):
        text = draw(st.sampled_from(["---\na: 1\n---\n", "---\n    a: <b>\n...\n", "---\r\n"])) + text
    if text and draw(st.booleans()):
        text = text.rstrip("\r\n")  # no line end after the last line
    return text


@settings(max_examples=600, deadline=None)
@given(documents(PREFIXES, CONTENTS))
def test_generated_flags_equal_markdown_its(text: str) -> None:
    lines = text.splitlines(keepends=True)
    assert protected_lines(lines) == markdown_it_lines(lines)


def _near(pieces: list[str]) -> list[str]:
    return [p for p in pieces if not any(c in p for c in ("```", "~~~", "<", "\t", "    "))]


@settings(max_examples=300, deadline=None)
@given(documents(_near(PREFIXES), _near(CONTENTS)))
def test_generated_near_misses_take_the_fast_path_and_find_no_block(text: str) -> None:
    """Documents from pieces without those characters: nothing but a run of spaces made across pieces
    ("   " + " матн") or front matter can bring them in, and every one agrees with markdown-it."""
    lines = text.splitlines(keepends=True)
    flags = markdown_it_lines(lines)
    assert protected_lines(lines) == flags
    if not _may_hold_blocks(body(text)):
        assert sum(flags) == _front(lines)


# --------------------------------------------------------------------------------------------- import


def _convert_in_a_fresh_process(text: str) -> tuple[str, bool]:
    """The converted text and whether markdown_it was imported, in a new interpreter (this one has it)."""
    code = textwrap.dedent(
        """
        import sys
        from translit.documents import DocumentOptions, convert_document

        out = convert_document("a.md", sys.stdin.buffer.read(), DocumentOptions(target="uz-Latn", source="uz-Cyrl"))
        sys.stdout.buffer.write(out.data)
        sys.stdout.write("\\n" + str("markdown_it" in sys.modules))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], input=text.encode("utf-8"), capture_output=True, cwd=ROOT, timeout=120
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    out, imported = done.stdout.decode("utf-8").rsplit("\n", 1)
    return out, imported == "True"


def test_a_document_without_blocks_converts_without_importing_markdown_it() -> None:
    src = "# Тошкент\n\nСалом `шаҳар` ва [ҳавола](http://x.uz/шаҳар) &amp; {x}.\n\n- банд\n  > иқтибос\n"
    out, imported = _convert_in_a_fresh_process(src)
    assert out == "# Toshkent\n\nSalom `шаҳар` va [havola](http://x.uz/шаҳар) &amp; {x}.\n\n- band\n  > iqtibos\n"
    assert not imported


def test_a_document_with_a_fence_imports_markdown_it_and_keeps_the_fence() -> None:
    out, imported = _convert_in_a_fresh_process("Шаҳар\n\n```\nшаҳар\n```\n")
    assert out == "Shahar\n\n```\nшаҳар\n```\n"
    assert imported


def test_without_markdown_it_a_markdown_file_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "markdown_it", None)  # as if it were not installed
    monkeypatch.delitem(sys.modules, "translit.documents.md")
    with pytest.raises(InputError, match=r"\.md needs markdown_it, which is not installed: .*\[documents\]"):
        convert_document("a.md", "матн\n".encode(), DocumentOptions(target="uz-Latn"))


# --------------------------------------------------------------------------------------------- inline pattern

#: The inline pattern as it was written first: the reference for the faster `_INLINE` (the same alternatives
#: in the same order; the code span's run is one group, and the line-start definitions are `^`-anchored).
OLD_INLINE = re.compile(
    r"(?P<code>(`+)(?:.|\n)*?(?<!`)\2(?!`))"  # code span: a backtick run closed by a run of the same length
    r"|<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>"  # autolink
    r"|<[A-Za-z][^\s@<>]*@[^\s<>]+>"  # e-mail autolink
    r"|</?[A-Za-z][^<>]*>|<!--(?:.|\n)*?-->"  # inline HTML
    r"|\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"  # link / image destination (title kept too)
    r"|^[ ]{0,3}\[\^[^\]\s]+\]:"  # footnote definition: its label only (its text is prose)
    r"|\[\^[^\]\s]+\]"  # footnote reference
    r"|^[ ]{0,3}\[(?!\^)[^\]]+\]:[^\n]*$"  # reference definition
    r"|\{[A-Za-z0-9_.:-]*\}"  # attribute / placeholder braces
    r"|https?://[^\s<>)\]]+"
    r"|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);",  # character references
    re.MULTILINE,
)


def spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def corpus_texts() -> list[Path]:
    """The repository's own texts: the corpus (Uzbek in both scripts, TSV, the multilingual README), the
    README, the test data's plain text and XML schemas (full of tags)."""
    paths = sorted(p for p in (ROOT / "corpus").rglob("*") if p.suffix in (".txt", ".tsv", ".md"))
    paths += [
        ROOT / "README.md",
        ROOT / "tests" / "data" / "mixed.txt",
        *sorted((ROOT / "tests" / "data").rglob("*.xsd")),
    ]
    return paths


@pytest.mark.parametrize("path", corpus_texts(), ids=lambda p: str(p.relative_to(ROOT)))
def test_inline_spans_equal_the_reference_on_the_corpus(path: Path) -> None:
    text = path.read_text("utf-8")
    assert spans(_INLINE, text) == spans(OLD_INLINE, text)


def test_the_corpus_exercises_the_inline_pattern() -> None:
    found = sum(len(spans(OLD_INLINE, path.read_text("utf-8"))) for path in corpus_texts())
    assert found > 500


# The characters and pieces every alternative starts with, ends with or turns on.
INLINE_PIECES = [
    *"`<>[]()^:{}!-/?@&#;\"' \n\r\t.+_xXhHaZ9шҳ",
    "  ", "   ", "    ", "\n ", "\n  ", "\n   ", "\n    ", "``", "```", "http://", "https://", "https", "mailto:",
    "<!--", "-->", "</", "<a", "[^", "[^1]", "]:", "](", "[x]: ", "\n[", "\n[^", "&amp;", "&#", "&#x", "1f",
    "a@b", ' "t"', "{a.b}", "[^1]:", " [^1]:", "   [^a]:", "    [^a]:", "[x]:", " [x]: y", "   [x]:", "    [x]: u",
    "`a`", "``a``", "<b>", "](u)", "{x}",
]  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(INLINE_PIECES), max_size=40).map("".join))
def test_inline_spans_equal_the_reference_on_generated_strings(text: str) -> None:
    assert spans(_INLINE, text) == spans(OLD_INLINE, text)


def test_inline_spans_equal_the_reference_on_long_random_strings() -> None:
    rng = random.Random(20251202)
    for _ in range(300):
        text = "".join(rng.choice(INLINE_PIECES) for _ in range(rng.randrange(400)))
        assert spans(_INLINE, text) == spans(OLD_INLINE, text), text


def test_every_inline_alternative_starts_with_a_literal() -> None:
    """What makes `_INLINE` fast (see the comment above it in md.py): the regex engine's search skips the
    positions that cannot start a match only when every top-level alternative begins with a literal
    character. A new alternative starting with a group, a class or an anchor would keep the matches and
    lose that, silently; this says so without timing anything."""
    from re import _constants, _parser  # type: ignore[attr-defined]

    tree = _parser.parse(_INLINE.pattern, _INLINE.flags)
    op, (_, branches) = tree.data[0]
    assert len(tree.data) == 1 and op is _constants.BRANCH
    assert [branch.data[0][0] for branch in branches] == [_constants.LITERAL] * len(branches)


@pytest.mark.parametrize("separator", ["\u2028", "\x0c", "\x85", "\x1c"])
def test_line_separators_inside_a_line_do_not_shift_the_kept_lines(separator: str) -> None:
    # CommonMark ends lines at \n, \r\n and \r only; a file split at other separators (str.splitlines) had its
    # kept lines shifted by one after each of them, so a fence's code was converted and the prose after it kept
    text = f"Салом{separator}дунё\nматн\n```\nкод\nбир\n```\n"
    out = convert_document("a.md", text.encode(), DocumentOptions(target="uz-Latn", source="uz-Cyrl")).data.decode()
    assert out == f"Salom{separator}dunyo\nmatn\n```\nкод\nбир\n```\n"
