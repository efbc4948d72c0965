"""``--format text`` (the default): each finding with its source line, underlined.

    examples/bad.yaml:7:33: error[NS003] `oauth2.refresh_token_validity_hours` must ... (schema)
      |
    7 |   refresh_token_validity_hours: "48"
      |                                 ^~~~

then a summary: ``Found 2 errors, 1 warning in 2 of 14 files.``
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence

import click

from nslint import display
from nslint.diagnostics import Diagnostic, Severity
from nslint.formats import Style, shown
from nslint.results import FileResult
from nslint.values import counted

_COLORS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.NOTICE: "cyan"}


def _display(text: str) -> str:
    """Source text as the snippet shows it: a tab as one column, no control codes."""
    return display.escape(text.replace("\t", " "))


def _width(text: str) -> int:
    """Terminal columns that ``text`` takes (wide East Asian characters take two)."""
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in "WF" else 1
    return width


def render(results: Sequence[FileResult], style: Style) -> str:
    """The findings with their snippets, then the summary; nothing at all when no file
    was found (the command line says so on stderr)."""
    if not results:
        return ""
    paint: Callable[..., str] = click.style if style.color else _plain
    out: list[str] = []
    for result in results:
        for diagnostic in shown(result, style):
            out.append(_header(diagnostic, paint))
            line = result.lines.get(diagnostic.span.line)
            if line is not None:
                out.append(snippet(diagnostic, line, paint))
            out.append("")
    if style.quiet:  # the findings alone, a blank line between two
        return "\n".join(out[:-1]) + "\n" if out else ""
    out.append(summary(results, paint))
    fixes = fixes_note(results, style)
    if fixes:
        out.append(fixes)
    return "\n".join(out) + "\n"


def fixes_note(results: Sequence[FileResult], style: Style) -> str:
    """What ``--fix`` would do, as ruff says it: ``[*] 2 fixable with the `--fix`
    option (1 hidden fix can be enabled with the `--unsafe-fixes` option).``; ``""``
    when no finding has a fix (or with ``--quiet``)."""
    findings = [d for result in results for d in result.diagnostics if d.fixable]
    if style.quiet or not findings:
        return ""
    rules = style.rules.rules
    safe = unsafe = 0
    for d in findings:
        rule = rules.get(d.code)
        if rule is not None and rule.fix is not None:
            if rule.fix.safe:
                safe += 1
            else:
                unsafe += 1
    hidden = (
        f"{counted(unsafe, 'hidden fix', 'hidden fixes')} can be enabled with the "
        "`--unsafe-fixes` option"
    )
    if safe:
        note = f"[*] {safe} fixable with the `--fix` option"
        return f"{note} ({hidden})." if unsafe else f"{note}."
    return f"No fixes available ({hidden})." if unsafe else ""


def _plain(text: str, **_: object) -> str:
    return text


def _header(d: Diagnostic, paint: Callable[..., str]) -> str:
    color = _COLORS[d.severity]
    where = paint(f"{display.path(d.path)}:{d.span.line}:{d.span.column}:", bold=True)
    severity = paint(f"{d.severity}[{d.code}]", fg=color, bold=True)
    note = paint(suppressed_note(d), dim=True)
    return f"{where} {severity} {display.escape(d.message)} {paint(f'({d.rule})', dim=True)}{note}"


def suppressed_note(d: Diagnostic) -> str:
    """`` [suppressed: reason]`` for a suppressed finding shown with --show-suppressed."""
    if d.suppressed is None:
        return ""
    return f" [suppressed: {display.escape(d.suppressed)}]" if d.suppressed else " [suppressed]"


SNIPPET_WIDTH = 160
"""The most characters of a source line a snippet shows: a longer line is shown as a
window around the finding, its cut ends marked ``…`` (as rustc and ruff do), so that
output stays proportional to the findings, not to findings times the line's length."""
_CONTEXT = 40
"""Characters kept before the finding's start in a window."""


def window(line: str, start: int, end: int) -> tuple[str, int, int]:
    """The part of ``line`` a snippet shows, with ``…`` where it was cut, and the span
    ``[start, end)`` (0-based characters) moved into it (cut to its end if longer)."""
    if len(line) <= SNIPPET_WIDTH:
        return line, start, end
    first = max(0, min(start - _CONTEXT, len(line) - (SNIPPET_WIDTH - 1)))
    last = min(len(line), first + SNIPPET_WIDTH - (1 if first else 0) - 1)
    if last == len(line) - 1:  # one character left: show it rather than a mark
        last = len(line)
    left = "…" if first else ""
    shown = left + line[first:last] + ("…" if last < len(line) else "")
    offset = len(left) - first
    return shown, start + offset, max(min(end, last) + offset, start + offset + 1)


def snippet(d: Diagnostic, line: str, paint: Callable[..., str]) -> str:
    number = str(d.span.line)
    pad = " " * len(number)
    start = d.span.column - 1
    end = d.span.end_column - 1 if d.span.end_line == d.span.line else len(line)
    end = max(min(end, len(line)), start + 1)
    line, start, end = window(line, start, end)
    shown = _display(line)
    # Widths of escaped prefixes: an escape may depend on the character before it.
    before = _width(_display(line[:start]))
    length = max(_width(_display(line[:end])) - before, 1)
    marker = paint("^" + "~" * (length - 1), fg=_COLORS[d.severity], bold=True)
    gutter = paint(" |", fg="blue", bold=True)
    return "\n".join(
        (
            f"{pad}{gutter}",
            f"{paint(number, fg='blue', bold=True)}{gutter} {shown}",
            f"{pad}{gutter} {' ' * before}{marker}",
        )
    )


def summary(results: Sequence[FileResult], paint: Callable[..., str] = _plain) -> str:
    """``Found 2 errors, 1 warning in 2 of 14 files.`` or ``No problems found in 14
    files.``, with ``; 1 file could not be read`` when some could not (the exit code is
    then 2, and the files are named on stderr)."""
    checked = [r for r in results if r.error is None]
    unread = unreadable(results)
    counts = dict.fromkeys(Severity, 0)
    for result in checked:
        for d in result.diagnostics:
            counts[d.severity] += 1
    files = len(checked)
    with_findings = sum(1 for r in checked if r.diagnostics)
    hidden = sum(len(r.suppressed) for r in checked)
    baselined = sum(r.baselined for r in checked)
    notes = [f"{hidden} suppressed"] if hidden else []
    notes += [f"{baselined} in the baseline"] if baselined else []
    note = f" ({', '.join(notes)})" if notes else ""
    if not files and unread:
        return paint(f"No file was checked{unread}.", bold=True)
    if not with_findings:
        text = f"No problems found in {counted(files, 'file')}{note}{unread}."
        return paint(text, bold=True) if unread else paint(text, fg="green", bold=True)
    parts = [
        counted(count, str(severity))
        for severity, count in sorted(counts.items(), reverse=True)
        if count
    ]
    found = (
        f"Found {', '.join(parts)} in {with_findings} of {counted(files, 'file')}{note}{unread}."
    )
    return paint(found, bold=True)


def unreadable(results: Sequence[FileResult]) -> str:
    """``; 2 files could not be read`` when some of ``results`` could not, else ``""``."""
    count = sum(1 for r in results if r.error is not None)
    return f"; {counted(count, 'file')} could not be read" if count else ""
