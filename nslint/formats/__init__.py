"""Output formats: one module each, all with the same ``render`` signature.

``render(results, style) -> str`` takes every file's result (in a stable order) and
returns the whole output. Modules are imported only when their format is used.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from nslint.engine import FileResult

FORMATS = ("text", "concise", "json")


@dataclass(frozen=True)
class Style:
    """How to render: colour, and the number of files the run checked."""

    color: bool = False


Renderer = Callable[[Sequence[FileResult], Style], str]


def renderer(name: str) -> Renderer:
    """The ``render`` function of format ``name`` (one of FORMATS)."""
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r}")
    module = importlib.import_module(f"nslint.formats.{name}")
    render: Renderer = module.render
    return render
