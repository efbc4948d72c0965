"""Inventory reports (``nslint report``): one module per format, all with the same
``render(inventory) -> str`` signature, imported only when used."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from nslint.inventory import Integration, Inventory

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
