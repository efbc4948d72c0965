"""What every rule carries: a stable code, a name, a default severity and its docs."""

from __future__ import annotations

from dataclasses import dataclass

from nslint.diagnostics import Severity


@dataclass(frozen=True)
class Rule:
    """A rule's metadata, shown by ``nslint rules`` and ``nslint explain``.

    ``doc`` is Markdown with the sections *What it does*, *Why is this bad?*,
    *Example* and *Source*.
    """

    code: str
    name: str
    severity: Severity
    summary: str
    doc: str
