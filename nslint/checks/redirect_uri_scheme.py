"""## What it does
Reports a redirect URI (`oauth2.redirect_uris`) or a TBA Callback URL
(`token_based_authentication.callback_url`) that uses `http://`, for a loopback host
(`localhost`, `127.0.0.1`, `[::1]`) too. The scheme is compared without regard to case,
so `HTTP://` is reported, and `HTTPS://` is https and is not. Located at the URI.

## Why is this bad?
The authorization code (or TBA verifier) travels in the redirect. Over plain HTTP anyone
on the network path can read it. NetSuite rejects http:// redirect URIs and requires
transport security.

If you know RFC 8252 (OAuth 2.0 for Native Apps), section 7.3 "Loopback Interface
Redirection": it has desktop apps receive the redirect on `http://127.0.0.1:{port}/...`
and says authorization servers must allow it. NetSuite does not follow it: its help says
"The http:// scheme isn't supported", with no exception for loopback. A desktop app
needs an https:// redirect URI (a local TLS listener, or a tunnel that gives it an
https:// address) or a private-use scheme of its own (NS105).

## Example
```yaml
oauth2:
  redirect_uris:
    - http://app.example.com/oauth/callback
    - http://127.0.0.1:8765/callback
```
Use instead:
```yaml
oauth2:
  redirect_uris:
    - https://app.example.com/oauth/callback
    - com.example.app:/oauth/callback
```
(`com.example.app:` is a private-use scheme, for a native app).

## Source
- NetSuite help, "Create Integration Records for Applications to Use OAuth 2.0"
  (section_157771733782): "The redirect URI must be configured as either the https://
  scheme or a custom URL scheme (for example, myapp://callback). The http:// scheme
  isn't supported. The transport layer security must be guaranteed on the redirect URI."
  The page names no loopback exception.
- RFC 8252, section 7.3 "Loopback Interface Redirection": "Loopback redirect URIs use
  the "http" scheme"; background only, NetSuite differs (see above).
- RFC 3986, section 3.1: schemes are case-insensitive ("allow "HTTP" as well as
  "http"").
- RFC 6749, section 3.1.2.1; RFC 9700, section 2.6.
"""

from __future__ import annotations

import ipaddress
import itertools
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from nslint.checks.uris import callback_url, redirect_uris, scheme
from nslint.diagnostics import Diagnostic, Finding, Severity
from nslint.document import Document
from nslint.rule import Context, Fix, Rule
from nslint.source import Source

if TYPE_CHECKING:
    from nslint.edits import Edit

CODE = "NS101"
_PRIVATE_USE = "a private-use scheme such as com.example.app:/callback"


def check(doc: Document, options: Mapping[str, Any], context: Context) -> Iterator[Finding]:
    for path, uri in itertools.chain(redirect_uris(doc), callback_url(doc)):
        if scheme(uri) != "http":
            continue
        field = "Callback URL" if path[-1] == "callback_url" else "Redirect URI"
        if field == "Redirect URI" and _loopback(uri):
            message = (
                "Redirect URI uses http:// on a loopback host, which NetSuite refuses too "
                "(RFC 8252 section 7.3 allows it, NetSuite does not); use https:// (a local "
                f"TLS listener or a tunnel) or, for a native app, {_PRIVATE_USE}"
            )
        else:
            message = (
                f"{field} uses http://; NetSuite requires https:// (or, for a native app, "
                f"{_PRIVATE_USE})"
            )
        yield Finding(CODE, doc.value_span(path), message)


def _loopback(uri: str) -> bool:
    """Whether ``uri``'s host is ``localhost`` (or a name under it) or a loopback IP."""
    try:
        host = urlsplit(uri.strip()).hostname or ""
    except ValueError:  # a malformed host: NS102 says so
        return False
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a name, not an address
        return False


def fix(
    src: Source, findings: Sequence[Diagnostic], everything: Sequence[Diagnostic]
) -> Iterator[Edit]:
    """``http://`` -> ``https://`` (unsafe: it changes where the authorization code is
    sent), inside quotes too."""
    from nslint.edits import Edit, span_range

    for finding in findings:
        start, end = span_range(src, finding.span)
        value = src.text[start:end]
        quote = 1 if value[:1] in ("'", '"') else 0
        if value[quote : quote + 7].lower() == "http://":
            yield Edit(start + quote, start + quote + 7, "https://")


RULE = Rule(
    code=CODE,
    name="redirect-uri-scheme",
    severity=Severity.ERROR,
    summary="A redirect URI or the TBA callback URL uses http:// (a loopback host too).",
    doc=__doc__ or "",
    check=check,
    fix=Fix(fix, safe=False),
    tags=("netsuite", "oauth2", "redirect-uri", "tba", "security"),
)
