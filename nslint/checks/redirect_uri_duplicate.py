"""## What it does
Reports a redirect URI listed more than once in `oauth2.redirect_uris` (the same exact
string). Located at the later entry, also when it is written as a YAML alias.

## Why is this bad?
A repeated URI adds nothing and usually hides a copy-and-paste mistake: the URI that
was meant to be there is missing.

## Example
```yaml
oauth2:
  redirect_uris:
    - https://app.example.com/cb
    - https://app.example.com/cb
```
Use instead:
```yaml
oauth2:
  redirect_uris:
    - https://app.example.com/cb
    - https://staging.example.com/cb
```

## Source
RFC 9700, section 2.1 (redirect URIs are compared as exact strings).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from nslint.checks.uris import redirect_uris, show_uri
from nslint.diagnostics import Diagnostic, Finding, Severity
from nslint.document import Document, JSONPath
from nslint.rule import Context, Fix, Rule
from nslint.source import Source

if TYPE_CHECKING:
    from nslint.edits import Edit

CODE = "NS104"
# Used only by the fix: compiled then, by re's own cache, not when nslint starts.
_BLOCK_ITEM_BEFORE = r"\s*-\s+"
_DIRECTIVE_LINE = r"(?i)\s*#\s*nslint\s*:.*"
_AFTER_VALUE = r"\s*(#.*)?"


def check(doc: Document, options: Mapping[str, Any], context: Context) -> Iterator[Finding]:
    first: dict[str, JSONPath] = {}
    for path, uri in redirect_uris(doc):
        if uri not in first:
            first[uri] = path  # located only if it is repeated: most lists are not
            continue
        line = doc.value_span(first[uri]).line
        yield Finding(
            CODE,
            doc.value_span(path),
            f"Redirect URI {show_uri(uri)} is already listed on line {line}; "
            "remove the repeated entry",
        )


def fix(
    src: Source, findings: Sequence[Diagnostic], everything: Sequence[Diagnostic]
) -> Iterator[Edit]:
    """The repeated redirect URI removed: its line in a block list (with a ``# nslint:``
    comment alone above it, which applies to it only), or ``, item`` in a flow list; not
    an item that defines an anchor (removing it would change an alias)."""
    for finding in findings:
        edit = _removed(src, finding)
        if edit is not None:
            yield edit


def _removed(src: Source, finding: Diagnostic) -> Edit | None:
    from nslint.edits import Edit, span_range

    span = finding.span
    if span.line != span.end_line:
        return None
    start, end = span_range(src, span)
    line_start = src.offset(span.line, 1)
    line_end = src.offset(span.line + 1, 1)
    line = src.text[line_start:line_end]
    before, after = src.text[line_start:start], src.text[end:line_end].rstrip("\r\n")
    if "&" in before or src.text[start:end].startswith("&"):
        return None  # the item defines an anchor: removing it would change an alias
    if re.fullmatch(_BLOCK_ITEM_BEFORE, before) and re.fullmatch(_AFTER_VALUE, after):
        if span.line > 1:  # a `# nslint:` comment alone above applies to this item only
            above_start = src.offset(span.line - 1, 1)
            if re.fullmatch(_DIRECTIVE_LINE, src.text[above_start:line_start].rstrip("\r\n")):
                line_start = above_start
        return Edit(line_start, line_end if line.endswith(("\n", "\r")) else end, "")
    comma = start - 1  # a flow list: remove ", item"
    while comma >= 0 and src.text[comma] in " \t\r\n":
        comma -= 1
    if comma >= 0 and src.text[comma] == ",":
        return Edit(comma, end, "")
    return None


RULE = Rule(
    code=CODE,
    name="redirect-uri-duplicate",
    severity=Severity.WARNING,
    summary="The same redirect URI is listed twice.",
    doc=__doc__ or "",
    check=check,
    fix=Fix(fix, safe=True),
    tags=("netsuite", "oauth2", "redirect-uri"),
)
