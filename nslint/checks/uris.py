"""Where the redirect URIs of a spec are: shared by the NS1xx rules."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from nslint.document import Document, JSONPath
from nslint.values import REDACTED, looks_like_secret

REDIRECT_URIS: JSONPath = ("oauth2", "redirect_uris")
CALLBACK_URL: JSONPath = ("token_based_authentication", "callback_url")


def redirect_uris(doc: Document) -> Iterator[tuple[JSONPath, str]]:
    """(path, URI) for each string in ``oauth2.redirect_uris``."""
    uris = doc.get(REDIRECT_URIS)
    if isinstance(uris, list):
        for index, uri in enumerate(uris):
            if isinstance(uri, str):
                yield (*REDIRECT_URIS, index), uri


def callback_url(doc: Document) -> Iterator[tuple[JSONPath, str]]:
    """(path, URL) for ``token_based_authentication.callback_url`` when it is a string."""
    url = doc.get(CALLBACK_URL)
    if isinstance(url, str):
        yield CALLBACK_URL, url


_SCHEME = r"([A-Za-z][A-Za-z0-9+.-]*):"
"""Compiled (by re's own cache) when ``urlsplit`` first refuses a URI, not at start-up."""


def scheme(uri: str) -> str:
    """A URI's scheme, lower-cased ('' if it has none). A URI whose host part
    ``urlsplit`` refuses (``https://[::1/cb``, which NS102 reports) still has one."""
    try:
        return urlsplit(uri.strip()).scheme.lower()
    except ValueError:
        match = re.match(_SCHEME, uri.strip())
        return match.group(1).lower() if match else ""


BROWSER_SCHEMES = {
    "javascript": "runs script in the browser",
    "vbscript": "runs script in the browser",
    "data": "carries its content in the URI itself",
    "blob": "names data held in the memory of one browser page",
    "about": "names a page built into the browser",
    "file": "names a file on the user's own device",
}
"""Schemes a browser handles itself (each, what it does): a redirect to one reaches no
application, so it is never a redirect URI (NS102), nor an app's private-use scheme
(NS105)."""


MAX_URI_SHOWN = 160
"""A longer URI is shown with its middle elided."""


def show_uri(uri: str) -> str:
    """A URI quoted for a message, whole, so that it can be searched for: a longer one
    than MAX_URI_SHOWN keeps its start (scheme, host, path) and its end, with ``…``
    between. The password of ``user:password@`` is an NS501 credential, which the
    redaction step (``nslint.redact``) masks in every message."""
    if looks_like_secret(uri):
        return REDACTED
    if len(uri) > MAX_URI_SHOWN:
        uri = uri[:100] + "…" + uri[-(MAX_URI_SHOWN - 101) :]
    return json.dumps(uri, ensure_ascii=False)
