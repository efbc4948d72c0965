"""``nslint check``: parse the flags, run the check (``nslint.run``), print the results
in the format asked for, and give the exit code."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

from nslint.cli.common import (
    FILE,
    PATHS,
    debug_option,
    echo,
    jobs_option,
    no_cache_option,
    output_option,
    say,
    with_config,
)
from nslint.formats import FORMATS
from nslint.run import Request, Session
from nslint.values import counted

if TYPE_CHECKING:
    from nslint.results import FileResult
    from nslint.ruleset import RuleSet


@click.command()
@click.argument("paths", nargs=-1, type=PATHS)
@click.option(
    "--format",
    "--output-format",
    "output_format",
    type=click.Choice(list(FORMATS)),
    help="How to print findings [default: text; on GitHub Actions, text and annotations].",
)
@output_option("Write the --format output to FILE (the terminal gets text).")
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the text output (auto: when writing to a terminal, or FORCE_COLOR or "
    "CLICOLOR_FORCE is set; never when NO_COLOR is set).",
)
@click.option(
    "--stdin-filename",
    metavar="NAME",
    help="Read a spec from standard input (PATH '-', implied when no PATH is given) and "
    "report it as NAME.",
)
@click.option(
    "--quiet",
    "-q",
    is_flag=True,
    help="Print only the findings: no summary line, no progress bar, no notes on fixes "
    "or baselines (errors and warnings still go to stderr).",
)
@click.option(
    "--show-suppressed",
    is_flag=True,
    help="Also print the findings that # nslint: disable comments suppressed, with reasons.",
)
@click.option(
    "--statistics",
    is_flag=True,
    help="Print how many findings each rule has, instead of the findings.",
)
@click.option(
    "--write-baseline",
    metavar="FILE",
    type=FILE,
    help="Record today's findings in FILE, for --baseline, and exit 0.",
)
@click.option(
    "--force-exclude",
    is_flag=True,
    help="Apply include/exclude to files named on the command line too (for pre-commit).",
)
@click.option(
    "--exit-zero",
    is_flag=True,
    help="Exit 0 even when there are findings (usage and internal errors still exit 2).",
)
@click.option(
    "--summary",
    is_flag=True,
    help="Append the inventory (Markdown) to $GITHUB_STEP_SUMMARY: the CI job's page.",
)
@click.option("--fix", is_flag=True, help="Apply the fixes that cannot change meaning.")
@click.option(
    "--unsafe-fixes",
    is_flag=True,
    help="With --fix or --diff, also apply fixes that change meaning (http:// -> https://).",
)
@click.option("--diff", "show_diff", is_flag=True, help="Print the fixes as a diff; write nothing.")
@jobs_option()
@no_cache_option()
@click.option(
    "--debug",
    is_flag=True,
    callback=debug_option,
    help="Show tracebacks of internal errors.",
)
@functools.partial(with_config, lazy_rules=True, debug=False)
def check(
    paths: tuple[str, ...],
    output_format: str | None,
    output_file: str | None,
    color: str,
    stdin_filename: str | None,
    quiet: bool,
    show_suppressed: bool,
    statistics: bool,
    write_baseline: str | None,
    force_exclude: bool,
    exit_zero: bool,
    summary: bool,
    fix: bool,
    unsafe_fixes: bool,
    show_diff: bool,
    jobs: int,
    no_cache: bool,
    debug: bool,
    session: Session,
) -> int:
    """Check integration specs: files, directories (*.yaml, *.yml), or - for stdin.

    With no PATH, the current directory is checked (standard input with
    --stdin-filename).
    """
    from nslint import run
    from nslint.errors import UsageError
    from nslint.formats import MACHINE_FORMATS, Style, renderer, repository_root

    stdout_format = "text" if output_file else (output_format or "text")
    if statistics and stdout_format not in ("text", "concise"):
        raise UsageError("--statistics prints text: use it with --output FILE for other formats")
    # Fingerprints are for reports and baselines: a hook's text output does without.
    fingerprints = bool(output_file or write_baseline or session.config.baseline) or (
        stdout_format not in ("text", "concise")
    )
    request = Request(
        paths,
        stdin_filename,
        force_exclude,
        fix,
        unsafe_fixes,
        show_diff,
        write_baseline,
        exit_zero,
        jobs,
        not no_cache,
        debug,
        fingerprints,
        quiet=quiet or stdout_format in MACHINE_FORMATS or bool(write_baseline),
    )
    tell = _problems_only if quiet else say
    outcome = run.check(session, request, tell, _progress if _interactive() else None)
    fail_on = session.config.fail_on
    if outcome.final is not None:
        if show_diff:
            echo(outcome.diff)
        return outcome.exit_code(fail_on, exit_zero)
    results = outcome.results
    use_color = _use_color(color)
    # The exit code as it stands before any output (for SARIF's invocation).
    exit_code = outcome.exit_code(fail_on, exit_zero)
    style = Style(
        use_color,
        show_suppressed,
        fail_on,
        repository_root(),
        lambda: session.rules,
        quiet,
        exit_code,
    )
    if output_file:
        from nslint.writing import write_output

        plain = style.replace(color=False)
        rendered = renderer(output_format or "text")(results, plain)
        write_output(output_file, rendered, [*session.inputs(), *(r.path for r in results)])
    if statistics:
        echo(_statistics(results, session.rules))
    else:
        echo(renderer(stdout_format)(results, style), color=use_color)
    unwritten = None
    if summary:
        from nslint.run_report import job_summary

        unwritten = job_summary(outcome.targets, session, tell, request.jobs, request.cache)
    if stdout_format == "text" and (output_format is None or output_file) and _on_github():
        echo(renderer("github")(results, style))
    return outcome.exit_code(fail_on, exit_zero, more_problems=bool(unwritten))


def _problems_only(text: str) -> None:
    """``--quiet``: say errors and warnings, not notes."""
    if text.startswith(("nslint: error:", "nslint: warning:")):
        say(text)


@contextmanager
def _progress(length: int) -> Iterator[Callable[[], None]]:
    """A progress bar on standard error."""
    with click.progressbar(length=length, label="Checking", file=sys.stderr) as bar:
        yield lambda: bar.update(1)


def _on_github() -> bool:
    """Running in GitHub Actions: the terminal's text gets annotations too."""
    return os.environ.get("GITHUB_ACTIONS") == "true"


def _interactive() -> bool:
    """Whether a person watches stderr (a progress bar is worth drawing): not when it is
    closed (``2>&-``: Python's ``sys.stderr`` is then None)."""
    return sys.stderr is not None and sys.stderr.isatty()


def _statistics(results: list[FileResult], rules: RuleSet) -> str:
    from nslint.formats.text import unreadable

    if not results:
        return ""  # said on stderr
    counts: dict[str, int] = {}
    for result in results:
        for d in result.diagnostics:
            counts[d.code] = counts.get(d.code, 0) + 1
    if not counts:
        return f"No problems found{unreadable(results)}.\n"
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    width = len(str(rows[0][1]))
    lines = [
        f"{count:>{width}}  {code:<6} {rules.rules[code].name} ({rules.severities[code]})"
        for code, count in rows
    ]
    total = sum(counts.values())
    lines.append(f"Found {counted(total, 'problem')} in all{unreadable(results)}.")
    return "\n".join(lines) + "\n"


def _use_color(choice: str) -> bool:
    """``--color``: always, never, or (auto) when standard output is a terminal. In auto,
    ``NO_COLOR`` (set and not empty) turns colour off, and then ``FORCE_COLOR`` (set and
    not empty) or ``CLICOLOR_FORCE`` (set and not ``0``) turns it on elsewhere too
    (no-color.org, force-color.org, bixense.com/clicolors; NO_COLOR wins, as in ruff)."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR") or os.environ.get("CLICOLOR_FORCE", "0") not in ("", "0"):
        return True
    if sys.stdout is None:
        return False
    return sys.stdout.isatty()
