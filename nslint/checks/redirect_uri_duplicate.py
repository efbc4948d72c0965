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

from collections.abc import Iterator, Mapping
from typing import Any

from nslint.checks.uris import redirect_uris, show_uri
from nslint.diagnostics import Finding, Severity
from nslint.document import Document, JSONPath
from nslint.rule import Context, Rule

CODE = "NS104"


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


RULE = Rule(
    code=CODE,
    name="redirect-uri-duplicate",
    severity=Severity.WARNING,
    summary="The same redirect URI is listed twice.",
    doc=__doc__ or "",
    check=check,
)
