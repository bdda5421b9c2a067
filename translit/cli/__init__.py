"""The `translit` command line: a thin shell over the library.

Parse the arguments, call the library, and turn its errors into one line on stderr and an exit code. The commands
live in `translit.cli.app` (convert, explain, rules, eval, detect, cache) and `translit.cli.translate` (translate,
models); heavy modules (bulk, documents, archives, translation backends, rich) are imported only by the command
that needs them.
"""

from __future__ import annotations

from translit.cli.app import app, main

__all__ = ["app", "main"]
