"""Where the redirect URIs of a spec are: shared by the NS1xx rules."""

from __future__ import annotations

from collections.abc import Iterator

from nslint.document import Document, JSONPath

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
