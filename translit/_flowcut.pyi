from collections.abc import Callable, Sequence

from translit.documents._flow import Piece

API: int

def units(flow: Sequence[Piece], /) -> list[list[tuple[int, str]]]: ...
def cut_spaces(
    unit: list[tuple[int, str]], text: str, converted: str, lookup: Callable[[str], str], /
) -> tuple[list[str], int] | bool | None: ...
def flows(
    flows: Sequence[Sequence[Piece]], /
) -> tuple[list[list[str]], list[tuple[int, list[tuple[int, str]]]], list[str]]: ...
def prefixes(cut: Sequence[tuple[list[tuple[int, str]], str]], /) -> list[str]: ...
def place(
    units: list[tuple[int, list[tuple[int, str]]]],
    texts: list[str],
    converted: list[str],
    results: list[list[str]],
    lookup: Callable[[str], str],
    /,
) -> tuple[int, list[tuple[int, bool | None]]]: ...
def flats(flows: Sequence[Sequence[Piece]], /) -> list[str]: ...
