"""HTML: convert text nodes and a few prose attributes; every other byte of the file stays as it was.

lxml and selectolax re-serialise markup (entities resolved, quotes and closing tags added; research §1.5), so
this walks the file with the standard library's tokenizer, notes where each token starts, and rewrites only
text tokens (and title/alt/placeholder/aria-label values). script, style, code, pre, kbd, samp and anything
under translate="no" are kept; URLs live in attributes that are never touched.
"""

from __future__ import annotations

import functools
import re
from typing import Protocol

from translit.documents._context import DocContext
from translit.documents._flow import Fixed, Piece
from translit.documents._markup import BREAKS, INLINE, LANG_ATTRIBUTES, SKIP, TEXT_ATTRIBUTES, split_entities

_VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]
)
_ATTR = re.compile(r"""(\s)([^\s"'>/=]+)(\s*=\s*)("[^"]*"|'[^']*'|[^\s"'=<>`]+)""")
#: what an attribute `_rewrite_tag` changes is named (ignoring case): a tag without any is kept without the
#: attribute regex and its callback per attribute (most tags: class, id, href)
_REWRITTEN = re.compile(
    "|".join(map(re.escape, sorted(TEXT_ATTRIBUTES | LANG_ATTRIBUTES | {"charset", "content"}))), re.I
)
_NO_ATTRS: list[tuple[str, str | None]] = []  # the attributes of a token that has none (shared, never changed)
_CHARSET = re.compile(r"""(charset\s*=\s*["']?)([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
#: An XHTML page's XML declaration (only ever at the very start) up to its encoding's name: an XML reader (a browser
#: given application/xhtml+xml, an EPUB tool, lxml) decodes the page by it, and ignores `<meta charset>`.
_XML_ENCODING = re.compile(r"""\A(<\?xml\s[^>]*?\bencoding\s*=\s*["'])([A-Za-z][A-Za-z0-9._-]*)""")


class _ScannerLike(Protocol):
    """What `_events` uses of the scanner: html.parser's feeding, and the events recorded."""

    events: list[tuple[int, str, str, list[tuple[str, str | None]]]]

    def feed(self, data: str) -> None: ...
    def close(self) -> None: ...


@functools.cache
def _scanner_class() -> type[_ScannerLike]:
    """html.parser's tokenizer with the recording below, defined on first need: the fast tokenizer cuts every
    document of the benchmarks whole, and html.parser with `html` and its entity table costs 8 ms to import
    (`python -X importtime -c "import html.parser"`), a tenth of what a zip of documents imports beyond a .txt."""
    from html.parser import HTMLParser

    class _Scanner(HTMLParser):
        """Records (offset, kind, tag, attrs) for every token; the bytes between offsets are the raw tokens.

        The offset is kept from html.parser's own position updates: `updatepos(i, j)` is called for every stretch
        of its buffer it consumes, the buffer only ever losing what was consumed, so the sum of those stretches is
        where the next token starts. Asking `getpos()` instead meant counting each stretch's newlines and mapping
        (line, column) back to an offset for every token; `getpos()` is therefore not kept up to date here.
        """

        def __init__(self) -> None:
            super().__init__(convert_charrefs=False)
            self.events: list[tuple[int, str, str, list[tuple[str, str | None]]]] = []
            self._at = 0

        def updatepos(self, i: int, j: int) -> int:
            if i < j:
                self._at += j - i
            return j

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.events.append((self._at, "start", tag, attrs))

        def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.events.append((self._at, "startend", tag, attrs))

        def handle_endtag(self, tag: str) -> None:
            self.events.append((self._at, "end", tag, _NO_ATTRS))

        def handle_data(self, data: str) -> None:
            self.events.append((self._at, "data", "", _NO_ATTRS))

        def handle_entityref(self, name: str) -> None:
            self.events.append((self._at, "entity", "", _NO_ATTRS))

        def handle_charref(self, name: str) -> None:
            self.events.append((self._at, "entity", "", _NO_ATTRS))

        def _other(self) -> None:
            self.events.append((self._at, "other", "", _NO_ATTRS))

        def handle_comment(self, data: str) -> None:
            self._other()

        def handle_decl(self, decl: str) -> None:
            self._other()

        def handle_pi(self, data: str) -> None:
            self._other()

        def unknown_decl(self, data: str) -> None:
            self._other()

    return _Scanner


#: An event the rewriter walks: (offset, kind, tag, translate="no" on this start tag)
_Event = tuple[int, str, str, bool]

# The fast tokenizer. html.parser's handling of malformed markup has changed between Python patch releases
# (comments, bogus tags, attribute syntax, raw text elements), so this recognises only markup whose tokens
# every version cuts alike, and hands the rest of the document to html.parser from the first token it does not
# recognise: a token boundary outside raw text, where html.parser's state is its initial one. Whitespace inside
# tags is the HTML set (older versions take Unicode whitespace too, newer ones do not), names are ASCII, every
# attribute follows whitespace, a bare value holds no whitespace of either kind, references end with ";" (or,
# named, before a character that cannot continue the name), and a "<" or "&" that starts nothing is followed
# by a character that cannot make it start something. Comments hold no "--" (their end differs otherwise),
# declarations are only DOCTYPE, and CDATA sections, bogus comments and "</" without a name are declined.
# A repeated group is written as an atomic group, `(?>(?:…)*)`, never as a possessive repeat, `(?:…)*+`: the
# same match, but CPython 3.11.0-3.11.4 (Debian 12's 3.11.2) never matched the possessive repeat of a comment's
# body, which sent every document with a comment to html.parser.
_S = r"[ \t\n\r\f]"
_TOKEN = re.compile(
    rf"""
    (?P<start><(?P<name>[a-zA-Z][a-zA-Z0-9:-]*+)
      (?>(?:{_S}++[a-zA-Z_:@][-a-zA-Z0-9_:.@]*+(?:{_S}*+={_S}*+(?:"[^"]*+"|'[^']*+'|[^\s"'<=>`]++))?)*)
      {_S}*+(?P<close>/?)>)
  | (?P<end></(?P<endname>[a-zA-Z][a-zA-Z0-9:-]*+)>)
  | (?P<entity>&(?:\#[0-9]++;|\#[xX][0-9a-fA-F]++;|[a-zA-Z][a-zA-Z0-9]*+(?:;|(?=[^a-zA-Z0-9.;-]))))
  | (?P<amp>&(?=[^a-zA-Z\#])|<(?=[^a-zA-Z/!?]))
  | (?P<other><!--(?![->])(?>(?:[^-]++|-(?!-))*)(?<!-)-->|<![dD][oO][cC][tT][yY][pP][eE][^<>]*+>|<\?[^<>]*+>)
    """,
    re.VERBOSE,
)
#: the kind each (outer) group of `_TOKEN` gives (a lone "&" or "<" is data to html.parser)
_KINDS = {"start": "start", "end": "end", "entity": "entity", "amp": "data", "other": "other"}
#: script and style are raw text in every version: accepted when their text holds no "</" (the end tag each
#: version looks for differs) and no "<!--" (newer parsers may track script comments)
_RAW = frozenset(["script", "style"])
#: raw text in newer versions only (xmp, iframe, noembed, noframes: text only when it holds no "&" either) or
#: escapable raw text (title, textarea): accepted when nothing in them starts with "<" but their end tag
_OPAQUE = frozenset(["xmp", "iframe", "noembed", "noframes"])
_RCDATA = frozenset(["title", "textarea"])
_SPECIAL = _RAW | _OPAQUE | _RCDATA | {"plaintext"}
_TRANSLATE = re.compile("translate", re.IGNORECASE)
_TAG_ATTR = re.compile(rf"""{_S}++([a-zA-Z_:@][-a-zA-Z0-9_:.@]*+)(?:{_S}*+={_S}*+("[^"]*+"|'[^']*+'|[^\s"'<=>`]++))?""")


def _translate_no(raw: str) -> bool | None:
    """Whether a start tag the fast tokenizer matched says translate="no"; None when a value holds "&" (html.parser
    unescapes attribute values, differently across versions)."""
    no = False
    for m in _TAG_ATTR.finditer(raw):
        if m.group(1).lower() == "translate":
            value = m.group(2) or ""
            if "&" in value:
                return None
            if value[:1] in ("'", '"'):
                value = value[1:-1]
            no = no or value.lower() == "no"
    return no


def _end_tag_at(text: str, at: int, tag: str) -> bool:
    """Whether `text` has the end tag `</tag>` at `at`, ASCII letters in any case."""
    found = text[at + 2 : at + 3 + len(tag)]
    return text.startswith("</", at) and found.isascii() and found.lower() == tag + ">"


def _raw_text_end(text: str, at: int, tag: str) -> int:
    """Where the end tag of raw text element `tag` whose content starts at `at` is, when every version of html.parser
    ends it there (-1 when not: the element is left to html.parser)."""
    if tag in _RAW:
        end = text.find("</", at)
        if end < 0 or text.find("<!--", at, end) >= 0:
            return -1
    else:
        end = text.find("<", at)
        if end < 0 or (tag in _OPAQUE and text.find("&", at, end) >= 0):
            return -1
    return end if _end_tag_at(text, end, tag) else -1


#: the longest tag `_fast_events` looks up among the tags it met (a "<" that starts none may lie far from a ">")
_KNOWN_TAG = 200


def _fast_events(text: str, events: list[_Event]) -> int:
    """Append the events of the markup html.parser tokenizes alike in every version; return where that stops.

    Text runs to the next "<" or "&", found with `str.find` (a regex class over the text cost ~15 ns a
    character); only markup is matched with `_TOKEN`, anchored where it starts.

    A page repeats a few tags (`<p class=x>`, `<b>`, `</p>`) hundreds of times: a tag that `_TOKEN` matched up
    to its first ">" is kept with its event, and the next tag spelt the same up to its own first ">" takes that
    event without the regex, the name's lowering and the look for translate="no" (on the benchmark's 29 pages,
    callgrind: 6 M instructions fewer of 527, ~0.8 ms). That is exact: the start and end tag patterns are possessive
    and look at nothing past their ">", so the same characters up to the same ">" match alike wherever they are;
    raw text elements (whose events depend on what follows) and the other kinds of markup are not kept.
    """
    at = 0
    size = len(text)
    append = events.append
    match = _TOKEN.match
    known: dict[str, tuple[str, str, bool]] = {}  # a tag's text -> its event's kind, name and translate="no"
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
        if lt == at:
            gt = text.find(">", at, at + _KNOWN_TAG)
            if gt >= 0:
                event = known.get(text[at : gt + 1])
                if event is not None:
                    append((at, *event))
                    at = gt + 1
                    continue
        m = match(text, at)
        if m is None:
            return at
        end = m.end()
        group = m.lastgroup
        if group == "start":
            tag = m.group("name").lower()
            no = _translate_no(m.group()) if _TRANSLATE.search(text, at, end) else False
            if no is None:
                return at
            if tag in _SPECIAL:
                after = _raw_text(text, at, end, tag, no, events)
                if after < 0:
                    return at
                if after > end:  # script or style, up to the end of its end tag
                    at = after
                    continue
                append((at, "startend" if m.group("close") else "start", tag, no))
            else:
                event = ("startend" if m.group("close") else "start", tag, no)
                append((at, *event))
                if text.find(">", at, end - 1) < 0:
                    known[m.group()] = event
        elif group == "end":
            event = ("end", m.group("endname").lower(), False)
            append((at, *event))
            if text.find(">", at, end - 1) < 0:  # always so (an end tag holds one ">"), but said for the proof
                known[m.group()] = event
        else:
            assert group is not None
            append((at, _KINDS[group], "", False))
        at = end
    return at


def _raw_text(text: str, at: int, end: int, tag: str, no: bool, events: list[_Event]) -> int:
    """For the start tag of a raw text element at `at` (ending at `end`): -1 to decline it; `end` when its text
    is cut as any other (title, textarea, the elements only newer versions take as raw text); else (script,
    style) its three events are appended and where its end tag ends is returned."""
    if tag == "plaintext" or text[end - 2] == "/":  # no end tag in newer versions; <script/> may differ
        return -1
    close = _raw_text_end(text, end, tag)
    if close < 0:
        return -1
    if tag not in _RAW:
        return end
    events.append((at, "start", tag, no))
    if close > end:
        events.append((end, "data", "", False))
    events.append((close, "end", tag, False))
    return close + len(tag) + 3


def _events(text: str) -> list[_Event]:
    """The tokens of `text` as html.parser cuts them: the fast tokenizer's, then html.parser's for the rest."""
    events: list[_Event] = []
    at = _fast_events(text, events)
    if at < len(text):
        scanner = _scanner_class()()
        scanner.feed(text[at:] if at else text)
        scanner.close()
        events.extend(
            (start + at, kind, tag, any(k == "translate" and (v or "").lower() == "no" for k, v in attrs))
            for start, kind, tag, attrs in scanner.events
        )
    return events


def convert_markup_text(raw: str, ctx: DocContext) -> str:
    """Convert raw text that may hold character references (kept as they are)."""
    pieces: list[Piece] = [Fixed(p[0]) if isinstance(p, tuple) else p for p in split_entities(raw)]
    return "".join(ctx.flow(pieces))


def _may_name_rewritten(raw: str) -> bool:
    """False when `raw` certainly names no attribute `_rewrite_tag` changes: each such name holds one of these
    pairs of ASCII letters, and the only characters `_REWRITTEN` (ignoring case) takes for one of these letters are
    the letter and its capital (the others Python's `re` folds together are i, s, k and non-ASCII ones), which
    `str.lower` makes the letter again, beside the same neighbour. `class`, `id`, `href` and `src` hold none.

    Searching `_REWRITTEN` itself, an alternation of eight names ignoring case tried at every character, cost ~0.8 µs
    on `<p class=x>`; this ~0.25 µs (on the benchmark's 29 pages: 11 M instructions fewer of 537, ~1.5 ms).
    """
    low = raw.lower()
    return "lt" in low or "ar" in low or "nt" in low or "ng" in low or "pl" in low or "tl" in low


def _rewrite_tag(raw: str, tag: str, ctx: DocContext, fix_charset: bool) -> str:
    if not (_may_name_rewritten(raw) and _REWRITTEN.search(raw)):
        return raw

    def attr(m: re.Match[str]) -> str:
        name = m.group(2).lower()
        value = m.group(4)
        quote = value[0] if value[:1] in ("'", '"') else ""
        inner = value[1:-1] if quote else value
        if name in TEXT_ATTRIBUTES:
            inner = convert_markup_text(inner, ctx)
        elif name in LANG_ATTRIBUTES and (lang := ctx.retarget_lang(inner)) is not None:
            inner = lang
        elif fix_charset and tag == "meta" and name in ("charset", "content"):
            inner = _CHARSET.sub(lambda c: c.group(1) + "utf-8", inner) if name == "content" else "utf-8"
        else:
            return m.group(0)
        return f"{m.group(1)}{m.group(2)}{m.group(3)}{quote}{inner}{quote}"

    return _ATTR.sub(attr, raw)


def rewrite_text(text: str, ctx: DocContext, *, fix_charset: bool = False) -> str:
    """Convert the prose of an HTML document given as text.

    The loop runs once for every token (about 550 in each of the benchmark's pages), so it does per token only what
    that token needs (on the benchmark's 29 pages, counted by callgrind against the loop as it was: 12.6 M
    instructions fewer of 549, ~1.8 ms): a start tag without an attribute value ("=") is not handed to
    `_rewrite_tag`, which could change nothing in it; an inline tag's piece is made once for each spelling of the
    tag (`Fixed` is frozen and compared by value, so one instance may stand in every flow it occurs in: a frozen
    dataclass costs ~0.3 µs to build); the pending flow is handed over as it is rather than copied.
    """
    events = _events(text)
    out: list[str | int] = []  # an int stands for the pending flow with that number
    pending: list[list[Piece]] = []
    flow: list[Piece] = []
    skip: list[str] = []
    joined: dict[str, Fixed] = {}  # the piece of each inline tag met so far, by its raw text
    # Recording text units (side-by-side translation): attribute texts are converted as they are met, flows at
    # the end; each attribute is placed by (flow number, inside that flow) so units come out in document order.
    units = ctx.units
    attr_units: list[tuple[tuple[int, bool], str]] = []
    ctx.units = [] if units is not None else None

    ends = [event[0] for event in events]
    ends.append(len(text))
    del ends[0]
    for (start, kind, tag, no), end in zip(events, ends, strict=True):
        raw = text[start:end]
        if skip:
            if kind == "start" and tag == skip[-1]:
                skip.append(tag)
            elif kind == "end" and tag == skip[-1]:
                skip.pop()
            flow.append(Fixed(raw))
            continue
        if kind == "data":
            if "&" in raw:  # an "&" html.parser left in data (bare, or cut off at the end): split_entities decides
                flow.extend(Fixed(p[0]) if isinstance(p, tuple) else p for p in split_entities(raw))
            elif raw:
                flow.append(raw)
        elif kind == "end":
            if tag in INLINE:
                piece = joined.get(raw)
                if piece is None:
                    piece = joined[raw] = Fixed(raw, "")
                flow.append(piece)
            else:
                if flow:
                    out.append(len(pending))
                    pending.append(flow)
                    flow = []
                out.append(raw)
        elif kind == "start" or kind == "startend":
            if not no and "=" in raw:  # without a value no attribute is rewritten (`_ATTR` needs its "=")
                raw = _rewrite_tag(raw, tag, ctx, fix_charset)
                if ctx.units:
                    attr_units.extend(((len(pending), bool(flow)), u) for u in ctx.units)
                    ctx.units.clear()
            if kind == "start" and (tag in SKIP or no) and tag not in _VOID:
                skip.append(tag)
                flow.append(Fixed(raw))
            elif tag in INLINE:
                piece = joined.get(raw)
                if piece is None:
                    piece = joined[raw] = Fixed(raw, "")
                flow.append(piece)
            elif tag in BREAKS:
                flow.append(Fixed(raw))
            else:
                if flow:
                    out.append(len(pending))
                    pending.append(flow)
                    flow = []
                out.append(raw)
        else:  # an entity, a comment, a declaration, a processing instruction
            flow.append(Fixed(raw))
    if flow:
        out.append(len(pending))
        pending.append(flow)
    ctx.units = None
    done = ["".join(pieces) for pieces in ctx.flows(pending)]
    ctx.units = units
    if units is not None:
        flat = [ctx.flat(f) for f in pending]
        for i in range(len(pending) + 1):
            units.extend(u for (k, inside), u in attr_units if k == i and not inside)
            if i < len(pending):
                units.append(flat[i])
                units.extend(u for (k, inside), u in attr_units if k == i and inside)
    return "".join(done[part] if isinstance(part, int) else part for part in out)


def rewrite(data: bytes, ctx: DocContext) -> bytes:
    """Convert one HTML file; a legacy `<meta charset>`, and the encoding an XHTML page's XML declaration names, are
    updated when the output becomes UTF-8 (left as they were, a windows-1251 declaration made every XML reader read
    the UTF-8 output as windows-1251: Oʻzbekiston as OК»zbekiston)."""
    decoded = ctx.decode(data)
    fix = ctx.relabels_utf8(decoded)
    text = rewrite_text(decoded.text, ctx, fix_charset=fix)
    if fix:
        text = _XML_ENCODING.sub(r"\1UTF-8", text, count=1)
    return ctx.encode(text, decoded)
