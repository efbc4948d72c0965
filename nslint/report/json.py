"""``nslint report --format json``: the summary and every integration, for dashboards."""

from __future__ import annotations

from typing import Any

from nslint import display
from nslint.inventory import Hours, Integration, Inventory


def render(inventory: Inventory) -> str:
    migrations = inventory.migrations()
    document = {
        "summary": {
            "integrations": len(inventory.integrations),
            "files": len(inventory.results),
            "by_method": inventory.by_method(),
            "tba_migration": {**migrations, "releases_left": inventory.releases_left},
            "cutoff": str(inventory.cutoff),
            "today": inventory.today.isoformat(),
            "current_release": str(inventory.current),
            "countdown": inventory.countdown(),
            "assumption": inventory.assumption(),
            "public_clients": inventory.public_clients(),
            "findings_by_severity": {str(s): n for s, n in inventory.by_severity().items()},
            "findings_by_rule": [
                {"code": code, "rule": rule, "severity": str(level), "count": n}
                for code, rule, level, n in inventory.by_rule()
            ],
            "unreadable": [
                {
                    "path": u.path,
                    "error": u.error,
                    "findings": [d.to_json() for d in u.diagnostics],
                }
                for u in inventory.unread
            ],
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
        "refresh_token_validity_hours": _hours(i.refresh),
        "max_token_rotation_hours": _hours(i.rotation),
        "redirect_uris": i.redirect_uris,
        "tba_migration": i.tba_migration or None,
        "findings": [d.to_json() for d in i.diagnostics],
    }


def _hours(hours: Hours) -> dict[str, Any]:
    """The value as the spec has it (``"48"`` stays a string), or NetSuite's default."""
    return {"hours": hours.value, "default": hours.default, "shown": hours.shown}
