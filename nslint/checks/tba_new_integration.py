"""## What it does
Reports Token-based Authentication enabled on a new integration (a spec with no
`application_id`) when the target release is 2027.1 or later. The target release is
`--release YYYY.N`, or the release current today (January-June is YYYY.1,
July-December YYYY.2). Located at `token_based_authentication.enabled`.

## Why is this bad?
From 2027.1 NetSuite does not allow new integration records that use TBA for SOAP web
services, REST web services and RESTlets: this record cannot be created.

## Example
```yaml
name: New connector
token_based_authentication:
  enabled: true
```
Use instead:
```yaml
name: New connector
oauth2:
  authorization_code_grant: true
  redirect_uris: [https://app.example.com/oauth/callback]
  scopes: [restlets]
```

## Source
NetSuite help: "Token-based Authentication (TBA) for Users" (section_158618788810): "As
of 2027.1, no new integrations using TBA can be created for SOAP web services, REST web
services, and RESTlets." (read on a third-party mirror of Oracle's help, the
Adaptavist-hosted copy).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from nslint.checks.tba import ENABLED, blocked_as_new
from nslint.diagnostics import Finding, Severity
from nslint.document import Document
from nslint.rule import Context, Rule

CODE = "NS402"


def check(doc: Document, options: Mapping[str, Any], context: Context) -> Iterator[Finding]:
    if blocked_as_new(doc, context.release):
        yield Finding(
            CODE,
            doc.value_span(ENABLED),
            f"Token-based Authentication is enabled on a new integration (no application_id), "
            f"which NetSuite {context.release} does not allow; use OAuth 2.0 instead",
        )


RULE = Rule(
    code=CODE,
    name="tba-new-integration",
    severity=Severity.ERROR,
    summary="TBA is enabled on a new integration at release 2027.1 or later.",
    doc=__doc__ or "",
    check=check,
    tags=("netsuite", "tba", "deprecation", "release"),
)
