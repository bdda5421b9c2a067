"""gettext .po: msgstr (and msgstr[n]) converted; msgid, comments, flags, the header and layout kept.

polib re-wraps entries when it saves (research §1.5), so lines are rewritten in place and polib is used to
check that the input is a valid catalogue and that the output still parses to the same entries.
"""

from __future__ import annotations

import re

import polib

from translit.documents._context import DocContext
from translit.errors import InputError

_MSGSTR = re.compile(r'^(msgstr(?:\[\d+\])?\s*)(".*")(\s*)$', re.DOTALL)
_CONT = re.compile(r'^(\s*)(".*")(\s*)$', re.DOTALL)
_MSGID_EMPTY = re.compile(r'^msgid\s*""\s*$')


def _check(text: str, path: str) -> polib.POFile:
    try:
        return polib.pofile(text)
    except (OSError, ValueError) as exc:
        raise InputError(path, f"not a valid gettext catalogue: {exc}") from exc


def rewrite_text(text: str, ctx: DocContext) -> str:
    before = _check(text, ctx.path)
    lines = text.splitlines(keepends=True)
    targets: list[tuple[int, str, str, str]] = []  # (line index, prefix, inner, suffix)
    in_msgstr = False
    header = False  # the header entry's msgstr (msgid "") is metadata: kept
    for i, line in enumerate(lines):
        if line.startswith("#"):
            in_msgstr = False
            continue
        if line.startswith("msgid"):
            header = bool(_MSGID_EMPTY.match(line)) and (
                i + 1 >= len(lines) or not lines[i + 1].lstrip().startswith('"')
            )
            in_msgstr = False
            continue
        m = _MSGSTR.match(line)
        if m:
            in_msgstr = not header
            if in_msgstr:
                targets.append((i, m.group(1), m.group(2)[1:-1], m.group(3)))
            continue
        c = _CONT.match(line)
        if c and in_msgstr:
            targets.append((i, c.group(1), c.group(2)[1:-1], c.group(3)))
        elif not c:
            in_msgstr = False
    converted = ctx.convert_protected([inner for _i, _p, inner, _s in targets])
    for (i, prefix, _inner, suffix), new in zip(targets, converted, strict=True):
        lines[i] = f'{prefix}"{new}"{suffix}'
    out = "".join(lines)
    after = _check(out, ctx.path)
    if [e.msgid for e in before] != [e.msgid for e in after]:
        raise InputError(ctx.path, "internal check failed: the converted catalogue lost or changed a msgid")
    return out


def rewrite(data: bytes, ctx: DocContext) -> bytes:
    """Convert one .po file."""
    decoded = ctx.decode(data)
    return ctx.encode(rewrite_text(decoded.text, ctx), decoded)
