"""`python -m translit` and the `translit` console script.

The typer app lives in the top-level `cli.py` (the project's layout). A wheel ships that file as
`translit/cli.py`; a source checkout or an editable install imports it from the repository root.
"""

from __future__ import annotations


def main() -> None:
    try:
        from translit.cli import app  # type: ignore[import-untyped,unused-ignore]  # installed wheel
    except ModuleNotFoundError:
        from cli import app  # source checkout / editable install
    app()


if __name__ == "__main__":
    main()
