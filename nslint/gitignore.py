"""Git's ignore rules, so that a walk skips what Git does (``respect-gitignore``).

As in Git (``gitignore(5)``) and ruff: inside a Git repository, the ``.gitignore`` of
every directory (its patterns relative to that directory, a deeper file winning over a
shallower one), then ``$GIT_DIR/info/exclude`` and the global excludes file
(``core.excludesFile``, by default ``$XDG_CONFIG_HOME/git/ignore``), the last matching
pattern of the first file that has one deciding, negations (``!keep.yaml``) included.
A file whose directory is ignored is ignored, whatever a negation says (Git cannot
re-include it either). Outside a repository nothing is ignored: these are Git's rules.
The matching is ``pathspec.GitIgnoreSpec``'s (through ``globs.Globs``, which asks
it one question per path rather than one per pattern); nothing here matches a pattern
itself.

One ``Ignores`` serves one run: it reads each ``.gitignore`` once, so a walk pays one
pattern check per entry and layer.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, NamedTuple

from nslint.source import read_regular

if TYPE_CHECKING:
    from nslint.globs import Globs

MAX_SIZE = 4 * 1024 * 1024
"""The largest ignore file read; a larger one (or one that cannot be read) is skipped."""
GIT_TIMEOUT = 10
"""Seconds ``git config`` may take to name the global excludes file."""


class Layer(NamedTuple):
    """One ignore file as it applies to the entries of one directory."""

    prefix: str
    """The directory's path relative to the ignore file's base, ``""`` or ending in ``/``."""
    spec: Globs


class Rules(NamedTuple):
    """The ignore files that apply to the entries of one directory, deepest first."""

    layers: tuple[Layer, ...]
    in_repository: bool = True

    def ignored(self, name: str, is_dir: bool) -> bool:
        """Whether Git ignores the entry ``name`` of this directory (whose own
        directories are known not to be ignored)."""
        tail = "/" if is_dir else ""
        for layer in self.layers:
            decided = layer.spec.decide(layer.prefix + name + tail)
            if decided is not None:
                return decided
        return False


NO_RULES = Rules((), in_repository=False)


class Ignores:
    """Git's ignore rules for the directories of one run, read as they are needed."""

    def __init__(self) -> None:
        self._rules: dict[str, Rules] = {}
        self._specs: dict[str, Globs | None] = {}

    def rules(self, directory: str) -> Rules:
        """The rules for the entries of ``directory``."""
        directory = os.path.abspath(directory)
        known = self._rules.get(directory)
        if known is None:
            known = self._rules[directory] = self._build(directory)
        return known

    def ignored(self, path: str, is_dir: bool = False) -> bool:
        """Whether Git ignores ``path`` or a directory on its way from the repository's
        top (for a file named on the command line: a walk checks entry by entry)."""
        absolute = os.path.abspath(path)
        parents = []
        directory = os.path.dirname(absolute)
        while not _is_top(directory):
            parent = os.path.dirname(directory)
            if parent == directory:
                return False  # not in a repository
            parents.append(directory)
            directory = parent
        for inner in reversed(parents):
            if self.rules(os.path.dirname(inner)).ignored(os.path.basename(inner), True):
                return True
        return self.rules(os.path.dirname(absolute)).ignored(os.path.basename(absolute), is_dir)

    def _build(self, directory: str) -> Rules:
        if _is_top(directory):
            shared = [self._spec(p) for p in _repository_files(directory)]
            below: tuple[Layer, ...] = tuple(Layer("", s) for s in shared if s is not None)
        else:
            parent = os.path.dirname(directory)
            outer = NO_RULES if parent == directory else self.rules(parent)
            if not outer.in_repository:
                return NO_RULES
            name = os.path.basename(directory) + "/"
            below = tuple(Layer(layer.prefix + name, layer.spec) for layer in outer.layers)
        own = self._spec(os.path.join(directory, ".gitignore"))
        return Rules(below if own is None else (Layer("", own), *below))

    def _spec(self, path: str) -> Globs | None:
        if path not in self._specs:
            self._specs[path] = _read_spec(path)
        return self._specs[path]


def _is_top(directory: str) -> bool:
    """Whether ``directory`` is a repository's top (it has ``.git``, a directory, or a
    file as in a worktree or a submodule)."""
    return os.path.lexists(os.path.join(directory, ".git"))


def _read_spec(path: str) -> Globs | None:
    """The patterns of one ignore file; None when it is absent, unreadable or too
    large (as Git, which skips an ignore file it cannot read)."""
    try:
        data = read_regular(path, MAX_SIZE)
    except (OSError, ValueError):
        return None
    if len(data) > MAX_SIZE:
        return None
    lines = data.decode("utf-8", "surrogateescape").splitlines()
    if all(not line or line.startswith("#") for line in lines):
        return None  # comments only (as `git init` leaves info/exclude): pathspec not needed
    import pathspec

    from nslint.globs import Globs

    spec = Globs(lines, pathspec.GitIgnoreSpec.from_lines(lines))
    return None if spec.empty else spec  # (blank lines: no check either)


def _repository_files(top: str) -> list[str]:
    """``info/exclude`` of the repository at ``top``, then the global excludes file."""
    files = []
    git_dir = _git_dir(top)
    if git_dir is not None:
        files.append(os.path.join(git_dir, "info", "exclude"))
    files.append(global_excludes_file(top))
    return files


def _git_dir(top: str) -> str | None:
    """The directory holding ``info/`` for the repository at ``top``: ``.git``, or for a
    ``.git`` file (``gitdir: ...``: a worktree or a submodule) the directory it names,
    or its common directory (a linked worktree shares the main one's ``info/exclude``)."""
    dot_git = os.path.join(top, ".git")
    if os.path.isdir(dot_git):
        return dot_git
    try:
        text = read_regular(dot_git, 4096).decode("utf-8", "surrogateescape")
    except OSError:
        return None
    if not text.startswith("gitdir:"):
        return None
    git_dir = os.path.join(top, text[len("gitdir:") :].strip())
    try:
        common = read_regular(os.path.join(git_dir, "commondir"), 4096)
    except OSError:
        return git_dir
    return os.path.normpath(os.path.join(git_dir, common.decode("utf-8", "replace").strip()))


def global_excludes_file(top: str) -> str:
    """``core.excludesFile`` as Git reads it in the repository at ``top`` (so includes,
    ``~`` and a repository's own setting count), or Git's default when it is unset or
    Git cannot be run: ``$XDG_CONFIG_HOME/git/ignore``, else ``~/.config/git/ignore``."""
    import subprocess  # (only for a walk in a repository: not at start-up)

    try:
        answer = subprocess.run(
            ["git", "config", "--path", "--get", "core.excludesFile"],
            cwd=top,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        answer = None
    if answer is not None and answer.returncode == 0 and answer.stdout.strip():
        named = os.fsdecode(answer.stdout.rstrip(b"\r\n"))
        return os.path.join(top, os.path.expanduser(named))
    config_home = os.environ.get("XDG_CONFIG_HOME") or os.path.join(
        os.path.expanduser("~"), ".config"
    )
    return os.path.join(config_home, "git", "ignore")
