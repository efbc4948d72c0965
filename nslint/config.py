"""The run configuration: every key declared once, and one frozen ``RunConfig`` built
from the defaults, then the configuration file, then the command line
(``docs/configuration.md``).

Where the file comes from: ``--config FILE``; otherwise the nearest ``.nslint.yaml``, or
``pyproject.toml`` with a ``[tool.nslint]`` table, walking up from the current directory
to the repository root (``config_file``); ``--isolated`` uses none.

The file is validated against ``schemas/config.schema.json``: an unknown key or a wrong
type is a ``UsageError`` with its file, line and column. The command line then wins,
key by key: a value replaces the file's, a mapping (``severity``, ``per-file-ignores``,
``rules``) is merged entry by entry, and ``select`` / ``extend-select`` / ``ignore`` are
applied after the file's, as in ruff. Each value remembers where it came from, for
``nslint config`` and for messages about it.

To add a key, declare it in ``RunConfig`` (``nslint.keys`` says how), then run
``python -m nslint.config_docs`` to regenerate the schema and the docs table.

The module is over 400 lines because ``RunConfig`` declares every key with its help
text: data, a third of the file, kept in one place by design.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final, TypeVar

from nslint import keys
from nslint.diagnostics import Severity
from nslint.discovery import DEFAULT_EXCLUDE, DEFAULT_INCLUDE
from nslint.errors import UsageError, at
from nslint.keys import Key
from nslint.release import Release
from nslint.source import DEFAULT_MAX_FILE_SIZE

if TYPE_CHECKING:
    from nslint.document import JSONPath
    from nslint.schema import Located

T = TypeVar("T")


class Setting:
    """One key's effective value and where it was set: ``origin`` is ``default``, a file
    position (``.nslint.yaml:3:9``) or a flag (``--select``).

    This class and the two below are plain classes, not NamedTuples, so that importing
    them generates no code (issue 16)."""

    __slots__ = ("origin", "value")

    def __init__(self, value: Any, origin: str) -> None:
        self.value: Final = value
        self.origin: Final = origin


class Layer:
    """One source's rule selection; layers apply in order, the command line's last."""

    __slots__ = ("extend_select", "ignore", "origin", "select")

    def __init__(
        self,
        origin: str,
        select: tuple[str, ...] | None = None,
        extend_select: tuple[str, ...] = (),
        ignore: tuple[str, ...] = (),
    ) -> None:
        self.origin: Final = origin
        self.select: Final = select
        self.extend_select: Final = extend_select
        self.ignore: Final = ignore


class Description:
    """What a run configuration is built from, picklable: a worker process builds the
    same ``RunConfig`` from it (``load``). ``overrides``: the command line's values by
    key (as ``Kind.from_flag`` gives them)."""

    __slots__ = ("config_file", "cwd", "isolated", "overrides")

    def __init__(
        self,
        cwd: str,
        config_file: str | None = None,
        isolated: bool = False,
        overrides: tuple[tuple[str, Any], ...] = (),
    ) -> None:
        self.cwd: Final = cwd
        self.config_file: Final = config_file
        self.isolated: Final = isolated
        self.overrides: Final = overrides


class RunConfig:
    """The effective configuration of a run, frozen. Each ``Key`` below is the one
    declaration of a configuration key; reading it gives the key's typed value. Their
    order is the order of ``nslint config`` and of the flags in ``--help``."""

    release = Key(
        "--release",
        keys.RELEASE,
        None,
        "The NetSuite release the specs target (default: the one current today).",
        "The NetSuite release the specs target, YYYY.1 or YYYY.2 (default: the current one)",
    )
    select = Key(
        "--select",
        keys.SELECTORS,
        None,
        "Run only these rules.",
        "The rules to run instead of the default set: codes or prefixes (NS1 is every "
        "redirect-URI rule)",
    )
    extend_select = Key(
        "--extend-select",
        keys.MORE_SELECTORS,
        (),
        "Run these rules too (such as rules that are off by default).",
        "Rules to run on top of the selection, such as rules that are off by default",
    )
    ignore = Key(
        "--ignore",
        keys.MORE_SELECTORS,
        (),
        "Do not run these rules.",
        "Rules not to run: codes or prefixes",
    )
    severity = Key(
        "--severity",
        keys.SEVERITIES,
        {},
        "Override a rule's severity (error, warning, notice).",
        "Severity by code or prefix, overriding each rule's default",
    )
    per_file_ignores = Key(
        "--per-file-ignores",
        keys.IGNORES_BY_GLOB,
        {},
        "Do not report these rules in the files the glob matches.",
        "Rules not to report in the files a glob matches",
    )
    include = Key(
        "--include",
        keys.GLOBS,
        DEFAULT_INCLUDE,
        "Files a walk checks.",
        "Globs of the files a directory walk checks (default *.yaml, *.yml)",
        walk=True,
    )
    exclude = Key(
        "--exclude",
        keys.GLOBS,
        DEFAULT_EXCLUDE,
        "Paths a walk skips, instead of the default list (see `nslint config`).",
        "Globs of files and directories a directory walk skips, instead of nslint's list of "
        "paths that are never specs (hidden ones are always skipped)",
        default_doc="[the list below](#exclude)",
        walk=True,
    )
    extend_exclude = Key(
        "--extend-exclude",
        keys.GLOBS,
        (),
        "Paths a walk skips, on top of --exclude.",
        "Globs of files and directories a directory walk skips, on top of `exclude`",
        walk=True,
    )
    respect_gitignore = Key(
        "--respect-gitignore",
        keys.SWITCH,
        True,
        "Skip what Git ignores (.gitignore, .git/info/exclude, core.excludesFile) "
        "[default: respect].",
        "Whether a directory walk skips what Git ignores (.gitignore files, "
        ".git/info/exclude, the global excludes file)",
        walk=True,
    )
    max_file_size = Key(
        "--max-file-size",
        keys.SIZE,
        DEFAULT_MAX_FILE_SIZE,
        "Files larger than this are reported (NS008) and not parsed [default: 10MiB].",
        "Files larger than this are reported (NS008) and not parsed: bytes, or a size such "
        "as 512KiB or 20MiB",
    )
    fail_on = Key(
        "--fail-on",
        keys.SEVERITY,
        Severity.ERROR,
        "The lowest severity that makes nslint exit 1 (default: error).",
        "The lowest severity that makes nslint exit 1",
    )
    rules = Key(
        "--rule-option",
        keys.RULE_OPTIONS,
        {},
        "Set a rule's option, such as NS201.max=24.",
        "Options by rule code, such as NS201: {max: 24}",
    )
    rule_packs = Key(
        "--rule-pack",
        keys.FILES,
        (),
        "Load an organisation rule pack (instead of the configured ones).",
        "Paths of organisation rule packs, relative to this file",
    )
    baseline = Key(
        "--baseline",
        keys.FILE,
        None,
        "Do not report the findings recorded in this baseline file.",
        "A baseline file (written by --write-baseline), relative to this file: its findings "
        "are not reported",
    )
    sdf_project = Key(
        "--sdf-project",
        keys.DIRECTORY,
        None,
        "Check the specs against this SuiteCloud (SDF) project's integration objects.",
        "A SuiteCloud (SDF) project folder, relative to this file: its Objects/*.xml "
        "integration objects are checked against the specs (NS700-NS703)",
    )
    plugins = Key(
        "--plugin",
        keys.NAMES,
        (),
        "Load an installed plugin (instead of the configured ones).",
        "Names of installed plugins (entry points in the group nslint.rules) to load",
    )

    __slots__ = ("_values", "description", "document", "file", "given", "layers", "root")

    def __init__(
        self,
        file: str | None = None,
        root: str = ".",
        values: Mapping[str, Setting] | None = None,
        layers: tuple[Layer, ...] = (),
        document: Located | None = None,
        given: frozenset[str] = frozenset(),
        description: Description | None = None,
    ) -> None:
        defaults = {key.name: Setting(key.default, "default") for key in KEYS}
        for name, value in (
            ("file", file),  # the configuration file used, if any
            ("root", root),  # the project root: globs and rule-pack paths are relative to it
            ("_values", {**defaults, **(values or {})}),
            ("layers", layers),
            ("document", document),
            ("given", given),  # the keys the command line set
            ("description", description or Description(root)),
        ):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a RunConfig is frozen: {name} cannot be set")

    file: str | None
    root: str
    _values: Mapping[str, Setting]
    layers: tuple[Layer, ...]
    document: Located | None
    given: frozenset[str]
    description: Description

    def value(self, key: Key[T]) -> T:
        """``key``'s value (as reading the attribute gives it)."""
        value: T = self._values[key.name].value
        return value

    def origin(self, key: Key[Any]) -> str:
        """Where ``key``'s value was set: ``default``, a file position or a flag."""
        return self._values[key.name].origin

    def where(
        self, key: Key[Any], *path: str | int, at_key: bool = False, source: str = "auto"
    ) -> str:
        """Where the value at ``key`` (and ``path`` within it) was set, for messages:
        ``file:line:column`` (of the value, or of its key) when the file set it, else
        the command-line flag. ``source`` says which it was, when the caller knows."""
        doc = self.document
        full = (key.name, *path)
        if source == "auto":
            depth = 2 + (key is RunConfig.rules)
            from_cli = key.name in self.given and (
                key.kind.merge != keys.ENTRIES or _given_entry(self.description, full[:depth])
            )
            source = "cli" if from_cli else "file"
        if source == "file" and doc is not None and _has(doc.data, full[:2]):
            span = doc.key_span(full) if at_key else doc.value_span(full)
            return f"{self.file}:{span.line}:{span.column}"
        return key.flag


KEYS: tuple[Key[Any], ...] = tuple(
    value for value in vars(RunConfig).values() if isinstance(value, Key)
)
"""Every key, in the order ``nslint config`` shows them."""
BY_NAME: Mapping[str, Key[Any]] = {key.name: key for key in KEYS}

_ABSENT = object()


def _has(data: Any, path: JSONPath) -> bool:
    """Whether ``path`` exists in ``data``."""
    from nslint.document import get

    return get(data, path, _ABSENT) is not _ABSENT


def _given_entry(description: Description, path: JSONPath) -> bool:
    """Whether the command line set the entry at ``path`` (key, entry[, option])."""
    return _has(dict(description.overrides), path)


def load(
    cwd: str = ".",
    config_file: str | None = None,
    isolated: bool = False,
    overrides: Mapping[str, Any] | None = None,
) -> RunConfig:
    """The configuration for a run in ``cwd``: the defaults, then the configuration file,
    then the command line's ``overrides`` (keys as in the file, values as
    ``Kind.from_flag`` gives them, None for a flag not given)."""
    given = tuple((k, v) for k, v in (overrides or {}).items() if v not in (None, {}, ()))
    description = Description(cwd, config_file, isolated, given)
    if isolated:  # not even the module that finds and reads a configuration file
        return _apply(RunConfig(root=os.path.normpath(cwd)), description)
    from nslint import config_file as files

    path = config_file or files.find(cwd)
    if path is None:
        return _apply(RunConfig(root=os.path.normpath(cwd)), description)
    document = files.read(path)
    root = os.path.dirname(os.path.abspath(path))
    return _apply(_from_file(path, root, document), description)


def rebuild(description: Description) -> RunConfig:
    """The run configuration ``description`` describes (in a worker process)."""
    return load(
        description.cwd, description.config_file, description.isolated, dict(description.overrides)
    )


def _from_file(path: str, root: str, document: Located) -> RunConfig:
    values: dict[str, Setting] = {}
    for name, raw in document.data.items():
        span = document.value_span((name,))
        try:
            value = BY_NAME[name].kind.from_file(raw, root)
        except ValueError as error:
            raise UsageError(at(path, span, str(error))) from None
        values[name] = Setting(value, f"{path}:{span.line}:{span.column}")
    config = RunConfig(path, root, values, document=document)
    layer = Layer(path, config.select, config.extend_select, config.ignore)
    return RunConfig(path, root, values, (layer,), document)


def _apply(base: RunConfig, description: Description) -> RunConfig:
    """``base`` with the command line's values."""
    values = dict(base._values)
    overrides = dict(description.overrides)
    for name, value in overrides.items():
        key = BY_NAME[name]
        if key.kind.merge == keys.LAYERED:
            continue
        if key.kind.merge == keys.ENTRIES:
            merged = dict(values[name].value)
            for entry, entry_value in value.items():
                if key is RunConfig.rules:
                    merged[entry] = {**merged.get(entry, {}), **entry_value}
                else:
                    merged[entry] = entry_value
            values[name] = Setting(merged, _joined(values[name].origin, key.flag))
        elif value is False and key.kind.click == "switch":
            values[name] = Setting(value, "--no-" + key.flag[2:])
        else:
            values[name] = Setting(value, key.flag)
    layers = base.layers
    cli = Layer(
        "command line",
        select=overrides.get("select"),
        extend_select=tuple(overrides.get("extend-select") or ()),
        ignore=tuple(overrides.get("ignore") or ()),
    )
    if cli.select is not None or cli.extend_select or cli.ignore:
        layers = (*layers, cli)
        if cli.select is not None:
            values["select"] = Setting(cli.select, RunConfig.select.flag)
        for key, added in (
            (RunConfig.extend_select, cli.extend_select),
            (RunConfig.ignore, cli.ignore),
        ):
            if added:
                previous = values[key.name]
                values[key.name] = Setting(
                    (*previous.value, *added), _joined(previous.origin, key.flag)
                )
    return RunConfig(
        base.file, base.root, values, layers, base.document, frozenset(overrides), description
    )


def _joined(origin: str, flag: str) -> str:
    return flag if origin == "default" else f"{origin} + {flag}"


def describe(config: RunConfig, for_json: bool = False) -> list[tuple[str, Any, str]]:
    """(key, value as a person writes it, origin) for every key, in ``KEYS`` order.
    For JSON, the default selection is ``None``; for people, it says what applies."""
    rows = []
    for key in KEYS:
        setting = config._values[key.name]
        shown = key.kind.show(setting.value)
        if shown is None and not for_json:
            shown = key.kind.unset
        rows.append((key.name, shown, setting.origin))
    return rows


def release_of(config: RunConfig) -> Release:
    """The release a run targets: the configured one, or today's."""
    return config.release or Release.today()
