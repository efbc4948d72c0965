"""Git as nslint reads it: the repository around a path, its index, and the one way
nslint runs the ``git`` program.

``git`` is looked for in the absolute entries of ``PATH`` only: a relative entry
(``.``, or an empty one) names the directory nslint runs git in, which is the tree it
scans, so a ``git`` placed there by the tree's author would run. A run asks git little,
with a short timeout, and never with standard input.
"""

from __future__ import annotations

import functools
import os
import stat

GIT_TIMEOUT = 5
"""Seconds one git command may take (a repository's configuration can include a FIFO)."""


def git_program() -> str | None:
    """The ``git`` on the absolute entries of ``PATH``, or None if there is none."""
    return _find_git(os.environ.get("PATH", os.defpath))


@functools.lru_cache(maxsize=4)
def _find_git(search: str) -> str | None:
    import shutil

    absolute = [entry for entry in search.split(os.pathsep) if os.path.isabs(entry)]
    return shutil.which("git", path=os.pathsep.join(absolute)) if absolute else None


def run_git(args: list[str], env: dict[str, str] | None = None) -> bytes | None:
    """The standard output of ``git ARGS``; None if git is not found, fails, or takes
    longer than ``GIT_TIMEOUT``. ``env``: variables added to nslint's own."""
    program = git_program()
    if program is None:
        return None
    import subprocess

    try:
        done = subprocess.run(
            [program, *args],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
            env=None if env is None else {**os.environ, **env},
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def top_of(directory: str) -> str | None:
    """The top of the work tree holding ``directory`` (itself included): the nearest
    directory with a ``.git`` (a directory, or a file as in a worktree or submodule)."""
    top = os.path.abspath(directory)
    while not os.path.lexists(os.path.join(top, ".git")):
        parent = os.path.dirname(top)
        if parent == top:
            return None
        top = parent
    return top


def git_dir(top: str) -> str | None:
    """The work tree's own Git directory (where its index is): ``.git``, or the
    directory a ``.git`` file names (``gitdir: ...``)."""
    dot_git = os.path.join(top, ".git")
    if os.path.isdir(dot_git):
        return dot_git
    from nslint.source import read_regular

    try:
        text = read_regular(dot_git, 4096).decode("utf-8", "surrogateescape")
    except OSError:
        return None
    if not text.startswith("gitdir:"):
        return None
    return os.path.join(top, text[len("gitdir:") :].strip())


def common_dir(top: str) -> str | None:
    """The Git directory whose ``info/`` and ``config`` the work tree uses: its own, or
    for a linked worktree the main one's (named in ``commondir``)."""
    own = git_dir(top)
    if own is None or own == os.path.join(top, ".git"):
        return own
    from nslint.source import read_regular

    try:
        common = read_regular(os.path.join(own, "commondir"), 4096)
    except OSError:
        return own
    return os.path.normpath(os.path.join(own, common.decode("utf-8", "replace").strip()))


def index_may_hold(top: str, needle: str) -> bool:
    """Whether the index of the work tree at ``top`` may list a path containing
    ``needle``; False only when it certainly does not. An index of version 2 or 3 holds
    every path whole, so it is searched; for another kind (or one that cannot be read)
    only git can say."""
    gitdir = git_dir(top)
    if gitdir is None:
        return False
    try:
        with open(os.path.join(gitdir, "index"), "rb") as index:
            header = index.read(8)
            if len(header) < 8 or not stat.S_ISREG(os.fstat(index.fileno()).st_mode):
                return False  # no entries, or no index git itself could read
            version = int.from_bytes(header[4:8], "big")
            split = any(n.startswith("sharedindex.") for n in os.listdir(gitdir))
            if header[:4] == b"DIRC" and version in (2, 3) and not split:
                import mmap

                with mmap.mmap(index.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
                    return mapped.find(needle.encode("utf-8", "surrogateescape")) >= 0
    except FileNotFoundError:
        return False  # nothing was ever added
    except (OSError, ValueError):
        pass
    return True


def tracked_paths(top: str, prefix: str = "") -> list[str] | None:
    """The paths (relative to ``top``, ``/`` separated) Git tracks under ``prefix``
    (a directory ending in ``/``, or ``""`` for all); None if git cannot be asked."""
    spec = [f":(literal){prefix}"] if prefix else []
    listed = run_git(["-C", top, "ls-files", "-z", "--cached", "--", *spec])
    if listed is None:
        return None
    return [os.fsdecode(name) for name in listed.split(b"\0") if name]
