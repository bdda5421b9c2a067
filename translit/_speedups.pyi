from collections.abc import Callable

API: int

def convert(
    text: str,
    memo: dict[str, str],
    apostrophes: bool,
    fill: Callable[[set[str]], None],
    cuts: list[tuple[int, int, str]] | None = None,
    /,
) -> str: ...
def translate(text: str, table: tuple[str | None, ...], /) -> str: ...
