from collections.abc import Callable

API: int

class WordTable:
    """The words earlier `convert` calls met, with their outputs (a cache of the memo, cleared with it)."""

    def __init__(self) -> None: ...
    def clear(self) -> None: ...
    def __len__(self) -> int: ...

def convert(
    text: str,
    memo: dict[str, str],
    apostrophes: bool,
    fill: Callable[[set[str]], None],
    cuts: list[tuple[int, int, str]] | None = None,
    table: WordTable | None = None,
    /,
) -> str: ...
def translate(text: str, table: tuple[str | None, ...], /) -> str: ...
def window_hits(words: list[str], alphabet: str, keys: tuple[int, ...], /) -> list[int]: ...
