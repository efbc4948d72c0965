"""``--format concise``: one line per finding, ``path:line:col: severity CODE message``."""

from __future__ import annotations

from collections.abc import Sequence

from nslint import display
from nslint.formats import Style, shown
from nslint.formats.text import suppressed_note
from nslint.results import FileResult


def render(results: Sequence[FileResult], style: Style) -> str:
    return "".join(
        f"{display.path(d.path)}:{d.span.line}:{d.span.column}: {d.severity} {d.code} "
        f"{display.escape(d.message)}"
        f"{suppressed_note(d)}\n"
        for result in results
        for d in shown(result, style)
    )
