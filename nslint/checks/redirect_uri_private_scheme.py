"""## What it does
Reports a redirect URI whose private-use (custom) scheme has no `.` in it, such as
`myapp://callback`. Located at the URI.

## Why is this bad?
NetSuite accepts such a URI, but any application on the device can claim a short
scheme like `myapp`, and receive the authorization code meant for yours. A scheme based
on a domain name you control, in reverse order, avoids the collision.

## Example
```yaml
oauth2:
  redirect_uris: ["myapp://oauth/callback"]
```
Use instead:
```yaml
oauth2:
  redirect_uris: ["com.example.myapp:/oauth/callback"]
```

## Source
RFC 8252, section 7.1 (private-use URI scheme redirection) and section 8.4.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from nslint.checks.uris import redirect_uris, scheme
from nslint.diagnostics import Finding, Severity
from nslint.document import Document
from nslint.rule import Context, Rule

CODE = "NS105"


def check(doc: Document, options: Mapping[str, Any], context: Context) -> Iterator[Finding]:
    for path, uri in redirect_uris(doc):
        used = scheme(uri)
        if used and used not in ("http", "https") and "." not in used:
            yield Finding(
                CODE,
                doc.value_span(path),
                f"Redirect URI uses the private-use scheme `{used}:`, which other apps can "
                f"claim too; use a reverse domain name you control, such as "
                f"`com.example.{used}:/callback`",
            )


RULE = Rule(
    code=CODE,
    name="redirect-uri-private-scheme",
    severity=Severity.WARNING,
    summary="A redirect URI uses a private-use scheme without a dot (myapp://).",
    doc=__doc__ or "",
    check=check,
)
