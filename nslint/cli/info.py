"""The commands that describe the configuration and the rules: ``nslint config``,
``rules``, ``explain`` and ``schema``."""

from __future__ import annotations

import functools
import json
import re

import click

from nslint import display
from nslint.cli.common import debug_flag, with_config
from nslint.config import RunConfig
from nslint.run import Session
from nslint.values import close_matches

_RULE_SOURCES = (RunConfig.rule_packs, RunConfig.plugins)
"""The keys that say which rules exist: the flags of ``explain``."""
_RULE_SETTINGS = (
    RunConfig.select,
    RunConfig.extend_select,
    RunConfig.ignore,
    RunConfig.severity,
    RunConfig.rules,
    *_RULE_SOURCES,
)
"""The keys ``rules`` shows the effect of (enabled, severity, options): its flags."""


@click.command()
@debug_flag
def schema() -> None:
    """Print the integration spec's JSON Schema (draft 2020-12)."""
    click.echo(schema_text(), nl=False)


def schema_text() -> str:
    """The integration spec's JSON Schema as ``nslint schema`` prints it (and ``nslint
    init --editor`` copies it)."""
    from nslint.schema import integration_schema

    return json.dumps(integration_schema(), indent=2, ensure_ascii=False) + "\n"


@click.command("config")
@click.option(
    "--format",
    "--output-format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@with_config
def config_command(output_format: str, session: Session) -> None:
    """Print the effective configuration, and where each value came from."""
    from nslint.config import describe

    rows = describe(session.config, for_json=output_format == "json")
    if output_format == "json":
        document = {
            "file": session.config.file,
            "root": session.config.root,
            "settings": {key: {"value": value, "origin": origin} for key, value, origin in rows},
        }
        click.echo(display.json_text(document), nl=False)
        return
    where = session.config.file or "none (defaults and the command line)"
    click.echo(f"# configuration file: {display.escape(where)}")
    for key, value, origin in rows:
        shown = display.escape(json.dumps(value) if not isinstance(value, str) else value)
        click.echo(f"{key + ':':<18} {shown}  # {display.escape(origin)}")


@click.command("rules")
@click.option(
    "--format",
    "--output-format",
    "output_format",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
)
@functools.partial(with_config, keys=_RULE_SETTINGS)
def rules_command(output_format: str, session: Session) -> None:
    """List every rule: code, name, severity, enabled, summary (as configured)."""
    rules = session.rules
    if output_format == "json":
        rows = [
            {
                "code": r.code,
                "name": r.name,
                "severity": str(rules.severities[r.code]),
                "default_severity": str(r.severity),
                "enabled": r.code in rules.enabled,
                "summary": r.summary,
                "options": dict(rules.options[r.code]),
                "origin": r.origin,
                "source": r.source,
            }
            for r in rules.rules.values()
        ]
        click.echo(display.json_text(rows), nl=False)
        return
    if output_format == "markdown":
        from nslint.catalogue import table

        # A rule pack's or a plugin's text is data: escaped like a spec's.
        lines = table(rules.rules.values()).splitlines()
        click.echo("\n".join(display.line_start(line) for line in lines))
        return
    width = max(len(r.name) for r in rules.rules.values())
    click.echo(f"{'code':<6} {'name':<{width}} {'severity':<8} {'enabled':<7} summary")
    for r in rules.rules.values():
        enabled = "yes" if r.code in rules.enabled else "no"
        severity = str(rules.severities[r.code])
        # A rule pack's or a plugin's text is data: escaped like a spec's.
        summary = display.escape(r.summary)
        click.echo(f"{r.code:<6} {r.name:<{width}} {severity:<8} {enabled:<7} {summary}")


@click.command()
@click.argument("code")
@functools.partial(with_config, keys=_RULE_SOURCES)
def explain(code: str, session: Session) -> None:
    """Print the documentation of rule CODE (a code such as NS101, or a rule name)."""
    rules = session.rules.rules
    by_name = {r.name: r for r in rules.values()}
    rule = rules.get(code.upper()) or by_name.get(code.lower())
    if rule is None:
        close = close_matches(code.upper(), list(rules), n=1) or (
            close_matches(code.lower(), list(by_name), n=1)
        )
        raise click.UsageError(f"no rule {code!r}{_hint(code, list(rules), close)}")
    from nslint.catalogue import explain as documentation

    lines = documentation(rule)
    # A rule pack's or a plugin's text is data: each line escaped like a spec's.
    click.echo("\n".join(display.line_start(line) for line in lines).rstrip())


def _hint(code: str, codes: list[str], close: list[str]) -> str:
    """What to try when ``explain`` has no rule ``code``: the codes it starts (a prefix
    selects them, but explain takes one), a close code, or a rule pack to load."""
    prefix = code.upper()
    starting = sorted(c for c in codes if c.startswith(prefix))
    if starting:
        return f"; it is the prefix of {', '.join(starting)}: explain one of them"
    letters = re.match(r"[A-Z]+(?=[0-9A-Z]*$)", prefix)  # a code's letters, or None
    if letters is not None and not any(c.startswith(letters.group()) for c in codes):
        return (
            f"; no rule loaded has a code starting {letters.group()}: a rule pack's rule is "
            "explained with its pack (--rule-pack PATH, or rule-packs in the configuration)"
        )
    return f"; did you mean {close[0]}?" if close else "; `nslint rules` lists them all"
