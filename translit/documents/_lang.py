"""Language tags that follow the conversion: a tag naming the source's language in the source's script says the
target's script afterwards, keeping the rest of what it says (its region: Word writes ``uz-Cyrl-UZ``).

Documents mark their text's language for spell checkers, hyphenation, fonts and screen readers (HTML and EPUB
``lang``, Word's ``w:lang``, PowerPoint's ``a:rPr lang``). A tag left naming Cyrillic over converted Latin text has
Word check every word against the Cyrillic dictionary and a screen reader read it by Cyrillic rules, so every
rewriter asks `retarget` (through `DocContext.retarget_lang`) which tags to change, and how.
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["DEFAULT_SCRIPT", "language_of", "retarget", "subtags"]

#: The script a language's tag without a script subtag means (CLDR's likely subtags; gettext's plain codes too):
#: ``kk-KZ`` is Kazakh in Cyrillic, ``uz-UZ`` Uzbek in Latin.
DEFAULT_SCRIPT = {"uz": "Latn", "kk": "Cyrl", "ru": "Cyrl", "ky": "Cyrl", "tg": "Cyrl", "en": "Latn", "tr": "Latn"}


def _split(tag: str) -> tuple[str, str | None, list[str]]:
    """A tag's language (lower case), its script (title case) as written or implied, and its other subtags."""
    subtags = tag.strip().replace("_", "-").split("-")
    language, rest = subtags[0].lower(), subtags[1:]
    if rest and len(rest[0]) == 4 and rest[0].isalpha():
        return language, rest[0].title(), rest[1:]
    return language, DEFAULT_SCRIPT.get(language), rest


def language_of(tag: str) -> str:
    """A tag's language subtag, lower case (``uz_Cyrl_UZ`` and ``UZ-Cyrl`` both say ``uz``)."""
    return _split(tag)[0]


def subtags(tag: str) -> tuple[str, str | None, str | None]:
    """A tag's language, its script as written (None when it is only implied) and its region: what formats that
    store a tag in parts write (ODF's ``fo:language``, ``fo:script``, ``fo:country``). ``uz-Latn-UZ`` gives
    ``("uz", "Latn", "UZ")``, a translated document's ``en`` gives ``("en", None, None)``."""
    parts = tag.strip().replace("_", "-").split("-")
    rest = parts[1:]
    script = rest.pop(0).title() if rest and len(rest[0]) == 4 and rest[0].isalpha() else None
    region = rest[0].upper() if rest and _region(rest[0]) else None
    return parts[0].lower(), script, region


def _region(subtag: str) -> bool:
    return (len(subtag) == 2 and subtag.isalpha()) or (len(subtag) == 3 and subtag.isdigit())


@lru_cache(maxsize=1024)  # a document's tags repeat (Word writes one on every run): each is worked out once
def retarget(value: str, source: str, target: str) -> str | None:
    """`value`, a language tag in a document converted from `source` to `target` (BCP 47 tags, as the rule files
    name them), as it reads afterwards; None when it stays as it is: it is not the source's language in the
    source's script (written or implied), or it already reads so.

    The new tag is the value's language in the target's script, with the value's region, and the target's variants
    when it is the target's language: ``uz-Cyrl-UZ`` → ``uz-Latn-UZ`` (to ``uz-Latn``), ``uz-Cyrl`` →
    ``uz-Latn-2026``, ``kk-KZ`` → ``kk-Latn-KZ``, and Russian romanized in an Uzbek document, ``ru-RU`` →
    ``ru-Latn-RU``.
    """
    if not value.strip():
        return None
    language, script, rest = _split(value)
    source_language, source_script, _variants = _split(source)
    target_language, target_script, target_rest = _split(target)
    if language != source_language or script is None or script != source_script or target_script is None:
        return None
    region = [s.upper() for s in rest[:1] if _region(s)]
    variants = [s for s in target_rest if not _region(s)] if target_language == language else []
    new = "-".join([language, target_script, *region, *variants])
    return None if new.lower() == value.strip().lower() else new
