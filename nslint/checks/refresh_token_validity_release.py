"""## What it does
Reports `oauth2.refresh_token_validity_hours` when the target release is before
2025.2. The target release is `release` in the configuration or `--release YYYY.N`, or
the release current today (January-June is YYYY.1, July-December YYYY.2). Located at
the `refresh_token_validity_hours` key, like the other rules that report a setting
which should not be there (NS106, NS205, NS604).

## Why is this bad?
The Refresh Token Validity of an integration record can be changed only from NetSuite
2025.2. In an account on an earlier release the setting does not exist: the record
cannot have it, and the spec promises a refresh token lifetime the integration will not
get. Remove it, or target 2025.2 or later.

`max_token_rotation_hours` is not reported: the release note names only the refresh
token validity, and no source we know of dates the Maximum Time For Token Rotation.

## Example
With `release: 2025.1`:
```yaml
oauth2:
  authorization_code_grant: true
  redirect_uris: [https://app.example.com/oauth/callback]
  refresh_token_validity_hours: 24
```
Use instead:
```yaml
oauth2:
  authorization_code_grant: true
  redirect_uris: [https://app.example.com/oauth/callback]
```

## Source
NetSuite 2025.2 release notes, "Authentication" (section_158921905537), heading "Update
to the OAuth 2.0 Refresh Token Validity": "As of NetSuite 25.2, you can change the
validity of a refresh token for the OAuth 2.0 authorization code grant flow." Read on a
third-party copy of Oracle's help (the Adaptavist-hosted mirror,
oracle.hydrogen.sagittarius.connect.product.adaptavist.com), because the same section id
on docs.oracle.com now holds a later release's notes; the text is Oracle's.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from nslint.checks.token_rotation_below_refresh_validity import VALIDITY
from nslint.diagnostics import Finding, Severity
from nslint.document import Document
from nslint.release import REFRESH_TOKEN_VALIDITY
from nslint.rule import Context, Rule

CODE = "NS204"


def check(doc: Document, options: Mapping[str, Any], context: Context) -> Iterator[Finding]:
    if context.release >= REFRESH_TOKEN_VALIDITY:
        return
    oauth2 = doc.get(VALIDITY[:1])
    if isinstance(oauth2, dict) and VALIDITY[1] in oauth2:
        yield Finding(
            CODE,
            doc.key_span(VALIDITY),
            f"Refresh Token Validity can be changed only from NetSuite "
            f"{REFRESH_TOKEN_VALIDITY}, and the target release is {context.release}; "
            f"remove `refresh_token_validity_hours`, or target {REFRESH_TOKEN_VALIDITY} "
            "or later with `release` or --release",
        )


RULE = Rule(
    code=CODE,
    name="refresh-token-validity-before-2025.2",
    severity=Severity.ERROR,
    summary="Refresh token validity is set when the target release is before 2025.2.",
    doc=__doc__ or "",
    check=check,
    tags=("netsuite", "oauth2", "tokens", "release"),
)
