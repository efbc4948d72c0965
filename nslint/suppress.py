"""Step 5 of a file's journey: inline suppression with ``# nslint:`` comments.

* ``# nslint: disable=NS301[,NS105] reason`` at the end of the line a finding is
  located on, or alone on the line directly above it, suppresses those codes there.
* ``# nslint: disable-file=NS401[,...] reason`` anywhere suppresses them in the whole file.

Codes are mandatory; the reason is free text. A directive that suppressed nothing, or
names an unknown code, is reported (NS900) at the code; a comment that starts like a
directive but is not one is reported too (NS901), so that no suppression fails silently.

Comments are found in the text, but a ``#`` inside a quoted or block scalar (as the
parse saw it) is never taken for one.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import TYPE_CHECKING, Final

from nslint.diagnostics import Diagnostic, Finding, Severity, Span, Unfixable
from nslint.rule import Fix, Rule
from nslint.source import Source
from nslint.values import close_matches

if TYPE_CHECKING:
    from nslint.edits import Edit

UNUSED = "NS900"
MALFORMED = "NS901"
UNSUPPRESSIBLE = frozenset({UNUSED, MALFORMED})
"""Beside the rules that are always on (``Rule.always_on``), the codes that cannot be
suppressed: a suppression's own findings."""

# Compiled (by re's own cache) when a file first mentions nslint, not at start-up.
_MARKER = r"#\s*nslint\s*:"
_DIRECTIVE = (
    r"\s*(?P<kind>disable-file|disable)\s*=\s*"
    r"(?P<codes>[A-Za-z0-9_]+(?:\s*,\s*[A-Za-z0-9_]+)*)"
    r"(?P<rest>.*)$"
)
_CODE = r"[A-Za-z0-9_]+"
_KINDS = ("disable", "disable-file")


class Directive:
    """One ``# nslint: disable...`` comment: the ``line`` it is on, the ``target`` line it
    applies to (None for ``disable-file``), the ``codes`` it names, each with where it is
    written, its ``reason``, and its ``span``, from its ``#`` to the end of the line.

    This class and the next are plain classes, not NamedTuples, so that importing them
    generates no code (issue 16)."""

    __slots__ = ("codes", "line", "reason", "span", "target")

    def __init__(
        self,
        line: int,
        target: int | None,
        codes: tuple[tuple[str, Span], ...],
        reason: str,
        span: Span,
    ) -> None:
        self.line: Final = line
        self.target: Final = target
        self.codes: Final = codes
        self.reason: Final = reason
        self.span: Final = span


class Suppressed:
    """A finding that a directive suppressed, and the directive's reason."""

    __slots__ = ("directive", "finding")

    def __init__(self, finding: Finding, directive: Directive) -> None:
        self.finding: Final = finding
        self.directive: Final = directive


class Outcome:
    """What suppression left: findings kept, findings suppressed, and its own findings."""

    __slots__ = ("kept", "suppressed")

    def __init__(self) -> None:
        self.kept: list[Finding] = []
        self.suppressed: list[Suppressed] = []


def parse(src: Source, not_comments: Sequence[Span] = ()) -> tuple[list[Directive], list[Finding]]:
    """The directives in ``src``, and NS901 findings for the malformed ones.

    ``not_comments`` are the spans of scalars whose ``#`` characters are text.
    """
    directives: list[Directive] = []
    malformed: list[Finding] = []
    if "nslint" not in src.text.lower():  # almost every file: no directive at all
        return directives, malformed
    starts = sorted(not_comments)
    for number, line in enumerate(src.lines, start=1):
        if "nslint" not in line.lower():
            continue
        for match in re.finditer(_MARKER, line, re.IGNORECASE):
            column = match.start() + 1
            if (column > 1 and not line[column - 2].isspace()) or _inside(starts, number, column):
                continue
            result = _directive(line, number, match)
            if isinstance(result, Directive):
                directives.append(result)
            else:
                malformed.append(result)
            break
    return directives, malformed


def _inside(spans: list[Span], line: int, column: int) -> bool:
    """True if (line, column) lies within one of the sorted, disjoint spans."""
    index = bisect.bisect_right(spans, Span(line, column, line, column))
    if index == 0:
        return False
    span = spans[index - 1]
    return (line, column) < (span.end_line, span.end_column)


def _directive(line: str, number: int, marker: re.Match[str]) -> Directive | Finding:
    comment = Span(number, marker.start() + 1, number, len(line) + 1)
    body = line[marker.end() :]
    match = re.match(_DIRECTIVE, body, re.IGNORECASE)
    if match is None or (match.group("rest") and not match.group("rest")[0].isspace()):
        return Finding(MALFORMED, comment, _malformed_message(body))
    offset = marker.end()
    codes = tuple(
        (
            code.group(0),
            Span(
                number,
                offset + match.start("codes") + code.start() + 1,
                number,
                offset + match.start("codes") + code.end() + 1,
            ),
        )
        for code in re.finditer(_CODE, match.group("codes"))
    )
    file_wide = match.group("kind").lower() == "disable-file"
    alone = not line[: marker.start()].strip()
    target = None if file_wide else (number + 1 if alone else number)
    return Directive(number, target, codes, match.group("rest").strip(), comment)


def _malformed_message(body: str) -> str:
    word = re.match(r"\s*([A-Za-z_-]*)", body)
    written = word.group(1) if word else ""
    example = "`# nslint: disable=NS301 reason` or `# nslint: disable-file=NS401 reason`"
    if written.lower() in _KINDS and "=" in body:
        return (
            f"cannot read the codes of this `# nslint: {written}`: separate them with commas "
            f"and put a space before the reason, as in {example}"
        )
    if written.lower() in _KINDS:
        return (
            f"`# nslint: {written}` must name the codes it suppresses, as in {example}; "
            "there is no blanket disable"
        )
    close = close_matches(written.lower(), _KINDS, n=1, cutoff=0.6)
    if written and close:
        return f"unknown nslint directive `{written}`; did you mean `{close[0]}`? ({example})"
    return f"this `# nslint:` comment is not a directive nslint understands; write {example}"


def apply(
    findings: Iterable[Finding],
    directives: Sequence[Directive],
    rules: Collection[str],
    always_on: Collection[str],
    enabled: Callable[[str], bool],
) -> tuple[Outcome, list[Finding]]:
    """Suppress findings; also the NS900 findings for directives that did nothing.

    ``rules`` holds every known code, ``always_on`` those that cannot be suppressed
    (``Rule.always_on``), ``enabled`` says whether a code is reported in this file at
    all (selected and not ignored for it).
    """
    outcome = Outcome()
    if not directives:
        outcome.kept.extend(findings)
        return outcome, []
    unsuppressible = UNSUPPRESSIBLE.union(always_on)
    by_line: dict[int, list[Directive]] = {}
    file_wide: list[Directive] = []
    for each in directives:
        if each.target is None:
            file_wide.append(each)
        else:
            by_line.setdefault(each.target, []).append(each)
    used: set[tuple[int, str]] = set()
    for finding in findings:
        directive: Directive | None = None
        if finding.code not in unsuppressible:
            candidates = [*by_line.get(finding.span.line, ()), *file_wide]
            directive = next(
                (d for d in candidates if any(code == finding.code for code, _ in d.codes)), None
            )
        if directive is None:
            outcome.kept.append(finding)
        else:
            used.add((directive.line, finding.code))
            outcome.suppressed.append(Suppressed(finding, directive))
    unused = [
        found
        for directive in directives
        for code, span in directive.codes
        if (found := _unused(directive, code, span, used, rules, unsuppressible, enabled))
    ]
    return outcome, unused


def _unused(
    directive: Directive,
    code: str,
    span: Span,
    used: set[tuple[int, str]],
    rules: Collection[str],
    unsuppressible: Collection[str],
    enabled: Callable[[str], bool],
) -> Finding | None:
    """The NS900 finding for ``code`` in ``directive``, if it suppressed nothing. Only a
    code that simply suppressed nothing is fixable (removed by ``--fix``): an unknown,
    disabled or unsuppressible one may be so only because its plugin did not load."""
    if (directive.line, code) in used:
        return None
    if code not in rules:
        close = close_matches(code.upper(), list(rules), n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]}?" if close else "; `nslint rules` lists them all"
        message = f"`{code}` in this suppression is not a rule code{hint}"
        return Unfixable(UNUSED, span, message)
    if code in unsuppressible:
        message = f"{code} cannot be suppressed; remove it from this comment"
        return Unfixable(UNUSED, span, message)
    if not enabled(code):
        message = (
            f"{code} is not enabled for this file, so this suppression does nothing; remove it"
        )
        return Unfixable(UNUSED, span, message)
    if directive.target is None:
        message = f"no {code} finding in this file to suppress; remove {code} from this comment"
        return Finding(UNUSED, span, message)
    return Finding(
        UNUSED,
        span,
        f"no {code} finding on line {directive.target} to suppress; remove {code} from this "
        "comment (a suppression applies to the line it ends, or to the line below it when "
        "it stands alone)",
    )


def _fix_unused(
    src: Source, unused: Sequence[Diagnostic], everything: Sequence[Diagnostic]
) -> list[Edit]:
    """NS900's fix: each code that suppressed nothing removed from its comment, or the
    comment when none is left."""
    directives, _ = parse(src)
    spans = {d.span for d in unused}
    edits = []
    for directive in directives:
        stale = [(code, span) for code, span in directive.codes if span in spans]
        if not stale:
            continue
        if len(stale) == len(directive.codes):
            edits.append(_remove_comment(src, directive))
        else:
            edits.extend(_remove_code(src, span) for _, span in stale)
    return edits


def _remove_comment(src: Source, directive: Directive) -> Edit:
    from nslint.edits import Edit

    start = src.offset(directive.span.line, directive.span.column)
    line_start = src.offset(directive.span.line, 1)
    end = src.offset(directive.span.line, directive.span.end_column)
    if not src.text[line_start:start].strip():  # alone on its line: remove the line
        return Edit(line_start, src.offset(directive.span.line + 1, 1), "")
    while start > line_start and src.text[start - 1] in " \t":
        start -= 1
    return Edit(start, end, "")


def _remove_code(src: Source, span: Span) -> Edit:
    from nslint.edits import Edit, span_range

    start, end = span_range(src, span)
    text = src.text
    after = end
    while after < len(text) and text[after] in " \t":
        after += 1
    if after < len(text) and text[after] == ",":  # "CODE, " -> ""
        after += 1
        while after < len(text) and text[after] in " \t":
            after += 1
        return Edit(start, after, "")
    before = start  # the last code: ", CODE" -> ""
    while before > 0 and text[before - 1] in " \t":
        before -= 1
    if before > 0 and text[before - 1] == ",":
        before -= 1
    return Edit(before, end, "")


UNUSED_RULE = Rule(
    code=UNUSED,
    name="unused-suppression",
    severity=Severity.WARNING,
    summary="A suppression comment suppressed nothing, or names an unknown code.",
    doc="""\
## What it does
Reports each code in a `# nslint: disable=...` or `# nslint: disable-file=...` comment
that suppressed no finding: the finding was fixed, moved to another line, is not enabled
for the file, or the code does not exist. Located at the code in the comment. NS001,
NS008, NS009, NS900 and NS901 cannot be suppressed, so naming them is reported too.

## Why is this bad?
A stale suppression hides the next real finding on that line, and an unknown code (a
typo) means the finding it was meant for is still reported, or something else is hidden.
Suppressions should say exactly what they accept, and nothing more.

## Example
```yaml
oauth2:
  public_client: false  # nslint: disable=NS301 mobile app
```
Use instead (the line no longer has a public-client finding):
```yaml
oauth2:
  public_client: false
```

## Source
After ruff's RUF100 (unused `noqa` directive).
""",
    fix=Fix(_fix_unused, safe=True),
    tags=("suppression",),
)

MALFORMED_RULE = Rule(
    code=MALFORMED,
    name="malformed-suppression",
    severity=Severity.WARNING,
    summary="A `# nslint:` comment is not a valid directive, so it suppresses nothing.",
    doc="""\
## What it does
Reports a comment that starts with `# nslint:` but is not `disable=CODES` or
`disable-file=CODES`: a misspelt directive, a missing code list (there is no blanket
disable), or stray characters after the codes. Located at the comment.

## Why is this bad?
The finding the comment was meant to suppress is still reported, and the reviewer may
believe it was accepted. A silent typo in a suppression is a policy hole.

## Example
```yaml
oauth2:
  public_client: true  # nslint: disabel=NS301 mobile app
```
Use instead:
```yaml
oauth2:
  public_client: true  # nslint: disable=NS301 mobile app
```

## Source
nslint's suppression syntax (docs/configuration.md, "Inline suppression").
""",
    tags=("suppression",),
)

RULES: tuple[Rule, ...] = (UNUSED_RULE, MALFORMED_RULE)
