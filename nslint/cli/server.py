"""``nslint server``: the language server editors start (the work is in ``nslint.server``)."""

from __future__ import annotations

import click

from nslint.errors import UsageError


@click.command("server")
@click.option(
    "--stdio",
    is_flag=True,
    help="Talk to the editor over standard input and output (the default, and the only transport).",
)
@click.option("--debug", is_flag=True, help="Log pygls's messages and tracebacks to stderr.")
def server_command(stdio: bool, debug: bool) -> None:
    """Run the language server (LSP) that editors start, for diagnostics as you type.

    It speaks JSON-RPC over standard input and output: the editor starts `nslint server`
    and talks to it through its stdin and stdout (logs go to stderr). Each file is
    checked with the configuration `nslint check` would find for it. Needs the server
    extra (pip install '.[server]' in a checkout). Set-up for Neovim, VS Code, Helix
    and Zed, and other ways to install: docs/editors.md.
    """
    from nslint.server import serve

    try:
        serve(debug)
    except ImportError as error:
        raise UsageError(str(error)) from None
