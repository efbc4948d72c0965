"""## What it does
Reports a credential in the spec, anywhere: a key named like one (`client_secret`,
`consumer_secret`, `token_secret`, `consumer_key`, `client_id`, `token_id`, `password`,
`private_key` and similar), a value that looks like a NetSuite credential (64
hexadecimal characters) or holds a PEM private key, a password in a URI's user
information (`https://user:PASSWORD@host/...`, in any string), and a key whose own text
is a credential (64 hexadecimal characters, `password=...`, or a credential's name run
together with a random-looking value, `password_Hunter2x`). Located at the value, at the
password of a URI, or at the key.

nslint never shows the credential, in any output or file: not in this message nor any
other rule's, not in a source snippet (where it is masked with `*`, with any comment on
its line), not in `--diff`, the inventory report, a baseline or the cache.

## Why is this bad?
A spec lives in Git, is copied into CI logs and review tools, and is read by everyone
with access to the repository. A credential that was ever committed must be treated as
leaked: reset it (Reset Credentials on the integration record, or revoke the token,
or change the password) and keep the new one in a secret store.

## Example
```yaml
name: Acme CRM connector
consumer_secret: 9f2c4b...   # 64 hexadecimal characters
oauth2:
  redirect_uris: ["https://svc:Hunter2@crm.example.com/cb"]
```
Use instead: keep credentials out of the spec, in your secret store, and give the
redirect URI without user information:
```yaml
name: Acme CRM connector
oauth2:
  redirect_uris: ["https://crm.example.com/cb"]
```

## Source
NetSuite help: "Reset Credentials for an Integration Record"; OWASP Secrets Management
Cheat Sheet; CWE-798; RFC 3986, section 3.2.1 ("Use of the format "user:password" in the
userinfo field is deprecated").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final
from urllib.parse import unquote

from nslint.diagnostics import Finding, Severity, Span
from nslint.document import Document, JSONPath
from nslint.rule import Context, Rule
from nslint.values import looks_like_secret, path_text

CODE = "NS501"

_CREDENTIAL_KEY = (
    r"(?:client|consumer|token|api|app|access|refresh)?_?"
    r"(?:secret|key|id|token|password|passwd|private_key|certificate_key)"
    r"|password|passwd|passphrase|private_?key|secret|.*_secret|.*_password"
    r"|.*_(?:passwd|passphrase|token)|(?:auth|bearer|session|oauth)_?token"
    r"|(?:.*_)?(?:secret|access|private|api|signing|encryption|master)_?key"
)
# Keys of the spec format itself that the pattern would otherwise catch.
_SPEC_KEYS = frozenset({"application_id", "script_id"})

URI_PASSWORD = (
    r"(?:(?<![A-Za-z0-9+.\-])[0-9+.\-]*[A-Za-z][A-Za-z0-9+.\-]*:|(?<![\w/:]))//"
    r"[^/?#@\s:]*:(?P<password>[^/?#\s]+)@"
)
"""A URI with a password in its user information (``scheme://user:PASSWORD@``, or a
network-path reference without the scheme, ``//user:PASSWORD@``); the password runs to
the last ``@`` of the authority, as RFC 3986 reads it. A scheme is tried from the start of
each run of its characters, not from each of them (which read to the run's end:
quadratic on one long word), and ``//`` only where no scheme or slash stands before it.
Patterns met only in rare strings are compiled when first met (re caches them), not at
start-up."""

_ASSIGNED = r"\s*[\"']?(?P<key>[A-Za-z_][\w.-]*)[\"']?\s*[:=]\s*\S"
"""``password=Hunter2`` or ``client_secret: x`` written as one key."""

_NAMES = "secret|passw|passphrase|token|key"
"""The words a credential's name ends with (a quick test before ``_SUFFIXED``)."""
_SUFFIXED = (
    r"(?P<key>[A-Za-z_-]*?(?:secret|password|passwd|passphrase|token|key))"
    r"[_.-](?P<value>[A-Za-z0-9+/=._-]{8,})"
)
"""``password_Hunter2x``: a credential's name and, run on, its value (at least 12
characters in all, with a capital letter; matched case-insensitively)."""

_FOLDED = ("\u017f", "\u0131", "\u0130", "\u212a")
"""Letters that re's IGNORECASE takes for ``s``, ``i``, ``i`` and ``k`` (the credential
key pattern is matched so): a text holding one is scanned in full."""
_TOKEN_OR_KEY = r"{word}(?:(?![a-z0-9_])|[_.-][a-z0-9+/=._-]*?[0-9])"
"""``token`` or ``key`` ending a word (a key that names a credential ends so), or run on
into a value with a digit (``token_Hunter2x``); ``refresh_token_validity_hours`` is
neither."""
_ID_BEFORE = r"(?<![a-z0-9_])(?:client|consumer|token|api|app|access|refresh)?[-_ ]?\Z"
"""What may stand before an ``id`` that ends a credential key (``client_id``, ``_id``,
not ``application_id``): ``_CREDENTIAL_KEY`` is matched whole."""
_HEX_DIGITS = bytes(120 if chr(i) in "0123456789abcdefABCDEF" else 32 for i in range(256))
"""Every hexadecimal digit's byte to ``x``, every other byte to a space."""


@functools.cache
def _credential_key() -> re.Pattern[str]:
    """``_CREDENTIAL_KEY``, compiled when a file first gets past the pre-check."""
    return re.compile(_CREDENTIAL_KEY, re.IGNORECASE)


@functools.cache
def _prechecks() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    return (
        re.compile(_TOKEN_OR_KEY.format(word="token")),
        re.compile(_TOKEN_OR_KEY.format(word="key")),
        re.compile(r"id(?![a-z0-9_])"),
        re.compile(_ID_BEFORE),
    )


def may_hold_secrets(text: str) -> bool:
    """False only for a text in which NS501 can find no credential: a few searches of
    the text, each for a literal, before the walk over every key and value (most specs
    hold none, and the walk costs about four times more).

    A scalar's text is in the file as it is in the data, but for escapes (so a
    backslash means a full scan) and line folding, which adds a space (so no
    credential's run of characters is split). So: a key that names a credential ends
    in one of its words, ``id`` only after the prefixes it allows; a value run on
    (``password_Hunter2x``); 64 hexadecimal digits in a row (a private key's ``KEY``
    is a word above); a URI's user information. Keys are matched case-insensitively:
    the text is lower-cased, and one holding a letter that re folds to an ASCII one
    is scanned in full. tests/test_secret_precheck.py proves it never skips a file
    the full scan flags."""
    low = text.lower()
    # The rarer words a credential key ends with, found anywhere; and a backslash.
    if "secret" in low or "passw" in low or "passphrase" in low or "\\" in low:
        return True
    if not low.isascii() and any(letter in low for letter in _FOLDED):
        return True
    if "@" in low and "//" in low and re.search(r"//[^/?#\s]*@", low) is not None:
        return True
    token, key, ending_id, before_id = _prechecks()
    if ("token" in low and token.search(low)) or ("key" in low and key.search(low)):
        return True
    for found in ending_id.finditer(low):
        start = found.start()
        if before_id.search(low, max(0, start - 10), start) is not None:
            return True
    return b"x" * 64 in text.encode("utf-8", "surrogatepass").translate(_HEX_DIGITS)


_LEAKED = (
    "treat it as leaked, reset it (Reset Credentials on the integration record) and keep "
    "it in a secret store, not in the spec"
)


class Secret:
    """One credential in a document: where it stands, and the text that is never shown.
    ``span``: what is masked (the value, a URI's password, or the key). ``texts``: the
    credential's text as data (what a message could quote). ``line``: the first line
    that holds it, its key's line for a value under a credential key (whose comments
    are masked too).

    A plain class, not a NamedTuple, so that importing it generates no code (issue 16)."""

    __slots__ = ("line", "message", "span", "texts")

    def __init__(self, span: Span, texts: tuple[str, ...], message: str, line: int) -> None:
        self.span: Final = span
        self.texts: Final = texts
        self.message: Final = message
        self.line: Final = line


def is_credential_key(key: str) -> bool:
    """Whether a key names a credential (``client_secret``, ``password``, ...)."""
    return _kind_of_key(key) == _NAMED


def _kind_of_key(key: str) -> int:
    """``_NAMED`` for a key that names a credential, ``_KEY`` for one that is one, else
    ``_SAFE`` (remembered: the same keys recur in every spec)."""
    if key in _SAFE_KEYS:
        return _SAFE
    if _is_credential_key(key):
        return _NAMED
    size = len(key)
    if (
        size >= 64 or "@" in key or "=" in key or ":" in key or (size > 11 and key.lower() != key)
    ) and is_secret_key(key):  # no shape, URI, assignment, or long name with capitals
        return _KEY
    if size <= 64 and len(_SAFE_KEYS) < 4096:  # bounded: keys come from untrusted files
        _SAFE_KEYS.add(key)
    return _SAFE


def is_secret_key(key: str) -> bool:
    """Whether a key's own text is a credential: 64 hexadecimal characters, a private
    key, a URI with a password, an assignment to a credential (``password=x``), or a
    credential's name run together with a random-looking value (``password_Hunter2x``,
    never ``password_hint``: the value has capitals, small letters and digits)."""
    if looks_like_secret(key) or uri_passwords(key):
        return True
    assigned = re.match(_ASSIGNED, key) if "=" in key or ":" in key else None
    if assigned is None and len(key) > 11 and re.search(_NAMES, key.lower()) is not None:
        assigned = re.fullmatch(_SUFFIXED, key, re.IGNORECASE)
        if assigned is not None and not _random_looking(assigned.group("value")):
            return False
    return assigned is not None and _is_credential_key(assigned.group("key"))


def _random_looking(text: str) -> bool:
    """Capital and small letters and digits: a password, not a word (``hint``, ``v2``)."""
    return (
        any(c.isupper() for c in text)
        and any(c.islower() for c in text)
        and any(c.isdigit() for c in text)
    )


def uri_passwords(text: str) -> list[tuple[int, int]]:
    """Where the password of each ``scheme://user:password@`` URI in ``text`` is."""
    if "@" not in text or "//" not in text:  # almost every string: no regex
        return []
    return [m.span("password") for m in re.finditer(URI_PASSWORD, text)]


_SAFE, _NAMED, _SHAPED, _KEY, _URI = range(5)
"""What ``_walk`` found: nothing, a value under a credential's key, a value shaped like
a credential, a key that is one, a string holding a URI's password."""

_SAFE_KEYS: set[str] = set()
"""Keys known to name no credential and to be none: the same few dozen recur in every
spec, so most mappings are cleared at once by a set comparison. Bounded, as keys come
from untrusted files: at most 4096 keys of at most 64 characters."""


def _is_credential_key(key: str) -> bool:
    normalized = key.strip().replace("-", "_").replace(" ", "_").lower()
    if normalized in _SPEC_KEYS:
        return False
    return _credential_key().fullmatch(normalized) is not None and normalized not in (
        "id",
        "key",
        "token",
    )


def _walk(data: Any) -> Iterator[tuple[JSONPath, int, Any]]:
    """(path, what, value) of each credential, without recursion; a path is built only
    for containers and for what is yielded."""
    if type(data) is str:
        if looks_like_secret(data):
            yield (), _SHAPED, data
        elif uri_passwords(data):
            yield (), _URI, data
    if not isinstance(data, (dict, list)):
        return
    stack: list[tuple[JSONPath, Any]] = [((), data)]
    while stack:
        path, node = stack.pop()
        if type(node) is dict:
            if not _SAFE_KEYS.issuperset(node):  # a key not yet known to be harmless
                for key, value in node.items():
                    what = _kind_of_key(key)
                    if what == _KEY or (what == _NAMED and _has_value(value)):
                        yield (*path, key), what, key if what == _KEY else value
            items: Iterable[tuple[Any, Any]] = node.items()
        else:
            items = enumerate(node)
        for key, value in items:
            kind = type(value)
            if kind is str:
                # Too short for a credential's shape and no URI (almost every value): no
                # call at all. A credential under a credential's key was reported above.
                if (len(value) >= 64 or "@" in value or "PRIVATE KEY" in value) and not (
                    type(key) is str and is_credential_key(key)
                ):
                    if looks_like_secret(value):
                        yield (*path, key), _SHAPED, value
                    elif uri_passwords(value):
                        yield (*path, key), _URI, value
            elif kind is dict or kind is list:
                stack.append(((*path, key), value))


def _has_value(value: Any) -> bool:
    return value not in (None, "", [], {}) and not isinstance(value, bool)


def secrets(doc: Document) -> Iterator[Secret]:
    """Every credential in ``doc``: what NS501 reports, and what the redaction masks."""
    for path, what, value in _walk(doc.data):
        yield from _located(doc, path, what, value)


def _located(doc: Document, path: JSONPath, what: int, value: Any) -> Iterator[Secret]:
    """The credential(s) ``_walk`` found at ``path``, located in ``doc``."""
    span = doc.value_span(path)
    where = path_text(path) or "the spec"
    if what == _NAMED:
        message = f"the key `{where}` holds a credential: {_LEAKED}"
        yield Secret(span, tuple(_scalars(value)), message, doc.key_span(path).line)
    elif what == _SHAPED:
        message = f"`{where}` holds what looks like a credential: {_LEAKED}"
        yield Secret(span, (value,), message, span.line)
    elif what == _KEY:
        span = doc.key_span(path)
        parent = path_text(path[:-1])
        message = (
            f"a key {f'in `{parent}` ' if parent else ''}is itself a credential: "
            f"{_LEAKED}; rename the key"
        )
        yield Secret(span, (value,), message, span.line)
    else:
        message = (
            f"`{where}` holds a URI with a password in its user information "
            "(`user:password@`): treat the password as leaked, change it and keep it in "
            "a secret store; write the URI without it"
        )
        for start, end in uri_passwords(value):
            password = value[start:end]
            texts = (password, unquote(password)) if "%" in password else (password,)
            yield Secret(_within(span, value, start, end), texts, message, span.line)


def _within(span: Span, value: str, start: int, end: int) -> Span:
    """The span of ``value[start:end]`` inside the span of the scalar ``value``: exact for
    a one-line plain or quoted scalar written without escapes, else the whole scalar."""
    if span.line == span.end_line:
        width = span.end_column - span.column
        quote = 0 if width == len(value) else 1 if width == len(value) + 2 else -1
        if quote >= 0:
            column = span.column + quote
            return Span(span.line, column + start, span.line, column + end)
    return span


def _scalars(value: Any) -> Iterator[str]:
    """The text of every scalar in a value (a credential may be a mapping or a list)."""
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
        elif node is not None and not isinstance(node, bool):
            yield node if isinstance(node, str) else str(node)


def check(doc: Document, options: Mapping[str, Any], context: Context) -> Iterator[Finding]:
    for path, what, value in _walk(doc.data):  # not secrets(): one generator per document
        for secret in _located(doc, path, what, value):
            yield Finding(CODE, secret.span, secret.message)


RULE = Rule(
    code=CODE,
    name="secret-in-spec",
    severity=Severity.ERROR,
    summary="A credential (secret, key, password, private key) is in the spec.",
    doc=__doc__ or "",
    check=check,
    redact=True,
    tags=("netsuite", "secrets", "security"),
    precheck=may_hold_secrets,
)
