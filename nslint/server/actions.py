"""What the language server answers from one document's findings: the diagnostics,
the code actions (a rule's fix, a suppression comment, every safe fix at once), the
hover (the rule's documentation) and the completion of codes in a suppression.

Everything here is a function of the document's text (``LineIndex``), its result (the
engine's, credentials already masked) and its settings; ``lsp`` sends it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from lsprotocol import types

from nslint.diagnostics import Diagnostic, Severity
from nslint.results import FileResult, Settings
from nslint.rule import Rule
from nslint.server.positions import LineIndex
from nslint.source import Source

if TYPE_CHECKING:
    from nslint.edits import Edit

SOURCE = "nslint"
FIX_ALL = "source.fixAll.nslint"
DOCS = "https://github.com/nslint/nslint/blob/main/docs/rules.md"
"""The rule catalogue (``python -m nslint.catalogue``): each rule is a section."""
REASON = "<reason>"
"""What a suppression added by a code action says until its author writes why."""

_SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.NOTICE: types.DiagnosticSeverity.Information,
}
_UNNECESSARY = frozenset({"NS900"})
"""A suppression that suppresses nothing: shown faded, as unused code is."""
_DISABLE = re.compile(
    r"#\s*nslint\s*:\s*disable(?:-file)?\s*=\s*(?:[A-Za-z0-9_]+\s*,\s*)*(?P<word>[A-Za-z0-9_]*)$",
    re.IGNORECASE,
)


def lsp_range(index: LineIndex, start: tuple[int, int], end: tuple[int, int]) -> types.Range:
    return types.Range(types.Position(*start), types.Position(*end))


def diagnostic_range(index: LineIndex, d: Diagnostic) -> types.Range:
    return lsp_range(index, *index.span(d.span))


def href(rule: Rule) -> str | None:
    """Where ``rule`` is documented: its section of the catalogue (nslint's own rules;
    a rule pack's or a plugin's have none there)."""
    if rule.origin != "nslint":
        return None
    return f"{DOCS}#{rule.code.lower()}-{rule.name.lower()}"


def diagnostics(index: LineIndex, result: FileResult, settings: Settings) -> list[types.Diagnostic]:
    """The result's findings as the client's diagnostics (a file that could not be
    checked at all has none: its error goes to the log)."""
    rules = settings.rules.rules
    out = []
    for d in result.diagnostics:
        rule = rules.get(d.code)
        link = href(rule) if rule is not None else None
        out.append(
            types.Diagnostic(
                range=diagnostic_range(index, d),
                message=d.message,
                severity=_SEVERITIES[d.severity],
                code=d.code,
                code_description=types.CodeDescription(link) if link else None,
                source=SOURCE,
                tags=[types.DiagnosticTag.Unnecessary] if d.code in _UNNECESSARY else None,
            )
        )
    return out


def _overlaps(a: types.Range, b: types.Range) -> bool:
    start = (a.start.line, a.start.character)
    end = (a.end.line, a.end.character)
    return start <= (b.end.line, b.end.character) and (b.start.line, b.start.character) <= end


def at(index: LineIndex, result: FileResult, wanted: types.Range) -> Iterator[Diagnostic]:
    """The result's findings whose range touches ``wanted``."""
    for d in result.diagnostics:
        if _overlaps(diagnostic_range(index, d), wanted):
            yield d


def _edit(index: LineIndex, start: int, end: int, new: str) -> types.TextEdit:
    """A text edit at offsets into ``index.source.text``."""
    where = lsp_range(index, index.from_source_offset(start), index.from_source_offset(end))
    return types.TextEdit(where, new)


def _workspace_edit(
    uri: str, version: int | None, edits: list[types.TextEdit]
) -> types.WorkspaceEdit:
    document = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version)
    return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(document, list(edits))])


def quick_fix(
    index: LineIndex,
    d: Diagnostic,
    result: FileResult,
    settings: Settings,
    unsafe: bool,
    uri: str,
    version: int | None,
) -> types.CodeAction | None:
    """The rule's fix of the finding ``d`` as a quick fix, if it has one that may be
    made (an unsafe one only with ``unsafe``) and that leaves the same YAML."""
    from nslint import edits as text_edits
    from nslint import fix

    rule = settings.rules.rules.get(d.code)
    if rule is None or rule.fix is None or not d.fixable or not (rule.fix.safe or unsafe):
        return None
    src = index.source
    made = sorted(rule.fix.edits(src, [d], result.diagnostics), key=lambda e: e.start)
    chosen: list[text_edits.Edit] = []
    for edit in made:  # non-overlapping, as the --fix loop takes them
        if not chosen or edit.start >= chosen[-1].end:
            chosen.append(edit)
    if not chosen or fix._verify(src.text, text_edits.apply(src.text, chosen)) is not None:
        return None
    how = "" if rule.fix.safe else " (unsafe: it changes meaning, review it)"
    return types.CodeAction(
        title=f"Fix {d.code} ({rule.name}){how}",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[_as_client(index, d, settings)],
        is_preferred=rule.fix.safe,
        edit=_workspace_edit(uri, version, [_edit(index, e.start, e.end, e.new) for e in chosen]),
    )


def _as_client(index: LineIndex, d: Diagnostic, settings: Settings) -> types.Diagnostic:
    return diagnostics(index, FileResult(d.path, (d,)), settings)[0]


def suppress(
    index: LineIndex,
    d: Diagnostic,
    settings: Settings,
    uri: str,
    version: int | None,
) -> types.CodeAction | None:
    """ "Suppress NSxxx on this line": ``# nslint: disable=NSxxx <reason>`` at the end of
    the finding's line (its code added to a directive already there), or alone on the
    line above when the end of the line is inside a scalar; kept only if the engine,
    run on the result, finds the finding suppressed. None for a code that cannot be
    suppressed."""
    from nslint import edits as text_edits
    from nslint import suppress as suppression
    from nslint.server.workspace import lint

    rules = settings.rules
    if d.code in suppression.UNSUPPRESSIBLE or d.code in rules.always_on:
        return None
    src = index.source
    line = src.line(d.span.line)
    start = src.offset(d.span.line, 1)
    candidates = [_at_end(src, d, start, line), _above(src, d, start, line)]
    for edit, moved in candidates:
        if edit is None:
            continue
        text = text_edits.apply(src.text, [edit])
        after = lint(d.path, text, settings)
        span = d.span._replace(line=d.span.line + moved, end_line=d.span.end_line + moved)
        if any(s.code == d.code and s.span == span for s in after.suppressed):
            return types.CodeAction(
                title=f"Suppress {d.code} on this line",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[_as_client(index, d, settings)],
                edit=_workspace_edit(uri, version, [_edit(index, edit.start, edit.end, edit.new)]),
            )
    return None


def _at_end(src: Source, d: Diagnostic, start: int, line: str) -> tuple[Edit | None, int]:
    """The edit that suppresses ``d`` at the end of its line (no line moves)."""
    from nslint import suppress as suppression
    from nslint.edits import Edit

    directives, _ = suppression.parse(Source(line))
    for directive in directives:
        if directive.target == 1 and directive.codes:  # a directive for this line: one more code
            at = start + directive.codes[-1][1].end_column - 1
            return Edit(at, at, f",{d.code}"), 0
    end = start + len(line.rstrip())
    return Edit(end, start + len(line), f"  # nslint: disable={d.code} {REASON}"), 0


def _above(src: Source, d: Diagnostic, start: int, line: str) -> tuple[Edit | None, int]:
    """The edit that suppresses ``d`` from a comment alone on the line above, indented
    as its line, ended as the file's lines are (its line moves down one)."""
    from nslint.edits import Edit

    after = src.text[start + len(line) : start + len(line) + 2]
    newline = "\r\n" if after == "\r\n" else (after[:1] if after[:1] in ("\r", "\n") else "\n")
    indent = line[: len(line) - len(line.lstrip(" "))]
    return Edit(start, start, f"{indent}# nslint: disable={d.code} {REASON}{newline}"), 1


def fix_all(
    index: LineIndex, path: str, settings: Settings, unsafe: bool, uri: str, version: int | None
) -> types.CodeAction | None:
    """``source.fixAll.nslint``: what ``nslint check --fix`` (``--unsafe-fixes`` when
    configured) would write, as edits of the lines that change."""
    from nslint import fix

    text = index.source.text
    fixed = fix.fix_bytes(path, text.encode("utf-8", "surrogatepass"), settings, unsafe)
    if fixed.error or fixed.after == text or not fixed.after:
        return None
    edits = [_edit(index, *change) for change in changes(text, fixed.after)]
    return types.CodeAction(
        title="Fix all nslint findings" + (" (unsafe fixes too)" if unsafe else ""),
        kind=FIX_ALL,
        edit=_workspace_edit(uri, version, edits),
    )


def changes(old: str, new: str) -> list[tuple[int, int, str]]:
    """The edits (start and end offsets in ``old``, new text) that make ``new`` of
    ``old``: the lines that differ, each run trimmed to the characters that differ. Text
    that stays (a credential on an untouched line, too) is never sent back."""
    import difflib

    before, after = old.splitlines(keepends=True), new.splitlines(keepends=True)
    starts = [0]
    for line in before:
        starts.append(starts[-1] + len(line))
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    out = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        removed, added = "".join(before[i1:i2]), "".join(after[j1:j2])
        head = 0
        limit = min(len(removed), len(added))
        while head < limit and removed[head] == added[head]:
            head += 1
        tail = 0
        while tail < limit - head and removed[-1 - tail] == added[-1 - tail]:
            tail += 1
        out.append((starts[i1] + head, starts[i2] - tail, added[head : len(added) - tail]))
    return out


def hover(
    index: LineIndex, result: FileResult, settings: Settings, position: types.Position
) -> types.Hover | None:
    """The documentation (what ``nslint explain`` prints) of each rule with a finding
    under ``position``, as Markdown."""
    from nslint.catalogue import explain

    point = types.Range(position, position)
    found = list(at(index, result, point))
    if not found:
        return None
    rules = settings.rules.rules
    sections = []
    for code in dict.fromkeys(d.code for d in found):
        rule = rules.get(code)
        if rule is not None:
            sections.append("\n".join(explain(rule)).rstrip())
    if not sections:
        return None
    return types.Hover(
        contents=types.MarkupContent(types.MarkupKind.Markdown, "\n\n---\n\n".join(sections)),
        range=diagnostic_range(index, found[0]),
    )


def completion(
    index: LineIndex, settings: Settings, position: types.Position
) -> types.CompletionList | None:
    """The rule codes a ``# nslint: disable=`` (or ``disable-file=``) comment may name,
    when the cursor is on its list of codes: every rule that can be suppressed."""
    from nslint import suppress as suppression

    line_start = index.offset(position.line, 0)
    cursor = index.offset(position.line, position.character)
    match = _DISABLE.search(index.text[line_start:cursor])
    if match is None:
        return None
    word = match.group("word")
    start = index.position(cursor - len(word))
    replace = types.Range(types.Position(*start), position)
    rules = settings.rules
    items = [
        types.CompletionItem(
            label=code,
            kind=types.CompletionItemKind.Value,
            detail=rule.name,
            documentation=types.MarkupContent(types.MarkupKind.Markdown, rule.summary),
            text_edit=types.TextEdit(replace, code),
            sort_text=code,
        )
        for code, rule in sorted(rules.rules.items())
        if code not in suppression.UNSUPPRESSIBLE and code not in rules.always_on
    ]
    return types.CompletionList(is_incomplete=False, items=items)
