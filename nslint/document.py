"""The parsed document that rules see: JSON-safe data and where each part of it stands.

``parse`` reads a file once into, per YAML document,

* the data, using only JSON types (``dict`` with ``str`` keys, ``list``, ``str``,
  ``int``, ``float``, ``bool``, ``None``), exactly as a YAML 1.1 loader would read it;
* a tree of positions (``LocatedNode``) beside the data, so that any JSON path, such as
  ``("oauth2", "redirect_uris", 1)``, maps to the span of its value or key.

This module is what rules and the rest of nslint use of that result; it imports no YAML
library, so a run whose every file is cached never loads one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from nslint.diagnostics import Finding, Span

Marks = tuple[int, int, int, int]
"""0-based start line, start column, end line, end column, as in PyYAML's marks."""

JSONPath = tuple[str | int, ...]


class LocatedNode:
    """Where one value stands, and where its children stand.

    ``children`` is a dict from key to (key marks, node) for a mapping, a list of nodes
    for a sequence, and None for a scalar. Inside a mapping or a sequence, a scalar's
    node is just its marks (``Node``): most values are scalars, and a file has
    thousands of them.
    """

    __slots__ = ("children", "marks")

    def __init__(
        self,
        marks: Marks,
        children: dict[str, tuple[Marks, Node]] | list[Node] | None = None,
    ) -> None:
        self.marks = marks
        self.children = children


Node = LocatedNode | Marks
"""A collection's LocatedNode, or a scalar's marks."""


def marks_of(node: Node) -> Marks:
    return node if isinstance(node, tuple) else node.marks


def children_of(node: Node) -> dict[str, tuple[Marks, Node]] | list[Node] | None:
    return None if isinstance(node, tuple) else node.children


def span_of(marks: Marks) -> Span:
    return Span.from_marks(*marks)


class Document:
    """One YAML document of a file: its data and where each part of it stands.

    ``root`` may be given as a function that builds it, called the first time it is
    read: most files have no finding, and nothing reads their positions."""

    __slots__ = ("_root", "data")

    def __init__(self, data: Any, root: LocatedNode | Callable[[], LocatedNode]) -> None:
        self.data = data
        self._root = root

    @property
    def root(self) -> LocatedNode:
        root = self._root
        if not isinstance(root, LocatedNode):
            root = self._root = root()
        return root

    def __repr__(self) -> str:
        return f"Document(data={self.data!r})"

    def _walk(self, path: JSONPath) -> tuple[Node, Marks | None]:
        node: Node = self.root
        key: Marks | None = None
        for part in path:
            children = children_of(node)
            if isinstance(children, dict):
                entry = children.get(str(part))
                if entry is None:
                    break
                key, node = entry
            elif isinstance(children, list) and type(part) is int and 0 <= part < len(children):
                key, node = None, children[part]
            else:
                break
        return node, key

    def value_span(self, path: JSONPath) -> Span:
        """The span of the value at ``path`` (of its nearest existing ancestor if absent)."""
        return span_of(marks_of(self._walk(path)[0]))

    def key_span(self, path: JSONPath) -> Span:
        """The span of the key that holds ``path``'s value (the value itself in a list).

        For the document itself (``()``), the span of its first key: where a finding
        about the whole spec, such as a missing ``name``, is reported.
        """
        if not path:
            children = self.root.children
            if isinstance(children, dict) and children:
                return span_of(next(iter(children.values()))[0])
        node, key = self._walk(path)
        return span_of(key if key is not None else marks_of(node))

    def get(self, path: JSONPath, default: Any = None) -> Any:
        """The value at ``path``, or ``default`` where the path does not exist."""
        return get(self.data, path, default)


class Loaded:
    """What parsing one file gave: its documents and the problems found on the way;
    ``hash_scalars``, the quoted and block scalars with a ``#`` in them: where a ``#``
    is text, not a comment (``suppress`` needs to know).

    A plain class, not a NamedTuple, so that importing it generates no code (issue 16)."""

    __slots__ = ("documents", "hash_scalars", "problems")

    def __init__(
        self,
        documents: list[Document],
        problems: list[Finding],
        hash_scalars: tuple[Span, ...] = (),
    ) -> None:
        self.documents: Final = documents
        self.problems: Final = problems
        self.hash_scalars: Final = hash_scalars


def get(data: Any, path: JSONPath, default: Any = None) -> Any:
    """The value at ``path`` in ``data``, or ``default`` where the path does not exist."""
    node = data
    for part in path:
        if isinstance(node, dict) and isinstance(part, str):
            if part not in node:
                return default
            node = node[part]
        elif isinstance(node, list) and type(part) is int and 0 <= part < len(node):
            node = node[part]
        else:
            return default
    return node


def anchors(documents: list[Document]) -> dict[tuple[int, int], str]:
    """Where each key and value of ``documents`` starts (1-based line and column), and
    its path with list indices left out (``oauth2.redirect_uris[]``): what a finding's
    fingerprint names instead of its line, so that it survives edits around it. A key
    wins over the block mapping that starts where it does; otherwise the first path to
    reach a position wins (a node an alias repeats is walked once)."""
    found: dict[tuple[int, int], str] = {}
    keys: set[tuple[int, int]] = set()
    walked: set[int] = set()
    stack: list[tuple[Node, str]] = [(doc.root, "") for doc in reversed(documents)]
    while stack:
        node, where = stack.pop()
        marks = marks_of(node)
        found.setdefault((marks[0] + 1, marks[1] + 1), where)
        children = children_of(node)
        if children is None or id(node) in walked:
            continue
        walked.add(id(node))
        if isinstance(children, dict):
            for key, (key_marks, child) in reversed(children.items()):
                inner = f"{where}.{key}" if where else key
                position = (key_marks[0] + 1, key_marks[1] + 1)
                if position not in keys:
                    keys.add(position)
                    found[position] = inner
                stack.append((child, inner))
        else:
            stack.extend((child, f"{where}[]") for child in reversed(children))
    return found
