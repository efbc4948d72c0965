"""A file's whole journey: source -> document -> schema -> rules -> suppress -> diagnostics.

Files are independent: ``check`` (the one entry point) takes a path and returns
everything a formatter needs (the diagnostics and the source lines they point at), so
it can run anywhere.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Final, Literal, overload

from nslint import document, parse, redact, schema, source, suppress
from nslint.diagnostics import Diagnostic, Finding, Span
from nslint.discovery import Missing
from nslint.errors import one_line
from nslint.results import FileResult, Settings
from nslint.rule import Context, Rule
from nslint.ruleset import RuleSet
from nslint.values import REDACTED

RULE_ERROR = "NS009"
_RULE_FAILED = frozenset({RULE_ERROR})
"""A rule failed on the file (a rule that finds credentials may have): ``redact.find``
looks for them itself."""


class Checked:
    """A file's result, its parsed documents, and what must be masked in anything shown
    of them (``nslint report`` reads the documents).

    A plain class, not a NamedTuple, so that importing it generates no code (issue 16)."""

    __slots__ = ("documents", "redaction", "result")

    def __init__(
        self, result: FileResult, documents: list[document.Document], redaction: redact.Redaction
    ) -> None:
        self.result: Final = result
        self.documents: Final = documents
        self.redaction: Final = redaction


@overload
def check(
    found: str | Missing,
    settings: Settings | None = None,
    *,
    data: bytes | str | None = None,
    name: str | None = None,
    documents: Literal[False] = False,
) -> FileResult: ...
@overload
def check(
    found: str | Missing,
    settings: Settings | None = None,
    *,
    data: bytes | str | None = None,
    name: str | None = None,
    documents: Literal[True],
) -> Checked: ...
def check(
    found: str | Missing,
    settings: Settings | None = None,
    *,
    data: bytes | str | None = None,
    name: str | None = None,
    documents: bool = False,
) -> FileResult | Checked:
    """The one entry point for a file: check ``found`` (a path discovery found, ``-`` for
    standard input, or a ``Missing`` path, reported as unreadable), reported as ``name``
    (default: its path). With ``data`` (bytes, or text already decoded), check that as
    if it were the file, and let an internal error raise; a file read from disk never
    raises, unless ``settings.debug``: its internal error is its result. With
    ``documents``, return its parsed documents and redaction too."""
    settings = settings or Settings()
    if isinstance(found, Missing):
        checked = Checked(unreadable(found.path, found.reason), [], redact.NOTHING)
    elif data is not None:
        checked = _check(found, name or found, settings, data)
    else:
        shown = name or found
        try:
            checked = _check(found, shown, settings, None)
        except Exception as error:
            if settings.debug:
                raise
            checked = Checked(internal_error(shown, error), [], redact.NOTHING)
    return checked if documents else checked.result


def unreadable(path: str, reason: str | OSError) -> FileResult:
    """The result of a file that could not be read: the one message for it, in check,
    fix and report."""
    if isinstance(reason, OSError):
        reason = reason.strerror or str(reason)
    return FileResult(path, error=f"cannot read {path}: {reason}")


def internal_error(path: str, error: Exception) -> FileResult:
    """The result of a file whose check raised: reported as a file not checked."""
    return FileResult(
        path,
        error=f"internal error while checking {path}: {one_line(error)} "
        "(rerun with --debug for the traceback, and please report it)",
    )


def _check(path: str, shown: str, settings: Settings, data: bytes | str | None) -> Checked:
    before = None
    read: bytes | str | Finding
    if data is None:
        try:
            before = os.stat(path) if settings.digests and path != "-" else None
            read = source.read(path, settings.max_file_size)
        except OSError as error:
            return Checked(unreadable(shown, error), [], redact.NOTHING)
    else:
        read = data
    decoded: source.Source | Finding
    if isinstance(read, str):
        decoded = source.Source(read)
    elif isinstance(read, Finding):
        decoded = read
    else:
        decoded = source.decode(read)
    if isinstance(decoded, Finding):
        return Checked(_result(shown, [decoded], (), None, settings), [], redact.NOTHING)
    result, loaded, redaction = _journey(shown, decoded, settings)
    if before is not None and isinstance(read, bytes):
        result = result._replace(digest=source.digest(read), stat=source.stamp(before))
    return Checked(result, loaded.documents, redaction)


def _journey(
    path: str, src: source.Source, settings: Settings
) -> tuple[FileResult, document.Loaded, redact.Redaction]:
    rules = settings.rules
    loaded = parse.load(src)
    context = Context(settings.release, path, settings.sdf_scripts)
    enabled = rules.enabled_for(path)
    found = check_loaded(loaded, rules, context, settings.debug, src.text)
    # Before the rules' selection: an ignored NS501 finding still masks its credential.
    redact_codes = rules.redact_codes
    triggers = redact_codes | _RULE_FAILED if redact_codes else None
    redaction = redact.find(src, loaded.documents, found, triggers)
    findings = [f for f in found if enabled(f.code)]
    directives, malformed = suppress.parse(src, loaded.hash_scalars)
    outcome, unused = suppress.apply(findings, directives, rules.rules, rules.always_on, enabled)
    kept = [*outcome.kept, *(f for f in (*unused, *malformed) if enabled(f.code))]
    result = _result(path, kept, outcome.suppressed, src, settings, redaction, loaded.documents)
    if settings.sdf_scripts is not None:  # for NS702, after every file is checked
        ids = (doc.get(("script_id",)) for doc in loaded.documents)
        scripts = tuple(i for i in ids if isinstance(i, str))
        result = result._replace(script_ids=scripts, line_count=len(src.lines))
    return result, loaded, redaction


def check_loaded(
    loaded: document.Loaded,
    rules: RuleSet,
    context: Context,
    debug: bool = False,
    text: str | None = None,
) -> list[Finding]:
    """All findings of one parsed file: the parse's, the schema's, every enabled rule's
    (given the file's ``text``, less those whose ``Rule.precheck`` rules it out)."""
    findings = list(loaded.problems)
    checks = rules.checks if text is None or not loaded.documents else rules.checks_for(text)
    for doc in loaded.documents:
        if schema.CODE in rules.enabled:
            findings.extend(schema.validate(doc))
        for rule, check, options in checks:
            # Every rule on every document: kept inline. A rule that fails, or yields
            # something that is not its own finding, becomes NS009; the others go on.
            try:
                for finding in check(doc, options, context):
                    if not _valid(finding, rule.code):
                        raise TypeError(
                            f"it yielded {finding!r}, not a Finding with its own code "
                            f"{rule.code} and a span of positive lines and columns"
                        )
                    findings.append(finding)
            except BaseException as error:  # a plugin may raise anything, SystemExit too
                if debug or isinstance(error, (KeyboardInterrupt, GeneratorExit)):
                    raise
                findings.append(_rule_error(rule, doc, error))
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


def _rule_error(rule: Rule, doc: document.Document, error: BaseException) -> Finding:
    """The NS009 finding for a rule whose check failed on ``doc``."""
    return Finding(
        RULE_ERROR,
        doc.key_span(()),
        f"rule {rule.code} ({rule.name}, from {rule.origin}) failed on this document: "
        f"{type(error).__name__}: {error}; its findings here are incomplete (rerun "
        "with --debug for the traceback, and report it to the rule's authors)",
    )


def _valid(finding: object, code: str) -> bool:
    """A finding of rule ``code`` with a message and a span of positive positions."""
    if not (
        isinstance(finding, Finding)
        and finding.code == code
        and isinstance(finding.message, str)
        and isinstance(finding.span, Span)
    ):
        return False
    span = finding.span
    numbers = (span.line, span.column, span.end_line, span.end_column)
    return all(type(n) is int and n >= 1 for n in numbers) and (
        span.end_line,
        span.end_column,
    ) >= (span.line, span.column)


def diagnostic(
    path: str, finding: Finding, rules: RuleSet, reason: str | None = None
) -> Diagnostic:
    """Attribute a finding to a file and to its rule's name and effective severity."""
    rule = rules.rules[finding.code]
    return Diagnostic(
        path,
        finding.span,
        finding.code,
        rule.name,
        rules.severities[finding.code],
        finding.message,
        reason,
        fixable=finding.fixable,
    )


def _result(
    path: str,
    findings: Iterable[Finding],
    suppressed: Iterable[suppress.Suppressed],
    src: source.Source | None,
    settings: Settings,
    redaction: redact.Redaction = redact.NOTHING,
    documents: list[document.Document] | None = None,
) -> FileResult:
    """The file's result, redacted (``nslint.redact``): nothing after this shows a
    credential, and the fingerprints are computed from the masked lines."""
    rules = settings.rules
    diagnostics = sorted(
        (_redacted(diagnostic(path, f, rules), redaction) for f in findings),
        key=Diagnostic.sort_key,
    )
    hidden = sorted(
        (
            _redacted(diagnostic(path, s.finding, rules, _reason(s, redaction)), redaction)
            for s in suppressed
        ),
        key=Diagnostic.sort_key,
    )
    lines = {}
    if src is not None and (diagnostics or hidden):
        lines = {d.span.line: src.line(d.span.line) for d in (*diagnostics, *hidden)}
        lines = redact.lines(lines, redaction)
    if settings.fingerprints and (diagnostics or hidden):
        where = document.anchors(documents or [])
        seen: dict[tuple[str, ...], int] = {}
        diagnostics = [_fingerprinted(d, lines, where, seen) for d in diagnostics]
        hidden = [_fingerprinted(d, lines, where, seen) for d in hidden]
    count = len(src.lines) if src is not None and (diagnostics or hidden) else None
    return FileResult(path, tuple(diagnostics), lines, suppressed=tuple(hidden), line_count=count)


def _fingerprinted(
    d: Diagnostic,
    lines: Mapping[int, str],
    where: Mapping[tuple[int, int], str],
    seen: dict[tuple[str, ...], int],
) -> Diagnostic:
    """``d`` with a fingerprint of what it is about, never of where that stands: its
    code, the path of the key or value it starts at without list indices, the text it
    underlines (from the snippet lines, credentials masked), and which occurrence of
    these in the file it is. Lines added, list entries inserted before it, reindenting
    or a flow list written as a block list leave it unchanged."""
    import hashlib

    span = d.span
    line = lines.get(span.line, "")
    end = span.end_column - 1 if span.end_line == span.line else len(line)
    text = " ".join(line[span.column - 1 : end].split())
    key = (d.code, where.get((span.line, span.column), ""), text)
    occurrence = seen.get(key, 0)
    seen[key] = occurrence + 1
    digest = hashlib.sha256("\0".join((*key, str(occurrence))).encode()).hexdigest()
    return d._replace(fingerprint=digest[:32])


def _redacted(d: Diagnostic, redaction: redact.Redaction) -> Diagnostic:
    """``d`` with no credential in its message."""
    message = redaction.text(d.message)
    return d if message == d.message else d._replace(message=message)


def _reason(suppressed: suppress.Suppressed, redaction: redact.Redaction) -> str:
    """A suppression's reason, unless it is the comment of a line with a credential."""
    reason = suppressed.directive.reason
    if reason and suppressed.directive.line in redaction.lines:
        return REDACTED
    return redaction.text(reason)
