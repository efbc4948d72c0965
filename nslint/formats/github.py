"""``--format github``: GitHub Actions workflow commands, one per finding.

    ::error file=crm.yaml,line=6,col=7,endLine=6,endColumn=33,title=NS101 redirect-uri-scheme::...

GitHub turns them into annotations on the pull request's diff. Data is escaped as the
Actions runner expects (``%``, CR, LF), and property values also escape ``:`` and ``,``.
Paths are relative to the repository root, as annotations need. A span over several
lines is sent as lines only (no ``col``/``endColumn``), as ``@actions/core`` requires.
Printed after the text output when ``GITHUB_ACTIONS=true`` and no ``--format`` is given.
"""

from __future__ import annotations

from collections.abc import Sequence

from nslint import display
from nslint.diagnostics import Severity
from nslint.formats import Style, shown
from nslint.results import FileResult

_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTICE: "notice"}


def escape_data(text: str) -> str:
    """The runner's escaping of a command's data (as @actions/core ``escapeData``:
    ``%``, CR, LF, which the runner turns back); other control characters from a spec
    or a file name are shown as ``display.escape`` shows them, never sent to a log."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return display.escape(text)


def escape_property(text: str) -> str:
    """A property's value (as @actions/core ``escapeProperty``): ``escape_data``, and
    ``:`` and ``,``, which would end the value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(results: Sequence[FileResult], style: Style) -> str:
    out = []
    for result in results:
        if result.error is not None:
            out.append(f"::error title=nslint::{escape_data(result.error)}\n")
        for d in shown(result, style):
            if d.suppressed is not None:
                continue
            properties: dict[str, object] = {
                "file": style.repository_path(d.path),
                "line": d.span.line,
                "col": d.span.column,
                "endLine": d.span.end_line,
                "endColumn": d.span.end_column,
                "title": f"{d.code} {d.rule}",
            }
            if d.span.end_line != d.span.line:
                # Columns are for a span on one line (@actions/core: "cannot be sent
                # when startLine and endLine are different values").
                del properties["col"], properties["endColumn"]
            joined = ",".join(f"{key}={escape_property(str(v))}" for key, v in properties.items())
            out.append(f"::{_LEVELS[d.severity]} {joined}::{escape_data(d.message)}\n")
    return "".join(out)
