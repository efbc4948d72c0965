"""libyaml's syntax errors in words that say what to do (NS001).

libyaml names what its parser expected (``did not find expected ',' or ']'``); a person
needs the cause and the remedy: the list opened at line 3 and never closed, a tab that
indents a line. ``explain`` maps the problems that the YAML test suite's invalid inputs
and hand-written specs meet (``tests/test_yaml_errors.py`` runs the suite) to a message
and the position to report: libyaml's own, except for a tab, which is pointed at.
A problem not in the table keeps libyaml's words and context.
"""

from __future__ import annotations

import re
from typing import Any

_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
"""YAML 1.1's line breaks, as libyaml counts lines."""

_CLOSERS = {
    "did not find expected ',' or ']'": ("list", "[", "]"),
    "did not find expected ',' or '}'": ("mapping", "{", "}"),
}

_FIXED = {
    "mapping values are not allowed in this context": (
        "a `:` here would start a mapping where a value is already written: quote the value "
        "if it contains `: `, or put a nested key on its own line, indented under its parent"
    ),
    "block sequence entries are not allowed in this context": (
        "a `- ` list item cannot start here: write the list's items on their own lines, "
        "indented under the key"
    ),
    "did not find expected <document start>": (
        "text follows the end of the document: remove it, indent it into the document, or "
        "start a new document with `---`"
    ),
    "did not find expected node content": (
        "a value is missing here: write the value, or remove the extra `,`"
    ),
    "found unknown escape character": (
        "a backslash in a double-quoted value starts an escape that YAML does not know: write "
        "`\\\\` for a backslash, or quote the value with single quotes"
    ),
    "found undefined tag handle": (
        "this tag's handle is not declared by a %TAG directive: declare it, or remove the "
        "tag (specs need none)"
    ),
}

_BY_CONTEXT = {
    "did not find expected comment or line break": {
        "while scanning a block scalar": (
            "only indicators and a comment can follow `|` or `>` on its line: move the text "
            "to the next line, indented"
        ),
    },
    "did not find expected alphabetic or numeric character": dict.fromkeys(
        ("while scanning an anchor", "while scanning an alias"),
        "`&` and `*` start an anchor or an alias, which needs a name: write one, or quote "
        "the value",
    ),
}

_AT_END = (
    "the file ends where a value is expected: close the `[` or `{` left open, or write the value"
)

_OPENED = {
    "did not find expected key": (
        "this line is not a `key: value` of the mapping at line {line}, column {column}: "
        "align it with that mapping's keys, or indent it under one of them"
    ),
    "did not find expected '-' indicator": (
        "this line is not an item of the list at line {line}, column {column}: start it "
        "with `- ` at that list's indentation, or end the list first"
    ),
    "could not find expected ':'": (
        "the key at line {line}, column {column} has no `:`: add `: ` after it, or indent "
        "the line as part of the value above"
    ),
}

_QUOTED = {
    "found unexpected end of stream": (
        "the quoted value at line {line}, column {column} is never closed: add the closing quote"
    ),
    "found unexpected document indicator": (
        "a `---` or `...` at the start of a line ends the document inside the quoted value "
        "at line {line}, column {column}: indent that line, or close the quote before it"
    ),
}

_TAB_PROBLEMS = (
    "found a tab character that violates indentation",
    "found a tab character where an indentation space is expected",
    "found character that cannot start any token",
)

_INDENTATION = re.compile(r"(?:[ \t]|[-?:](?=[ \t]))*")

TAB_INDENT = "a tab indents this line: YAML indents with spaces only; replace the tab with spaces"


def line_of(text: str, number: int) -> str:
    """The 0-based line ``number`` of ``text`` ("" past its end)."""
    lines = _BREAK.split(text, maxsplit=number + 1)
    return lines[number] if number < len(lines) else ""


def explain(error: Any, text: str) -> tuple[str, int, int]:
    """The message (after ``YAML syntax error: ``) of libyaml's ``error``, a
    ``MarkedYAMLError``, and its 1-based line and column."""
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line, mark.column) if mark is not None else (0, 0)
    problem: str = error.problem or "invalid YAML"
    context = error.context_mark
    opened = {"line": context.line + 1, "column": context.column + 1} if context is not None else {}
    if problem in _TAB_PROBLEMS and mark is not None:
        tab = _indenting_tab(line_of(text, line), column)
        if tab is not None:
            return TAB_INDENT, line + 1, tab + 1
    if problem in _CLOSERS and opened:
        kind, opener, closer = _CLOSERS[problem]
        message = (
            f"the flow {kind} `{opener}` opened at line {opened['line']}, column "
            f"{opened['column']} is not closed: add `{closer}` after its last item, or `,` "
            "between its items"
        )
        return message, line + 1, column + 1
    if problem == "did not find expected node content" and not _rest(text, line, column):
        return _AT_END, line + 1, column + 1
    if problem in _BY_CONTEXT and error.context in _BY_CONTEXT[problem]:
        return _BY_CONTEXT[problem][error.context], line + 1, column + 1
    if problem in _FIXED:
        return _FIXED[problem], line + 1, column + 1
    if opened and problem in _OPENED:
        return _OPENED[problem].format(**opened), line + 1, column + 1
    if opened and problem in _QUOTED and "quoted scalar" in (error.context or ""):
        return _QUOTED[problem].format(**opened), line + 1, column + 1
    if problem == "found character that cannot start any token" and mark is not None:
        found = line_of(text, line)[column : column + 1]
        if found and not found.isspace():
            message = f"`{found}` cannot start a plain value (YAML reserves it): quote the value"
            return message, line + 1, column + 1
    message = problem
    if error.context and context is not None:
        message += f" ({error.context} at line {context.line + 1}, column {context.column + 1})"
    elif error.context:
        message += f" ({error.context})"
    return message, line + 1, column + 1


def _rest(text: str, line: int, column: int) -> str:
    """What ``text`` holds from 0-based ``line`` and ``column`` on, blanks dropped."""
    lines = _BREAK.split(text)[line:] or [""]
    return "".join([lines[0][column:], *lines[1:]]).strip()


def _indenting_tab(line: str, column: int) -> int | None:
    """The 0-based column of the first tab in ``line``'s indentation (its leading blanks
    and ``- ``, ``? ``, ``: `` indicators), when libyaml's ``column`` is within it (libyaml
    reports the tab itself or the token after it), or None."""
    match = _INDENTATION.match(line)
    indentation = match.group() if match is not None else ""
    tab = indentation.find("\t")
    return tab if tab >= 0 and column <= len(indentation) else None
