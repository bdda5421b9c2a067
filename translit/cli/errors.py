"""One place that turns library errors into what a command-line user should see.

Shared by `cli.py` and the sub-command modules: a `TranslitError` becomes `error: <message>` on stderr with
its exit code, Ctrl-C exits 130, a closed pipe (`| head`) exits quietly — never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import typer

from translit.errors import TranslitError

F = TypeVar("F", bound=Callable[..., Any])


def errors_as_one_line(func: F) -> F:
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except TranslitError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("error: interrupted", err=True)
            raise typer.Exit(130) from None
        except BrokenPipeError:
            raise typer.Exit(0) from None

    return wrapper  # type: ignore[return-value]
