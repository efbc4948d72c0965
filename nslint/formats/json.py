"""``--format json``: one JSON array of findings, ``[]`` when there are none.

With ``--show-suppressed``, suppressed findings are included with
``"suppressed": {"reason": ...}``.
"""

from __future__ import annotations

from collections.abc import Sequence

from nslint import display
from nslint.formats import Style, shown
from nslint.results import FileResult


def render(results: Sequence[FileResult], style: Style) -> str:
    findings = [d.to_json() for result in results for d in shown(result, style)]
    return display.json_text(findings)
