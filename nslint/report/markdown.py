"""``nslint report --format markdown``: tables that render on GitHub (and in a job
summary, with ``nslint check --summary``)."""

from __future__ import annotations

from nslint.display import markdown as md
from nslint.inventory import Inventory
from nslint.report import row


def table(headings: list[str], rows: list[list[object]]) -> list[str]:
    lines = ["| " + " | ".join(headings) + " |", "|" + "---|" * len(headings)]
    lines += ["| " + " | ".join(md(cell) for cell in cells) + " |" for cells in rows]
    return lines


def render(inventory: Inventory) -> str:
    files = len(inventory.results)
    out = [
        "# nslint inventory",
        "",
        f"{len(inventory.integrations)} integrations in {files} "
        f"{'file' if files == 1 else 'files'}.",
        "",
        "## Summary",
        "",
    ]
    methods = inventory.by_method()
    out += table(["Authentication method", "Integrations"], [[m, n] for m, n in methods.items()])
    migrations = inventory.migrations()
    tba = migrations["new"] + migrations["existing"]
    out += [
        "",
        "### TBA migration",
        "",
        f"- **{tba}** integrations still use Token-based Authentication: "
        f"**{migrations['new']}** new records (no `application_id`: they cannot be created "
        f"from 2027.1) and **{migrations['existing']}** existing ones.",
        f"- **{inventory.days_left}** days until the 2027.1 cutoff "
        f"({inventory.cutoff.isoformat()}).",
        f"- **{inventory.public_clients()}** public clients.",
        "",
        f"_{inventory.assumption()}_",  # nslint's own text
        "",
        "### Findings",
        "",
    ]
    severities = inventory.by_severity()
    out.append(", ".join(f"{n} {s}{'' if n == 1 else 's'}" for s, n in severities.items()) + ".")
    out.append("")
    by_rule = inventory.by_rule()
    if by_rule:
        out += table(
            ["Rule", "Name", "Severity", "Findings"],
            [[code, rule, str(level), n] for code, rule, level, n in by_rule],
        )
        out.append("")
    errors = inventory.errors()
    if errors:
        out += ["### Files that could not be read", ""]
        out += [f"- {md(error)}" for error in errors]
        out.append("")
    out += ["## Integrations", ""]
    rows = [row(i) for i in inventory.integrations]
    if rows:
        out += table(list(rows[0]), [list(r.values()) for r in rows])
    else:
        out.append("No integration specs found.")
    return "\n".join(out) + "\n"
