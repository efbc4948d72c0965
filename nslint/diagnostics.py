"""The values that travel through the pipeline: positions, severities, findings.

Unlike the other modules, this one evaluates its annotations (no ``from __future__
import annotations``): ``typing.NamedTuple`` turns each annotation written as a string
into a ``ForwardRef``, compiling it, and these three classes are built at every start-up
(issue 16). A class's own name is quoted inside its body."""

import enum
from typing import NamedTuple


class Severity(enum.IntEnum):
    """How serious a finding is; the order is used for ``--fail-on`` thresholds."""

    NOTICE = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "Severity":
        return cls[text.upper()]


class Span(NamedTuple):
    """A region of the source: 1-based lines and columns, the end exclusive.

    Columns count Unicode code points, as PyYAML's marks do.
    """

    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def from_marks(cls, line0: int, col0: int, end_line0: int, end_col0: int) -> "Span":
        """Build a span from 0-based marks (PyYAML's convention)."""
        return cls(line0 + 1, col0 + 1, end_line0 + 1, end_col0 + 1)

    @classmethod
    def point(cls, line: int, column: int) -> "Span":
        """A one-character span at a 1-based position."""
        return cls(line, column, line, column + 1)


class Finding(NamedTuple):
    """What a check found, before it is attributed to a file and a rule's severity."""

    code: str
    span: Span
    message: str

    @property
    def fixable(self) -> bool:
        """Whether the rule's fix (``Rule.fix``), if it has one, may rewrite this
        finding: True but for an ``Unfixable`` one. (Not a field: a finding is still
        the tuple of its code, span and message.)"""
        return True


class Unfixable(Finding):
    """A finding its rule's fix must leave alone, equal to the ``Finding`` with the same
    code, span and message."""

    __slots__ = ()

    @property
    def fixable(self) -> bool:
        return False


class Diagnostic(NamedTuple):
    """One finding in one file."""

    path: str
    span: Span
    code: str
    rule: str
    severity: Severity
    message: str
    suppressed: str | None = None
    """The reason of the ``# nslint: disable`` comment that suppressed it ('' if none)."""
    fingerprint: str = ""
    """Identifies the finding by its content, not its line: stays the same when lines are
    added above it (baselines, SARIF ``partialFingerprints``, GitLab)."""
    fixable: bool = True
    """The finding's ``Finding.fixable`` (not part of any output)."""

    def sort_key(self) -> tuple[str, Span, str]:
        return (self.path, self.span, self.code)

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.span.line,
            "column": self.span.column,
            "end_line": self.span.end_line,
            "end_column": self.span.end_column,
            "code": self.code,
            "rule": self.rule,
            "severity": str(self.severity),
            "message": self.message,
            "fingerprint": self.fingerprint,
            **({} if self.suppressed is None else {"suppressed": {"reason": self.suppressed}}),
        }
