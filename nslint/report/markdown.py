"""``nslint report --format markdown``: tables that render on GitHub (and in a job
summary, with ``nslint check --summary``)."""

from __future__ import annotations

from nslint.display import markdown as md
from nslint.inventory import Inventory
from nslint.report import problems, row
from nslint.values import counted, noun


def table(headings: list[str], rows: list[list[object]]) -> list[str]:
    lines = ["| " + " | ".join(headings) + " |", "|" + "---|" * len(headings)]
    lines += ["| " + " | ".join(md(cell) for cell in cells) + " |" for cells in rows]
    return lines


def render(inventory: Inventory) -> str:
    files = len(inventory.results)
    out = [
        "# nslint inventory",
        "",
        f"{counted(len(inventory.integrations), 'integration')} in {counted(files, 'file')}.",
        "",
        "## Summary",
        "",
    ]
    methods = inventory.by_method()
    out += table(["Authentication method", "Integrations"], [[m, n] for m, n in methods.items()])
    migrations = inventory.migrations()
    new, existing = migrations["new"], migrations["existing"]
    tba, public = new + existing, inventory.public_clients()
    out += [
        "",
        "### TBA migration",
        "",
        f"- **{tba}** {noun(tba, 'integration still uses', 'integrations still use')} "
        f"Token-based Authentication: **{new}** new {noun(new, 'record')} (a record "
        "without `application_id` cannot be created from "
        f"{inventory.cutoff}) and "
        f"**{existing}** existing {noun(existing, 'one')}.",
        f"- {inventory.countdown()}",
        f"- **{public}** public {noun(public, 'client')}.",
        "",
        f"_{inventory.assumption()}_",  # nslint's own text
        "",
        "### Findings",
        "",
    ]
    severities = inventory.by_severity()
    out.append(", ".join(counted(n, str(s)) for s, n in severities.items()) + ".")
    out.append("")
    by_rule = inventory.by_rule()
    if by_rule:
        out += table(
            ["Rule", "Name", "Severity", "Findings"],
            [[code, rule, str(level), n] for code, rule, level, n in by_rule],
        )
        out.append("")
    if inventory.unread:
        out += ["### Not read as integration specs", ""]
        out += [
            f"- {md(problem.where)}: {problem.severity} {md(problem.text)}"
            for unread in inventory.unread
            for problem in problems(unread)
        ]
        out.append("")
    out += ["## Integrations", ""]
    rows = [row(i) for i in inventory.integrations]
    if rows:
        out += table(list(rows[0]), [list(r.values()) for r in rows])
    else:
        out.append("No integration specs found.")
    return "\n".join(out) + "\n"
