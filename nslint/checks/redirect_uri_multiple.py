"""## What it does
Reports more than one redirect URI in `oauth2.redirect_uris` when the target release is
before 2026.1. The target release is `release` in the configuration or `--release
YYYY.N`, or the release current today (January-June is YYYY.1, July-December YYYY.2).
Located at the second URI.

## Why is this bad?
Until NetSuite 2026.1 an integration record has a single Redirect URI: a spec that lists
several describes a record that cannot be saved in an account on an earlier release.
Keep the one URI the application uses there, or target 2026.1 or later.

## Example
With `release: 2025.2`:
```yaml
oauth2:
  authorization_code_grant: true
  redirect_uris:
    - https://app.example.com/oauth/callback
    - https://staging.example.com/oauth/callback
```
Use instead:
```yaml
oauth2:
  authorization_code_grant: true
  redirect_uris:
    - https://app.example.com/oauth/callback
```

## Source
NetSuite 2026.1 release notes, "Authentication" (section_158921905537), heading
"Support for Multiple Redirect URIs": "NetSuite now supports multiple Redirect URIs for
integration records that use the OAuth 2.0 authorization code grant flow."
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from nslint.checks.uris import REDIRECT_URIS
from nslint.diagnostics import Finding, Severity
from nslint.document import Document
from nslint.release import MULTIPLE_REDIRECT_URIS
from nslint.rule import Context, Rule

CODE = "NS107"


def check(doc: Document, options: Mapping[str, Any], context: Context) -> Iterator[Finding]:
    if context.release >= MULTIPLE_REDIRECT_URIS:
        return
    uris = doc.get(REDIRECT_URIS)
    if isinstance(uris, list) and len(uris) > 1:
        yield Finding(
            CODE,
            doc.value_span((*REDIRECT_URIS, 1)),
            f"{len(uris)} Redirect URIs are listed, but before NetSuite "
            f"{MULTIPLE_REDIRECT_URIS} an integration record has only one (the target "
            f"release is {context.release}); keep one URI, or target "
            f"{MULTIPLE_REDIRECT_URIS} or later with `release` or --release",
        )


RULE = Rule(
    code=CODE,
    name="redirect-uri-multiple-before-2026.1",
    severity=Severity.ERROR,
    summary="More than one redirect URI when the target release is before 2026.1.",
    doc=__doc__ or "",
    check=check,
    tags=("netsuite", "oauth2", "redirect-uri", "release"),
)
