"""Step 2 of a file's journey: one parse into JSON-safe data and a locator.

The file is parsed once, with the events of PyYAML's C parser (libyaml). From those
events this module builds, per YAML document:

* the data, using only JSON types (``dict`` with ``str`` keys, ``list``, ``str``,
  ``int``, ``float``, ``bool``, ``None``), exactly as a YAML 1.1 loader would read it;
* a tree of positions (``LocatedNode``) beside the data, so that any JSON path, such as
  ``("oauth2", "redirect_uris", 1)``, maps to the span of its value or key.

Problems the data alone would hide are found on the way: syntax errors (NS001),
duplicate keys (NS002), YAML 1.1 booleans (NS004), values JSON cannot hold (NS005),
YAML 1.1 number forms (NS006), tags (NS007) and inputs beyond the limits (NS008).

Aliases are never expanded: an alias shares the data and the position tree of its
anchor, and the expanded size of each document is counted so that a "billion laughs"
document is stopped early. Nesting is built with an explicit stack, never recursion.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, NamedTuple

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.resolver import Resolver

from nslint.diagnostics import Finding, Span
from nslint.source import Source, position_of

_Parser: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 100
"""Deeper nesting than this is not built (a spec is four levels deep)."""
_TOO_DEEP = f"nesting is deeper than {MAX_DEPTH} levels; the rest of the file was not checked"

_LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"
"""What libyaml 0.2.6 and later report past their own nesting limit of 1000 levels."""

MAX_NODES = 100_000
"""A document whose aliases expand it beyond this many nodes is not built."""

MAX_INTEGER_LENGTH = 100
"""An integer written with more characters than this is read as text (NS008): no spec
value is near that large, and a longer one costs time (base 60 is quadratic) or cannot be
converted or printed at all (Python's limit of 4300 decimal digits)."""

Marks = tuple[int, int, int, int]
"""0-based start line, start column, end line, end column, as in PyYAML's marks."""

JSONPath = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_STR, _NULL, _BOOL, _INT, _FLOAT = (_TAG + t for t in ("str", "null", "bool", "int", "float"))
_MERGE, _TIMESTAMP, _BINARY, _VALUE = (_TAG + t for t in ("merge", "timestamp", "binary", "value"))
_MAP, _SEQ = _TAG + "map", _TAG + "seq"
_NON_JSON_COLLECTIONS = {_TAG + "set": "a set", _TAG + "omap": "an ordered map"}
_NON_JSON_COLLECTIONS[_TAG + "pairs"] = "a list of pairs"

_TRUTHY_WORDS = frozenset({"y", "yes", "n", "no", "on", "off"})
# Integer forms only YAML 1.1 has (besides `_` separators and base 60 `1:30`).
_YAML11_BASE_PREFIX = re.compile(r"[-+]?0(?:b|[0-7])")


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


@dataclass(frozen=True, eq=False)
class Document:
    """One YAML document of a file: its data and where each part of it stands."""

    data: Any
    root: LocatedNode

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


class Loaded(NamedTuple):
    """What parsing one file gave: its documents and the problems found on the way."""

    documents: list[Document]
    problems: list[Finding]
    hash_scalars: tuple[Span, ...] = ()
    """Quoted and block scalars with a ``#`` in them: where a ``#`` is text, not a
    comment (``suppress`` needs to know)."""


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
        self.key: Any = _EXPECT_KEY
        self.key_marks: Marks = (0, 0, 0, 0)
        self.last_end: tuple[int, int] = start
        self.merges: list[tuple[Any, Node, Marks]] = []


class _Abandon(Exception):
    """A limit was hit: skip the rest of this document."""


class _StopFile(Exception):
    """A limit was hit that makes parsing the rest of the file too costly."""


_IMPLICIT_RESOLVERS: dict[str | None, list[tuple[str, Any]]] = Resolver.yaml_implicit_resolvers


def _resolve(text: str) -> str:
    """The tag YAML 1.1 gives a plain scalar, as PyYAML's resolver does, remembered in
    ``_RESOLVED``: this runs for every plain scalar of every file, and keys recur, so
    the builder looks there first and calls this only for a text it has not seen."""
    tag = _STR
    for candidate, regexp in _IMPLICIT_RESOLVERS.get(text[0] if text else "", ()):
        if regexp.match(text):
            tag = candidate
            break
    if len(text) <= 40 and len(_RESOLVED) < 8192:  # bounded: the texts are untrusted
        _RESOLVED[text] = tag
    return tag


_RESOLVED: dict[str, str] = {}


def _marks(event: Any) -> Marks:
    start, end = event.start_mark, event.end_mark
    return (start.line, start.column, end.line, end.column)


def _text_span(event: Any) -> Span:
    """Where a quoted or block scalar's text stands. A block scalar's text starts on the
    line after its ``|`` or ``>`` header, which may end with a real comment."""
    start, end = event.start_mark, event.end_mark
    if event.style in ("|", ">"):
        return Span(start.line + 2, 1, end.line + 1, end.column + 1)
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


class _Builder:
    """Turns one file's parse events into Documents, collecting problems."""

    def __init__(self) -> None:
        self.problems: list[Finding] = []
        self.documents: list[Document] = []
        self.hash_scalars: list[Span] = []
        self.constructor = SafeConstructor()
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
        # get_event gives None once the stream has ended: one call per event.
        while (event := get_event()) is not None:
            kind = type(event)
            try:
                if kind is ScalarEvent:
                    if event.style and "#" in event.value:
                        hash_scalars.append(_text_span(event))
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

    def _finish_document(self) -> None:
        if self.root is not None:
            data, node = self.root
            root = node if isinstance(node, LocatedNode) else LocatedNode(node)
            self.documents.append(Document(data, root))

    def _collection_start(self, event: Any, is_mapping: bool) -> None:
        stack = self.stack
        if len(stack) >= MAX_DEPTH:
            self.problem("NS008", _marks(event), _TOO_DEEP)
            raise _StopFile
        tag = event.tag
        if tag is not None and tag != "!":  # not the default: see if JSON can hold it
            self._check_collection_tag(tag, _marks(event))
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
        marks = _marks(event)
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
        text: str = event.value
        stack = self.stack
        frame = stack[-1] if stack else None
        key = frame.key if frame is not None else None
        is_key = key is _EXPECT_KEY
        tag = event.tag
        plain = event.implicit[0]
        if tag is None or tag == "!":
            tag = (_RESOLVED.get(text) or _resolve(text)) if plain else _STR
        self.weight += 1
        if tag == _STR and (not plain or is_key or len(text) > 3):
            value: Any = text  # the common case: no YAML 1.1 boolean to report
        else:
            value = self._scalar_value(tag, text, marks, plain, is_key)
        anchor = event.anchor
        if frame is not None and anchor is None and type(frame.value) is dict:
            # The two commonest events of all, inlined: a plain key, and its value.
            if is_key and type(value) is str:
                frame.last_end = marks[2:]
                frame.key, frame.key_marks = value, marks
                return
            if type(key) is str and key not in frame.value:
                frame.last_end = marks[2:]
                frame.key = _EXPECT_KEY
                frame.value[key] = value
                frame.children[key] = (frame.key_marks, marks)
                return
        if anchor is not None:
            self.anchors[anchor] = (value, marks, 1)
        self._add(value, marks, text)

    def _scalar_value(self, tag: str, text: str, marks: Marks, plain: bool, is_key: bool) -> Any:
        if tag == _STR:
            if plain and not is_key and text.lower() in _TRUTHY_WORDS:
                self._truthy(text, None, marks)
            return text
        if tag == _NULL:
            return None
        if tag == _MERGE:
            return _MERGE_KEY if is_key else text
        if tag == _VALUE:
            return text
        construct = {
            _BOOL: self.constructor.construct_yaml_bool,
            _INT: self.constructor.construct_yaml_int,
            _FLOAT: self.constructor.construct_yaml_float,
        }.get(tag)
        if construct is None:
            return self._other_scalar(tag, text, marks)
        if tag == _INT and len(text) > MAX_INTEGER_LENGTH:
            self.problem(
                "NS008",
                marks,
                f"the integer `{_excerpt(text)}` is {len(text):,} characters long; nslint "
                f"reads integers of up to {MAX_INTEGER_LENGTH} characters (no spec value is "
                "larger) and reads this one as text",
            )
            return text
        try:
            value = construct(yaml.ScalarNode(tag, text))
        except (ValueError, KeyError, yaml.YAMLError):  # KeyError: `!!bool maybe`
            self.problem(
                "NS007",
                marks,
                f"`{_excerpt(text)}` cannot be read as {_tag_name(tag)}; "
                "remove the tag or fix the value",
            )
            return text
        if tag == _BOOL:
            if plain and not is_key and text.lower() in _TRUTHY_WORDS:
                self._truthy(text, value, marks)
        elif tag == _FLOAT and (math.isinf(value) or math.isnan(value)):
            self.problem(
                "NS005",
                marks,
                f"`{_excerpt(text)}` is read as the float {value}, which JSON cannot hold; "
                "nslint reads it as the text; quote it, or write a finite number",
            )
            return text
        elif plain and _yaml11_only_number(tag, text):
            number, shown = _excerpt(str(value)), _excerpt(text)
            self.problem(
                "NS006",
                marks,
                f"YAML 1.1 reads `{shown}` as the number {number}, YAML 1.2 and JSON do not; "
                f'write {number} if you mean the number, or quote it ("{shown}") for the text',
            )
        return value

    def _other_scalar(self, tag: str, text: str, marks: Marks) -> str:
        if tag == _TIMESTAMP:
            self.problem(
                "NS005",
                marks,
                f"YAML reads `{_excerpt(text)}` as a date, which JSON cannot hold; nslint "
                f'reads it as the text "{_excerpt(text)}": quote it to say so',
            )
        elif tag == _BINARY:
            self.problem(
                "NS005",
                marks,
                "a !!binary value cannot be held in JSON; nslint reads it as its base64 text: "
                "remove the tag",
            )
        else:
            self.problem("NS007", marks, _unknown_tag_message(tag))
        return text

    def _check_collection_tag(self, tag: str, marks: Marks) -> None:
        if tag in (_MAP, _SEQ):
            return
        what = _NON_JSON_COLLECTIONS.get(tag)
        if what is not None:
            self.problem(
                "NS005",
                marks,
                f"{what} ({_tag_name(tag)}) cannot be held in JSON; "
                "nslint reads it as a plain mapping or list: remove the tag",
            )
        else:
            self.problem("NS007", marks, _unknown_tag_message(tag))

    def _truthy(self, text: str, value: Any, marks: Marks) -> None:
        if value is None:
            meaning = "YAML 1.1 reads it as a boolean, while this parser and YAML 1.2 read the text"
            fix = "true` or `false"
        else:
            meaning = f"YAML 1.1 reads it as the boolean {str(value).lower()}, YAML 1.2 as text"
            fix = str(value).lower()
        self.problem(
            "NS004",
            marks,
            f"`{text}` is ambiguous: {meaning}; write `{fix}` (or quote it if you mean the text)",
        )

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
        if text is None:
            self.problem(
                "NS005",
                marks,
                "a mapping or list used as a key cannot be held in JSON; use a string key",
            )
            return _SKIP_ENTRY
        kind = _json_kind(value)
        self.problem(
            "NS005",
            marks,
            f"the key `{_excerpt(text)}` is read as {kind}, but JSON keys are strings; "
            f'nslint reads it as "{_excerpt(text)}": quote it to say so',
        )
        return text

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


def _yaml11_only_number(tag: str, text: str) -> bool:
    """True for number forms that YAML 1.2 and JSON read differently (or not at all)."""
    if "_" in text or ":" in text:
        return True
    return tag == _INT and _YAML11_BASE_PREFIX.match(text) is not None


def _excerpt(text: str, most: int = 40) -> str:
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


def _tag_name(tag: str) -> str:
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag


def _unknown_tag_message(tag: str) -> str:
    return (
        f"the tag {_tag_name(tag)} is not supported: a spec holds plain data, and nslint "
        "never constructs objects from tags; remove the tag"
    )


def load(source: Source) -> Loaded:
    """Parse ``source`` once into its documents, collecting the problems found."""
    builder = _Builder()
    loader = _Parser(source.text)
    try:
        builder.run(loader)
    except _StopFile:
        pass  # the problem that stopped the parse is recorded
    except yaml.MarkedYAMLError as error:
        builder.problems.append(_syntax_problem(error))
    except yaml.YAMLError as error:
        position = getattr(error, "position", None)
        where = Span.point(1, 1)
        if position is not None:
            # libyaml reads the UTF-8 encoding: a reader error's position counts bytes.
            encoded = source.text.encode("utf-8", "surrogatepass")[:position]
            where = position_of(source.text, len(encoded.decode("utf-8", "ignore")))
        reason = getattr(error, "reason", None) or str(error)
        builder.problems.append(Finding("NS001", where, f"YAML syntax error: {reason}"))
    finally:
        loader.dispose()
    return Loaded(builder.documents, builder.problems, tuple(builder.hash_scalars))


def _syntax_problem(error: yaml.MarkedYAMLError) -> Finding:
    mark = error.problem_mark or error.context_mark
    where = Span.point(mark.line + 1, mark.column + 1) if mark is not None else Span.point(1, 1)
    if error.problem == _LIBYAML_TOO_DEEP:
        # libyaml's scanner reads flow collections ahead of the events, so its own depth
        # limit can be met before nslint's: the same input limit, wherever it was met.
        return Finding("NS008", where, _TOO_DEEP)
    message = f"YAML syntax error: {error.problem or 'invalid YAML'}"
    if error.context and error.context_mark is not None:
        context_mark = error.context_mark
        message += f" ({error.context} at line {context_mark.line + 1}, column "
        message += f"{context_mark.column + 1})"
    elif error.context:
        message += f" ({error.context})"
    return Finding("NS001", where, message)


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
