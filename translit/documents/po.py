"""gettext .po: msgstr (and msgstr[n]) converted; msgid, comments, flags, the header and layout kept.

polib re-wraps entries when it saves (research §1.5), so lines are rewritten in place and polib is used to
check that the input is a valid catalogue and that the output still parses to the same entries.

A translation (`DocContext.fill_targets`) works the other way round: each msgid (and msgid_plural) is the unit
handed over, and what comes back becomes the msgstr (msgstr[0] from msgid, the other plural forms from
msgid_plural), flagged ``fuzzy``: raw machine translation is a suggestion a translator reviews, and msgfmt
leaves fuzzy entries out of the compiled catalogue until then. An entry nothing was translated for gets an
empty msgstr (untranslated, as gettext means it), never a copy of its msgid. Comments, references, flags,
msgctxt and obsolete entries are kept; the header says the target's ``Language`` (gettext's ``uz@cyrillic``
form), its ``Plural-Forms`` when known, and ``charset=UTF-8``. That catalogue is a new file, so it is written
by polib (wrapped at 78 columns as msgmerge does).
"""

from __future__ import annotations

import re

import polib

from translit.documents._context import DocContext
from translit.documents._lang import DEFAULT_SCRIPT
from translit.errors import InputError

_MSGSTR = re.compile(r'^(msgstr(?:\[\d+\])?\s*)(".*")(\s*)$', re.DOTALL)
_CONT = re.compile(r'^(\s*)(".*")(\s*)$', re.DOTALL)
_MSGID_EMPTY = re.compile(r'^msgid\s*""\s*$')

#: Plural-Forms of the targets a translation writes (gettext manual, "Plural forms")
PLURAL_FORMS = {
    "en": "nplurals=2; plural=(n != 1);",
    "uz": "nplurals=2; plural=(n != 1);",
    "kk": "nplurals=2; plural=(n != 1);",
    "ky": "nplurals=2; plural=(n != 1);",
    "tg": "nplurals=2; plural=(n != 1);",
    "tr": "nplurals=2; plural=(n != 1);",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
}
#: a script other than the one a language's plain gettext code means (`DEFAULT_SCRIPT`) is this @modifier
_MODIFIERS = {"Cyrl": "cyrillic", "Latn": "latin", "Arab": "arabic"}
_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")
#: the header entry (msgid "") with its msgstr lines, and the charset its Content-Type names (by which msgfmt and
#: gettext read every msgstr)
_HEADER = re.compile(r'^msgid\s*""\s*\nmsgstr\s*""\s*\n(?:"[^\n]*"[ \t]*\r?\n?)*', re.MULTILINE)
_CHARSET = re.compile(r'^("Content-Type:[^"\n]*?charset=)([^\s"\\;]+)', re.MULTILINE | re.IGNORECASE)


def gettext_language(tag: str) -> str:
    """A BCP-47 tag as gettext's Language value: "uz-Cyrl" -> "uz@cyrillic", "kk-Latn" -> "kk@latin", "en" ->
    "en", "pt-BR" -> "pt_BR" (a variant such as uz-Latn-2026 has no gettext form and is left out)."""
    parts = tag.replace("_", "-").split("-")
    lang = parts[0].lower()
    script = next((p.title() for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    region = next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
    out = lang + (f"_{region}" if region else "")
    if script and script != DEFAULT_SCRIPT.get(lang, script):
        out += f"@{_MODIFIERS.get(script, script.lower())}"
    return out


def _check(text: str, path: str) -> polib.POFile:
    try:
        return polib.pofile(text)
    except (OSError, ValueError) as exc:
        raise InputError(path, f"not a valid gettext catalogue: {exc}") from exc


def rewrite_text(text: str, ctx: DocContext) -> str:
    if ctx.fill_targets:
        return _fill(text, ctx)
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


def _fill(text: str, ctx: DocContext) -> str:
    """The catalogue with each msgstr filled from its msgid's translation (see the module docstring)."""
    catalogue = _check(text, ctx.path)
    entries = [e for e in catalogue if e.msgid and not e.obsolete]
    sources: list[str] = []  # escaped as in the file, so that \n and \t stay protected codes
    for e in entries:
        sources.append(polib.escape(e.msgid))
        if e.msgid_plural:
            sources.append(polib.escape(e.msgid_plural))
    done = iter(ctx.convert_protected(sources))
    plural_forms = PLURAL_FORMS.get(gettext_language(ctx.target or "").split("_")[0].split("@")[0])
    plural_forms = plural_forms or catalogue.metadata.get("Plural-Forms", "")
    found = _NPLURALS.search(plural_forms)
    nplurals = int(found.group(1)) if found else 2
    for e in entries:
        single = polib.unescape(next(done))
        plural = polib.unescape(next(done)) if e.msgid_plural else None
        translated = single != e.msgid or (plural is not None and plural != e.msgid_plural)
        if e.msgid_plural:
            forms = [single] + [plural or ""] * (nplurals - 1)
            e.msgstr_plural = {i: form if translated else "" for i, form in enumerate(forms)}
        else:
            e.msgstr = single if translated else ""
        if translated and "fuzzy" not in e.flags:
            e.flags.insert(0, "fuzzy")  # first, as msgmerge writes it: "#, fuzzy, c-format"
    if ctx.target:
        catalogue.metadata["Language"] = gettext_language(ctx.target)
    if plural_forms:
        catalogue.metadata["Plural-Forms"] = plural_forms
    catalogue.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    catalogue.metadata.setdefault("Content-Transfer-Encoding", "8bit")
    catalogue.encoding = "utf-8"
    out = str(catalogue)
    after = _check(out, ctx.path)
    if [(e.msgctxt, e.msgid) for e in catalogue] != [(e.msgctxt, e.msgid) for e in after]:
        raise InputError(ctx.path, "internal check failed: the translated catalogue lost or changed a msgid")
    return out


def rewrite(data: bytes, ctx: DocContext) -> bytes:
    """Convert one .po file; written in UTF-8 from another encoding, its header's charset says so (left naming
    CP1251, msgfmt compiled the UTF-8 msgstrs as CP1251, and gettext showed Oʻzbekiston as OК»zbekiston)."""
    decoded = ctx.decode(data)
    text = rewrite_text(decoded.text, ctx)
    if ctx.relabels_utf8(decoded):
        text = _utf8_header(text)
    return ctx.encode(text, decoded)


def _utf8_header(text: str) -> str:
    header = _HEADER.search(text)
    if header is None:
        return text
    fixed = _CHARSET.sub(r"\1UTF-8", header.group(0), count=1)
    return text[: header.start()] + fixed + text[header.end() :]
