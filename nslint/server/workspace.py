"""What the language server knows of the project: each document's configuration, and
its findings, from the same configuration loader and engine as ``nslint check``.

Two adapters are the only places the server calls them: ``configure`` (the nearest
``.nslint.yaml`` or ``[tool.nslint]`` of a directory, as ``nslint check`` run there
would find it) and ``lint`` (one document's text through the whole journey). Nothing
here writes a file: unsaved text never reaches the cache.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, NamedTuple

from nslint.errors import UsageError

if TYPE_CHECKING:
    from nslint.discovery import FileFilter
    from nslint.gitignore import Ignores
    from nslint.results import FileResult, Settings

CONFIG_NAMES = frozenset({".nslint.yaml", "pyproject.toml", ".gitignore"})
"""The files whose change can change a configuration (besides rule packs): a
``.gitignore`` changes which files Git's rules leave to it."""


class Configured(NamedTuple):
    """A directory's configuration, ready to check documents with."""

    settings: Settings
    walk: FileFilter
    """Which files are specs (``include`` / ``exclude``)."""
    file: str | None
    """The configuration file, if any."""
    watched: frozenset[str]
    """The absolute paths whose change must reload it: the file and its rule packs."""
    problems: tuple[str, ...] = ()
    """The plugins that failed to load (``nslint check`` reports them and exits 2)."""
    ignores: Ignores | None = None
    """Git's ignore rules (``respect-gitignore``), read once for this configuration, not
    on every keystroke (reading them may ask ``git`` for the global excludes file)."""


def configure(directory: str, root: str) -> Configured:
    """The configuration of the documents in ``directory``: the nearest configuration
    file from there up to the repository root, or none (then globs are relative to the
    workspace folder ``root``). A ``UsageError`` for a broken one."""
    from nslint import config as configuration
    from nslint import run
    from nslint.config_file import find
    from nslint.results import Checking

    found = find(directory)
    session = run.Session(configuration.load(directory if found else root, found))
    config = session.config
    project = run.sdf_project(config)
    checking = Checking(
        fingerprints=False,
        digests=False,  # nothing of an unsaved document is remembered
        sdf_scripts=None if project is None else project.scripts(),
    )
    settings = session.settings(checking)
    watched = {os.path.abspath(p) for p in config.rule_packs}
    if found:
        watched.add(os.path.abspath(found))
    walk = session.walk
    return Configured(settings, walk, found, frozenset(watched), session.problems, walk.ignores())


def lint(path: str, text: str, settings: Settings) -> FileResult:
    """The result of checking the editor's ``text`` of the file ``path``, as ``nslint
    check`` would check it saved: over the size limit it is not parsed (NS008), text
    with a NUL is binary (NS001). Raises what the engine raises (an internal error)."""
    from nslint import engine, source
    from nslint.results import FileResult

    data = text.encode("utf-8", "surrogatepass")  # a lone surrogate: NS001, not a crash
    too_large = source.too_large(len(data), settings.max_file_size)
    if too_large is not None:
        return FileResult(path, (engine.diagnostic(path, too_large, settings.rules),))
    return engine.check(path, settings, data=data)


class Configurations:
    """Each directory's configuration, loaded when first needed and kept until a
    configuration file or rule pack changes."""

    __slots__ = ("_by_directory", "roots")

    def __init__(self, roots: tuple[str, ...] = ()) -> None:
        self.roots = roots
        self._by_directory: dict[str, Configured | UsageError] = {}

    def root_of(self, path: str) -> str:
        """The workspace folder ``path`` is in (the longest), or its own directory."""
        inside = [r for r in self.roots if path.startswith(r.rstrip(os.sep) + os.sep)]
        return max(inside, key=len) if inside else os.path.dirname(path)

    def of(self, path: str) -> Configured | UsageError:
        """The configuration of the file ``path`` (absolute), or why there is none."""
        directory = os.path.dirname(path)
        known = self._by_directory.get(directory)
        if known is None:
            try:
                known = configure(directory, self.root_of(path))
            except UsageError as error:
                known = error
            self._by_directory[directory] = known
        return known

    def affected_by(self, path: str) -> bool:
        """Whether a change to the file ``path`` (absolute) can change a configuration."""
        if os.path.basename(path) in CONFIG_NAMES:
            return True
        return any(isinstance(c, tuple) and path in c.watched for c in self._by_directory.values())

    def clear(self) -> None:
        self._by_directory.clear()
