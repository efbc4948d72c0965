"""How YAML 1.1 reads a scalar, and which tags JSON can hold: plain functions.

A spec is read as a YAML 1.1 loader (PyYAML) reads it, and the places where YAML 1.1
differs from YAML 1.2 and JSON are reported. These functions know nothing of events,
nodes or positions: the parse (``parse``, ``yaml_builder``) gives them a scalar's tag and
text and attaches the problem they return to the scalar's span.

A problem is a ``(code, message)`` pair:

* NS004: a YAML 1.1 boolean word other than ``true``/``false`` (``yes``, ``off``);
* NS005: a value JSON cannot hold (a date, ``.inf``, ``!!binary``, a set, a non-string
  key);
* NS006: a number form only YAML 1.1 has (``0o17`` is not one, ``017`` and ``1_000`` are);
* NS007: a tag nslint does not construct, or a value its tag cannot read;
* NS008: an integer too long to read.
"""

from __future__ import annotations

import math
import re
from typing import Any

from yaml import ScalarNode, YAMLError
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

Problem = tuple[str, str]
"""A rule code and its message."""

TAG = "tag:yaml.org,2002:"
STR, NULL, BOOL, INT, FLOAT = (TAG + t for t in ("str", "null", "bool", "int", "float"))
MERGE, TIMESTAMP, BINARY, VALUE = (TAG + t for t in ("merge", "timestamp", "binary", "value"))
MAP, SEQ = TAG + "map", TAG + "seq"
_NON_JSON_COLLECTIONS = {TAG + "set": "a set", TAG + "omap": "an ordered map"}
_NON_JSON_COLLECTIONS[TAG + "pairs"] = "a list of pairs"

TRUTHY_WORDS = frozenset({"y", "yes", "n", "no", "on", "off"})
"""YAML 1.1's boolean words that YAML 1.2 reads as text (each at most 3 letters)."""

# Integer forms only YAML 1.1 has (besides `_` separators and base 60 `1:30`).
_YAML11_BASE_PREFIX = re.compile(r"[-+]?0(?:b|[0-7])")

MAX_INTEGER_LENGTH = 100
"""An integer written with more characters than this is read as text (NS008): no spec
value is near that large, and a longer one costs time (base 60 is quadratic) or cannot be
converted or printed at all (Python's limit of 4300 decimal digits)."""

_IMPLICIT_RESOLVERS: dict[str | None, list[tuple[str, Any]]] = Resolver.yaml_implicit_resolvers

RESOLVED: dict[str, str] = {}
"""The tags :func:`resolve` gave, by text: the parse looks here first."""


def resolve(text: str) -> str:
    """The tag YAML 1.1 gives a plain scalar, as PyYAML's resolver does, remembered in
    ``RESOLVED``: this runs for every plain scalar of every file, and keys recur, so
    the parse looks there first and calls this only for a text it has not seen."""
    tag = STR
    for candidate, regexp in _IMPLICIT_RESOLVERS.get(text[0] if text else "", ()):
        if regexp.match(text):
            tag = candidate
            break
    if len(text) <= 40 and len(RESOLVED) < 8192:  # bounded: the texts are untrusted
        RESOLVED[text] = tag
    return tag


_CONSTRUCTOR = SafeConstructor()
_CONSTRUCT = {
    BOOL: _CONSTRUCTOR.construct_yaml_bool,
    INT: _CONSTRUCTOR.construct_yaml_int,
    FLOAT: _CONSTRUCTOR.construct_yaml_float,
}


def scalar(tag: str, text: str, plain: bool, is_key: bool) -> tuple[Any, Problem | None]:
    """The JSON value of a scalar with this (resolved) tag and text, and the problem
    reading it shows, if any. ``plain``: written without quotes and without a tag;
    ``is_key``: a mapping key (a key is never reported as an ambiguous boolean).

    The merge key ``<<`` is the builder's business: here it reads as its text.
    """
    if tag == STR:
        if plain and not is_key and text.lower() in TRUTHY_WORDS:
            return text, _truthy(text, None)
        return text, None
    if tag == NULL:
        return None, None
    if tag in (MERGE, VALUE):
        return text, None
    construct = _CONSTRUCT.get(tag)
    if construct is None:
        return text, _other_scalar(tag, text)
    if tag == INT and len(text) > MAX_INTEGER_LENGTH:
        return text, (
            "NS008",
            f"the integer `{excerpt(text)}` is {len(text):,} characters long; nslint "
            f"reads integers of up to {MAX_INTEGER_LENGTH} characters (no spec value is "
            "larger) and reads this one as text",
        )
    try:
        value = construct(ScalarNode(tag, text))
    except (ValueError, KeyError, YAMLError):  # KeyError: `!!bool maybe`
        return text, (
            "NS007",
            f"`{excerpt(text)}` cannot be read as {tag_name(tag)}; remove the tag or fix the value",
        )
    if tag == BOOL:
        if plain and not is_key and text.lower() in TRUTHY_WORDS:
            return value, _truthy(text, value)
    elif tag == FLOAT and (math.isinf(value) or math.isnan(value)):
        return text, (
            "NS005",
            f"`{excerpt(text)}` is read as the float {value}, which JSON cannot hold; "
            "nslint reads it as the text; quote it, or write a finite number",
        )
    elif plain and yaml11_only_number(tag, text):
        number, shown = excerpt(str(value)), excerpt(text)
        return value, (
            "NS006",
            f"YAML 1.1 reads `{shown}` as the number {number}, YAML 1.2 and JSON do not; "
            f'write {number} if you mean the number, or quote it ("{shown}") for the text',
        )
    return value, None


def _other_scalar(tag: str, text: str) -> Problem:
    if tag == TIMESTAMP:
        return (
            "NS005",
            f"YAML reads `{excerpt(text)}` as a date, which JSON cannot hold; nslint "
            f'reads it as the text "{excerpt(text)}": quote it to say so',
        )
    if tag == BINARY:
        return (
            "NS005",
            "a !!binary value cannot be held in JSON; nslint reads it as its base64 text: "
            "remove the tag",
        )
    return "NS007", unknown_tag_message(tag)


def collection_tag(tag: str) -> Problem | None:
    """The problem with a mapping's or a list's explicit tag (None for ``!!map`` and
    ``!!seq``)."""
    if tag in (MAP, SEQ):
        return None
    what = _NON_JSON_COLLECTIONS.get(tag)
    if what is not None:
        return (
            "NS005",
            f"{what} ({tag_name(tag)}) cannot be held in JSON; "
            "nslint reads it as a plain mapping or list: remove the tag",
        )
    return "NS007", unknown_tag_message(tag)


def key(value: Any, text: str | None) -> Problem:
    """The problem with a mapping key that is not a string: a collection (``text`` is
    None), or a scalar read as another type (nslint reads it as ``text``)."""
    if text is None:
        return (
            "NS005",
            "a mapping or list used as a key cannot be held in JSON; use a string key",
        )
    return (
        "NS005",
        f"the key `{excerpt(text)}` is read as {_json_kind(value)}, but JSON keys are "
        f'strings; nslint reads it as "{excerpt(text)}": quote it to say so',
    )


def _truthy(text: str, value: Any) -> Problem:
    if value is None:
        meaning = "YAML 1.1 reads it as a boolean, while this parser and YAML 1.2 read the text"
        fix = "true` or `false"
    else:
        meaning = f"YAML 1.1 reads it as the boolean {str(value).lower()}, YAML 1.2 as text"
        fix = str(value).lower()
    return (
        "NS004",
        f"`{text}` is ambiguous: {meaning}; write `{fix}` (or quote it if you mean the text)",
    )


def yaml11_only_number(tag: str, text: str) -> bool:
    """True for number forms that YAML 1.2 and JSON read differently (or not at all)."""
    if "_" in text or ":" in text:
        return True
    return tag == INT and _YAML11_BASE_PREFIX.match(text) is not None


def excerpt(text: str, most: int = 40) -> str:
    """``text`` for a message: at most ``most`` characters (the middle cut out)."""
    if len(text) <= most:
        return text
    half = most // 2
    return f"{text[:half]}…{text[-half + 1 :]}"


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    return "a non-string value"


def tag_name(tag: str) -> str:
    """``!!int`` for YAML's own tags, the tag itself for any other."""
    return "!!" + tag[len(TAG) :] if tag.startswith(TAG) else tag


def unknown_tag_message(tag: str) -> str:
    return (
        f"the tag {tag_name(tag)} is not supported: a spec holds plain data, and nslint "
        "never constructs objects from tags; remove the tag"
    )
