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

As in Git, a file Git tracks is never ignored: when a YAML file or a directory is about
to be ignored, the repository's index is asked (``gitrepo``), and an ignored directory
holding tracked files is walked for them alone. A ``.gitignore`` that is a symbolic
link is not read (Git refuses it too). A run of ``*`` in a pattern is one ``*`` (a part
of only ``*`` is ``**``), as in Git; a pattern that still has more than ``MAX_STARS``
``*`` in one part, or more ``**`` parts, is not applied (a warning says so): pathspec's
regular expressions could take hours to match it, and checking a file Git would ignore
is the safe direction.

One ``Ignores`` serves one run: it reads each ``.gitignore`` once, so a walk pays one
pattern check per entry and layer.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, NamedTuple

from nslint import display, gitrepo
from nslint.source import read_regular

if TYPE_CHECKING:
    from nslint.globs import Globs

MAX_SIZE = 4 * 1024 * 1024
"""The largest ignore file read; a larger one (or one that cannot be read) is skipped."""


MAX_STARS = 3
"""The most ``*`` in one part of a glob (between slashes). pathspec turns each into
``[^/]*``, and Python's regular expressions backtrack through every way of splitting a
file name among them: ten took hours on a name of 200 characters."""


def most_stars(glob: str) -> int:
    """The most unescaped ``*`` outside ``[...]`` in one part of ``glob`` between
    slashes; a part that is just ``**`` (any number of directories) counts none."""
    most = 0
    for part in glob.split("/"):
        stars, index = 0, 0
        while index < len(part):
            char = part[index]
            if char == "\\":
                index += 1
            elif char == "[" and "]" in part[index + 2 :]:
                index = part.index("]", index + 2)
            elif char == "*":
                stars += 1
            index += 1
        most = max(most, 0 if part == "**" else stars)
    return most


class Layer(NamedTuple):
    """One ignore file as it applies to the entries of one directory."""

    prefix: str
    """The directory's path relative to the ignore file's base, ``""`` or ending in ``/``."""
    spec: Globs


class Rules(NamedTuple):
    """The ignore files that apply to the entries of one directory, deepest first."""

    layers: tuple[Layer, ...]
    in_repository: bool = True
    whole: bool = False
    """The directory is ignored (walked only for the files Git tracks in it)."""

    def ignored(self, name: str, is_dir: bool) -> bool:
        """Whether Git ignores the entry ``name`` of this directory (whose own
        directories are known not to be ignored), tracked files aside."""
        if self.whole:
            return True
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
        self._entered: set[str] = set()  # ignored directories walked for tracked files
        self._tops: dict[str, str | None] = {}
        self._tracked: dict[str, tuple[frozenset[str], frozenset[str]] | None] = {}
        self._global: list[str | None] = []  # core.excludesFile, asked once per run

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
                return not self.kept(absolute, is_dir)
        if self.rules(os.path.dirname(absolute)).ignored(os.path.basename(absolute), is_dir):
            return not self.kept(absolute, is_dir)
        return False

    def kept(self, path: str, is_dir: bool = False) -> bool:
        """Whether an ignored ``path`` is kept all the same because Git tracks it (a
        file), or tracks files in it (a directory, which is then walked for them
        alone). Asked only of what a walk would otherwise take."""
        absolute = os.path.abspath(path)
        directory = os.path.dirname(absolute)
        if directory not in self._tops:
            self._tops[directory] = gitrepo.top_of(directory)
        top = self._tops[directory]
        if top is None:
            return False
        relative = os.path.relpath(absolute, top).replace(os.sep, "/")
        known = self._tracked.get(top)
        if known is None:  # (once listed, the list answers without reading the index)
            if not gitrepo.index_may_hold(top, relative + ("/" if is_dir else "\0")):
                return False
            if top not in self._tracked:
                listed = gitrepo.tracked_paths(top)
                self._tracked[top] = None if listed is None else _files_and_dirs(listed)
            known = self._tracked[top]
        # When git cannot say, the index may list it: checking it is the safe direction.
        kept = known is None or relative in known[1 if is_dir else 0]
        if kept and is_dir:
            self._entered.add(absolute)
        return kept

    def _build(self, directory: str) -> Rules:
        if directory in self._entered:
            return Rules((), whole=True)
        if _is_top(directory):
            shared = [self._spec(p) for p in self._repository_files(directory)]
            below: tuple[Layer, ...] = tuple(Layer("", s) for s in shared if s is not None)
        else:
            parent = os.path.dirname(directory)
            outer = NO_RULES if parent == directory else self.rules(parent)
            if not outer.in_repository:
                return NO_RULES
            if outer.whole:
                return outer
            name = os.path.basename(directory) + "/"
            below = tuple(Layer(layer.prefix + name, layer.spec) for layer in outer.layers)
        own = self._spec(os.path.join(directory, ".gitignore"), in_tree=True)
        return Rules(below if own is None else (Layer("", own), *below))

    def _spec(self, path: str, in_tree: bool = False) -> Globs | None:
        if path not in self._specs:
            if in_tree and os.path.islink(path):
                _warn(
                    f"{_shown(path)}: not read: it is a symbolic link, which Git refuses "
                    "to follow for a .gitignore, so nslint does not either; make it a "
                    "regular file to have its patterns apply"
                )
                self._specs[path] = None
            else:
                self._specs[path] = _read_spec(path)
        return self._specs[path]

    def _repository_files(self, top: str) -> list[str]:
        """``info/exclude`` of the repository at ``top``, then the global excludes file
        (``core.excludesFile`` as the repository's own configuration, else the user's,
        sets it; else Git's default)."""
        files = []
        common = gitrepo.common_dir(top)
        named = None
        if common is not None:
            files.append(os.path.join(common, "info", "exclude"))
            named = _local_excludes_file(os.path.join(common, "config"))
        if named is None:
            if not self._global:
                self._global.append(_global_excludes_file())
            named = self._global[0]
        if named is not None:
            files.append(os.path.join(top, named))
        else:
            config_home = os.environ.get("XDG_CONFIG_HOME") or os.path.join(
                os.path.expanduser("~"), ".config"
            )
            files.append(os.path.join(config_home, "git", "ignore"))
        return files


def _files_and_dirs(paths: list[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The tracked files, and every directory above one."""
    dirs = set()
    for path in paths:
        cut = path.rfind("/")
        while cut > 0 and path[:cut] not in dirs:
            dirs.add(path[:cut])
            cut = path.rfind("/", 0, cut)
    return frozenset(paths), frozenset(dirs)


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

    kept = []
    for number, line in enumerate(lines, 1):
        tamed = tame(line) if "*" in line else line
        if tamed is None:
            _warn(
                f"{_shown(path)}:{number}: the pattern {display.escape(line.strip())!r} is "
                f"not applied: it has more than {MAX_STARS} `*` in one part of a path or "
                f"more than {MAX_STARS} `**` parts, which can take hours to match, so files "
                "it would ignore are checked; write it with fewer `*`"
            )
        else:
            kept.append(tamed)
    from nslint.globs import Globs

    spec = Globs(kept, pathspec.GitIgnoreSpec.from_lines(kept))
    return None if spec.empty else spec  # (blank lines: no check either)


def tame(line: str) -> str | None:
    """``line`` of an ignore file as Git matches it, with each run of ``*`` inside a
    part of a path made one ``*``, a part of only ``*`` made ``**`` (Git's wildmatch
    reads them so; pathspec would make each ``*`` a quantifier) and consecutive ``**``
    parts made one; None if the pattern is still too costly to match (see the module)."""
    if line.startswith("#"):
        return line
    body = line.rstrip(" ")
    if body != line and (len(body) - len(body.rstrip("\\"))) % 2:
        body += " "  # an escaped trailing space stays
    negation = "!" if body.startswith("!") else ""
    parts = [
        "**" if len(part) > 1 and set(part) == {"*"} else _one_star(part)
        for part in body[len(negation) :].split("/")
    ]
    merged = [p for i, p in enumerate(parts) if not (p == "**" and i and parts[i - 1] == "**")]
    pattern = "/".join(merged)
    if most_stars(pattern) > MAX_STARS or merged.count("**") > MAX_STARS:
        return None
    return negation + pattern


def _one_star(part: str) -> str:
    """``part`` with each run of unescaped ``*`` made one."""
    out: list[str] = []
    index = 0
    while index < len(part):
        char = part[index]
        if char == "\\":
            out.append(part[index : index + 2])
            index += 2
            continue
        if not (char == "*" and out and out[-1] == "*"):
            out.append(char)
        index += 1
    return "".join(out)


def _local_excludes_file(config: str) -> str | None:
    """``core.excludesFile`` as the repository's configuration file ``config`` sets it
    (its includes not followed: they could name a FIFO), or None. Git is asked only if
    the file names the key at all, and never if it is not a regular file."""
    try:
        data = read_regular(config, MAX_SIZE)
    except (OSError, ValueError):
        return None
    if b"excludesfile" not in data.lower() or len(data) > MAX_SIZE:
        return None
    args = ["config", "--file", config, "--no-includes", "--path", "--get", "core.excludesFile"]
    return _named(gitrepo.run_git(args))


def _global_excludes_file() -> str | None:
    """``core.excludesFile`` as the user's and the system's configuration set it, or
    None: asked once per run, outside any repository (no repository's own
    configuration is read)."""
    args = ["config", "--path", "--get", "core.excludesFile"]
    return _named(gitrepo.run_git(args, env={"GIT_DIR": os.devnull}))


def _named(answer: bytes | None) -> str | None:
    if answer is None or not answer.strip():
        return None
    return os.path.expanduser(os.fsdecode(answer.rstrip(b"\r\n")))


def _shown(path: str) -> str:
    """An ignore file's path as a warning names it: relative to the current directory
    when it is inside it."""
    try:
        here = os.getcwd()
    except OSError:  # (a current directory that was removed)
        here = os.sep + "\0"
    if path.startswith(here.rstrip(os.sep) + os.sep):
        path = os.path.relpath(path, here)
    return display.path(path)


def _warn(text: str) -> None:
    """One line on standard error (the caller warns once per file and line: each ignore
    file is read once per run)."""
    print(f"nslint: warning: {text}", file=sys.stderr)
