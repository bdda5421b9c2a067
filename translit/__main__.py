"""`python -m translit` and the `translit` console script.

The typer app lives in the top-level `cli.py` (the project's layout). A wheel ships that file as
`translit/cli.py`; in a source checkout (editable install included) the repository's own `cli.py` is used,
so commands added there show up without reinstalling.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main() -> None:
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "cli.py").is_file():
        if str(checkout) not in sys.path:
            sys.path.insert(0, str(checkout))
        from cli import app
    else:
        from translit.cli import app  # type: ignore[import-untyped,no-redef,unused-ignore]  # installed wheel
    app()


if __name__ == "__main__":
    main()
