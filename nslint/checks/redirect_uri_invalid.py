"""## What it does
Reports a redirect URI (`oauth2.redirect_uris`) that NetSuite cannot match exactly and
safely, or that can never deliver the authorization code to an application. The message
names which:
- it is not absolute (no scheme), has a fragment (`#...`), contains a wildcard `*`
  anywhere, carries user information (`user:pass@`), contains whitespace, or is an https
  URI without a host;
- its scheme is one a browser handles itself: `javascript:`, `vbscript:`, `data:`,
  `blob:`, `about:` or `file:` (in any case: `JavaScript:` too);
- its port is not a number, or is outside 1 to 65535 (`:0`, `:70000`, `:8o8o`); an
  empty port (`host:/`) means no port and is not reported;
- its host has non-ASCII characters (`bücher.example`): the message gives the host's
  IDNA (punycode) form to write instead, `xn--bcher-kva.example`, or says why the host
  has none.

A password in the user information is also an NS501 credential, reported at the
password; this rule's messages never quote the user information.
Located at the URI.

## Why is this bad?
NetSuite compares the `redirect_uri` of each authorization request with the URIs of the
integration record as exact strings, and accepts only an https:// URI or an app's own
(custom) scheme. A fragment is not allowed in a redirection endpoint, wildcards invite
open redirects, credentials in a URI leak into logs, and whitespace (a trailing space is
easy to miss) makes the URI never match.

The browser-only schemes name no place an application listens on: `javascript:` and
`vbscript:` run script in the page (a known way to turn a redirect into cross-site
scripting), `data:` carries its own content, `blob:` names memory of one browser page,
`about:` a page built into the browser, `file:` a file on the user's device. A port
is at most 65535 (16 bits) and port 0 is reserved, so no server listens there. A URI
holds only ASCII: a non-ASCII host name is an internationalized domain name, which is
looked up, and sent by the application, in its IDNA form, so that is the string to
register.

The IDNA form is computed as browsers compute it (IDNA 2008 with the UTS #46 mapping,
non-transitional), with the `idna` package: Python's own `idna` codec implements the
obsoleted IDNA 2003, which turns `faß.de` into `fass.de` and drops a zero-width joiner,
each a different host.

## Example
```yaml
oauth2:
  redirect_uris:
    - "https://*.example.com/cb#done "
    - "javascript:alert(document.domain)"
    - https://app.example.com:70000/cb
    - https://bücher.example/cb
```
Use instead:
```yaml
oauth2:
  redirect_uris:
    - https://app.example.com/cb
    - https://app.example.com:8443/cb
    - https://xn--bcher-kva.example/cb
```

## Source
- NetSuite help, "Create Integration Records for Applications to Use OAuth 2.0"
  (section_157771733782): "The redirect URI must be configured as either the https://
  scheme or a custom URL scheme (for example, myapp://callback)"; "The redirect URI is
  validated when you save the integration record."
- NetSuite help, "Step One GET Request to the Authorization Endpoint"
  (section_158081944642): "The value of the redirect URI parameter must match the
  redirect URI in the corresponding integration record."
- RFC 6749, section 3.1.2 (absolute URI, no fragment); RFC 9700, section 2.1 (exact
  string matching).
- RFC 3986, section 3.1 (schemes are case-insensitive), 3.2.1 (user information),
  3.2.2 (a non-ASCII registered name "must be transformed to the IDNA encoding" before
  lookup) and 3.2.3 (`port = *DIGIT`; an empty port is as if there were none).
- The browser-only schemes: RFC 2397 (`data:`), RFC 8089 (`file:`), RFC 6694
  (`about:`), the W3C File API (`blob:`), the WHATWG HTML standard (`javascript:` URLs).
  That a `javascript:`, `vbscript:` or `data:` redirect URI is an attack is third-party
  material, not NetSuite's: CVE-2020-26938 (cross-site scripting through `redirect_uri`
  in node oauth2-server), and the Connect2id Nimbus SDK, which rejects these schemes.
  NetSuite's help does not say whether saving the record refuses them; they are errors
  here because no application can receive a redirect to them.
- Ports: the IANA Service Name and Transport Protocol Port Number Registry (RFC 6335):
  port numbers run from 0 to 65535, and 0 is reserved.
- IDNA: RFC 5891 (IDNA 2008, which obsoletes RFC 3490, IDNA 2003) and Unicode
  Technical Standard #46.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

from nslint.checks.uris import BROWSER_SCHEMES, redirect_uris
from nslint.diagnostics import Finding, Severity
from nslint.document import Document
from nslint.rule import Context, Rule
from nslint.values import show

CODE = "NS102"
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_WHITESPACE = re.compile(r"\s")  # str.isspace's characters, as re reads \s for str
MAX_PORT = 65535
MAX_REASON = 100
"""A longer reason from the IDNA library (it quotes the label) is shortened."""


def problems(uri: str) -> list[str]:
    """What makes ``uri`` unusable as a redirect URI (empty when nothing does)."""
    found = []
    if _WHITESPACE.search(uri):
        found.append("it contains whitespace")
    match = _SCHEME.match(uri)
    if not match:
        found.append("it is not an absolute URI (it has no scheme)")
        return found
    name = match.group()[:-1].lower()  # RFC 3986: schemes are case-insensitive
    if name in BROWSER_SCHEMES:
        found.append(
            f"its scheme `{name}:` {BROWSER_SCHEMES[name]}, so no application can ever "
            "receive the authorization code there"
        )
        return found  # whatever else is wrong with it, the scheme is what to change
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
    if name == "https" and not host:
        found.append("it is an https URI without a host")
    if parts.netloc:
        found.extend(_authority_problems(parts.netloc))
    return found


def _authority_problems(netloc: str) -> Iterator[str]:
    """What is wrong with the host and port of an authority (``user@host:port``); the
    user information, with any password in it, is never looked at nor shown."""
    host_port = netloc.rpartition("@")[2]  # the password runs to the last `@`
    if host_port.startswith("["):  # an IP literal: urlsplit has checked it
        host, _, rest = host_port.partition("]")
        port = rest[1:] if rest.startswith(":") else ""
    else:
        host, _, port = host_port.partition(":")  # a registered name has no `:`
    if port:  # RFC 3986 allows an empty port, as if there were none
        if not (port.isascii() and port.isdigit()):
            yield "its port is not a number (a port is written in digits, 1 to 65535)"
        elif not 1 <= int(port.lstrip("0")[:6] or "0") <= MAX_PORT:  # 6 digits are enough
            yield f"its port {show(port)} is outside 1 to {MAX_PORT}"
    if not host.isascii():
        yield _idna(host)


def _idna(host: str) -> str:
    """The problem of a host with non-ASCII characters, with its ASCII (IDNA) form.

    IDNA 2008 with the UTS #46 mapping, as browsers resolve host names, from the
    ``idna`` package: the standard library's codec is IDNA 2003 (RFC 3490, obsoleted by
    RFC 5891), which maps ``faß.de`` to ``fass.de`` and drops a zero-width joiner:
    another host."""
    import idna  # only for the rare host that needs it

    try:
        ascii_host = idna.encode(host, uts46=True).decode("ascii")
    except UnicodeError as error:  # idna.IDNAError is one
        reason = str(error)
        if len(reason) > MAX_REASON:
            reason = reason[: MAX_REASON - 1] + "…"
        return (
            f"its host {show(host)} is not ASCII and has no IDNA form ({reason}); "
            "write the host name in ASCII"
        )
    return (
        f"its host {show(host)} is not ASCII: write it in its IDNA (punycode) form, "
        f"{json.dumps(ascii_host)}"
    )


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
    summary=(
        "A redirect URI is malformed or can never reach the application (no scheme, "
        "#fragment, *, userinfo, space, javascript:, bad port, non-ASCII host)."
    ),
    doc=__doc__ or "",
    check=check,
    tags=("netsuite", "oauth2", "redirect-uri", "security"),
)
