"""Text edits, the currency of ``--fix``: what a rule's fix returns (``Rule.fix``) and
what ``fix`` applies, verifies and writes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from nslint.diagnostics import Span
from nslint.source import Source

_ANCHOR = r"&[^\s]+\s+"
"""An anchor before a value (``&name value``): a fix keeps it. Compiled when a fix is
made (by re's own cache), not when nslint starts."""


class Edit(NamedTuple):
    """Replace ``text[start:end]`` with ``new``."""

    start: int
    end: int
    new: str


def apply(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with non-overlapping ``edits`` made (in one pass over it)."""
    parts: list[str] = []
    end = 0
    for edit in sorted(edits, key=lambda e: e.start):
        parts += (text[end : edit.start], edit.new)
        end = edit.end
    parts.append(text[end:])
    return "".join(parts)


def after_anchor(src: Source, start: int, end: int) -> int:
    """Where the value in ``src.text[start:end]`` starts: after its anchor, if any."""
    anchored = re.compile(_ANCHOR).match(src.text, start, end)
    return anchored.end() if anchored else start


def span_range(src: Source, span: Span) -> tuple[int, int]:
    """The offsets in ``src.text`` of ``span``'s start and end."""
    return src.offset(span.line, span.column), src.offset(span.end_line, span.end_column)
