"""JSON: string values converted in place; keys, numbers, layout and escapes style kept.

`json.dump` would change the layout, so string tokens are found in the raw text and only value strings are
replaced (a string followed by ':' is a key). Placeholders such as {name} and %s stay as they are.
"""

from __future__ import annotations

import json
import re
from json.decoder import scanstring  # type: ignore[attr-defined]
from json.encoder import encode_basestring, encode_basestring_ascii

from translit.documents._context import DocContext
from translit.errors import InputError

# The loop unrolled (runs of plain characters, then one escape): the same matches as "(?:[^"\\]|\\.)*", without
# an alternation tried at every character (measured: a quarter of its time on 0.55 MB of JSON values).
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_AFTER = re.compile(r"\s*:")


def _values(text: str) -> list[tuple[int, int, str]]:
    """(start, end, token) of every string value of a valid JSON text, in order: the tokens `_STRING` finds,
    less the keys (a token followed by whitespace, if any, and a colon).

    In valid JSON a '"' outside a string opens one, so the tokens are found with str.find (the regex's class
    cost about 13 ns a character, five times json.loads itself); only a token holding a backslash, where an
    escaped quote may be, is matched by `_STRING`."""
    values: list[tuple[int, int, str]] = []
    find = text.find
    start = find('"')
    while start >= 0:
        end = find('"', start + 1) + 1
        if end == 0:
            break  # not in valid JSON (every string is closed); never loop on it
        if find("\\", start + 1, end) >= 0:
            m = _STRING.match(text, start)
            if m is None:
                break  # likewise
            end = m.end()
        after = text[end : end + 1]
        if after != ":" and not (after.isspace() and _AFTER.match(text, end)):
            values.append((start, end, text[start:end]))
        start = find('"', end)
    return values


def rewrite_text(text: str, ctx: DocContext) -> str:
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(ctx.path, f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
    spans = _values(text)
    # The text is valid JSON, so a token without a backslash is its characters between the quotes (a control
    # character would have failed json.loads); one with escapes is decoded as json.loads decodes it (the same
    # scanstring, without a decoder call per token).
    values = [token[1:-1] if "\\" not in token else scanstring(token, 1, True)[0] for _s, _e, token in spans]
    converted = ctx.convert_protected(values)
    out: list[str] = []
    last = 0
    for (start, end, token), old, new in zip(spans, values, converted, strict=True):
        if new == old:
            continue
        out.append(text[last:start])
        # what json.dumps(new, ensure_ascii=...) returns for a str, without building an encoder per call
        out.append(encode_basestring_ascii(new) if "\\u" in token else encode_basestring(new))
        last = end
    out.append(text[last:])
    return "".join(out)


def rewrite(data: bytes, ctx: DocContext) -> bytes:
    """Convert one .json file."""
    decoded = ctx.decode(data)
    return ctx.encode(rewrite_text(decoded.text, ctx), decoded)
