"""``--format gitlab``: GitLab Code Quality JSON (a ``codequality`` report artifact).

Each finding is an issue with ``description``, ``check_name``, a ``fingerprint`` unique
to the finding (its path and content fingerprint, so it survives lines added above it),
``severity`` and ``location.path`` / ``location.lines.begin``.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from typing import Any

from nslint import display
from nslint.diagnostics import Diagnostic, Severity
from nslint.formats import Style
from nslint.results import FileResult

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.NOTICE: "info"}


def render(results: Sequence[FileResult], style: Style) -> str:
    issues = [_issue(d, style) for result in results for d in result.diagnostics]
    return display.json_text(issues)


def _issue(d: Diagnostic, style: Style) -> dict[str, Any]:
    path = style.repository_path(d.path)
    # The name's own bytes, even where it is not UTF-8 (surrogate escapes).
    fingerprint = hashlib.sha256(os.fsencode(f"{path}\0{d.fingerprint}")).hexdigest()
    return {
        "type": "issue",
        "description": f"{d.code} {d.message}",
        "check_name": f"{d.code} {d.rule}",
        "fingerprint": fingerprint,
        "severity": SEVERITIES[d.severity],
        "location": {"path": path, "lines": {"begin": d.span.line, "end": d.span.end_line}},
    }
