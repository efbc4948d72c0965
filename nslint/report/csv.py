"""``nslint report --format csv``: one row per integration, for a spreadsheet."""

from __future__ import annotations

import csv
import io

from nslint.inventory import Inventory
from nslint.report import row


def render(inventory: Inventory) -> str:
    buffer = io.StringIO()
    rows = [row(i) for i in inventory.integrations]
    headings = list(rows[0]) if rows else list(_headings())
    writer = csv.DictWriter(buffer, fieldnames=headings, lineterminator="\n")
    writer.writeheader()
    for cells in rows:
        # A cell a spreadsheet would run as a formula gets a leading quote.
        writer.writerow({k: _safe(v) for k, v in cells.items()})
    return buffer.getvalue()


def _safe(value: str | int) -> str | int:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _headings() -> list[str]:
    from nslint.inventory import Hours, Integration

    empty = Integration(
        "", 0, "", "", (), (), "", (), Hours(None, False), Hours(None, False), 0, ""
    )
    return list(row(empty))
