"""Step 2 of a file's journey: one parse into JSON-safe data and located nodes.

Most specs are plain: no aliases, no tags, string keys, each once. For those, PyYAML's
C composer (libyaml) builds the node tree, with the loader's resolver hooks replaced by C
built-ins (``slice`` records what the resolver would be given; nslint resolves scalars
itself, with ``yaml11``), and this module walks the nodes into a ``Document``'s data.
Its positions are walked from the same nodes when first asked for (``Document.root``):
most files have no finding, and nothing reads theirs. The walks recurse, at most
``MAX_DEPTH`` levels.

Everything else goes to ``build``: the event builder (``yaml_builder``), for every input:

* a file with a ``*`` anywhere (an alias: its position is lost in a composed tree);
* what the walk meets and cannot represent exactly as the builder would, or that is the
  builder's to report: an explicit tag, a key that is not a string, a duplicate key, a
  merge key ``<<``, nesting deeper than ``MAX_DEPTH``, more than ``MAX_DOCUMENTS``
  documents or ``MAX_FILE_NODES`` nodes, a file too long to compose whole (the builder
  stops at those limits as the events arrive);
* any YAML error (the builder keeps the documents before it and reports it).

A file sent back is parsed a second time; a plain file, the common case, once. The two
paths give the same data, positions and findings: ``tests/test_parse_paths.py`` runs
both over the YAML test suite, the examples, the test specs and generated specs.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode

from nslint import yaml11
from nslint.diagnostics import Finding, Span
from nslint.document import Document, Loaded, LocatedNode, Node, span_of
from nslint.source import Source, position_of
from nslint.yaml_builder import (
    MAX_DEPTH,
    MAX_DOCUMENTS,
    MAX_FILE_NODES,
    TOO_DEEP,
    EventBuilder,
    StopFile,
    block_marks,
    event_marks,
    text_span,
)

_Parser: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"
"""What libyaml 0.2.6 and later report past their own nesting limit of 1000 levels."""

_COMPOSE_MAX_CHARS = 2 * MAX_FILE_NODES
"""A longer file goes to the event builder, which stops at ``MAX_FILE_NODES`` as the
events arrive: the composer builds a whole document before the walk can count its
nodes. Nodes take about two characters at least (``-`` and a line break; ``{a}`` is
three nodes in three), so the composer builds no more than a small multiple of
``MAX_FILE_NODES``. Specs are a few kilobytes."""

_STR, _MERGE = yaml11.STR, yaml11.MERGE
_RESOLVED, _resolve = yaml11.RESOLVED, yaml11.resolve


def _composer_is_safe() -> bool:
    """PyYAML's C composer before 6.0.4 could crash on deep nesting. (A version that is
    not plain numbers, a pre-release, is not trusted; read without a regex, which would
    be compiled at every start-up.)"""
    if not getattr(yaml, "__with_libyaml__", False):
        return False
    try:
        return tuple(map(int, yaml.__version__.split(".")[:3])) >= (6, 0, 4)
    except ValueError:
        return False


if _composer_is_safe():
    from yaml._yaml import CParser

    class _Composer(CParser):
        """libyaml's composer with C built-ins for the resolver hooks: an untagged node's
        tag is ``slice(kind, value, implicit)``, so ``tag.step`` is what the resolver
        would have been given. Path resolvers are not used."""

        resolve = slice
        descend_resolver = slice
        ascend_resolver = tuple

    COMPOSER: type[Any] | None = _Composer
else:  # pragma: no cover - the pinned PyYAML has it
    COMPOSER = None


def load(source: Source) -> Loaded:
    """Parse ``source`` once into its documents, collecting the problems found."""
    if COMPOSER is not None and "*" not in source.text:
        composed = compose(source)
        if composed is not None:
            return composed
    return build(source)


class _Fallback(Exception):
    """The nodes hold something that only the event builder represents exactly."""


def compose(source: Source) -> Loaded | None:
    """``source`` parsed with the C composer, or None where the event builder must
    parse it (see the module's documentation). Aliases are not looked for here."""
    assert COMPOSER is not None
    if len(source.text) > _COMPOSE_MAX_CHARS:
        return None
    walk = _Walk()
    documents: list[Document] = []
    composer = COMPOSER(source.text)
    try:
        while composer.check_node():
            walk.nodes += 1  # the document's root
            if len(documents) == MAX_DOCUMENTS or walk.nodes > MAX_FILE_NODES:
                raise _Fallback  # the builder reports the limit
            node = composer.get_node()
            data = walk.node(node, 0, False)
            documents.append(Document(data, partial(_locate, source.text, node)))
    except (_Fallback, yaml.YAMLError):
        return None
    finally:
        composer.dispose()
    return Loaded(documents, walk.problems, tuple(walk.hash_scalars))


class _Walk:
    """The data of one file's nodes, the problems and hash scalars found on the way, and
    how many nodes it has met (``MAX_FILE_NODES``). Positions are ``_located``'s."""

    __slots__ = ("hash_scalars", "nodes", "problems")

    def __init__(self) -> None:
        self.nodes = 0
        self.problems: list[Finding] = []
        self.hash_scalars: list[Span] = []

    def node(self, node: Any, depth: int, is_key: bool) -> Any:
        """The data of ``node``, ``depth`` collections deep; ``is_key`` for a mapping's
        key."""
        tag = node.tag
        if type(tag) is not slice:
            raise _Fallback  # an explicit tag
        if type(node) is ScalarNode:
            text: str = node.value
            style = node.style
            if style and "#" in text:
                self.hash_scalars.append(text_span(style, event_marks(node)))
            plain = tag.step[0]
            tag = (_RESOLVED.get(text) or _resolve(text)) if plain else _STR
            if tag == _STR and (not plain or is_key or len(text) > 3):
                return text  # the common case: no YAML 1.1 boolean to report
            if tag == _MERGE and is_key:
                raise _Fallback
            value, problem = yaml11.scalar(tag, text, plain, is_key)
            if problem is not None:  # a plain scalar: its marks are libyaml's
                self.problems.append(Finding(problem[0], span_of(event_marks(node)), problem[1]))
            return value
        if depth >= MAX_DEPTH:
            raise _Fallback
        depth += 1
        # A collection counts its children before they are walked: one sum per
        # collection, not one per node. A file over the limit is the builder's.
        self.nodes += 2 * len(node.value) if type(node) is MappingNode else len(node.value)
        if self.nodes > MAX_FILE_NODES:
            raise _Fallback
        walk = self.node
        if type(node) is MappingNode:
            data: Any = {}
            for key_node, value_node in node.value:
                if type(key_node) is not ScalarNode:
                    raise _Fallback
                key = walk(key_node, depth, True)
                if type(key) is not str or key in data:
                    raise _Fallback
                data[key] = walk(value_node, depth, False)
            return data
        return [walk(item_node, depth, False) for item_node in node.value]


def _locate(text: str, node: Any) -> LocatedNode:
    """The positions of a document's nodes, which ``_Walk`` has read: built when first
    asked for (``Document.root``). ``text`` is the file's."""
    located = _located(text, node)
    return located if isinstance(located, LocatedNode) else LocatedNode(located)


def _located(text: str, node: Any) -> Node:
    if type(node) is ScalarNode:
        marks = event_marks(node)
        if node.style == "|" or node.style == ">":
            marks = block_marks(text, marks, node.start_mark.index, node.end_mark.index)
        return marks
    last: Node | None = None
    children: Any
    if type(node) is MappingNode:
        children = {}
        for key_node, value_node in node.value:
            last = _located(text, value_node)
            # A key is a string read as its text: ``_Walk`` sends every other key back.
            children[key_node.value] = (_located(text, key_node), last)
    else:
        children = [last := _located(text, item_node) for item_node in node.value]
    start = node.start_mark
    if node.flow_style or last is None:
        # A block collection ends where its last value does (libyaml's end is after
        # the comments and blank lines that follow it); an empty one is a flow one.
        end = node.end_mark if node.flow_style else start
        stop = (end.line, end.column)
    else:
        stop = last[2:] if isinstance(last, tuple) else last.marks[2:]
    return LocatedNode((start.line, start.column, *stop), children)


def build(source: Source) -> Loaded:
    """Parse ``source`` into its documents with the event builder, collecting the
    problems found (``load`` comes here for what the C composer cannot give)."""
    builder = EventBuilder(source)
    loader = _Parser(source.text)
    try:
        builder.run(loader)
    except StopFile:
        pass  # the problem that stopped the parse is recorded
    except yaml.MarkedYAMLError as error:
        builder.problems.append(_syntax_problem(error, source.text))
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


def _syntax_problem(error: yaml.MarkedYAMLError, text: str) -> Finding:
    if error.problem == _LIBYAML_TOO_DEEP:
        # libyaml's scanner reads flow collections ahead of the events, so its own depth
        # limit can be met before nslint's: the same input limit, wherever it was met.
        mark = error.problem_mark or error.context_mark
        where = Span.point(mark.line + 1, mark.column + 1) if mark is not None else Span.point(1, 1)
        return Finding("NS008", where, TOO_DEEP)
    from nslint import yaml_errors  # only a file with a syntax error

    message, line, column = yaml_errors.explain(error, text)
    return Finding("NS001", Span.point(line, column), f"YAML syntax error: {message}")
