"""The public API for rules: what a rule is, and what its check is given.

Plugins import everything they need from here (``docs/writing-rules.md``)::

    from nslint.rule import Context, Document, Finding, Rule, Severity, Span

A rule is a stable code (``NS`` + three digits for nslint's own, any other capital
letters + digits for an organisation's), a kebab-case name, a default severity, options
with their defaults and JSON Schema, its documentation, and a check. A check
sees one parsed document (data plus positions) and never the raw text, so every
position comes from one place::

    def check(doc: Document, options: Mapping[str, Any], context: Context) -> Iterator[Finding]:
        hours = doc.get(("oauth2", "refresh_token_validity_hours"))
        if isinstance(hours, int) and hours > options["max"]:
            yield Finding(CODE, doc.value_span(("oauth2", "refresh_token_validity_hours")), "...")
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from nslint.diagnostics import Diagnostic, Finding, Severity, Span
from nslint.document import Document
from nslint.release import Release
from nslint.values import replaced

if TYPE_CHECKING:
    from nslint.edits import Edit
    from nslint.source import Source

__all__ = [
    "Check",
    "Context",
    "Document",
    "Finding",
    "Fix",
    "Release",
    "Rule",
    "Severity",
    "Span",
]


class Context:
    """What a check may know beyond the document: the target release, the file, and
    the script ids of the SDF project's integration objects (None without
    ``sdf-project``).

    A plain class, not a NamedTuple, so that importing it generates no code (issue 16)."""

    __slots__ = ("path", "release", "sdf_scripts")

    def __init__(
        self, release: Release, path: str, sdf_scripts: frozenset[str] | None = None
    ) -> None:
        self.release: Final = release
        self.path: Final = path
        self.sdf_scripts: Final = sdf_scripts


Check = Callable[[Document, Mapping[str, Any], Context], Iterable[Finding]]

Edits = Callable[["Source", Sequence[Diagnostic], Sequence[Diagnostic]], Iterable["Edit"]]
"""A rule's fix: given a file's text, the rule's fixable findings in it and every
finding of the file (another rule's finding may forbid an edit), the edits that fix
them. An edit it cannot make safely is left out."""


class Fix:
    """How ``--fix`` rewrites a rule's findings. ``safe``: the edit never changes what
    the spec means (else it is made only with ``--unsafe-fixes``). ``only``: which of
    the rule's findings it rewrites, when not all ('' for all), for ``nslint explain``.
    A finding whose ``fixable`` is False is never given to ``edits``.

    A plain class, not a NamedTuple, so that importing it generates no code (issue 16)."""

    __slots__ = ("edits", "only", "safe")

    def __init__(self, edits: Edits, safe: bool, only: str = "") -> None:
        self.edits: Final = edits
        self.safe: Final = safe
        self.only: Final = only


_NONE: Mapping[str, Any] = {}
"""No options: shared by the rules that have none, read-only as a Mapping (and a dict,
unlike a mapping proxy, can be pickled)."""


class Rule:
    """A rule's metadata and check, shown by ``nslint rules`` and ``nslint explain``.

    ``doc`` is Markdown with the sections *What it does*, *Why is this bad?*,
    *Example* and *Source*. ``check`` is None for the structural rules, whose checks are
    the parse and the schema themselves. ``options`` holds each option's default, and
    ``option_schema`` the JSON Schema of each option (by name) that configured values
    must match. A rule with ``enabled=False`` runs only when selected by configuration
    (``extend-select``). ``origin`` names where the rule comes from: ``nslint``, a rule
    pack's file, or a plugin. ``fix`` is how ``--fix`` rewrites its findings (None: it
    does not). An ``always_on`` rule cannot be ignored, suppressed or downgraded (a file
    that was not read, parsed or checked completely must never pass silently). A
    ``redact`` rule's spans are credentials, masked in everything nslint shows.
    ``tags`` are the rule's categories, lower-case kebab words (``security``,
    ``netsuite``, ``oauth2``, ``yaml``...), as SARIF's ``properties.tags`` carries them
    to code scanning; a rule tagged ``security`` is a security finding there.
    ``precheck``, if given, is a cheap test of a file's text that is True for every file
    the check could find anything in: where it is False the check is not run (NS501
    runs one pattern over the text before walking every value).

    A plain class with ``__slots__``, not a dataclass: a dataclass compiles its
    generated methods with ``exec`` when its module is imported, which every run paid
    (issue 16). Its fields are read-only (``Final``); ``replace`` makes a changed copy.
    Rules compare by identity.
    """

    __slots__ = (
        "always_on",
        "check",
        "code",
        "doc",
        "enabled",
        "fix",
        "name",
        "option_schema",
        "options",
        "origin",
        "precheck",
        "redact",
        "severity",
        "summary",
        "tags",
    )

    def __init__(
        self,
        code: str,
        name: str,
        severity: Severity,
        summary: str,
        doc: str,
        check: Check | None = None,
        options: Mapping[str, Any] = _NONE,
        option_schema: Mapping[str, Any] = _NONE,
        enabled: bool = True,
        origin: str = "nslint",
        fix: Fix | None = None,
        always_on: bool = False,
        redact: bool = False,
        precheck: Callable[[str], bool] | None = None,
        tags: tuple[str, ...] = (),
    ) -> None:
        self.code: Final = code
        self.name: Final = name
        self.severity: Final = severity
        self.summary: Final = summary
        self.doc: Final = doc
        self.check: Final = check
        self.options: Final = options
        self.option_schema: Final = option_schema
        self.enabled: Final = enabled
        self.origin: Final = origin
        self.fix: Final = fix
        self.always_on: Final = always_on
        self.redact: Final = redact
        self.precheck: Final = precheck
        self.tags: Final = tags

    def replace(self, **changes: Any) -> Rule:
        """A copy of this rule with ``changes`` (field names) made."""
        return replaced(self, self.__slots__, changes)

    def __repr__(self) -> str:
        return f"Rule(code={self.code!r}, name={self.name!r}, origin={self.origin!r})"

    @property
    def source(self) -> str:
        """Where the rule's facts come from: the text of its documentation's *Source*
        section, on one line ('' if it has none)."""
        match = re.search(_SOURCE, self.doc, re.MULTILINE | re.DOTALL)
        return " ".join(match.group(1).split()) if match else ""


_SOURCE = r"^## Source[ \t]*\n(.*?)(?=^## |\Z)"
"""Compiled (by re's own cache) when ``nslint explain`` or a report first asks."""
