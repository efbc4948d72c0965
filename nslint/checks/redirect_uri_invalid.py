"""## What it does
Reports a redirect URI (`oauth2.redirect_uris`) that NetSuite cannot match exactly and
safely: one that is not absolute (no scheme), has a fragment (`#...`), contains a
wildcard `*` anywhere, carries user information (`user:pass@`), contains whitespace, or
is an https URI without a host. The message names which. Located at the URI.

## Why is this bad?
Redirect URIs are compared as exact strings. A fragment is not allowed in a redirection
endpoint, wildcards invite open redirects, credentials in a URI leak into logs, and
whitespace (a trailing space is easy to miss) makes the URI never match.

## Example
```yaml
oauth2:
  redirect_uris: ["https://*.example.com/cb#done "]
```
Use instead:
```yaml
oauth2:
  redirect_uris: [https://app.example.com/cb]
```

## Source
RFC 6749, section 3.1.2 (absolute URI, no fragment); RFC 9700, section 2.1 (exact string
matching); RFC 3986, sections 3 and 3.2.1.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

from nslint.checks.uris import redirect_uris
from nslint.diagnostics import Finding, Severity
from nslint.document import Document
from nslint.rule import Context, Rule

CODE = "NS102"
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_WHITESPACE = re.compile(r"\s")  # str.isspace's characters, as re reads \s for str


def problems(uri: str) -> list[str]:
    """What makes ``uri`` unusable as a redirect URI (empty when nothing does)."""
    found = []
    if _WHITESPACE.search(uri):
        found.append("it contains whitespace")
    if not _SCHEME.match(uri):
        found.append("it is not an absolute URI (it has no scheme)")
        return found
    if "*" in uri:
        found.append("it contains a wildcard `*`")
    if "#" in uri:
        found.append("it has a fragment (`#...`)")
    try:
        parts = urlsplit(uri.strip())
        host = parts.hostname
    except ValueError:
        found.append("its host part is malformed")
        return found
    if "@" in parts.netloc:
        found.append("it contains user information (`user:pass@`)")
    if parts.scheme.lower() == "https" and not host:
        found.append("it is an https URI without a host")
    return found


def check(doc: Document, options: Mapping[str, Any], context: Context) -> Iterator[Finding]:
    for path, uri in redirect_uris(doc):
        found = problems(uri)
        if found:
            yield Finding(
                CODE,
                doc.value_span(path),
                f"Redirect URI is not valid: {'; '.join(found)}; NetSuite matches redirect "
                "URIs exactly, write the one absolute https:// URI the application uses",
            )


RULE = Rule(
    code=CODE,
    name="redirect-uri-invalid",
    severity=Severity.ERROR,
    summary="A redirect URI is not absolute, or has a fragment, wildcard, userinfo or space.",
    doc=__doc__ or "",
    check=check,
)
