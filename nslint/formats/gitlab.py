"""``--format gitlab``: GitLab Code Quality JSON (a ``codequality`` report artifact).

Each finding is an issue with ``description``, ``check_name``, a ``fingerprint`` unique
to the finding (its path and content fingerprint, so it survives lines added above it),
``severity`` and ``location.path`` / ``location.lines.begin``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from nslint.diagnostics import Diagnostic, Severity
from nslint.formats import Style
from nslint.results import FileResult

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.NOTICE: "info"}


def render(results: Sequence[FileResult], style: Style) -> str:
    issues = [_issue(d, style) for result in results for d in result.diagnostics]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def _issue(d: Diagnostic, style: Style) -> dict[str, Any]:
    path = style.repository_path(d.path)
    fingerprint = hashlib.sha256(f"{path}\0{d.fingerprint}".encode()).hexdigest()
    return {
        "type": "issue",
        "description": f"{d.code} {d.message}",
        "check_name": f"{d.code} {d.rule}",
        "fingerprint": fingerprint,
        "severity": SEVERITIES[d.severity],
        "location": {"path": path, "lines": {"begin": d.span.line, "end": d.span.end_line}},
    }
