"""``nslint report --format csv``: one row per integration, for a spreadsheet; then one
row per reason a file (or a document) was not read as an integration, named
``(not read)``, with its place and the finding in the last column, ``Problem``."""

from __future__ import annotations

import csv
import io

from nslint import display
from nslint.inventory import Inventory
from nslint.report import problems, row

PROBLEM = "Problem"
COUNTS = {"error": "Errors", "warning": "Warnings", "notice": "Notices"}


def render(inventory: Inventory) -> str:
    buffer = io.StringIO()
    rows: list[dict[str, str | int]] = [{**row(i), PROBLEM: ""} for i in inventory.integrations]
    headings = [*_headings(), PROBLEM]
    for unread in inventory.unread:
        for problem in problems(unread):
            cells: dict[str, str | int] = dict.fromkeys(headings, "")
            cells.update(dict.fromkeys((*COUNTS.values(), "Redirect URIs"), 0))
            cells.update({"Name": "(not read)", "File": problem.where})
            cells[PROBLEM] = f"{problem.severity} {problem.text}"
            if problem.finding:
                cells[COUNTS[problem.severity]] = 1
            rows.append(cells)
    # Every text cell quoted: a spreadsheet that splits on `;` (as many locales' do)
    # would otherwise read `x;=cmd` as two cells, the second a formula.
    writer = csv.DictWriter(
        buffer, fieldnames=headings, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC
    )
    writer.writeheader()
    for cells in rows:
        writer.writerow({k: _safe(v, first=k == headings[0]) for k, v in cells.items()})
    return buffer.getvalue()


def _safe(value: str | int, first: bool) -> str | int:
    """A cell as written: control characters escaped (a row is one line), the first
    cell never starting a line with ``::`` (a workflow command when the report is
    printed in a CI log), and a cell a spreadsheet would run as a formula with a leading
    quote."""
    if not isinstance(value, str):
        return value
    value = display.line_start(value) if first else display.escape(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def _headings() -> list[str]:
    from nslint.inventory import NO_HOURS, Integration

    empty = Integration("", 0, "", "", (), (), "", (), NO_HOURS, NO_HOURS, 0, "")
    return list(row(empty))
