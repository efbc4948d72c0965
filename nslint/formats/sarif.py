"""``--format sarif``: SARIF 2.1.0, as GitHub code scanning reads it.

One run; the driver lists every rule that ran (id, name, descriptions, help text, the
URI of its documentation, default level, and its tags: a rule tagged ``security`` also
has a ``security-severity``, which GitHub shows as critical, high, medium or low); each
result has its rule's id and index, a level, the message, a
location relative to the repository root (``%SRCROOT%``) with a region in Unicode code
points, and a ``partialFingerprints`` entry that does not change when lines are added
above the finding. Suppressed findings are included with a ``suppressions`` entry only
with ``--show-suppressed``. Files that could not be read are tool notifications, and
the invocation has nslint's exit code.
"""

from __future__ import annotations

import os
import pathlib
import urllib.parse
from collections.abc import Sequence
from typing import Any

from nslint import __version__, catalogue, display
from nslint.diagnostics import Diagnostic, Severity
from nslint.formats import Style, shown
from nslint.results import FileResult
from nslint.rule import Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT = "nslint/v2"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTICE: "note"}
# GitHub's scale for a security rule (``security-severity``): 9.0 and above is
# critical, 7.0 high, 4.0 medium, 0.1 low. A rule's configured severity picks its place.
SECURITY_SEVERITY = {Severity.ERROR: "8.0", Severity.WARNING: "5.0", Severity.NOTICE: "2.0"}


def render(results: Sequence[FileResult], style: Style) -> str:
    rules = [r for code, r in style.rules.rules.items() if code in style.rules.enabled]
    index = {rule.code: i for i, rule in enumerate(rules)}
    root = pathlib.Path(os.path.abspath(style.root)).as_uri().rstrip("/") + "/"
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "nslint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": catalogue.HOMEPAGE,
                "rules": [_descriptor(rule, style) for rule in rules],
            }
        },
        "originalUriBaseIds": {"%SRCROOT%": {"uri": root}},
        "columnKind": "unicodeCodePoints",
        "results": [
            _result(d, index, style) for r in results for d in shown(r, style) if d.code in index
        ],
        "invocations": [_invocation(results, style.exit_code)],
    }
    document = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return display.json_text(document)


def _descriptor(rule: Rule, style: Style) -> dict[str, Any]:
    severity = style.rules.severities[rule.code]
    properties: dict[str, Any] = {"origin": rule.origin}
    if rule.tags:
        properties["tags"] = list(rule.tags)
    if "security" in rule.tags:
        properties["security-severity"] = SECURITY_SEVERITY[severity]
    descriptor: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": _what_it_does(rule)},
        "help": {"text": rule.doc or rule.summary, "markdown": rule.doc or rule.summary},
    }
    uri = catalogue.help_uri(rule)
    if uri is not None:
        descriptor["helpUri"] = uri
    descriptor["defaultConfiguration"] = {"level": LEVELS[severity]}
    descriptor["properties"] = properties
    return descriptor


def _what_it_does(rule: Rule) -> str:
    """The first paragraph of the rule's "What it does" section (else its summary)."""
    paragraphs = [p.strip() for p in rule.doc.split("\n\n") if p.strip()]
    for number, paragraph in enumerate(paragraphs):
        if paragraph.startswith("## What it does"):
            text = paragraph.removeprefix("## What it does").strip()
            if not text and number + 1 < len(paragraphs):
                text = paragraphs[number + 1]
            return " ".join(text.split()) or rule.summary
    return rule.summary


def _result(d: Diagnostic, index: dict[str, int], style: Style) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": d.code,
        "ruleIndex": index[d.code],
        "level": LEVELS[d.severity],
        "message": {"text": d.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": _artifact(d.path, style),
                    "region": {
                        "startLine": d.span.line,
                        "startColumn": d.span.column,
                        "endLine": d.span.end_line,
                        "endColumn": d.span.end_column,
                    },
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT: d.fingerprint},
    }
    if d.suppressed is not None:
        result["suppressions"] = [{"kind": "inSource", "justification": d.suppressed}]
    return result


def _artifact(path: str, style: Style) -> dict[str, str]:
    """A file's URI: its name's bytes percent-encoded (RFC 3986), as ``as_uri`` does,
    so that a name that is not UTF-8 is still the file's exact name."""
    relative = style.repository_path(path)
    if os.path.isabs(relative):
        return {"uri": pathlib.Path(relative).as_uri()}
    return {"uri": urllib.parse.quote(os.fsencode(relative)), "uriBaseId": "%SRCROOT%"}


def _invocation(results: Sequence[FileResult], exit_code: int | None) -> dict[str, Any]:
    """The run's invocation: successful unless a file could not be read or the run
    ended in an error (exit code 2); findings (exit code 1) are a successful run."""
    errors = [r.error for r in results if r.error is not None]
    invocation: dict[str, Any] = {"executionSuccessful": not errors and exit_code != 2}
    if exit_code is not None:
        invocation["exitCode"] = exit_code
    invocation["toolExecutionNotifications"] = [
        {"level": "error", "message": {"text": error}} for error in errors
    ]
    return invocation
