"""What every command shares: the configuration options (derived from the keys'
declarations, ``nslint.config``), ``--debug``, and printing."""

from __future__ import annotations

import errno
import functools
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from nslint.config import KEYS
from nslint.errors import UsageError
from nslint.keys import Key
from nslint.run import configure

DEBUG = "nslint.debug"
"""The key of ``ctx.meta`` (shared by every nested context) that ``--debug`` sets."""

PATHS, FILE, DIRECTORY = click.Path(), click.Path(dir_okay=False), click.Path(file_okay=False)
"""click's path types, made once and shared by every parameter that takes a path: each
one made looks up its translated name (gettext searches the locale directories), and
a check's options would otherwise make seven."""


class ByteSize(click.ParamType):  # type: ignore[type-arg]
    """A size such as ``20971520``, ``512KiB`` or ``20MB`` (powers of 1024)."""

    name = "size"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> int:
        from nslint.source import parse_size

        try:
            return parse_size(value if isinstance(value, int) else str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)


def say(text: str) -> None:
    """A line for people, on standard error."""
    click.echo(text, err=True)


_PIECE = 65536


def echo(text: str, color: bool | None = None) -> None:
    """Print a command's output in pieces of whole lines of about 64 KiB. Python takes
    a single write that a closing pipe cuts short as complete (the rest is silently
    lost, exit 0); in pieces, the next one meets the closed pipe (EPIPE: exit 1)."""
    if sys.stdout is None:  # started with standard output closed
        raise OSError(errno.EBADF, "standard output is closed")
    start = 0
    while start < len(text):
        end = text.find("\n", start + _PIECE)
        end = len(text) if end < 0 else end + 1
        click.echo(text[start:end], nl=False, color=color)
        start = end


def debug_option(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.meta[DEBUG] = True
    return value


debug_flag = click.option(
    "--debug",
    is_flag=True,
    expose_value=False,
    callback=debug_option,
    help="Show tracebacks of internal errors.",
)
"""``--debug`` for a command that does not take it as a parameter (``check`` does)."""

_F = TypeVar("_F", bound=Callable[..., Any])


def output_option(help: str) -> Callable[[_F], _F]:
    """``--output``/``-o FILE``: where a command writes what it would print."""
    return click.option("--output", "-o", "output_file", type=FILE, help=help)


def jobs_option() -> Callable[[_F], _F]:
    """``--jobs``/``-j N``: how many processes check files."""
    return click.option(
        "--jobs",
        "-j",
        type=click.IntRange(min=0),
        default=0,
        show_default=True,
        help="Processes to check files with (0: one per core).",
    )


def no_cache_option() -> Callable[[_F], _F]:
    """``--no-cache``: neither read nor write the cache."""
    return click.option(
        "--no-cache",
        is_flag=True,
        help="Check every file again, without reading or writing .nslint_cache/.",
    )


def _key_option(key: Key[Any]) -> Callable[[_F], _F]:
    """The command-line option of a configuration key, from its declaration."""
    kind = key.kind

    def convert(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value is None or value == ():
            return None
        try:
            return kind.from_flag(value)
        except ValueError as error:
            raise click.BadParameter(str(error)) from None

    value_type: click.ParamType | None = None  # type: ignore[type-arg]
    if kind.click == "size":
        value_type = ByteSize()
    elif kind.click == "choice":
        value_type = click.Choice(list(kind.choices))
    elif kind.click in ("file", "files", "dir"):
        value_type = DIRECTORY if kind.click == "dir" else FILE
    if kind.click == "switch":
        return click.option(
            f"{key.flag}/--no-{key.flag[2:]}",
            key.param,
            default=None,
            callback=convert,
            help=key.help,
        )
    return click.option(
        key.flag,
        key.param,
        multiple=kind.click in ("list", "files"),
        type=value_type,
        metavar=kind.metavar,
        callback=convert,
        help=key.help,
    )


_FILE_OPTIONS = (
    click.option(
        "--config",
        "config_file",
        type=FILE,
        help="Use this configuration file (.nslint.yaml or pyproject.toml) instead of the "
        "nearest one.",
    ),
    click.option("--isolated", is_flag=True, help="Ignore every configuration file."),
)
_KEY_OPTIONS = {key.name: _key_option(key) for key in KEYS}


def with_config(
    command: Callable[..., int | None],
    lazy_rules: bool = False,
    debug: bool = True,
    keys: tuple[Key[Any], ...] = KEYS,
) -> Callable[..., int | None]:
    """Give a command the configuration options: ``--config``, ``--isolated`` and the
    flags of ``keys`` (those that mean something for it; the configuration file is read
    and checked whole all the same). It receives ``session`` instead of them. The rule
    set is loaded (and checked against the configuration) before the command runs,
    unless ``lazy_rules``: then the command loads it when it needs it. With ``debug``, it
    gets a ``--debug`` option too (``check`` has its own). A command that returns no
    exit code ends with the plugins that failed to load, if any."""
    taken = [key for key in KEYS if key in keys]  # in the order of the declarations

    @functools.wraps(command)
    def wrapper(config_file: str | None, isolated: bool, **kwargs: Any) -> int | None:
        overrides = {key.name: kwargs.pop(key.param) for key in taken}
        session = configure(os.getcwd(), config_file, isolated, overrides)
        if not lazy_rules:
            session.rules  # noqa: B018  # a broken configuration fails before any output
        code = command(session=session, **kwargs)
        if code is None and session.problems:
            raise UsageError("\n".join(session.problems))
        return code

    decorated: Callable[..., int | None] = wrapper
    for option in reversed((*_FILE_OPTIONS, *(_KEY_OPTIONS[key.name] for key in taken))):
        decorated = option(decorated)
    return debug_flag(decorated) if debug else decorated
