"""## What it does
Reports a redirect URI (`oauth2.redirect_uris`) or a TBA Callback URL
(`token_based_authentication.callback_url`) that uses `http://`. The scheme is compared
without regard to case, so `HTTP://` is reported too. Located at the URI.

## Why is this bad?
The authorization code (or TBA verifier) travels in the redirect. Over plain HTTP anyone
on the network path can read it. NetSuite rejects http:// redirect URIs and requires
transport security.

## Example
```yaml
oauth2:
  redirect_uris: [http://app.example.com/oauth/callback]
```
Use instead:
```yaml
oauth2:
  redirect_uris: [https://app.example.com/oauth/callback]
```
(or a private-use scheme such as `com.example.app:/oauth/callback` for a native app).

## Source
RFC 6749, section 3.1.2.1; RFC 9700, section 2.6; NetSuite help: "Create Integration
Records for Applications to Use OAuth 2.0".
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from typing import Any

from nslint.checks.uris import callback_url, redirect_uris, scheme
from nslint.diagnostics import Finding, Severity
from nslint.document import Document
from nslint.rule import Context, Rule

CODE = "NS101"


def check(doc: Document, options: Mapping[str, Any], context: Context) -> Iterator[Finding]:
    for path, uri in itertools.chain(redirect_uris(doc), callback_url(doc)):
        if scheme(uri) == "http":
            field = "Callback URL" if path[-1] == "callback_url" else "Redirect URI"
            yield Finding(
                CODE,
                doc.value_span(path),
                f"{field} uses http://; NetSuite requires https:// (or, for a native app, "
                "a private-use scheme such as com.example.app:/callback)",
            )


RULE = Rule(
    code=CODE,
    name="redirect-uri-scheme",
    severity=Severity.ERROR,
    summary="A redirect URI or the TBA callback URL uses http://.",
    doc=__doc__ or "",
    check=check,
)
