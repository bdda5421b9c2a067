"""The command line builds a command only when it is asked for, and is otherwise the same command line.

typer turned all nine commands into click commands before running one (24 ms of every call); `_Group` builds the
one a run names. What must not change: the commands listed by `--help` and their order, each command's own help
and options, the suggestion for a misspelt command, and the exit codes.
"""

from __future__ import annotations

import typer.main
from typer.testing import CliRunner

from translit.cli.app import _Group, app, commands

NAMES = ["convert", "explain", "rules", "eval", "detect", "translate", "translate-doc", "merge", "eval-translation"]


def test_every_command_is_registered_with_its_name_in_order() -> None:
    assert [info.name for info in commands.registered_commands] == NAMES
    assert not app.registered_commands  # on `app` typer would build each one before every run


def test_a_command_is_built_when_asked_for_and_kept() -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, _Group)
    assert not set(NAMES) & set(group.commands)  # nothing built yet: only the two groups (models, cache)
    ctx = group.make_context("translit", ["convert", "x", "--to", "uz-Latn"], resilient_parsing=True)
    convert = group.get_command(ctx, "convert")
    assert convert is not None and convert.name == "convert"
    assert set(group.commands) & set(NAMES) == {"convert"}
    assert group.get_command(ctx, "convert") is convert
    assert group.get_command(ctx, "no-such-command") is None
    assert group.list_commands(ctx) == [*NAMES, "models", "cache"]


def test_help_lists_every_command() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    for name in [*NAMES, "models", "cache"]:
        assert name in result.output


def test_a_command_s_own_help_and_a_run() -> None:
    runner = CliRunner()
    helped = runner.invoke(app, ["convert", "--help"])
    assert helped.exit_code == 0 and "--to" in helped.output and "--jobs" in helped.output
    ran = runner.invoke(app, ["convert", "-", "--to", "uz-Latn"], input="Салом дунё\n")
    assert ran.exit_code == 0 and ran.output == "Salom dunyo\n"


def test_a_misspelt_command_is_still_suggested() -> None:
    result = CliRunner().invoke(app, ["conver", "x"])
    assert result.exit_code == 2
    assert "Did you mean 'convert'?" in result.output
