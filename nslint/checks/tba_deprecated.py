"""## What it does
Reports an integration with Token-based Authentication enabled, as a reminder of the
deprecation. Not reported where `tba-new-integration` (NS402) is. Located at
`token_based_authentication.enabled`.

## Why is this bad?
Oracle: "As of 2027.1, no new integrations using TBA can be created for SOAP web
services, REST web services, and RESTlets. Existing integrations will continue
working." Integrations that rely on TBA should plan their move to OAuth 2.0.

## Example
```yaml
application_id: 6C9A1D2E-3F4B-4C5D-8E9F-0A1B2C3D4E5F
token_based_authentication:
  enabled: true
```
Use instead:
```yaml
application_id: 6C9A1D2E-3F4B-4C5D-8E9F-0A1B2C3D4E5F
oauth2:
  client_credentials_grant: true
  scopes: [rest_webservices]
```

## Source
NetSuite help: "Token-based Authentication (TBA) for Users" (section_158618788810): "As
of 2027.1, no new integrations using TBA can be created for SOAP web services, REST web
services, and RESTlets. Existing integrations will continue working." (read on a
third-party mirror of Oracle's help, the Adaptavist-hosted copy).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from nslint.checks.tba import ENABLED, blocked_as_new, tba_enabled
from nslint.diagnostics import Finding, Severity
from nslint.document import Document
from nslint.rule import Context, Rule

CODE = "NS401"


def check(doc: Document, options: Mapping[str, Any], context: Context) -> Iterator[Finding]:
    if tba_enabled(doc) and not blocked_as_new(doc, context.release):
        yield Finding(
            CODE,
            doc.value_span(ENABLED),
            "Token-based Authentication is enabled: from NetSuite 2027.1 no new integration "
            "using TBA can be created (existing ones keep working); plan the move to OAuth 2.0",
        )


RULE = Rule(
    code=CODE,
    name="tba-deprecated",
    severity=Severity.NOTICE,
    summary="Token-based Authentication is enabled (deprecated for new integrations, 2027.1).",
    doc=__doc__ or "",
    check=check,
    tags=("netsuite", "tba", "deprecation"),
)
