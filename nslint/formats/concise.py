"""``--format concise``: one line per finding, ``path:line:col: severity CODE message``."""

from __future__ import annotations

from collections.abc import Sequence

from nslint.formats import Style, shown
from nslint.formats.text import clean, suppressed_note
from nslint.results import FileResult


def render(results: Sequence[FileResult], style: Style) -> str:
    return "".join(
        f"{d.path}:{d.span.line}:{d.span.column}: {d.severity} {d.code} {clean(d.message)}"
        f"{suppressed_note(d)}\n"
        for result in results
        for d in shown(result, style)
    )
