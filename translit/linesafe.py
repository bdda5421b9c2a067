"""Whether a regex sees a word the same alone as inside newline-joined words: then one scan does them all.

Why: calling a compiled pattern once per word costs about 1 µs on these machines whatever the pattern (the
call and the matcher's set-up), so 44,000 new words cost 45 ms where one scan of them newline-joined costs 4
to 15. The scan is only equal to the per-word calls when the pattern can never match a newline (so a match
never leaves its word) and never asks where the string starts or ends (`^`, `$`, `\\A`, `\\Z`): then a
newline next to a word looks to it exactly like the end of the string. `\\b` and `\\B` are fine, since a
newline is not a word character either. Lookarounds are checked the same way, inside.

This reads the pattern's parse tree (`re._parser`, the parser `re.compile` itself uses). It is not a public
module, so anything it does not recognise, or a Python whose parser differs, answers False: the caller then
takes the per-word path, which is always right.
"""

from __future__ import annotations

import re
from typing import Any

try:
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - a Python without them: every pattern takes the per-word path
    _parser = None
    _c = None

_NEWLINE = ord("\n")


def confined_to_line(pattern: re.Pattern[str]) -> bool:
    """True when `pattern` provably never matches a newline nor tests the string's edges (see the module)."""
    if _parser is None or pattern.flags & re.DOTALL:
        return False
    try:
        tree = _parser.parse(pattern.pattern, pattern.flags)
        return _safe(tree, dotall=False)
    except Exception:  # any surprise in a private structure means "not proven"
        return False


def _safe(items: Any, *, dotall: bool) -> bool:
    return all(_item_safe(op, av, dotall=dotall) for op, av in items)


def _item_safe(op: Any, av: Any, *, dotall: bool) -> bool:
    c = _c
    if op is c.LITERAL:
        return bool(av != _NEWLINE)
    if op is c.NOT_LITERAL:
        return bool(av == _NEWLINE)
    if op is c.ANY:
        return not dotall
    if op is c.IN:
        return _set_safe(av)
    if op is c.BRANCH:
        return all(_safe(branch, dotall=dotall) for branch in av[1])
    if op is c.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        inner = (dotall or bool(add_flags & re.DOTALL)) and not del_flags & re.DOTALL
        return _safe(sub, dotall=inner)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        return _safe(av[2], dotall=dotall)
    if op is c.ATOMIC_GROUP:
        return _safe(av, dotall=dotall)
    if op in (c.ASSERT, c.ASSERT_NOT):
        return _safe(av[1], dotall=dotall)
    if op is c.AT:
        return av in (c.AT_BOUNDARY, c.AT_NON_BOUNDARY)
    if op is c.GROUPREF:
        return True  # the group it repeats was checked where it stands
    if op is c.GROUPREF_EXISTS:
        _group, yes, no = av
        return _safe(yes, dotall=dotall) and (no is None or _safe(no, dotall=dotall))
    return False


def _set_safe(items: Any) -> bool:
    """A character class: one that cannot hold a newline, or a negated one that excludes it."""
    c = _c
    negate = bool(items) and items[0][0] is c.NEGATE
    holds_newline = False
    for op, av in items[1:] if negate else items:
        if op is c.LITERAL:
            holds_newline |= av == _NEWLINE
        elif op is c.RANGE:
            holds_newline |= av[0] <= _NEWLINE <= av[1]
        elif op is c.CATEGORY:
            if av in (c.CATEGORY_SPACE, c.CATEGORY_LINEBREAK):
                holds_newline = True
            elif av in (c.CATEGORY_NOT_SPACE, c.CATEGORY_NOT_LINEBREAK):
                pass
            elif negate or av not in (c.CATEGORY_DIGIT, c.CATEGORY_WORD):
                return False  # \D or \W (they hold a newline), or a negated class of categories: not proven
        else:
            return False
    return holds_newline if negate else not holds_newline
