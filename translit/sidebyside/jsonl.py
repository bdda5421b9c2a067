"""JSON Lines: one object per sentence, every field of `AlignedSentence` (UTF-8, not ASCII-escaped)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict

from translit.translate.pipeline import AlignedSentence


def render(rows: Sequence[AlignedSentence], title: str | None = None) -> str:
    return "".join(json.dumps(asdict(row), ensure_ascii=False) + "\n" for row in rows)
