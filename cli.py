"""Entry point for `python cli.py …` in a source checkout; the command line itself is `translit.cli`.

Installed, the same app runs as `translit …` or `python -m translit …`.
"""

from __future__ import annotations

from translit.cli import app, main

__all__ = ["app", "main"]

if __name__ == "__main__":
    main()
