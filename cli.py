"""The `translit` command line: parses arguments and calls the library, nothing more.

Every `TranslitError` becomes one line on stderr and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="translit",
    help="Convert Uzbek (and Kazakh) text between scripts, and translate it offline side by side.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# --- translation (issue 4) ---
from translit.translate.cli import models_app, translate_command  # noqa: E402

app.command("translate")(translate_command)
app.add_typer(models_app, name="models")
