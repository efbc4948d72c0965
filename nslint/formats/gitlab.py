"""``--format gitlab``: GitLab Code Quality JSON (a ``codequality`` report artifact).

Each finding is an issue with ``description``, ``check_name``, a ``fingerprint`` unique
to the finding (its path and content fingerprint, so it survives lines added above it),
``severity`` and ``location.path`` / ``location.lines.begin``. A file that could not be
read is a ``blocker`` issue of its own (check ``nslint read-error``) at its line 1, as
SARIF (a tool notification) and JUnit (an ``error``) report it: the merge request
shows why the pipeline failed.
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
    issues = []
    for result in results:
        if result.error is not None:
            issues.append(_unread(result.path, result.error, style))
        issues.extend(_issue(d, style) for d in result.diagnostics)
    return display.json_text(issues)


def _issue(d: Diagnostic, style: Style) -> dict[str, Any]:
    path = style.repository_path(d.path)
    return {
        "type": "issue",
        "description": f"{d.code} {d.message}",
        "check_name": f"{d.code} {d.rule}",
        "fingerprint": _fingerprint(path, d.fingerprint),
        "severity": SEVERITIES[d.severity],
        "location": {"path": path, "lines": {"begin": d.span.line, "end": d.span.end_line}},
    }


def _unread(path: str, error: str, style: Style) -> dict[str, Any]:
    relative = style.repository_path(path)
    return {
        "type": "issue",
        "description": f"nslint could not read the file: {error}",
        "check_name": "nslint read-error",
        "fingerprint": _fingerprint(relative, "read-error"),
        "severity": "blocker",
        "location": {"path": relative, "lines": {"begin": 1, "end": 1}},
    }


def _fingerprint(path: str, finding: str) -> str:
    """Unique to the finding in the repository: its path and content fingerprint
    (the name's own bytes, even where it is not UTF-8: surrogate escapes)."""
    return hashlib.sha256(os.fsencode(f"{path}\0{finding}")).hexdigest()
