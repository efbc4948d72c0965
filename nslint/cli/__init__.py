"""The command line: ``nslint check``, ``report``, ``config``, ``rules``, ``explain``,
``schema``, one module per command group (``check``, ``report``, ``info``), each thin:
parse the flags, call the work (``nslint.run`` for a check), print. The process exits
in one place, ``_Command.invoke``, with the code the command returned.

A command's module is imported when the command is run or listed (click's documented
lazy-loading group): ``nslint check`` does not import, nor build the options of, the
other commands; ``--help`` loads them all for their one-line help.

Exit codes (``nslint.errors``): 0 no finding at or above the fail threshold, 1 findings,
2 usage error, unreadable path or internal error, 130 interrupted.
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import os
import sys
from typing import Any

import click

from nslint import __version__, display
from nslint.cli.common import DEBUG
from nslint.errors import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_INTERRUPTED,
    EXIT_OK,
    UsageError,
    one_line,
)

_COMMANDS = {
    "check": ("nslint.cli.check", "check"),
    "config": ("nslint.cli.info", "config_command"),
    "explain": ("nslint.cli.info", "explain"),
    "init": ("nslint.cli.init", "init_command"),
    "report": ("nslint.cli.report", "report_command"),
    "rules": ("nslint.cli.info", "rules_command"),
    "schema": ("nslint.cli.info", "schema"),
    "server": ("nslint.cli.server", "server_command"),
}
"""Each command's name: the module that defines it and the command's name there."""


class _Command(click.Group):
    """The ``nslint`` group: every way a run can end becomes an exit code and a message,
    here and nowhere else.

    A command returns its exit code (None is 0). A ``UsageError`` (a configuration, rule
    pack, flag value or output file that cannot be used) prints its lines and exits 2.
    click's own exceptions keep their behaviour (a usage error exits 2, ``Abort`` 1). On
    top of them: Ctrl-C exits 130 with one line; a closed standard output (``| head``)
    ends the run quietly, as Python's documented recipe does (exit 1: the output was
    not delivered); any other error writing the output (a full disk) and any unexpected
    exception print one line and exit 2, with the traceback only under ``--debug``.

    Its commands are named in ``_COMMANDS`` and imported when first asked for.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*_COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in _COMMANDS:
            module, attribute = _COMMANDS[cmd_name]
            command: click.Command = getattr(importlib.import_module(module), attribute)
            self.add_command(command, cmd_name)
        return self.commands.get(cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            code = super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except UsageError as error:
            for line in str(error).splitlines():
                click.echo(f"nslint: error: {display.escape(line)}", err=True)
            code = EXIT_ERROR
        except KeyboardInterrupt:
            _stderr("nslint: interrupted")
            code = EXIT_INTERRUPTED
        except OSError as error:
            code = _output_error(error, ctx)
        except Exception as error:
            code = _internal_error(error, ctx)
        sys.exit(code or EXIT_OK)


def _output_error(error: OSError, ctx: click.Context) -> int:
    """The exit code of an error writing the output (after its message)."""
    if error.errno == errno.EPIPE:
        _silence_stdout()
        return EXIT_FINDINGS
    if error.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG, errno.EBADF):
        return _internal_error(error, ctx)
    _silence_stdout()
    reason = error.strerror or str(error)
    _stderr(f"nslint: error: cannot write the output: {reason}")
    return EXIT_ERROR


def _internal_error(error: BaseException, ctx: click.Context) -> int:
    """One line about an unexpected exception (the traceback with --debug): exit 2."""
    hint = " (run with --debug for the traceback)"
    if ctx.meta.get(DEBUG):
        import traceback

        _stderr("".join(traceback.format_exception(error)).rstrip("\n"))
        hint = ""
    _stderr(f"nslint: internal error: {display.escape(one_line(error))}{hint}")
    return EXIT_ERROR


def _stderr(text: str) -> None:
    """Write a line to stderr; a stderr that cannot be written to is not an error more."""
    with contextlib.suppress(OSError, ValueError):
        click.echo(text, err=True)


def _silence_stdout() -> None:
    """After standard output failed (a closed pipe, a full disk), send what is left in
    its buffer, and anything written later, to the null device: Python's flush at exit
    would fail again and print its own traceback."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a file (tests capture it)
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115  # lives until the process ends
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


@click.group(cls=_Command, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="nslint")
def main() -> None:
    """Lint NetSuite integration specs (YAML) against their schema and policy rules."""
