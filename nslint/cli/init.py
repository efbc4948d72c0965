"""``nslint init``: set a repository up (the work is in ``nslint.init``)."""

from __future__ import annotations

import click

from nslint import display, keys
from nslint.cli.common import DIRECTORY, debug_flag
from nslint.cli.info import schema_text
from nslint.release import Release


def _release(ctx: click.Context, param: click.Parameter, value: str | None) -> Release | None:
    if value is None:
        return None
    try:
        return keys.RELEASE.from_flag(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


@click.command("init")
@click.argument("directory", default=".", type=DIRECTORY)
@click.option(
    "--release",
    "release",
    metavar="YYYY.N",
    callback=_release,
    help="The NetSuite release the specs target (default: the one current today).",
)
@click.option(
    "--editor",
    type=click.Choice(["vscode"]),
    help="Also map the specs to the schema for the YAML language server "
    "(.vscode/settings.json yaml.schemas).",
)
@debug_flag
def init_command(directory: str, release: Release | None, editor: str | None) -> None:
    """Find the integration specs in DIRECTORY (default: here), write a commented
    .nslint.yaml, and print the pre-commit and GitHub Actions configuration."""
    from nslint import init, init_editor

    init.preflight(directory)
    found = init.survey(directory)
    files = None
    if editor:
        files = init_editor.vscode_files(directory, found.editor_globs(), schema_text())
    text = init.config_text(found, release or Release.today())
    written = init.write(directory, text, files)
    shown = init.summary(found, written) + "\n" + init.snippets(found)
    click.echo("\n".join(display.escape(line) for line in shown.split("\n")), nl=False)
    if not found.specs:
        click.echo(
            "nslint: warning: no integration spec found, so the configuration checks every "
            "YAML file; set `include` to where the specs will be",
            err=True,
        )
