"""Which files a run checks: the paths given, with directories walked for YAML files.

Globs (``include``, ``exclude``, ``per-file-ignores``) are gitignore-style patterns,
matched by ``pathspec`` against a file's path relative to the project root (the
configuration file's directory, or the current directory without one). A walk also
skips what Git ignores (``respect-gitignore``, see ``gitignore``) and never descends
into a directory it skips.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import pathspec

    from nslint.gitignore import Ignores, Rules
    from nslint.globs import Globs


DEFAULT_INCLUDE = ("*.yaml", "*.yml")
DEFAULT_SUFFIXES = (".yaml", ".yml")
ALWAYS_EXCLUDED = (".*",)
"""Hidden files and directories (``.git``, ``.pre-commit-config.yaml``) are never walked."""
DEFAULT_EXCLUDE = (
    # Directories that hold tools, dependencies or build output, never a team's specs
    # (ruff's defaults, those a spec repository can have).
    ".git",
    ".venv",
    "venv",
    "node_modules",
    "site-packages",
    "__pypackages__",
    "build",
    "_build",
    "dist",
    # Files whose name a well-known tool owns: their YAML is that tool's, not a spec.
    "mkdocs.yml",
    "mkdocs.yaml",
    "docker-compose*.yml",
    "docker-compose*.yaml",
    "compose*.yml",
    "compose*.yaml",
    "action.yml",
    "action.yaml",
    "Chart.yaml",
    "codecov.yml",
    "codecov.yaml",
    ".pre-commit-config.yaml",
    ".pre-commit-hooks.yaml",
    ".github/workflows/",
    ".gitlab-ci.yml",
    "azure-pipelines.yml",
    "bitbucket-pipelines.yml",
    "pnpm-lock.yaml",
    "pnpm-workspace.yaml",
    "kustomization.yaml",
    "environment.yml",
)
"""What a walk skips unless ``exclude`` replaces it (``extend-exclude`` adds to it)."""
EXCLUDED_BY_DEFAULT = (*ALWAYS_EXCLUDED, *DEFAULT_EXCLUDE)
DEFAULT_REGEXES = (
    r"^(?:.+/)?\.[^/]*(?:(?:/)|$)",
    r"^(?:.+/)?\.git(?:(?:/)|$)",
    r"^(?:.+/)?\.venv(?:(?:/)|$)",
    r"^(?:.+/)?venv(?:(?:/)|$)",
    r"^(?:.+/)?node_modules(?:(?:/)|$)",
    r"^(?:.+/)?site\-packages(?:(?:/)|$)",
    r"^(?:.+/)?__pypackages__(?:(?:/)|$)",
    r"^(?:.+/)?build(?:(?:/)|$)",
    r"^(?:.+/)?_build(?:(?:/)|$)",
    r"^(?:.+/)?dist(?:(?:/)|$)",
    r"^(?:.+/)?mkdocs\.yml(?:(?:/)|$)",
    r"^(?:.+/)?mkdocs\.yaml(?:(?:/)|$)",
    r"^(?:.+/)?docker\-compose[^/]*\.yml(?:(?:/)|$)",
    r"^(?:.+/)?docker\-compose[^/]*\.yaml(?:(?:/)|$)",
    r"^(?:.+/)?compose[^/]*\.yml(?:(?:/)|$)",
    r"^(?:.+/)?compose[^/]*\.yaml(?:(?:/)|$)",
    r"^(?:.+/)?action\.yml(?:(?:/)|$)",
    r"^(?:.+/)?action\.yaml(?:(?:/)|$)",
    r"^(?:.+/)?Chart\.yaml(?:(?:/)|$)",
    r"^(?:.+/)?codecov\.yml(?:(?:/)|$)",
    r"^(?:.+/)?codecov\.yaml(?:(?:/)|$)",
    r"^(?:.+/)?\.pre\-commit\-config\.yaml(?:(?:/)|$)",
    r"^(?:.+/)?\.pre\-commit\-hooks\.yaml(?:(?:/)|$)",
    r"^\.github/workflows(?:/)",
    r"^(?:.+/)?\.gitlab\-ci\.yml(?:(?:/)|$)",
    r"^(?:.+/)?azure\-pipelines\.yml(?:(?:/)|$)",
    r"^(?:.+/)?bitbucket\-pipelines\.yml(?:(?:/)|$)",
    r"^(?:.+/)?pnpm\-lock\.yaml(?:(?:/)|$)",
    r"^(?:.+/)?pnpm\-workspace\.yaml(?:(?:/)|$)",
    r"^(?:.+/)?kustomization\.yaml(?:(?:/)|$)",
    r"^(?:.+/)?environment\.yml(?:(?:/)|$)",
)
"""pathspec's expression for each of ``EXCLUDED_BY_DEFAULT`` (``globs.joined_regexes``),
so that a walk with the defaults need not import pathspec to compile them; a test
fails when they are not what pathspec makes of the patterns."""


class Missing:
    """A path given on the command line that does not exist or cannot be listed.

    This class and ``FileFilter`` are plain classes, not NamedTuples, so that importing
    them generates no code (issue 16)."""

    __slots__ = ("path", "reason")

    def __init__(self, path: str, reason: str) -> None:
        self.path: Final = path
        self.reason: Final = reason


@functools.lru_cache(maxsize=256)
def patterns(globs: tuple[str, ...]) -> pathspec.GitIgnoreSpec:
    """A compiled set of gitignore-style patterns."""
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(globs)


@functools.lru_cache(maxsize=256)
def globs(lines: tuple[str, ...]) -> Globs:
    """``lines`` compiled once; the defaults from ``DEFAULT_REGEXES``, without pathspec."""
    from nslint.globs import Globs  # (only for a walk: a file named needs no pattern)

    known = DEFAULT_REGEXES if lines == EXCLUDED_BY_DEFAULT else None
    return Globs(lines, patterns(lines) if known is None else None, known)


def relative_path(path: str, base: str) -> str:
    """``path`` relative to the directory ``base``, with ``/`` separators (as given when
    it is outside it): how paths are matched by globs, shown in reports and baselines."""
    absolute = os.path.abspath(path)
    root = os.path.abspath(base)
    if absolute == root or absolute.startswith(root.rstrip(os.sep) + os.sep):
        path = os.path.relpath(absolute, root)
    return path.replace(os.sep, "/")


def leads_inside(path: str, directory: str) -> bool:
    """Whether ``path``, links resolved, is a file inside ``directory`` (resolved too)."""
    inside = os.path.realpath(directory).rstrip(os.sep) + os.sep
    return os.path.realpath(path).startswith(inside)


class FileFilter:
    """What a directory walk takes: ``include`` globs, minus ``exclude`` globs and,
    with ``respect_gitignore``, what Git ignores (read once per filter: ``ignores``)."""

    __slots__ = ("_ignores", "exclude", "include", "respect_gitignore", "root")

    def __init__(
        self,
        root: str = ".",
        include: tuple[str, ...] = DEFAULT_INCLUDE,
        exclude: tuple[str, ...] = DEFAULT_EXCLUDE,
        respect_gitignore: bool = True,
    ) -> None:
        self.root: Final = root
        self.include: Final = include
        self.exclude: Final = exclude
        self.respect_gitignore: Final = respect_gitignore
        self._ignores: Ignores | None = None

    def relative(self, path: str) -> str:
        """``path`` relative to the root, with ``/`` separators (as given if outside it)."""
        return relative_path(path, self.root)

    def excluder(self) -> Callable[[str], object]:
        """The test a walk calls for every entry: whether a path relative to the root (a
        directory's ending in ``/``) is excluded."""
        if not self.exclude:  # without compiling patterns: a hidden part
            return _hidden
        return globs((*ALWAYS_EXCLUDED, *self.exclude)).decide

    def included(self, path: str, ignores: Ignores | None = None) -> bool:
        """Whether a walk would take the file ``path``; with ``ignores``, also checked
        against Git's rules (for a named file, whose directories were not walked)."""
        if not self.includes(self.relative(path)):
            return False
        return ignores is None or not ignores.ignored(path)

    def includes(self, relative: str) -> bool:
        """Whether the filter takes the file at ``relative`` (to the root), Git aside."""
        if self.include == DEFAULT_INCLUDE:
            wanted = relative.endswith(DEFAULT_SUFFIXES)
        else:
            wanted = globs(self.include).match(relative)
        return wanted and not self.excluder()(relative)

    def ignores(self) -> Ignores | None:
        """The reader of Git's ignore rules, if they are respected: made when first asked
        for (a run that names its files reads none), then the same for every walk of the
        run (each reads the ignore files, and may ask ``git`` for the global one)."""
        if not self.respect_gitignore:
            return None
        if self._ignores is None:
            from nslint.gitignore import Ignores

            self._ignores = Ignores()
        return self._ignores


def discover(
    paths: Sequence[str],
    walk: FileFilter | None = None,
    force_exclude: bool = False,
    stdin_name: str | None = None,
) -> Iterator[str | Missing]:
    """Yield each file to check, in a stable order, or a Missing for a bad path.

    Files named explicitly are always checked, unless ``force_exclude`` applies the
    filter to them too (pre-commit passes every changed YAML file). Directories are
    walked for the files the filter includes (``*.yaml`` and ``*.yml`` by default),
    skipping hidden files and directories, what it excludes and what Git ignores
    (unless the filter says not to respect it); symbolic links to
    directories are not followed, so a link loop cannot trap the walk, and links to
    files outside the directory walked are skipped (name such a file to check it).
    """
    walk = walk or FileFilter()
    ignores = walk.ignores  # read when first needed: not for named files
    seen: set[str] = set()
    for path in paths:
        if path == "-":
            # As ruff: an editor passes the file's name, which --force-exclude applies to.
            if not (force_exclude and stdin_name and not walk.included(stdin_name, ignores())):
                yield path
        elif os.path.isdir(path):
            for found in _walk(path, walk, ignores()):
                if isinstance(found, Missing):
                    yield found
                elif found not in seen:
                    seen.add(found)
                    yield found
        elif os.path.exists(path) or os.path.islink(path):
            if force_exclude and not walk.included(path, ignores()):
                continue
            key = _same_name(path)
            if key not in seen:
                seen.add(key)
                yield path
        else:
            yield Missing(path, "no such file or directory")


def _hidden(relative: str) -> bool:
    """Whether a part of ``relative`` (but ``..``) is a hidden name."""
    return any(part.startswith(".") for part in relative.split("/") if part != "..")


def _same_name(path: str) -> str:
    """``path`` as a walk names it (``./a.yaml`` and ``a//a.yaml`` are ``a.yaml``), so
    that a file named twice is checked once; a ``..`` part is kept, since through a
    symbolic link ``link/../a.yaml`` need not be ``a.yaml``."""
    if ".." in path.split(os.sep):
        return path
    return os.path.normpath(path)


def _walk(top: str, walk: FileFilter, ignores: Ignores | None) -> Iterator[str | Missing]:
    """The files under ``top`` that the filter takes, in sorted order, directory by
    directory, never entering a directory it skips or Git ignores. Only regular files
    (or links to them) are taken: a FIFO named ``x.yaml`` would block the run. Links to
    directories are not followed, nor links to files outside ``top``: a walk reads (and
    ``--fix`` writes) only what is in the directory walked.
    A broken link is taken, to be reported."""
    errors: list[OSError] = []
    # The defaults need no patterns: hidden names are pruned as the walk meets them (so
    # a hidden directory named on the command line is still walked), and files are
    # taken by suffix.
    plain = not walk.exclude and walk.include == DEFAULT_INCLUDE
    skip = walk.excluder()
    take = None if walk.include == DEFAULT_INCLUDE else globs(walk.include).decide
    stack = [top]
    while stack:
        directory = stack.pop()
        try:
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            errors.append(error)  # unlistable directories are not silently skipped
            continue
        prefix = os.path.normpath(directory)
        from_root = "" if plain else walk.relative(prefix) + "/"
        from_root = "" if from_root == "./" else from_root
        prefix = "" if prefix == "." else prefix + os.sep
        git = ignores.rules(directory) if ignores is not None else None
        if git is not None and not (git.layers or git.whole):
            git = None  # no rules here: no call per entry
        subdirs = []
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            try:  # (inline, not through _is: this runs for every entry of a walk)
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if is_dir:
                skipped = not plain and skip(from_root + name + "/")
                if not skipped and not _git_skips(git, ignores, prefix + name, True):
                    subdirs.append(prefix + name)
                continue
            if take is None and not name.endswith(DEFAULT_SUFFIXES):
                continue
            if not plain and ((take and not take(from_root + name)) or skip(from_root + name)):
                continue
            path = prefix + name
            if _git_skips(git, ignores, path, False):
                continue
            if _is(entry.is_symlink):
                if not leads_inside(path, top):
                    continue  # a link out of the directory walked: not followed
                if not os.path.exists(path):
                    yield path  # broken: reported
                    continue
            if _is(entry.is_file):
                yield path
        stack.extend(reversed(subdirs))
    for problem in errors:
        yield Missing(str(problem.filename or top), problem.strerror or str(problem))


def _git_skips(git: Rules | None, ignores: Ignores | None, path: str, is_dir: bool) -> bool:
    """Whether Git ignores the entry ``path`` of a directory with rules ``git``: not if
    Git tracks it (or, a directory, files in it: it is then walked for them alone)."""
    if git is None or ignores is None or not git.ignored(os.path.basename(path), is_dir):
        return False
    return not ignores.kept(path, is_dir)


def _is(test: Callable[..., bool], **options: bool) -> bool:
    try:
        return test(**options)
    except OSError:
        return False
