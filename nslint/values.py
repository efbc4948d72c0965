"""How values from a spec are shown in messages: short, quoted, never the whole thing."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")

# 64 hexadecimal characters: the shape of NetSuite consumer/token keys and secrets.
_HEX_CREDENTIAL = r"(?<![0-9a-fA-F])[0-9a-fA-F]{64}(?![0-9a-fA-F])"
_PEM_PRIVATE_KEY = r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----"


@functools.cache
def _shapes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The two patterns above, compiled when a long string is first met, not at start-up."""
    return re.compile(_HEX_CREDENTIAL), re.compile(_PEM_PRIVATE_KEY)


REDACTED = "<redacted>"


def looks_like_secret(value: Any) -> bool:
    """True for a string holding a NetSuite-shaped credential or a private key."""
    if not isinstance(value, str) or (len(value) < 64 and "PRIVATE KEY" not in value):
        return False  # too short for either shape: the common case, without a regex
    hex_credential, pem_private_key = _shapes()
    return bool(hex_credential.search(value) or pem_private_key.search(value))


def secret_shapes(text: str) -> list[tuple[int, int]]:
    """Where ``text`` looks like a credential: each run of 64 hexadecimal characters,
    and from a private key's ``-----BEGIN`` line to the end (its key follows)."""
    hex_credential, pem_private_key = _shapes()
    found = [match.span() for match in hex_credential.finditer(text)]
    pem = pem_private_key.search(text)
    if pem is not None:
        found.append((pem.start(), len(text)))
    return sorted(found)


MAX_SHOWN = 40

_KIND_NAMES = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean (true or false)",
    "null": "nothing (null)",
    "object": "a mapping",
    "array": "a list",
}


def json_type(value: Any) -> str:
    """The JSON Schema type name of a value built by ``nslint.document``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def kind_name(json_type_name: str) -> str:
    """'integer' -> 'an integer', 'array' -> 'a list', as people say it."""
    return _KIND_NAMES.get(json_type_name, json_type_name)


def show(value: Any) -> str:
    """A short rendering of a scalar for a message: ``"48"``, ``48``, ``true``."""
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    if looks_like_secret(value):
        return REDACTED
    try:
        text = json.dumps(value, ensure_ascii=False)
    except ValueError:  # an integer of more digits than Python prints (4300)
        return "a number too large to show"
    if len(text) > MAX_SHOWN:
        text = text[: MAX_SHOWN - 2] + "…" + text[-1]
    return text


def path_text(path: tuple[str | int, ...]) -> str:
    """``("oauth2", "redirect_uris", 1)`` -> ``oauth2.redirect_uris[1]``."""
    out = ""
    for part in path:
        if type(part) is int:
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def noun(count: int, singular: str, plural: str = "") -> str:
    """The noun to put after ``count``: ``file`` for one, ``files`` (or ``plural``)
    for any other count, zero too."""
    return singular if count == 1 else (plural or singular + "s")


def counted(count: int, singular: str, plural: str = "") -> str:
    """``1 file``, ``0 files``, ``2 entries``: a count and its noun."""
    return f"{count} {noun(count, singular, plural)}"


def close_matches(
    word: str, candidates: Sequence[str], n: int = 1, cutoff: float = 0.6
) -> list[str]:
    """The candidates closest to ``word``, for "did you mean" hints (difflib is imported
    only when a hint is needed, to keep start-up fast)."""
    import difflib

    return difflib.get_close_matches(word, list(candidates), n=n, cutoff=cutoff)


def fields_of(record: object) -> dict[str, object]:
    """Each field of a read-only ``__slots__`` record by name (what a NamedTuple's
    ``_asdict`` gives): every one, so that a field added later is not left out."""
    names: tuple[str, ...] = getattr(type(record), "__slots__")  # noqa: B009  # (mypy)
    return {name: getattr(record, name) for name in names}


def replaced(value: T, fields: Iterable[str], changes: dict[str, Any]) -> T:
    """A copy of the read-only ``value`` with ``changes`` made: its class called with
    ``fields`` (read from ``value``, its constructor's parameters) and the changes (what
    ``dataclasses.replace`` does, for the plain ``__slots__`` classes that replace them)."""
    current = {name: getattr(value, name) for name in fields}
    unknown = set(changes) - set(current)
    if unknown:
        raise TypeError(f"{type(value).__name__} has no field {', '.join(sorted(unknown))}")
    return type(value)(**{**current, **changes})
