"""Every error translit raises on purpose, in one place.

The CLI turns any `TranslitError` into one line on stderr and a non-zero exit code, so each message must
already name the file (or rule set) and say what is wrong in words a user can act on.
"""

from __future__ import annotations

from pathlib import Path


class TranslitError(Exception):
    """Base class: a problem the user can fix, reported without a traceback."""

    exit_code = 2


class RuleFileError(TranslitError):
    """A rule file that cannot be loaded: says which file, which line, and what is wrong."""

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        self.path = Path(path)
        self.line = line
        self.problem = message
        where = f"{self.path}:{line}" if line else str(self.path)
        super().__init__(f"{where}: {message}")


class UnknownScriptError(TranslitError):
    """No rule set converts from the requested (or detected) script to the target."""


class OptionError(TranslitError, ValueError):
    """A parameter (or command-line option) with a value that is not allowed, such as an unknown apostrophe
    style. Also a `ValueError`, which is what such a mistake raised before."""


class DependencyError(TranslitError):
    """An optional package that a feature needs is not installed: the message names the extra to install."""


class UnknownStyleError(TranslitError):
    """A house style (`style=`, `--style`) that no file in `rules/styles/` defines."""


class InputError(TranslitError):
    """An input that cannot be read: unreadable file, undecodable bytes, a hostile archive member."""

    def __init__(self, path: Path | str | None, message: str) -> None:
        self.path = None if path is None else str(path)
        self.problem = message
        super().__init__(f"{self.path}: {message}" if self.path else message)


class UndecodableError(InputError):
    """Bytes that do not decode in the input's encoding. Exit code 1 on every path, as a bulk run exits
    when a file fails, so that one file or a folder holding it ends the same way."""

    exit_code = 1


class OutputError(TranslitError):
    """An output that cannot be written (full disk, permissions, a path outside the output folder)."""

    def __init__(self, path: Path | str, message: str) -> None:
        self.path = str(path)
        self.problem = message
        super().__init__(f"{self.path}: {message}")


# --- translation (issue 4) ---
class ModelError(TranslitError):
    """A translation model that is missing, incomplete or corrupt: names the model and how to install one."""


class TranslationError(TranslitError):
    """A translation that cannot run: unknown backend, unsupported language, a backend's own failure."""


class NothingToConvertError(TranslitError):
    """`strict`: the input needed no conversion (not Uzbek, too short to judge, no letters, already converted)."""

    exit_code = 1
