"""Output formats: one module each, all with the same ``render`` signature.

``render(results, style) -> str`` takes every file's result (in a stable order) and
returns the whole output. Modules are imported only when their format is used.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from nslint.diagnostics import Diagnostic
from nslint.engine import FileResult

FORMATS = ("text", "concise", "json")


@dataclass(frozen=True)
class Style:
    """How to render: colour, and whether suppressed findings are shown too."""

    color: bool = False
    show_suppressed: bool = False


def shown(result: FileResult, style: Style) -> list[Diagnostic]:
    """The diagnostics of one file to print, in order: suppressed ones only on request."""
    if not style.show_suppressed or not result.suppressed:
        return list(result.diagnostics)
    return sorted((*result.diagnostics, *result.suppressed), key=Diagnostic.sort_key)


Renderer = Callable[[Sequence[FileResult], Style], str]


def renderer(name: str) -> Renderer:
    """The ``render`` function of format ``name`` (one of FORMATS)."""
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r}")
    module = importlib.import_module(f"nslint.formats.{name}")
    render: Renderer = module.render
    return render
