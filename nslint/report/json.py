"""``nslint report --format json``: the summary and every integration, for dashboards."""

from __future__ import annotations

from typing import Any

from nslint import display
from nslint.inventory import Integration, Inventory


def render(inventory: Inventory) -> str:
    migrations = inventory.migrations()
    document = {
        "summary": {
            "integrations": len(inventory.integrations),
            "files": len(inventory.results),
            "by_method": inventory.by_method(),
            "tba_migration": {**migrations, "days_left": inventory.days_left},
            "cutoff": inventory.cutoff.isoformat(),
            "reference": inventory.reference.isoformat(),
            "assumption": inventory.assumption(),
            "public_clients": inventory.public_clients(),
            "findings_by_severity": {str(s): n for s, n in inventory.by_severity().items()},
            "findings_by_rule": [
                {"code": code, "rule": rule, "severity": str(level), "count": n}
                for code, rule, level, n in inventory.by_rule()
            ],
            "unreadable": inventory.errors(),
        },
        "integrations": [_integration(i) for i in inventory.integrations],
    }
    return display.json_text(document)


def _integration(i: Integration) -> dict[str, Any]:
    return {
        "name": i.name,
        "path": i.path,
        "line": i.line,
        "state": i.state,
        "accounts": [{"account": a, "state": s} for a, s in i.accounts],
        "methods": list(i.methods),
        "client": i.client or None,
        "scopes": list(i.scopes),
        "refresh_token_validity_hours": {"hours": i.refresh.hours, "default": i.refresh.default},
        "max_token_rotation_hours": {"hours": i.rotation.hours, "default": i.rotation.default},
        "redirect_uris": i.redirect_uris,
        "tba_migration": i.tba_migration or None,
        "findings": [d.to_json() for d in i.diagnostics],
    }
