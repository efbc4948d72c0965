"""A file's whole journey: source -> document -> schema -> report-ready diagnostics.

Files are independent: ``check_file`` takes a path and returns everything a formatter
needs (the diagnostics and the source lines they point at), so it can run anywhere.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from nslint import document, schema, source
from nslint.diagnostics import Diagnostic, Finding, Span
from nslint.discovery import Missing, discover
from nslint.registry import all_rules, policy_checks
from nslint.release import Release
from nslint.rule import Context

SECRET_CODE = "NS501"


@dataclass(frozen=True)
class Settings:
    """What a run is configured with."""

    max_file_size: int = source.DEFAULT_MAX_FILE_SIZE
    release: Release = field(default_factory=lambda: Release.on(datetime.date.today()))
    """The NetSuite release the specs target (``--release``)."""
    debug: bool = False
    """Let internal errors raise (with their traceback) instead of reporting them."""


@dataclass(frozen=True)
class FileResult:
    """The outcome for one file: its diagnostics, or why it could not be checked."""

    path: str
    diagnostics: tuple[Diagnostic, ...] = ()
    lines: dict[int, str] = field(default_factory=dict)
    """The source lines the diagnostics start on, by 1-based number, for snippets."""
    error: str | None = None
    """Set when the file could not be read at all (the run then exits 2)."""


def check_paths(paths: list[str], settings: Settings) -> Iterator[FileResult]:
    """Check every file that the paths name, in a stable order."""
    for found in discover(paths):
        if isinstance(found, Missing):
            yield FileResult(found.path, error=f"cannot read {found.path}: {found.reason}")
        else:
            yield check_file(found, settings)


def check_file(path: str, settings: Settings, display_path: str | None = None) -> FileResult:
    """Read and check one file (``-`` reads standard input); never raises unless debugging."""
    shown = display_path or path
    try:
        return _check_file(path, shown, settings)
    except Exception as error:
        if settings.debug:
            raise
        return FileResult(
            shown,
            error=f"internal error while checking {shown}: {type(error).__name__}: {error} "
            "(rerun with --debug for the traceback, and please report it)",
        )


def _check_file(path: str, shown: str, settings: Settings) -> FileResult:
    try:
        data = source.read(path, settings.max_file_size)
    except OSError as error:
        reason = error.strerror or str(error)
        return FileResult(shown, error=f"cannot read {shown}: {reason}")
    if isinstance(data, Finding):
        return _result(shown, [data], None)
    return check_bytes(shown, data, settings)


def check_bytes(path: str, data: bytes, settings: Settings | None = None) -> FileResult:
    """Check a file's bytes as if they were the file ``path``."""
    decoded = source.decode(data)
    if isinstance(decoded, Finding):
        return _result(path, [decoded], None)
    return check_text(path, decoded.text, settings)


def check_text(path: str, text: str, settings: Settings | None = None) -> FileResult:
    """Check already-decoded text as if it were the file ``path``."""
    src = source.Source(text)
    release = (settings or Settings()).release
    return _result(path, check_source(src, Context(release, path)), src)


def check_source(src: source.Source, context: Context) -> list[Finding]:
    """All findings of one decoded file: parse, schema, then every policy rule."""
    loaded = document.load(src)
    findings = list(loaded.problems)
    checks = policy_checks()
    for doc in loaded.documents:
        findings.extend(schema.validate(doc))
        for check, options in checks:
            findings.extend(check(doc, options, context))
    if not loaded.documents and not loaded.problems:
        findings.append(
            Finding(
                schema.CODE,
                Span.point(1, 1),
                "the file holds no YAML document: an integration spec is a mapping "
                "with at least `name`",
            )
        )
    return findings


def diagnostic(path: str, finding: Finding) -> Diagnostic:
    """Attribute a finding to a file and to its rule's name and severity."""
    rule = all_rules()[finding.code]
    return Diagnostic(path, finding.span, finding.code, rule.name, rule.severity, finding.message)


def _result(path: str, findings: Iterable[Finding], src: source.Source | None) -> FileResult:
    diagnostics = [diagnostic(path, finding) for finding in findings]
    diagnostics.sort(key=Diagnostic.sort_key)
    lines = {} if src is None else {d.span.line: src.line(d.span.line) for d in diagnostics}
    for d in diagnostics:
        if d.code == SECRET_CODE:
            _mask(lines, d.span)
    return FileResult(path, tuple(diagnostics), lines)


def _mask(lines: dict[int, str], span: Span) -> None:
    """Replace a credential's characters with ``*`` in every snippet line it is on."""
    for number in range(span.line, span.end_line + 1):
        line = lines.get(number)
        if line is None:
            continue
        start = span.column - 1 if number == span.line else 0
        end = span.end_column - 1 if number == span.end_line else len(line)
        lines[number] = line[:start] + "*" * max(end - start, 0) + line[end:]
