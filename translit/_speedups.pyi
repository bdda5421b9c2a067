from collections.abc import Callable

API: int

def convert(text: str, memo: dict[str, str], apostrophes: bool, fill: Callable[[set[str]], None], /) -> str: ...
