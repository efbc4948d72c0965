"""The command line: ``nslint check``, ``nslint schema``.

Exit codes: 0 no finding at or above the fail threshold, 1 findings, 2 usage error,
unreadable path or internal error.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import os
import re
import sys

import click

from nslint import __version__
from nslint.diagnostics import Severity
from nslint.release import Release

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

_SIZE = re.compile(r"(\d+)\s*([kmg]i?b?|b)?", re.IGNORECASE)
_SIZE_UNITS = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


class ByteSize(click.ParamType):  # type: ignore[type-arg]
    """A size such as ``20971520``, ``512KiB`` or ``20MB`` (powers of 1024)."""

    name = "size"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> int:
        if isinstance(value, int):
            return value
        match = _SIZE.fullmatch(str(value).strip())
        if not match:
            self.fail(f"{value!r} is not a size (for example 10MiB or 1048576)", param, ctx)
        unit = (match.group(2) or "").lower()[:1]
        return int(match.group(1)) * _SIZE_UNITS[unit]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="nslint")
def main() -> None:
    """Lint NetSuite integration specs (YAML) against their schema and policy rules."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "concise", "json"]),
    default="text",
    show_default=True,
    help="How to print findings.",
)
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the text output (auto: when writing to a terminal and NO_COLOR is unset).",
)
@click.option(
    "--stdin-filename",
    metavar="NAME",
    help="The path to report for a spec read from standard input (PATH '-').",
)
@click.option(
    "--max-file-size",
    type=ByteSize(),
    default="10MiB",
    show_default=True,
    help="Files larger than this are reported (NS008) and not parsed.",
)
@click.option(
    "--release",
    metavar="YYYY.N",
    callback=lambda ctx, param, value: _release(value),
    help="The NetSuite release the specs target (default: the one current today).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def check(
    paths: tuple[str, ...],
    output_format: str,
    color: str,
    stdin_filename: str | None,
    max_file_size: int,
    release: Release | None,
    debug: bool,
) -> None:
    """Check integration specs: files, directories (*.yaml, *.yml), or - for stdin.

    With no PATH, the current directory is checked.
    """
    from nslint.engine import FileResult, Settings, check_file, check_paths
    from nslint.formats import Style, renderer

    settings = Settings(max_file_size=max_file_size, debug=debug)
    if release is not None:
        settings = dataclasses.replace(settings, release=release)
    targets = list(paths) or ["."]
    results: list[FileResult] = []
    for target in targets:
        if target == "-":
            results.append(check_file("-", settings, stdin_filename or "<stdin>"))
        else:
            results.extend(check_paths([target], settings))
    failed = False
    for result in results:
        if result.error is not None:
            failed = True
            click.echo(f"nslint: error: {result.error}", err=True)
    use_color = _use_color(color)
    output = renderer(output_format)(results, Style(color=use_color))
    click.echo(output, nl=False, color=use_color)
    if failed:
        sys.exit(EXIT_ERROR)
    worst = max((d.severity for r in results for d in r.diagnostics), default=None)
    sys.exit(EXIT_FINDINGS if worst is not None and worst >= Severity.ERROR else EXIT_OK)


def _release(value: str | None) -> Release | None:
    if value is None:
        return None
    try:
        return Release.parse(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def _use_color(choice: str) -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


@main.command()
def schema() -> None:
    """Print the integration spec's JSON Schema (draft 2020-12)."""
    from nslint.schema import integration_schema

    click.echo(json.dumps(integration_schema(), indent=2, ensure_ascii=False))


@main.command("rules")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
def rules_command(output_format: str) -> None:
    """List every rule: code, name, default severity, enabled, summary."""
    from nslint.registry import all_rules

    rules = list(all_rules().values())
    if output_format == "json":
        rows = [
            {
                "code": r.code,
                "name": r.name,
                "severity": str(r.severity),
                "enabled": True,
                "summary": r.summary,
                "options": dict(r.options),
                "origin": r.origin,
            }
            for r in rules
        ]
        click.echo(json.dumps(rows, indent=2))
        return
    name_width = max(len(r.name) for r in rules)
    click.echo(f"{'code':<6} {'name':<{name_width}} {'severity':<8} {'enabled':<7} summary")
    for r in rules:
        click.echo(f"{r.code:<6} {r.name:<{name_width}} {r.severity!s:<8} {'yes':<7} {r.summary}")


@main.command()
@click.argument("code")
def explain(code: str) -> None:
    """Print the documentation of rule CODE (a code such as NS101, or a rule name)."""
    from nslint.registry import all_rules

    rules = all_rules()
    by_name = {r.name: r for r in rules.values()}
    rule = rules.get(code.upper()) or by_name.get(code.lower())
    if rule is None:
        close = difflib.get_close_matches(code.upper(), list(rules), n=1) or (
            difflib.get_close_matches(code.lower(), list(by_name), n=1)
        )
        hint = f"; did you mean {close[0]}?" if close else "; `nslint rules` lists them all"
        raise click.UsageError(f"no rule {code!r}{hint}")
    lines = [f"# {rule.code} {rule.name}", "", f"Default severity: {rule.severity}"]
    if rule.options:
        options = ", ".join(f"{key} (default {value})" for key, value in rule.options.items())
        lines.append(f"Options: {options}")
    lines += ["", rule.summary, "", rule.doc.strip()]
    click.echo("\n".join(lines))
