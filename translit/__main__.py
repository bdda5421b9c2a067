"""`python -m translit …`: the same command line as the `translit` console script."""

from __future__ import annotations

from translit.cli import main

if __name__ == "__main__":
    main()
