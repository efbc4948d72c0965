"""Before the journey: the configuration, found, read, validated and merged with the
command line (``docs/configuration.md``).

Where it comes from: ``--config FILE``; otherwise the nearest ``.nslint.yaml``, or
``pyproject.toml`` with a ``[tool.nslint]`` table, walking up from the current directory
to the repository root (the first directory with a ``.git``); ``--isolated`` uses none.
In one directory ``.nslint.yaml`` wins over ``pyproject.toml``.

The file is validated against ``schemas/config.schema.json``: an unknown key or a wrong
type is a ``UsageError`` with its file, line and column. The command line then wins,
key by key: a value replaces the file's, a mapping (``severity``, ``per-file-ignores``,
``rules``) is merged entry by entry, and ``select`` / ``extend-select`` / ``ignore`` are
applied after the file's, as in ruff. Each value remembers where it came from, for
``nslint config`` and for messages about it.
"""

from __future__ import annotations

import datetime
import math
import os
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from nslint.diagnostics import Severity, Span
from nslint.discovery import DEFAULT_EXCLUDE, DEFAULT_INCLUDE
from nslint.errors import UsageError, at
from nslint.release import Release
from nslint.source import DEFAULT_MAX_FILE_SIZE, parse_size, read_regular

if TYPE_CHECKING:  # the parser and the validator load only with a configuration file
    from nslint.document import JSONPath
    from nslint.schema import Located, SchemaChecker

CONFIG_FILE = ".nslint.yaml"
PYPROJECT = "pyproject.toml"
SCHEMA_FILE = "config.schema.json"
MAX_SIZE = 1024 * 1024
"""The largest configuration file read (as for rule packs)."""

FLAGS: dict[str, str] = {
    "release": "--release",
    "select": "--select",
    "extend-select": "--extend-select",
    "ignore": "--ignore",
    "severity": "--severity",
    "per-file-ignores": "--per-file-ignores",
    "include": "--include",
    "exclude": "--exclude",
    "extend-exclude": "--extend-exclude",
    "respect-gitignore": "--respect-gitignore",
    "fail-on": "--fail-on",
    "max-file-size": "--max-file-size",
    "rules": "--rule-option",
    "rule-packs": "--rule-pack",
    "plugins": "--plugin",
    "baseline": "--baseline",
    "sdf-project": "--sdf-project",
}
"""Every key, in the order ``nslint config`` shows them, and its command-line twin."""

_DEFAULTS: dict[str, Any] = {
    "release": None,
    "select": None,
    "extend-select": (),
    "ignore": (),
    "severity": {},
    "per-file-ignores": {},
    "include": DEFAULT_INCLUDE,
    "exclude": DEFAULT_EXCLUDE,
    "extend-exclude": (),
    "respect-gitignore": True,
    "fail-on": Severity.ERROR,
    "max-file-size": DEFAULT_MAX_FILE_SIZE,
    "rules": {},
    "rule-packs": (),
    "plugins": (),
    "baseline": None,
    "sdf-project": None,
}
_MAPPINGS = ("severity", "per-file-ignores", "rules")
_SELECTION = ("select", "extend-select", "ignore")


class Setting(NamedTuple):
    """One key's effective value and where it was set."""

    value: Any
    origin: str
    """``default``, a file position (``.nslint.yaml:3:9``) or a flag (``--select``)."""


class Layer(NamedTuple):
    """One source's rule selection; layers apply in order, the command line's last."""

    origin: str
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class Config:
    """The effective configuration of a run."""

    file: str | None = None
    """The configuration file used, if any."""
    root: str = "."
    """The project root: globs and rule-pack paths are relative to it."""
    settings: Mapping[str, Setting] = field(
        default_factory=lambda: {key: Setting(value, "default") for key, value in _DEFAULTS.items()}
    )
    layers: tuple[Layer, ...] = ()
    document: Located | None = None
    cli: Mapping[str, Any] = field(default_factory=dict)
    """The values the command line gave (keys as in the file)."""

    def __getitem__(self, key: str) -> Any:
        return self.settings[key].value

    def where(self, key: str, *path: str | int, at_key: bool = False, source: str = "auto") -> str:
        """Where the value at ``key`` (and ``path`` within it) was set, for messages:
        ``file:line:column`` (of the value, or of its key) when the file set it, else
        the command-line flag. ``source`` says which it was, when the caller knows."""
        doc = self.document
        full = (key, *path)
        if source == "auto":
            depth = 2 + (key == "rules")
            from_cli = key in self.cli and (key not in _MAPPINGS or _has(self.cli, full[:depth]))
            source = "cli" if from_cli else "file"
        if source == "file" and doc is not None and _has(doc.data, full[:2]):
            span = doc.key_span(full) if at_key else doc.value_span(full)
            return f"{self.file}:{span.line}:{span.column}"
        return FLAGS[key]


_ABSENT = object()


def _has(data: Any, path: JSONPath) -> bool:
    """Whether ``path`` exists in ``data``."""
    from nslint.document import get

    return get(data, path, _ABSENT) is not _ABSENT


def load(
    cwd: str = ".",
    config_file: str | None = None,
    isolated: bool = False,
    overrides: Mapping[str, Any] | None = None,
) -> Config:
    """The configuration for a run in ``cwd``, with the command line's ``overrides``
    (keys as in the file, values already typed)."""
    path = None if isolated else (config_file or find(cwd))
    base = Config(root=os.path.normpath(cwd))
    if path is not None:
        document = _read(path)
        root = os.path.dirname(os.path.abspath(path))
        base = _from_file(path, root, document)
    return _apply(base, dict(overrides or {}))


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


def _read(path: str) -> Located:
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


def _from_file(path: str, root: str, document: Located) -> Config:
    data: Mapping[str, Any] = document.data
    settings = dict(Config().settings)

    def fail(key: str, message: str, *sub: str | int) -> UsageError:
        return UsageError(at(path, document.value_span((key, *sub)), message))

    for key, raw in data.items():
        span = document.value_span((key,))
        settings[key] = Setting(_typed(key, raw, root, fail), f"{path}:{span.line}:{span.column}")
    layer = Layer(
        path,
        select=settings["select"].value,
        extend_select=settings["extend-select"].value,
        ignore=settings["ignore"].value,
    )
    return Config(path, root, settings, (layer,), document)


def _typed(key: str, raw: Any, root: str, fail: Any) -> Any:
    """A schema-valid file value as the type a run uses."""
    if key == "release":
        text = repr(raw) if isinstance(raw, float) else str(raw)
        try:
            return Release.parse(text)
        except ValueError as error:
            raise fail(key, str(error)) from None
    if key == "fail-on":
        return Severity.parse(raw)
    if key == "max-file-size":
        try:
            return parse_size(raw)
        except ValueError as error:
            raise fail(key, str(error)) from None
    if key == "severity":
        return {code: Severity.parse(level) for code, level in raw.items()}
    if key == "per-file-ignores":
        return {glob: tuple(codes) for glob, codes in raw.items()}
    if key == "rules":
        return {code: dict(options) for code, options in raw.items()}
    if key == "rule-packs":
        return tuple(os.path.normpath(os.path.join(root, pack)) for pack in raw)
    if key in ("baseline", "sdf-project"):
        return os.path.normpath(os.path.join(root, raw))
    return tuple(raw) if isinstance(raw, list) else raw


def _apply(base: Config, overrides: dict[str, Any]) -> Config:
    settings = dict(base.settings)
    for key, value in overrides.items():
        if value is None or value == {} or key in _SELECTION:
            continue
        flag = FLAGS[key]
        if value is False:  # a --x/--no-x pair: the flag given was --no-x
            flag = "--no-" + flag[2:]
        if key in _MAPPINGS:
            merged = dict(settings[key].value)
            for entry, entry_value in value.items():
                if key == "rules":
                    merged[entry] = {**merged.get(entry, {}), **entry_value}
                else:
                    merged[entry] = entry_value
            origin = settings[key].origin
            origin = flag if origin == "default" else f"{origin} + {flag}"
            settings[key] = Setting(merged, origin)
        else:
            settings[key] = Setting(value, flag)
    layers = base.layers
    cli = Layer(
        "command line",
        select=overrides.get("select"),
        extend_select=tuple(overrides.get("extend-select") or ()),
        ignore=tuple(overrides.get("ignore") or ()),
    )
    if cli != Layer("command line"):
        layers = (*layers, cli)
        if cli.select is not None:
            settings["select"] = Setting(cli.select, FLAGS["select"])
        for key, values in (("extend-select", cli.extend_select), ("ignore", cli.ignore)):
            if values:
                previous = settings[key]
                origin = FLAGS[key] if previous.origin == "default" else previous.origin
                if previous.origin != "default":
                    origin += f" + {FLAGS[key]}"
                settings[key] = Setting((*previous.value, *values), origin)
    given = {key: value for key, value in overrides.items() if value not in (None, {}, ())}
    return Config(base.file, base.root, settings, layers, base.document, given)


def describe(config: Config, for_json: bool = False) -> list[tuple[str, Any, str]]:
    """(key, value as shown, origin) for every key, in ``FLAGS`` order. For JSON, a key
    left unset is ``None``; for people, it says what applies instead."""
    rows = []
    for key in FLAGS:
        setting = config.settings[key]
        rows.append((key, _shown(key, setting.value, for_json), setting.origin))
    return rows


def _shown(key: str, value: Any, for_json: bool = False) -> Any:
    if value is None:
        if for_json:
            return None
        return {"release": "today's release", "select": "the default rules"}.get(key, "none")
    if isinstance(value, (Release, Severity)):
        return str(value)
    if isinstance(value, Mapping):
        return {k: _shown(key, v) for k, v in value.items()}
    if isinstance(value, Sequence) and not isinstance(value, str):
        return list(value)
    return value
