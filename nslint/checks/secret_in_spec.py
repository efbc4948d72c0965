"""## What it does
Reports a credential in the spec, anywhere: a key named like one (`client_secret`,
`consumer_secret`, `token_secret`, `consumer_key`, `client_id`, `token_id`, `password`,
`private_key` and similar), a value that looks like a NetSuite credential (64
hexadecimal characters), or a PEM private key in any string. Located at the value.

nslint never shows the value: not in this message, not in another rule's message, and
not in the source snippet of the text output, where it is masked with `*`.

## Why is this bad?
A spec lives in Git, is copied into CI logs and review tools, and is read by everyone
with access to the repository. A credential that was ever committed must be treated as
leaked: reset it (Reset Credentials on the integration record, or revoke the token) and
keep the new one in a secret store.

## Example
```yaml
name: Acme CRM connector
consumer_secret: 9f2c4b...   # 64 hexadecimal characters
```
Use instead: keep credentials out of the spec, in your secret store.

## Source
NetSuite help: "Reset Credentials for an Integration Record"; OWASP Secrets Management
Cheat Sheet; CWE-798.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from nslint.diagnostics import Finding, Severity
from nslint.document import Document, JSONPath
from nslint.rule import Context, Rule
from nslint.values import looks_like_secret, path_text

CODE = "NS501"

_CREDENTIAL_KEY = re.compile(
    r"(?:client|consumer|token|api|app|access|refresh)?_?"
    r"(?:secret|key|id|token|password|passwd|private_key|certificate_key)"
    r"|password|passwd|passphrase|private_?key|secret|.*_secret|.*_password",
    re.IGNORECASE,
)
# Keys of the spec format itself that the pattern would otherwise catch.
_SPEC_KEYS = frozenset({"application_id", "script_id"})


def is_credential_key(key: str) -> bool:
    """Whether a key names a credential (``client_secret``, ``password``, ...)."""
    if key in _SAFE_KEYS:
        return False
    credential = _is_credential_key(key)
    if not credential and len(_SAFE_KEYS) < 4096:  # bounded: keys come from untrusted files
        _SAFE_KEYS.add(key)
    return credential


_SAFE_KEYS: set[str] = set()
"""Keys known to name no credential: the same few dozen recur in every spec, so most
mappings are cleared at once by a set comparison."""


def _is_credential_key(key: str) -> bool:
    normalized = key.strip().replace("-", "_").replace(" ", "_").lower()
    if normalized in _SPEC_KEYS:
        return False
    return _CREDENTIAL_KEY.fullmatch(normalized) is not None and normalized not in (
        "id",
        "key",
        "token",
    )


def _walk(data: Any) -> Iterator[tuple[JSONPath, str | None, Any]]:
    """(path, key or None, value) of each value that may hold a credential, without
    recursion; a path is built only for containers and for what is yielded."""
    if looks_like_secret(data):
        yield (), None, data
    if not isinstance(data, (dict, list)):
        return
    stack: list[tuple[JSONPath, Any]] = [((), data)]
    while stack:
        path, node = stack.pop()
        if type(node) is dict:
            if not _SAFE_KEYS.issuperset(node):  # a key not yet known to be harmless
                for key, value in node.items():
                    if is_credential_key(key) and _has_value(value):
                        yield (*path, key), key, value
            items: Iterable[tuple[Any, Any]] = node.items()
        else:
            items = enumerate(node)
        for key, value in items:
            kind = type(value)
            if kind is str:
                # A credential under a credential's key was reported by its key above.
                if looks_like_secret(value) and not (type(key) is str and is_credential_key(key)):
                    yield (*path, key), None, value
            elif kind is dict or kind is list:
                stack.append(((*path, key), value))


def _has_value(value: Any) -> bool:
    return value not in (None, "", [], {}) and not isinstance(value, bool)


def check(doc: Document, options: Mapping[str, Any], context: Context) -> Iterator[Finding]:
    for path, key, value in _walk(doc.data):
        if key is not None:
            what = f"the key `{path_text(path)}` holds a credential"
        elif looks_like_secret(value):
            what = f"`{path_text(path) or 'the spec'}` holds what looks like a credential"
        else:
            continue
        yield Finding(
            CODE,
            doc.value_span(path),
            f"{what}: treat it as leaked, reset it (Reset Credentials on the integration "
            "record) and keep it in a secret store, not in the spec",
        )


RULE = Rule(
    code=CODE,
    name="secret-in-spec",
    severity=Severity.ERROR,
    summary="A credential (secret, key, password, private key) is in the spec.",
    doc=__doc__ or "",
    check=check,
)
