"""The parse from events: every YAML input, with aliases, tags and duplicate keys.

The file is parsed once, with the events of PyYAML's C parser (libyaml). From those
events this module builds a ``document.Document`` per YAML document, reading each scalar
as YAML 1.1 does (``yaml11``). ``parse`` sends here what its faster path, PyYAML's C
composer, cannot represent exactly.

Problems the data alone would hide are found on the way: syntax errors (NS001),
duplicate keys (NS002), YAML 1.1 booleans (NS004), values JSON cannot hold (NS005),
YAML 1.1 number forms (NS006), tags (NS007) and inputs beyond the limits (NS008).

Aliases are never expanded: an alias shares the data and the position tree of its
anchor, and the expanded size of each document is counted so that a "billion laughs"
document is stopped early. Nesting is built with an explicit stack, never recursion.
"""

from __future__ import annotations

import re
from typing import Any

from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from nslint import yaml11
from nslint.diagnostics import Finding, Span
from nslint.document import (
    Document,
    LocatedNode,
    Marks,
    Node,
    children_of,
    marks_of,
    span_of,
)
from nslint.source import Source

MAX_DEPTH = 100
"""Deeper nesting than this is not built (a spec is four levels deep)."""
TOO_DEEP = f"nesting is deeper than {MAX_DEPTH} levels; the rest of the file was not checked"

MAX_NODES = 100_000
"""A document whose aliases expand it beyond this many nodes is not built."""

MAX_DOCUMENTS = 1_000
"""More documents in one file are not parsed: a spec file holds one, a multi-document
one a few dozen; 10 MiB of ``---`` lines would be 2.5 million."""
MAX_FILE_NODES = 100_000
"""More nodes (scalars, collections, aliases, as written) in one file are not parsed: a
spec has a few hundred, dozens of them a few thousand; an 8 MB list has 2 million."""
_NODE_EVENTS = frozenset((ScalarEvent, MappingStartEvent, SequenceStartEvent, AliasEvent))

_STR, _MERGE = yaml11.STR, yaml11.MERGE
_RESOLVED, _resolve = yaml11.RESOLVED, yaml11.resolve


class _Sentinel:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


_EXPECT_KEY = _Sentinel("expect-key")
_SKIP_ENTRY = _Sentinel("skip-entry")
_MERGE_KEY = _Sentinel("merge-key")


class _Frame:
    """A mapping or sequence whose events are still arriving."""

    __slots__ = (
        "anchor",
        "children",
        "flow",
        "key",
        "key_marks",
        "last_end",
        "merges",
        "start",
        "start_weight",
        "value",
    )

    def __init__(
        self,
        value: Any,
        children: Any,
        start: tuple[int, int],
        flow: bool,
        anchor: str | None,
        start_weight: int,
    ) -> None:
        self.value = value
        self.children = children
        self.start = start
        self.flow = flow
        self.anchor = anchor
        self.start_weight = start_weight
        self.key: Any = _EXPECT_KEY if type(value) is dict else None  # a list has no keys
        self.key_marks: Marks = (0, 0, 0, 0)
        self.last_end: tuple[int, int] = start
        self.merges: list[tuple[Any, Node, Marks]] = []


class _Abandon(Exception):
    """A limit was hit: skip the rest of this document."""


class StopFile(Exception):
    """A limit was hit that makes parsing the rest of the file too costly."""


def event_marks(event: Any) -> Marks:  # (a PyYAML event's, or a node's: 0-based)
    start, end = event.start_mark, event.end_mark
    return (start.line, start.column, end.line, end.column)


def text_span(style: str, marks: Marks) -> Span:
    """Where a quoted or block scalar's text stands. A block scalar's text starts on the
    line after its ``|`` or ``>`` header, which may end with a real comment."""
    if style in ("|", ">"):
        return Span(marks[0] + 2, 1, marks[2] + 1, marks[3] + 1)
    return Span(marks[0] + 1, marks[1] + 1, marks[2] + 1, marks[3] + 1)


_BLOCK_HEADER = r"[|>][-+0-9]*"
"""Compiled (by re's own cache) when an empty block scalar is first met, not at start-up."""
_BREAKS = "\r\n\x85\u2028\u2029"
"""What libyaml counts as a line break (``\r\n`` counts once), as ``source`` does."""


def block_marks(text: str, marks: Marks, start: int, end: int) -> Marks:
    """A block scalar's (``|``, ``>``) marks, ending where its text does: at the end of
    its last line that is not blank. libyaml's end is the start of the line after the
    scalar's trailing line breaks. An empty one ends after its header. ``start`` and
    ``end`` are libyaml's character offsets of the scalar in ``text``."""
    start_line, start_column, line, _ = marks
    at = line_end = end
    while at > start:
        char = text[at - 1]
        if char == " " or char == "\t":
            at -= 1
        elif char in _BREAKS:
            at -= 2 if char == "\n" and at - 2 >= start and text[at - 2] == "\r" else 1
            line, line_end = line - 1, at
        else:
            break
    if line == start_line:  # no text: the header, then perhaps a comment
        header = re.compile(_BLOCK_HEADER).search(text, start, at)
        return (
            start_line,
            start_column,
            line,
            start_column + (header.end() if header else at) - start,
        )
    line_start = max(text.rfind(char, start, at) for char in _BREAKS) + 1
    return (start_line, start_column, line, line_end - line_start)


class EventBuilder:
    """Turns one file's parse events into Documents, collecting problems."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.problems: list[Finding] = []
        self.documents: list[Document] = []
        self.hash_scalars: list[Span] = []
        self._start_document()

    def _start_document(self) -> None:
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, Node, int]] = {}
        self.open_anchors: set[str] = set()
        self.weight = 0
        self.root: tuple[Any, Node] | None = None

    def problem(self, code: str, marks: Marks, message: str) -> None:
        self.problems.append(Finding(code, span_of(marks), message))

    # -- events ---------------------------------------------------------------------

    def run(self, loader: Any) -> None:
        skipping = False
        get_event = loader.get_event
        on_scalar, hash_scalars = self._scalar, self.hash_scalars
        # Each node and document counts, skipped or not: a file's cost stays bounded.
        nodes = documents = 0
        # get_event gives None once the stream has ended: one call per event.
        while (event := get_event()) is not None:
            kind = type(event)
            if kind in _NODE_EVENTS:
                nodes += 1
                if nodes > MAX_FILE_NODES:
                    self._stop(event, f"{MAX_FILE_NODES:,} values (keys, items and collections)")
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > MAX_DOCUMENTS:
                    self._stop(event, f"{MAX_DOCUMENTS:,} YAML documents")
            try:
                if kind is ScalarEvent:
                    if event.style and "#" in event.value:
                        hash_scalars.append(text_span(event.style, event_marks(event)))
                    if not skipping:
                        on_scalar(event)
                elif skipping:
                    if kind is DocumentEndEvent:
                        skipping = False
                        self._start_document()
                elif kind is MappingStartEvent or kind is SequenceStartEvent:
                    self._collection_start(event, kind is MappingStartEvent)
                elif kind is MappingEndEvent or kind is SequenceEndEvent:
                    self._collection_end(event)
                elif kind is AliasEvent:
                    self._alias(event)
                elif kind is DocumentEndEvent:
                    self._finish_document()
                    self._start_document()
            except _Abandon:
                skipping = True

    def _stop(self, event: Any, limit: str) -> None:
        """Report the file's ``limit``, first passed at ``event``, and stop the parse."""
        rest = "the rest of the file was not checked: split it into smaller files"
        self.problem("NS008", event_marks(event), f"the file holds more than {limit}; {rest}")
        raise StopFile

    def _finish_document(self) -> None:
        if self.root is not None:
            data, node = self.root
            root = node if isinstance(node, LocatedNode) else LocatedNode(node)
            self.documents.append(Document(data, root))

    def _collection_start(self, event: Any, is_mapping: bool) -> None:
        stack = self.stack
        if len(stack) >= MAX_DEPTH:
            self.problem("NS008", event_marks(event), TOO_DEEP)
            raise StopFile
        tag = event.tag
        if tag is not None and tag != "!":  # not the default: see if JSON can hold it
            problem = yaml11.collection_tag(tag)
            if problem is not None:
                self.problem(problem[0], event_marks(event), problem[1])
        start = event.start_mark
        anchor = event.anchor
        if anchor is not None:
            self.open_anchors.add(anchor)
        self.weight += 1
        stack.append(
            _Frame(
                {} if is_mapping else [],
                {} if is_mapping else [],
                (start.line, start.column),
                bool(event.flow_style),
                anchor,
                self.weight,
            )
        )

    def _collection_end(self, event: Any) -> None:
        frame = self.stack.pop()
        if frame.merges:
            self._apply_merges(frame)
        end = (event.end_mark.line, event.end_mark.column) if frame.flow else frame.last_end
        node = LocatedNode((*frame.start, *end), frame.children)
        weight = self.weight - frame.start_weight + 1
        if frame.anchor is not None:
            self.open_anchors.discard(frame.anchor)
            self.anchors[frame.anchor] = (frame.value, node, weight)
        self._add(frame.value, node, None)

    def _alias(self, event: Any) -> None:
        marks = event_marks(event)
        target = self.anchors.get(event.anchor)
        if target is None:
            if event.anchor in self.open_anchors:
                message = (
                    f"the alias *{event.anchor} stands inside the node it refers to; "
                    "a spec cannot be recursive"
                )
            else:
                message = (
                    f"the alias *{event.anchor} refers to no anchor: define &{event.anchor} "
                    "before it in the same document"
                )
            self.problem("NS001", marks, message)
            self._add(None, marks, None)
            return
        value, node, weight = target
        self.weight += weight
        if self.weight > MAX_NODES:
            self.problem(
                "NS008",
                marks,
                f"aliases expand this document to more than {MAX_NODES:,} values "
                "(an alias bomb?); this document was not checked",
            )
            raise _Abandon
        children = children_of(node)
        self._add(value, marks if children is None else LocatedNode(marks, children), None)

    def _scalar(self, event: Any) -> None:
        start, end = event.start_mark, event.end_mark
        marks = (start.line, start.column, end.line, end.column)
        if event.style == "|" or event.style == ">":
            marks = block_marks(self.source.text, marks, start.index, end.index)
        text: str = event.value
        stack = self.stack
        is_key = bool(stack) and stack[-1].key is _EXPECT_KEY
        tag = event.tag
        plain = event.implicit[0]
        if tag is None or tag == "!":
            tag = (_RESOLVED.get(text) or _resolve(text)) if plain else _STR
        self.weight += 1
        if tag == _STR and (not plain or is_key or len(text) > 3):
            value: Any = text  # the common case: no YAML 1.1 boolean to report
        elif tag == _MERGE and is_key:
            value = _MERGE_KEY
        else:
            value, problem = yaml11.scalar(tag, text, plain, is_key)
            if problem is not None:
                self.problem(problem[0], marks, problem[1])
        anchor = event.anchor
        if anchor is not None:
            self.anchors[anchor] = (value, marks, 1)
        self._add(value, marks, text)

    # -- building -------------------------------------------------------------------

    def _add(self, value: Any, node: Node, text: str | None) -> None:
        """Attach a finished value to the collection that holds it, or make it the root."""
        if not self.stack:
            self.root = (None if value is _MERGE_KEY else value, node)
            return
        frame = self.stack[-1]
        marks = marks_of(node)
        frame.last_end = marks[2:]
        if type(frame.value) is list:
            frame.value.append(value)
            frame.children.append(node)
            return
        if frame.key is _EXPECT_KEY:
            frame.key = self._key(value, marks, text)
            frame.key_marks = marks
            return
        key, frame.key = frame.key, _EXPECT_KEY
        if key is _SKIP_ENTRY:
            return
        if key is _MERGE_KEY:
            frame.merges.append((value, node, frame.key_marks))
            return
        if key in frame.value:
            first = frame.children[key][0]
            self.problem(
                "NS002",
                frame.key_marks,
                f"duplicate key `{key}`: it is already defined on line {first[0] + 1}; "
                "YAML keeps only the last value, remove one of them",
            )
        frame.value[key] = value
        frame.children[key] = (frame.key_marks, node)

    def _key(self, value: Any, marks: Marks, text: str | None) -> Any:
        if type(value) is str or value is _MERGE_KEY:
            return value
        code, message = yaml11.key(value, text)
        self.problem(code, marks, message)
        return _SKIP_ENTRY if text is None else text

    def _apply_merges(self, frame: _Frame) -> None:
        """YAML 1.1 merge keys: entries of the merged mappings that are not set here."""
        explicit = set(frame.value)
        for value, node, key_marks in frame.merges:
            if type(value) is dict:
                sources = [(value, node)]
            elif type(value) is list and all(type(item) is dict for item in value):
                items: Any = children_of(node)
                sources = list(zip(value, items, strict=True))
            else:
                self.problem(
                    "NS001",
                    key_marks,
                    "the merge key `<<` needs a mapping or a list of mappings (an alias of one)",
                )
                continue
            for mapping, mapping_node in sources:
                children = children_of(mapping_node)
                assert isinstance(children, dict)
                for key, item in mapping.items():
                    if key not in explicit and key not in frame.value:
                        frame.value[key] = item
                        frame.children[key] = children[key]
