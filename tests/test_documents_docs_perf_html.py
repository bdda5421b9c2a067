"""The HTML rewriter's cheaper steps: the prefilter before `_REWRITTEN`, the tags `_fast_events` keeps, and the
loop of `rewrite_text`.

`_rewrite_tag` used to search `_REWRITTEN` in every start tag; it now first asks `_may_name_rewritten`, which must
never say no where the search finds a name (checked on generated tags, with the characters Python's `re` folds
into ASCII letters, and for every code point on the letters it relies on). `rewrite_text`'s loop is held to the
first `rewrite_text` (kept in test_documents_html.py, as test_documents_html_fast.py does on generated markup) on
pages made of the corpus, in both directions, recording units or not. `_fast_events` is held to its former self,
kept here, on markup that repeats tags, and on the corpus pages.
"""

from __future__ import annotations

import random
import re
import sys
from html import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_documents_flow import CYRL_LATN, LATN_CYRL, _corpus_lines
from test_documents_html import rewrite_text_reference
from test_documents_html_fast import documents as html_fast_documents

from translit.documents import html
from translit.documents._context import DocContext
from translit.documents._markup import LANG_ATTRIBUTES, TEXT_ATTRIBUTES

NAMES = sorted(TEXT_ATTRIBUTES | LANG_ATTRIBUTES | {"charset", "content"})
#: characters `re` takes for ASCII letters ignoring case (Kelvin sign, dotted and dotless I, long S), and others
ODD = ["\u212a", "\u0130", "\u0131", "\u017f", "\u212b", "\ufb05", "\u03a3", "ß", "é", "Ш"]
fragments = st.one_of(
    st.sampled_from(NAMES).map(lambda n: "".join(c.upper() if c in "aeiou" else c for c in n)),
    st.sampled_from(NAMES),
    st.sampled_from(NAMES).map(str.upper),
    st.sampled_from(NAMES).map(lambda n: n.replace("i", "\u0130").replace("s", "\u017f")),
    st.sampled_from(["class", "id", "href", "src", "=", '"', " ", "<", ">", "x", "data-", *ODD]),
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(fragments, max_size=8).map("".join), st.randoms(use_true_random=False))
def test_the_prefilter_never_says_no_where_the_search_finds_a_name(text: str, rng: random.Random) -> None:
    cut = rng.randint(0, len(text))  # a name cut in two by an odd character
    for raw in (text, text[:cut] + rng.choice(ODD) + text[cut:]):
        if html._REWRITTEN.search(raw):
            assert html._may_name_rewritten(raw)


def test_every_name_holds_a_pair_the_prefilter_looks_for() -> None:
    for name in NAMES:
        for spelling in (name, name.upper(), name.title()):
            assert html._REWRITTEN.search(spelling)
            assert html._may_name_rewritten(spelling)


def test_re_takes_only_the_letter_and_its_capital_for_the_letters_of_the_pairs() -> None:
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    for letter in "ltarngp":
        found = {m.group() for m in re.finditer(letter, every, re.IGNORECASE)}
        assert found == {letter, letter.upper()}
        assert all(c.lower() == letter for c in found)


def test_common_tags_skip_the_search() -> None:
    for raw in ("<p class=x>", '<a href="/uz/sport">', "<img src=x.jpg>", '<div id="main" class="c">'):
        assert not html._may_name_rewritten(raw)
    for raw in ("<img alt=x>", '<html LANG="uz">', "<meta charset=utf-8>", '<p TITLE="Ш">'):
        assert html._may_name_rewritten(raw)


def former_fast_events(text: str, events: list[tuple[int, str, str, bool]]) -> int:
    """`html._fast_events` before it kept the tags it met (its body as it was, the module's names qualified)."""
    at = 0
    size = len(text)
    append = events.append
    match = html._TOKEN.match
    lt = amp = -1  # the next "<" and "&" at or after `at` (size when there is none)
    while at < size:
        if lt < at:
            lt = text.find("<", at)
            lt = size if lt < 0 else lt
        if amp < at:
            amp = text.find("&", at)
            amp = size if amp < 0 else amp
        if lt != at and amp != at:
            append((at, "data", "", False))
            at = lt if lt < amp else amp
            continue
        m = match(text, at)
        if m is None:
            return at
        end = m.end()
        group = m.lastgroup
        if group == "start":
            tag = m.group("name").lower()
            no = html._translate_no(m.group()) if html._TRANSLATE.search(text, at, end) else False
            if no is None:
                return at
            if tag in html._SPECIAL:
                after = html._raw_text(text, at, end, tag, no, events)
                if after < 0:
                    return at
                if after > end:  # script or style, up to the end of its end tag
                    at = after
                    continue
            append((at, "startend" if m.group("close") else "start", tag, no))
        elif group == "end":
            append((at, "end", m.group("endname").lower(), False))
        else:
            assert group is not None
            append((at, html._KINDS[group], "", False))
        at = end
    return at


#: tags spelt alike again and again, some with a ">" inside a quoted value (matched past their first ">"), some
#: longer than the lookup goes, raw text elements and tags declined, so that what is kept meets what is not
REPEATED = [
    "<p class=x>", "<b>", "</b>", "</p>", "<p class=x>", "<a title='a>b'>", "<a title='a>", "<a title='a>c'>", "</a>",
    "<br/>", "<br>", f"<p title='{'Ш' * 250}'>", "<title>", "</title>", "<script>", "</script>", "<p translate=no>",
    "<p translate='n&#111;'>", "<P CLASS=x>", "<p class=x >", "<p class=x/>", "<!-- c -->", "&amp;", "&", "<", ">",
    "Ш", "аҳар ", " ", "\n", "<textarea>", "</textarea>", "<xmp>", "</xmp>", "<p\nclass=x>", "</p >",
]  # fmt: skip
repeated = st.lists(st.sampled_from(REPEATED), max_size=60).map("".join)


@settings(max_examples=3000, deadline=None)
@given(st.one_of(repeated, html_fast_documents))
def test_the_fast_events_are_the_former_ones(text: str) -> None:
    new: list[tuple[int, str, str, bool]] = []
    old: list[tuple[int, str, str, bool]] = []
    assert html._fast_events(text, new) == former_fast_events(text, old)
    assert new == old


def test_the_corpus_pages_take_the_kept_tags_as_the_former_events() -> None:
    for page, _cyrillic in _pages():
        new: list[tuple[int, str, str, bool]] = []
        old: list[tuple[int, str, str, bool]] = []
        assert html._fast_events(page, new) == former_fast_events(page, old) == len(page)
        assert new == old


def _pages() -> list[tuple[str, bool]]:
    """Pages like the benchmark's (a title, paragraphs with a word cut by <b>), with the attributes, entities,
    skipped elements and breaks real pages have; each with whether it is Cyrillic."""
    rng = random.Random(20263)
    pages: list[tuple[str, bool]] = []
    by_script: dict[bool, list[str]] = {}
    for line, convert in _corpus_lines():
        by_script.setdefault(convert is CYRL_LATN, []).append(line)
    for cyrillic, lines in by_script.items():
        for start in range(0, len(lines), 50):
            body = []
            for p in lines[start : start + 50]:
                a, b = sorted(rng.sample(range(len(p) + 1), 2))
                inline = rng.choice(["b", "i", "a href=/x title='" + escape(p[:12], quote=True) + "'", "span"])
                close = inline.split()[0]
                extra = rng.choice(["", "<br>", " &amp; ", "<code>x</code>", "<img alt='" + escape(p[:9]) + "'>"])
                body.append(
                    f"<p class=x>{escape(p[:a], False)}<{inline}>{escape(p[a:b], False)}</{close}>{extra}"
                    f"{escape(p[b:], False)}</p>\n"
                )
            title = escape(lines[start][:40], False)
            lang = "uz-Cyrl" if cyrillic else "uz-Latn"
            pages.append(
                (
                    f'<!DOCTYPE html><html lang="{lang}"><head><meta charset=windows-1251><title>{title}</title>'
                    f"</head><body>{''.join(body)}</body></html>",
                    cyrillic,
                )
            )
    return pages


@pytest.mark.parametrize("record", [False, True])
@pytest.mark.parametrize("fix_charset", [False, True])
def test_corpus_pages_are_rewritten_as_by_the_first_rewriter(record: bool, fix_charset: bool) -> None:
    pages = _pages()
    assert len(pages) > 4
    for page, cyrillic in pages:
        convert, source, target = (CYRL_LATN, "uz-Cyrl", "uz-Latn") if cyrillic else (LATN_CYRL, "uz-Latn", "uz-Cyrl")
        got = []
        for rewrite in (html.rewrite_text, rewrite_text_reference):
            ctx = DocContext(convert=convert, source=source, target=target, units=[] if record else None)
            got.append((rewrite(page, ctx, fix_charset=fix_charset), ctx.units, ctx.simplified))
        assert got[0] == got[1]
