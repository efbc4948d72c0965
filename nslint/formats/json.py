"""``--format json``: one JSON array of findings, ``[]`` when there are none.

With ``--show-suppressed``, suppressed findings are included with
``"suppressed": {"reason": ...}``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from nslint.formats import Style, shown
from nslint.results import FileResult


def render(results: Sequence[FileResult], style: Style) -> str:
    findings = [d.to_json() for result in results for d in shown(result, style)]
    return json.dumps(findings, indent=2, ensure_ascii=False) + "\n"
