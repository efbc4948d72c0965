"""``nslint report``: the inventory of every integration, in a format for people or
spreadsheets (``nslint.inventory``, ``nslint.report``)."""

from __future__ import annotations

import functools

import click

from nslint import display
from nslint.cli.common import (
    PATHS,
    echo,
    jobs_option,
    no_cache_option,
    output_option,
    say,
    with_config,
)
from nslint.config import KEYS, RunConfig
from nslint.errors import EXIT_ERROR, EXIT_OK
from nslint.run import Session
from nslint.run_report import inventory

_REPORT_KEYS = tuple(key for key in KEYS if key not in (RunConfig.fail_on, RunConfig.baseline))
"""The keys that mean something for a report: every one but the check's exit threshold
and its baseline (a report lists every finding and exits 0 whatever they are)."""


@click.command("report")
@click.argument("paths", nargs=-1, type=PATHS)
@click.option(
    "--format",
    "--output-format",
    "output_format",
    type=click.Choice(["markdown", "html", "csv", "json"]),
    default="markdown",
    show_default=True,
    help="The report's format.",
)
@output_option("Write the report to FILE instead of standard output.")
@jobs_option()
@no_cache_option()
@functools.partial(with_config, keys=_REPORT_KEYS)
def report_command(
    paths: tuple[str, ...],
    output_format: str,
    output_file: str | None,
    jobs: int,
    no_cache: bool,
    session: Session,
) -> int:
    """Inventory of every integration: authentication, TBA migration, tokens, findings.

    With no PATH, the current directory is read. Exits 2 if a file could not be read.
    """
    targets = list(paths) or ["."]
    text, errors, found = inventory(targets, session, output_format, say, jobs, not no_cache)
    if output_file:
        from nslint.writing import write_output

        write_output(output_file, text, [*session.inputs(), *found])
    else:
        echo(text)
    for error in errors:
        say(f"nslint: error: {display.escape(error)}")
    return EXIT_ERROR if errors else EXIT_OK
