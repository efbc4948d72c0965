"""The selector language of declarative rules: where in a spec a rule looks.

Selectors are dotted paths: ``oauth2.redirect_uris[*]`` (every item of a list),
``accounts.*.state`` (every value of a mapping), ``oauth2.redirect_uris[0]`` (one item),
``$`` (the whole spec); the JSONPath habit ``$.oauth2.scopes`` is accepted too.
``parse_selector`` turns the text into steps, ``select`` follows the steps through a
document's data. Nothing here loads a pack or checks a value (``packs``, ``declarative``).
"""

from __future__ import annotations

import re
from typing import Any

from nslint.document import JSONPath

_STEP = re.compile(r"([^.\[\]]+)|\[(\*|\d+)\]|\.")


class _AnyKey:
    """A selector step that matches every value of a mapping (``*``)."""


class _AnyItem:
    """A selector step that matches every item of a list (``[*]``)."""


class _Absent:
    """What ``lookup`` returns when the path does not exist."""


ANY_KEY, ANY_ITEM, ABSENT = _AnyKey(), _AnyItem(), _Absent()
Step = str | int | _AnyKey | _AnyItem


def parse_selector(text: str) -> tuple[Step, ...]:
    """``"oauth2.redirect_uris[*]"`` -> ("oauth2", "redirect_uris", ANY_ITEM).

    A selector that cannot be parsed is a ``ValueError`` saying where and why.
    """
    if text in ("$", ""):
        return ()
    if text.startswith("$."):
        text = text[2:]  # the JSONPath habit: $.oauth2.scopes
    steps: list[Step] = []
    position = 0
    expect_name = True
    while position < len(text):
        match = _STEP.match(text, position)
        if match is None or (match.group(0) == "." and expect_name):
            raise ValueError(f"bad selector {text!r} at character {position + 1}")
        name, index = match.group(1), match.group(2)
        if name is not None:
            if not expect_name:
                raise ValueError(f"bad selector {text!r}: a '.' is missing before {name!r}")
            steps.append(ANY_KEY if name == "*" else name)
            expect_name = False
        elif index is not None:
            if expect_name:
                raise ValueError(
                    f"bad selector {text!r}: [{index}] must follow a key, as in "
                    "oauth2.redirect_uris[*]"
                )
            steps.append(ANY_ITEM if index == "*" else int(index))
        else:
            expect_name = True
        position = match.end()
    if expect_name:
        raise ValueError(f"bad selector {text!r}: it ends with '.'")
    return tuple(steps)


def select(data: Any, steps: tuple[Step, ...]) -> tuple[list[tuple[JSONPath, Any]], list[JSONPath]]:
    """(path, value) of what the steps reach, and the paths of a last key that is absent
    from a mapping that exists. (Runs for every rule on every document: kept lean.)"""
    frontier: list[tuple[JSONPath, Any]] = [((), data)]
    missing: list[JSONPath] = []
    for step in steps:
        reached: list[tuple[JSONPath, Any]] = []
        missing = []
        for path, node in frontier:
            node_kind = type(node)
            if type(step) is str:
                if node_kind is dict:
                    if step in node:
                        reached.append(((*path, step), node[step]))
                    else:
                        missing.append((*path, step))
            elif step is ANY_KEY:
                if node_kind is dict:
                    reached.extend(((*path, key), value) for key, value in node.items())
            elif step is ANY_ITEM:
                if node_kind is list:
                    reached.extend(((*path, i), value) for i, value in enumerate(node))
            elif type(step) is int and node_kind is list and 0 <= step < len(node):
                reached.append(((*path, step), node[step]))
        frontier = reached
    return frontier, missing


def leading_keys(steps: tuple[Step, ...]) -> tuple[str, ...]:
    """The keys the steps start with, up to the first wildcard or index (none for ``$``)."""
    keys: list[str] = []
    for step in steps:
        if type(step) is not str:
            break
        keys.append(step)
    return tuple(keys)


def plain_keys(steps: tuple[Step, ...]) -> tuple[str, ...] | None:
    """The steps, if they are keys only (no wildcard, no index, not ``$``); else None."""
    keys = leading_keys(steps)
    return keys if keys and len(keys) == len(steps) else None


def lookup(data: Any, keys: tuple[str, ...]) -> Any:
    """The value at a path of keys, or ``ABSENT``: what ``select`` finds for ``keys``.

    The fast path of the usual declarative rule (a plain path, mostly absent): it saves
    some 8 % of the instructions of checking a spec over ``select``, and a property test
    (tests/test_selectors.py) proves the two agree.
    """
    node = data
    for key in keys:
        if type(node) is not dict or key not in node:
            return ABSENT
        node = node[key]
    return node
