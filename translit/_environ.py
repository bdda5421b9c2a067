"""The user's rule folders (`TRANSLIT_RULES_PATH`), read on every call without the cost of `os.environ.get`.

Every cache of compiled rules is keyed by this value, so a test or a program that changes the variable at run time
gets rules from the new folders. `os.environ.get` of a variable that is not set raises and catches a KeyError
inside `Mapping.get`: about 2 µs, as much as converting a short word, on every `translit.convert` call and every
judged line. The environment's own dict answers the same question in a few dozen nanoseconds; where that dict is
not there (another Python), the public mapping is used.
"""

from __future__ import annotations

import os

RULES_ENV = "TRANSLIT_RULES_PATH"

_data: object = getattr(os.environ, "_data", None)
_key: object = os.environ.encodekey(RULES_ENV) if hasattr(os.environ, "encodekey") else RULES_ENV


def rules_path() -> str:
    """The value of `TRANSLIT_RULES_PATH`, or "" when it is not set."""
    if isinstance(_data, dict):
        raw = _data.get(_key)
        if raw is None:
            return ""
        return os.fsdecode(raw) if isinstance(raw, bytes) else str(raw)
    return os.environ.get(RULES_ENV, "")
