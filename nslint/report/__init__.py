"""Inventory reports (``nslint report``): one module per format, all with the same
``render(inventory) -> str`` signature, imported only when used."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import NamedTuple

from nslint.inventory import Integration, Inventory, Unread

REPORT_FORMATS = ("markdown", "html", "csv", "json")

Renderer = Callable[[Inventory], str]


def renderer(name: str) -> Renderer:
    """The ``render`` function of report format ``name``."""
    if name not in REPORT_FORMATS:
        raise ValueError(f"unknown report format {name!r}")
    render: Renderer = importlib.import_module(f"nslint.report.{name}").render
    return render


def accounts_text(integration: Integration) -> str:
    """``1234567: enabled, 1234567_SB1: blocked``."""
    return ", ".join(f"{account}: {state}" for account, state in integration.accounts)


def row(integration: Integration) -> dict[str, str | int]:
    """The columns every tabular format shows, by heading."""
    from nslint.diagnostics import Severity

    i = integration
    return {
        "Name": i.name,
        "File": i.where,
        "State": i.state,
        "Accounts": accounts_text(i),
        "Authentication": ", ".join(i.methods) or "none",
        "Client": i.client,
        "Scopes": ", ".join(i.scopes),
        "Refresh token (h)": str(i.refresh),
        "Token rotation (h)": str(i.rotation),
        "Redirect URIs": i.redirect_uris,
        "TBA migration": i.tba_migration,
        "Errors": i.findings(Severity.ERROR),
        "Warnings": i.findings(Severity.WARNING),
        "Notices": i.findings(Severity.NOTICE),
    }


class Problem(NamedTuple):
    """One reason a file (or a document in it) is not read as an integration."""

    where: str
    """``path:line:column`` of a finding, or the path of a file that could not be read."""
    severity: str
    """The finding's severity, or ``error``."""
    text: str
    """``NS001 yaml-syntax: the message``, or why the file could not be read."""
    finding: bool


def problems(unread: Unread) -> list[Problem]:
    """Why ``unread`` is not read as an integration, one line each, in the words every
    format shows."""
    out = [Problem(unread.path, "error", unread.error, False)] if unread.error else []
    out += [
        Problem(
            f"{d.path}:{d.span.line}:{d.span.column}",
            str(d.severity),
            f"{d.code} {d.rule}: {d.message}",
            True,
        )
        for d in unread.diagnostics
    ]
    return out
