"""Finding and reading a configuration file: ``.nslint.yaml``, or ``pyproject.toml``'s
``[tool.nslint]`` table, validated against ``schemas/config.schema.json`` (generated from
the keys' declarations, ``nslint.keys``). Its values are typed by ``nslint.config``.
"""

from __future__ import annotations

import datetime
import math
import os
import re
import sys
from typing import TYPE_CHECKING, Any

from nslint.diagnostics import Span
from nslint.errors import UsageError, at
from nslint.source import read_regular

if TYPE_CHECKING:  # the parser and the validator load only with a configuration file
    from nslint.document import JSONPath
    from nslint.schema import Located, SchemaChecker

CONFIG_FILE = ".nslint.yaml"
PYPROJECT = "pyproject.toml"
SCHEMA_FILE = "config.schema.json"
MAX_SIZE = 1024 * 1024
"""The largest configuration file read (as for rule packs)."""


def find(start: str) -> str | None:
    """The nearest configuration file from ``start`` up to the repository root."""
    directory = os.path.abspath(start)
    while True:
        candidate = os.path.join(directory, CONFIG_FILE)
        if os.path.lexists(candidate):  # a FIFO or a broken link too: an error, not skipped
            return candidate
        pyproject = os.path.join(directory, PYPROJECT)
        if os.path.isfile(pyproject) and _has_tool_table(pyproject):
            return pyproject
        parent = os.path.dirname(directory)
        if os.path.exists(os.path.join(directory, ".git")) or parent == directory:
            return None
        directory = parent


def _has_tool_table(path: str) -> bool:
    """Whether a ``pyproject.toml`` has a ``[tool.nslint]`` table (in any TOML spelling)."""
    try:
        raw = read_regular(path, MAX_SIZE)
    except OSError:
        return False
    if b"nslint" not in raw:
        return False
    if len(raw) > MAX_SIZE:  # not parsed cut short: "invalid TOML" would mislead
        raise UsageError(f"{path}: the configuration is larger than 1 MiB")
    return _tool_table(path, _parse_toml(path, raw)) is not None


def _tool_table(path: str, table: dict[str, Any]) -> dict[str, Any] | None:
    """A ``pyproject.toml``'s ``[tool.nslint]`` table, if it has one."""
    tool = table.get("tool")
    if not isinstance(tool, dict) or "nslint" not in tool:
        return None
    if not isinstance(tool["nslint"], dict):  # [[tool.nslint]], or tool.nslint = 1
        kind = "a list" if isinstance(tool["nslint"], list) else "a value"
        raise UsageError(
            f"{path}: `tool.nslint` must be a table ([tool.nslint]), not {kind}; "
            "nslint would otherwise ignore it"
        )
    return tool["nslint"]


def _parse_toml(path: str, raw: bytes) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]
    try:
        text = raw.decode("utf-8")
        table: dict[str, Any] = tomllib.loads(text)
    except UnicodeDecodeError as error:
        raise UsageError(f"{path}: not UTF-8 text ({error.reason})") from None
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{path}: invalid TOML: {error}") from None
    except ValueError:  # an integer of more digits than Python converts (4300)
        line = _line_of(text, _LONG_NUMBER)
        raise UsageError(
            f"{path}{line}: a number has more digits than nslint reads; "
            "no configuration value is that large"
        ) from None
    except RecursionError:
        line = _deep_line(text)
        raise UsageError(
            f"{path}{line}: arrays or tables are nested too deeply to read; "
            "a configuration is a few levels deep"
        ) from None
    return table


_LONG_NUMBER = re.compile(r"[0-9_]{100}")


def _deep_line(text: str, limit: int = 100) -> str:
    """``:LINE`` where arrays and inline tables first nest deeper than ``limit`` (strings
    are not told apart: this only locates a problem ``tomllib`` already found)."""
    depth, line = 0, 1
    for char in text:
        if char in "[{":
            depth += 1
            if depth > limit:
                return f":{line}"
        elif char in "]}":
            depth -= 1
        elif char == "\n":
            line += 1
    return ""


def _line_of(text: str, pattern: re.Pattern[str]) -> str:
    """``:LINE`` of the first match of ``pattern`` in ``text`` ('' if none): where a
    TOML problem that ``tomllib`` gives no position for stands, to the line only."""
    match = pattern.search(text)
    return f":{text.count(chr(10), 0, match.start()) + 1}" if match else ""


def _checker() -> SchemaChecker:
    from nslint.schema import SchemaChecker

    return SchemaChecker(
        SCHEMA_FILE, "config", "the configuration", "select, ignore, ...", "it is required"
    )


def read(path: str) -> Located:
    """The configuration file at ``path``, read and validated; a ``UsageError`` else."""
    document: Located
    if os.path.basename(path) == PYPROJECT or path.endswith(".toml"):
        document = _read_toml(path)
    else:
        from nslint import yaml_file

        document = yaml_file.read(path, "configuration", None, empty_ok=True)
    _refuse_non_json(path, document)
    problems = _checker().validate(document)
    if problems:
        raise UsageError("\n".join(at(path, p.span, p.message) for p in problems))
    return document


def _read_toml(path: str) -> Located:
    try:
        raw = read_regular(path, MAX_SIZE)
    except OSError as error:
        raise UsageError(f"cannot read configuration {path}: {error.strerror or error}") from None
    if len(raw) > MAX_SIZE:
        raise UsageError(f"{path}: the configuration is larger than 1 MiB")
    table = _parse_toml(path, raw)
    text = raw.decode("utf-8")
    prefix: JSONPath = ()
    if os.path.basename(path) == PYPROJECT:
        table = _tool_table(path, table) or {}
        prefix = ("tool", "nslint")
    return TomlTable(table, text, prefix)


_LARGEST = 2**63
"""Configuration integers are 64-bit (as in JSON tools); larger ones are refused."""


def _refuse_non_json(path: str, document: Located) -> None:
    """Values that have no JSON form, or none a configuration can mean: TOML dates and
    times, ``nan`` and ``inf``, integers beyond 64 bits (Python would hold them, but
    not print them: a rule's message would fail)."""
    stack: list[tuple[JSONPath, Any]] = [((), document.data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, dict):
            stack.extend(((*where, k), v) for k, v in value.items())
            continue
        if isinstance(value, list):
            stack.extend(((*where, i), v) for i, v in enumerate(value))
            continue
        name = f"`{'.'.join(map(str, where))}`"
        if isinstance(value, (datetime.date, datetime.time)):
            problem = (
                f"{name} is a TOML date or time, which no configuration value is; "
                "quote it if you mean text"
            )
        elif isinstance(value, float) and not math.isfinite(value):
            problem = f"{name} is {value}, which no configuration value is; write a number"
        elif isinstance(value, int) and not -_LARGEST <= value < _LARGEST:
            problem = f"{name} is a number beyond 64 bits, larger than any configuration value"
        else:
            continue
        raise UsageError(at(path, document.value_span(where), problem))


class TomlTable:
    """A TOML table with a locator good to the line: keys and the start of their values.

    ``tomllib`` gives no positions, so key lines are found by a scan of the text for
    table headers and ``key =`` lines; a position inside a multi-line value falls back
    to its key's line.
    """

    _HEADER = re.compile(r"\s*\[\s*([^\[\]]+?)\s*\]")
    _PART = r"(?:\"[^\"]*\"|'[^']*'|[A-Za-z0-9_-]+)"
    _KEY = re.compile(rf"\s*({_PART}(?:\s*\.\s*{_PART})*)\s*=\s*")

    def __init__(self, data: Any, text: str, prefix: JSONPath) -> None:
        self.data = data
        self._spans: dict[JSONPath, tuple[Span, Span]] = {}
        table: JSONPath = ()
        for number, line in enumerate(text.splitlines(), start=1):
            header = self._HEADER.match(line)
            if header and not line.lstrip().startswith("[["):
                table = _toml_key(header.group(1))
                span = Span(number, header.start(1) + 1, number, header.end(1) + 1)
                self._record(table, prefix, span, span)
                continue
            key = self._KEY.match(line)
            if key:
                key_span = Span(number, key.start(1) + 1, number, key.end(1) + 1)
                value_span = Span(number, key.end() + 1, number, len(line.rstrip()) + 1)
                self._record((*table, *_toml_key(key.group(1))), prefix, key_span, value_span)

    def _record(self, path: JSONPath, prefix: JSONPath, key: Span, value: Span) -> None:
        if path[: len(prefix)] == prefix and path not in self._spans:
            self._spans[path[len(prefix) :]] = (key, value)

    def _nearest(self, path: JSONPath) -> tuple[Span, Span]:
        for length in range(len(path), -1, -1):
            spans = self._spans.get(tuple(str(p) for p in path[:length]))
            if spans is not None:
                return spans
        return Span.point(1, 1), Span.point(1, 1)

    def value_span(self, path: JSONPath) -> Span:
        return self._nearest(path)[1]

    def key_span(self, path: JSONPath) -> Span:
        return self._nearest(path)[0]


def _toml_key(dotted: str) -> JSONPath:
    parts = re.findall(r"\"([^\"]*)\"|'([^']*)'|([A-Za-z0-9_-]+)", dotted)
    return tuple(next(p for p in part if p) if any(part) else "" for part in parts)
