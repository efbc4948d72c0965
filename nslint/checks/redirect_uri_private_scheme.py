"""## What it does
Reports a redirect URI whose private-use (custom) scheme has no `.` in it, such as
`myapp://callback`. Located at the URI.

Only schemes that an application could register are reported: not `http` and `https`
(NS101 reports `http://`), and not the schemes a browser handles itself (`javascript:`,
`vbscript:`, `data:`, `blob:`, `about:`, `file:`), which are NS102 errors: renaming them
`com.example.javascript:` would be no advice at all.

## Why is this bad?
NetSuite accepts such a URI, but any application on the device can claim a short
scheme like `myapp`, and receive the authorization code meant for yours. A scheme based
on a domain name you control, in reverse order, avoids the collision. NetSuite's own
example, `myapp://callback`, is such a short scheme, and RFC 8252's "MUST" binds the
application, not NetSuite: so this is a warning, not an error.

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
- RFC 8252, section 7.1 "Private-Use URI Scheme Redirection": "apps MUST use a URI
  scheme based on a domain name under their control, expressed in reverse order"; its
  example is `com.example.app:/oauth2redirect/example-provider`; section 8.4
  "Registration of Native App Clients".
- NetSuite help, "Create Integration Records for Applications to Use OAuth 2.0"
  (section_157771733782): "The redirect URI must be configured as either the https://
  scheme or a custom URL scheme (for example, myapp://callback)."
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from nslint.checks.uris import BROWSER_SCHEMES, redirect_uris, scheme
from nslint.diagnostics import Finding, Severity
from nslint.document import Document
from nslint.rule import Context, Rule

CODE = "NS105"
_NOT_PRIVATE = frozenset({"http", "https", *BROWSER_SCHEMES})
"""Schemes no application registers for itself."""


def check(doc: Document, options: Mapping[str, Any], context: Context) -> Iterator[Finding]:
    for path, uri in redirect_uris(doc):
        used = scheme(uri)
        if used and "." not in used and used not in _NOT_PRIVATE:
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
    tags=("netsuite", "oauth2", "redirect-uri", "security"),
)
