"""The HTML rewriter's fast tokenizer: one regex for the markup every html.parser version cuts alike, html.parser
for the rest of a document from the first token it declines.

The first `rewrite_text` (every document through html.parser), kept in test_documents_html.py, is the reference. Python
patch releases of 2025 changed how html.parser cuts *malformed* markup, so nothing here compares a second
tokenizer with html.parser on such markup: the fast path must decline it (checked below on the constructs that
changed), and what it accepts plus what html.parser makes of the rest must be what html.parser makes of the
whole document. On the accepted subset that comparison means the same on every version; on the rest both
sides are html.parser.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_documents_html import documents as junk
from test_documents_html import rewrite_text_reference

import translit
from translit.documents import html
from translit.documents._context import DocContext

# ------------------------------------------------------------------------------------ the former implementation
# The reference is the first `rewrite_text` (html.parser with getpos offsets, kept in test_documents_html.py): every
# version since writes the same bytes and records the same units, so the fast tokenizer is held to the first one.


# ------------------------------------------------------------------------------------ markup

#: a news page: head with scripts, styles, comments and metadata; attributes quoted every way, with ">" in
#: quotes, bare URLs, entities named and numeric, inline tags inside words, skipped and raw text elements
NEWS = """<!DOCTYPE html>
<html lang="uz-Cyrl" class="no-js">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Тошкентда янги метро бекати очилди &mdash; Kun.uz</title>
<link rel="stylesheet" href="/css/main.css?v=3.2.1"><link rel=icon href=/favicon.ico>
<style>
body { font-family: "PT Sans", sans-serif; }
.menu > li { display: inline-block; }
</style>
<script async src="https://www.googletagmanager.com/gtag/js?id=UA-1"></script>
<script>
window.dataLayer = window.dataLayer || [];
if (a < b && c > d) { gtag('config', 'UA-1'); }
</script>
<!-- Yandex.Metrika counter -->
<noscript><div><img src="https://mc.yandex.ru/watch/1" style="position:absolute;" alt="" /></div></noscript>
</head>
<body data-page="news" onload="init({a: 1 > 0})">
<nav aria-label="Асосий меню"><ul class="menu">
  <li><a href="/news?cat=1&amp;page=2" title="Янгиликлар">Янгиликлар</a></li>
  <li><a href='/uz/sport' data-x='{"a": ">"}'>Спорт</a></li>
  <li class=active><a href=/uz/iqtisod>Иқтисодиёт</a></li>
</ul></nav>
<form action="/search"><input type="search" name="q" placeholder="Қидириш..." autocomplete="off"></form>
<h1 itemprop="headline">Тошкентда янги метро бекати очилди</h1>
<div class="meta"><time datetime="2024-05-12T10:30">12 май</time> &middot; <span>1&nbsp;245</span></div>
<figure><img src="/img/metro.jpg" alt="Янги бекат" loading="lazy"><figcaption>&laquo;Метро&raquo;</figcaption></figure>
<p>Пойтахтимизда <strong>Ер усти ҳалқа</strong> йўналиши. Ш<b>АҲАР</b> &#171;Тошкент&#187; ДУК &ndash; 5% кам.</p>
<p>AT&T ва Tom & Jerry: 1 < 2.<br>Иккинчи<br/>қатор</p>
<pre><code>metro.open(2024)</code></pre><p translate="no">Kun.uz</p><p TRANSLATE=No>Ш</p>
<table><tr><th>Бекат</th></tr><tr><td>Қўйлиқ</td></tr></table>
<iframe src="https://www.youtube.com/embed/xyz" allowfullscreen></iframe>
<footer><p>&copy; 2024 Kun.uz. Барча ҳуқуқлар ҳимояланган.</p>
<script>var s = '<div class="ad"><\\/div>'; document.write(s);</script></footer>
</body>
</html>
"""
#: documents of the rest of the test suite, and one like those of the bulk benchmark
FIXTURES = [
    NEWS,
    "<p>Ш<b>АҲАР</b> <a href='/ш'>ҳавола</a></p>",
    "<html><head><title>Саҳифа</title><script>var x='шаҳар';</script></head><body>"
    "<p>Шаҳар катта.</p><img alt='Расм' src=x.png><p>Охири.</p></body></html>",
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml" '
    'lang="uz-Cyrl"><head><title>Тошкент</title></head><body><p>Ш<b>АҲАР</b> <img src="шаҳар.png" alt="китоб"/>'
    "</p><pre>шаҳар</pre></body></html>",
    '<!DOCTYPE html>\n<html lang="uz-Cyrl"><head><meta charset=utf-8><title>Тошкент</title></head>'
    "<body><p>Тошкент шаҳри</p></body></html>",
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head>'
    "<body><p>Шаҳар</p></body></html>",
    "<!DOCTYPE html><html><head><title>Улар орасида</title></head><body>"
    + "<p class=x>Улар орасида энг ист<b>иқболли йўналишларда</b>н бири, шубҳасиз, қуёш энергиясидир.</p>\n" * 30
    + "</body></html>",
]

CYRL_LATN = translit.get_converter("uz-Cyrl", "uz-Latn").convert
WORDS = ["Ш", "АҲАР", "шаҳар", "Тошкент", "ЎЗБЕКИСТОН", "ва", "Salom", "1999", " ", "\n", "\xa0", "\u2003"]
NAMES = ["title", "TITLE", "alt", "lang", "class", "href", "translate", "TRANSLATE", "data-x", "xml:lang", "@click"]
VALUES = [
    '"Тошкент"', "'шаҳар Ш'", "Ш", "uz-Cyrl", "no", "NO", '"No"', "'no '", '"a>b"', "'\"'", '"\'"', "/x/y/", "x/",
    '"x&amp;y"', "n&#111;", '"&quot;"', '""', "a=b", "`x`", "x\xa0y", "\u2003",
]  # fmt: skip
SPACES = [" ", "\n", "\t", "\r\n", "  ", "\f", "", "\x0b", "\xa0", "/", " / "]
attribute = st.tuples(
    st.sampled_from(SPACES[:6]), st.sampled_from(NAMES), st.sampled_from(["=", " = ", "", "\n=\n", "=="])
).flatmap(lambda a: st.sampled_from(VALUES).map(lambda v: a[0] + a[1] + (a[2] + v if a[2] else "")))
start_tags = st.tuples(
    st.sampled_from(["p", "P", "b", "a", "img", "br", "meta", "span", "div", "o:p", "my-el", "code", "pre"]),
    st.lists(attribute, max_size=3),
    st.sampled_from(SPACES),
    st.sampled_from([">", "/>", ">", ">"]),
).map(lambda t: f"<{t[0]}{''.join(t[1])}{t[2] if t[3] == '>' or t[2] != '/' else ''}{t[3]}")
end_tags = st.tuples(
    st.sampled_from(["p", "B", "a", "span", "div", "pre", "code"]), st.sampled_from(["", " ", "\n"])
).map(lambda t: f"</{t[0]}{t[1]}>")
RAW_TEXT = ["script", "style", "SCRIPT", "title", "textarea", "xmp", "iframe", "noembed", "noframes", "plaintext"]
CONTENTS = [
    "", "x", "Ш ва шаҳар", "a < b && c > d", "'</div>'", "<!-- x -->", "<b>x</b>", "&amp;", "&", "<\\/p>", "</scr",
]  # fmt: skip
raw_text = st.tuples(
    st.sampled_from(RAW_TEXT), st.sampled_from(["", " type=x"]), st.sampled_from(CONTENTS), st.booleans()
).map(lambda t: f"<{t[0]}{t[1]}>{t[2]}" + (f"</{t[0].lower() if t[3] else t[0]}>" if t[2] != "</scr" else ""))
OTHER = [
    "&amp;", "&nbsp;", "&#1064;", "&#x428;", "&#X42f;", "&T ", "&copy2024", "& ", "&", "&#", "&#;", "&#12a;", "&a.b;",
    "&ш", "< ", "<3", "<<", "<", "</", "</>", "</ p>", "</3>", "<!", "<!x>", "<![CDATA[Ш]]>", "<?php x ?>",
    "<!-- Ш -->", "<!---->", "<!-- a -- b -->", "<!-- a --->", "<!-->", "<!--->", "<!-- a --!>", "<!DOCTYPE html>",
    "<!doctype html SYSTEM 'x'>", "<a", '<p title="Ш', "<a\x0bb=c>", "<a\xa0b>", "<a b='c'd>", "<ſcript>",
]  # fmt: skip
#: mostly the markup the fast path takes, with now and then a construct it leaves to html.parser
html_documents = st.lists(
    st.one_of(st.sampled_from(WORDS), start_tags, end_tags, st.sampled_from(WORDS), raw_text, st.sampled_from(OTHER)),
    max_size=40,
).map("".join)
documents = st.one_of(html_documents, junk, st.sampled_from(FIXTURES))


def _scanned(text: str) -> list[tuple[int, str, str, bool]] | str:
    """html.parser's tokens of the whole text, translate="no" read from its attrs (or its AssertionError)."""
    scanner = html._scanner_class()()
    try:
        scanner.feed(text)
        scanner.close()
    except AssertionError as exc:
        return repr(exc)
    return [
        (start, kind, tag, any(k == "translate" and (v or "").lower() == "no" for k, v in attrs))
        for start, kind, tag, attrs in scanner.events
    ]


def _events(text: str) -> list[tuple[int, str, str, bool]] | str:
    try:
        return html._events(text)
    except AssertionError as exc:
        return repr(exc)


@settings(max_examples=3000, deadline=None)
@given(documents)
@example("<p>Ш</p><!-- a -- b --><p>Б</p>")
@example("<title>a<b>c</b></title><p>x</p>")
@example("<script>x='</div>'</script><p>x</p>")
@example("<p translate='n&#111;'>Ш</p>")
def test_tokens_are_html_parsers(text: str) -> None:
    """The fast tokens and html.parser's for the rest are html.parser's for the whole document."""
    assert _events(text) == _scanned(text)


def _ctx(units: list[str] | None) -> DocContext:
    return DocContext(convert=CYRL_LATN, source="uz-Cyrl", target="uz-Latn", units=units)


def _rewritten(rewrite: object, text: str, fix_charset: bool, record: bool) -> tuple[str, list[str] | None, int]:
    ctx = _ctx([] if record else None)
    try:
        out = rewrite(text, ctx, fix_charset=fix_charset)  # type: ignore[operator]
    except AssertionError as exc:
        out = repr(exc)
    return out, ctx.units, ctx.simplified


@settings(max_examples=1500, deadline=None)
@given(documents, st.booleans(), st.booleans())
def test_rewrite_text_writes_what_it_wrote_before(text: str, fix_charset: bool, record: bool) -> None:
    assert _rewritten(html.rewrite_text, text, fix_charset, record) == _rewritten(
        rewrite_text_reference, text, fix_charset, record
    )


@pytest.mark.parametrize("text", FIXTURES)
@pytest.mark.parametrize("fix_charset", [False, True])
def test_fixtures_are_rewritten_as_before(text: str, fix_charset: bool) -> None:
    for record in (False, True):
        assert _rewritten(html.rewrite_text, text, fix_charset, record) == _rewritten(
            rewrite_text_reference, text, fix_charset, record
        )


@pytest.mark.parametrize("text", FIXTURES)
def test_the_fixtures_take_the_fast_path_throughout(text: str) -> None:
    events: list[tuple[int, str, str, bool]] = []
    assert html._fast_events(text, events) == len(text)


#: markup whose tokens differ between html.parser versions (or that an old version treats as markup and a new
#: one as text, or the other way round): the fast path must stop where it starts
DECLINED = [
    "<!-- a -- b -->", "<!-- a --->", "<!---->", "<!-->", "<!--->", "<!-- a --!>", "<!-- a", "<![CDATA[Ш]]>",
    "<!x>", "<!ELEMENT x>", "</>", "</ p>", "</3>", "</p x>", "</", "<a", "&#", "&#;", "&#12", "&#12a;",
    "&a.b;", "&a-b;", "<a\x0bb=c>", "<a\xa0b>", "<a b=\xa0c>", "<a b=c\u2003d>", "<a b='c'd='e'>",
    "<a b=c=d>", "<a b==c>", "<a b=`c`>", "<a/b>", "<a b/c>", "<a / >", "<a\x00>", "<a b\x00=c>",
    "<p translate='n&#111;'>", "<p translate=&quot;no>", "<script>a</script >", "<script>'</div>'</script>",
    "<script><!-- x --></script>", "<script>x", "<script/>", "<style>a</Style >", "<title>a<b>c</b></title>",
    "<title>x", "<textarea/>", "<xmp>a&amp;b</xmp>", "<iframe><b>x</b></iframe>", "<noembed>a&b</noembed>",
    "<plaintext>", "<plaintext></plaintext>", "<title>a</ſcript></title>",
]  # fmt: skip


@pytest.mark.parametrize("tricky", DECLINED)
def test_the_fast_path_declines_what_versions_cut_differently(tricky: str) -> None:
    head = "<p class=x>Ш <b>АҲАР</b> &amp; x</p>"
    events: list[tuple[int, str, str, bool]] = []
    assert html._fast_events(head + tricky + "<p>Ш</p>", events) == len(head)
    assert events == _scanned(head)


@pytest.mark.parametrize("tricky", ["<", "&", "</", "<a", "<a b", "<a b=", "&#", "&#12", "&ab", "&#x4"])
def test_the_fast_path_declines_what_the_document_ends_inside(tricky: str) -> None:
    head = "<p class=x>Ш <b>АҲАР</b> &amp; x</p>"
    events: list[tuple[int, str, str, bool]] = []
    assert html._fast_events(head + tricky, events) == len(head)


#: markup every version cuts alike, from the subset the fast path takes
ACCEPTED = [
    "<!-- a - b -->", "<!-- <p> -->", "<!DOCTYPE html>", "<?php x ?>", "</p>", "</o:p>", "<a b = 'c>d' e>",
    "<a\nb\t=\r\n\"c\"\f>", "<a href=/x/y/>", "<br/>", "<br />", "<img alt=Ш>", "&T ", "&T<b>", "&copy;", "&#1064;",
    "&#x428;", "& ", "< ", "<3", "<<p>", "<script>if (a < b && c > d) {}</script>", "<style>a>b{}</style>",
    "<SCRIPT>x</script>", "<title>Ш &amp; Б &T x</title>", "<textarea>Ш</textarea>", "<iframe src=x></iframe>",
    "<xmp>Ш</xmp>", "<noscript><p>Ш</p></noscript>", "<p translate=no>", "<p TRANSLATE='No' translate=yes>",
    "<ſcript>",
]  # fmt: skip


@pytest.mark.parametrize("markup", ACCEPTED)
def test_the_fast_path_takes_what_versions_cut_alike(markup: str) -> None:
    text = "<p>Ш</p>" + markup + "<p>Ш</p>"
    events: list[tuple[int, str, str, bool]] = []
    assert html._fast_events(text, events) == len(text)
    assert events == _scanned(text)


@pytest.mark.parametrize("rest", ["<![if x]><p>Ш</p>", "<![a", "<!DOCTYPE x [<!x>]>", "<![ Ш><p>Ш</p>"])
def test_what_html_parser_makes_of_the_rest_is_kept(rest: str) -> None:
    """Events, or the AssertionError an old html.parser raises on a declaration, as from the whole document."""
    text = "<p>Ш</p>" + rest
    assert _events(text) == _scanned(text)
