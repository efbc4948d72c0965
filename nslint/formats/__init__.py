"""Output formats: one module each, all with the same ``render`` signature.

``render(results, style) -> str`` takes every file's result (in a stable order) and
returns the whole output. Modules are imported only when their format is used. Formats
that print one document (json, sarif, junit, gitlab) print it even with no findings.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Sequence
from typing import Final

from nslint.diagnostics import Diagnostic, Severity
from nslint.discovery import relative_path
from nslint.results import FileResult
from nslint.ruleset import RuleSet
from nslint.ruleset import default as default_ruleset
from nslint.values import replaced

FORMATS = ("text", "concise", "json", "github", "sarif", "junit", "gitlab")
MACHINE_FORMATS = frozenset({"json", "github", "sarif", "junit", "gitlab"})


class Style:
    """How to render: colour, whether suppressed findings are shown too, the fail
    threshold, the repository root that paths in reports are relative to, how to
    load the rules that ran (for the formats that describe them: sarif, junit), and
    the run's exit code (sarif).

    ``quiet``: only the findings, no summary line (``--quiet``). ``exit_code``: the
    run's exit code, decided before any output is rendered (for SARIF's invocation);
    None where the caller has none. A plain class, not a dataclass, so that importing
    it generates no code (issue 16); ``replace`` makes a changed copy."""

    __slots__ = (
        "_rules",
        "color",
        "exit_code",
        "fail_on",
        "load_rules",
        "quiet",
        "root",
        "show_suppressed",
    )

    def __init__(
        self,
        color: bool = False,
        show_suppressed: bool = False,
        fail_on: Severity = Severity.ERROR,
        root: str = ".",
        load_rules: Callable[[], RuleSet] = default_ruleset,
        quiet: bool = False,
        exit_code: int | None = None,
    ) -> None:
        self.color: Final = color
        self.show_suppressed: Final = show_suppressed
        self.fail_on: Final = fail_on
        self.root: Final = root
        self.load_rules: Final = load_rules
        self.quiet: Final = quiet
        self.exit_code: Final = exit_code
        self._rules: RuleSet | None = None

    def replace(self, **changes: object) -> Style:
        """A copy of this style with ``changes`` (field names) made."""
        return replaced(self, (name for name in self.__slots__ if name != "_rules"), changes)

    @property
    def rules(self) -> RuleSet:
        """The rules that ran: their metadata, severities and which are enabled (loaded
        when a format first asks)."""
        if self._rules is None:
            self._rules = self.load_rules()
        return self._rules

    def fails(self, severity: Severity) -> bool:
        """Whether a finding of this severity is at or above the fail threshold."""
        return severity >= self.fail_on

    def repository_path(self, path: str) -> str:
        """``path`` relative to the repository root, with ``/`` (as given if outside it)."""
        return relative_path(path, self.root)


def repository_root(start: str = ".") -> str:
    """The nearest directory from ``start`` up that holds ``.git`` (else ``start``)."""
    directory = os.path.abspath(start)
    while True:
        if os.path.exists(os.path.join(directory, ".git")):
            return directory
        parent = os.path.dirname(directory)
        if parent == directory:
            return os.path.abspath(start)
        directory = parent


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
