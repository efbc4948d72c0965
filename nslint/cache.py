"""The cache: an unchanged file in an unchanged run is not checked again.

Results are stored under ``.nslint_cache/`` in the project root (with a ``.gitignore``
so the directory never reaches the repository, and a ``CACHEDIR.TAG`` so that backup
tools skip it): one folder per run key, and in it one JSON shard per folder of specs.
The run key covers nslint's version and source (with the built-in rule pack and
schemas), the configuration as given, how files are checked (``Checking``), the
contents of rule packs and the plugins' versions and code (the Python files of the entry
point's package and of the distribution's RECORD): anything else gives a new, empty
cache. Because the
key needs no rule set, a run whose files are all cached without findings loads none.
Within it, a file is keyed by its content (a BLAKE2 digest); its stat (mtime, size,
inode and ctime) only lets an untouched file skip the read, and not for a file modified
within two seconds of being cached (file times tick coarsely: a second write in the same
tick, of the same size, would look untouched). JSON, not pickle: a cache file
in a repository one checks out must never be able to run code. ``--no-cache`` skips it.

A cache nslint did not write is never trusted:

* the cache directory or a run's folder that is a symbolic link or not a directory, or
  a cache Git tracks (one committed with ``git add -f``), is not used at all; a shard
  that is a link, not a regular file or larger than ``MAX_SHARD`` is not read (and is
  replaced when the shard is written). Each gives one warning per run (``warning``);
* every cached entry is checked as strictly as a fresh result is made: its shape and
  types, positions inside the file (the file's line count is stored with it), codes,
  rule names and severities of the current rule set (loaded only for a cached file
  with findings); anything else is a cache miss, never an error;
* old run folders are pruned only when they are folders of the cache's own naming that
  hold nothing but its own shards: nothing is followed, nothing else is removed.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import time
import zlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from nslint import __version__, atomic, source
from nslint.config import KEYS, RunConfig, release_of
from nslint.diagnostics import Diagnostic, Severity, Span
from nslint.resources import resource_path
from nslint.results import Checking, FileResult
from nslint.source import digest as digest_of
from nslint.source import read_regular
from nslint.source import stamp as stamp_of

if TYPE_CHECKING:
    from nslint.ruleset import RuleSet

DIRECTORY = ".nslint_cache"
FORMAT = 4
KEEP = 4
"""How many run configurations keep their cached results."""
MAX_PACK_SIZE = 1024 * 1024
"""As much of a rule pack as ``yaml_file`` reads (a larger one is refused there)."""
RACY_NS = 2_000_000_000
"""A file modified less than this long before it was cached is re-read next time."""
MAX_SHARD = 64 * 1024 * 1024
"""A shard larger than this many bytes is neither read nor written."""
MAX_PLUGIN_FILES = 2000
"""At most this many of a plugin's Python files are hashed into the run key."""
TAG = "CACHEDIR.TAG"
TAG_TEXT = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by nslint.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)
GITIGNORE = "# Written by nslint: the cache stays out of Git.\n*\n"
_KEY_LENGTH = 24
"""The run folder's name: this many hex digits of the run key."""
_SHARD_LENGTH = 16
_HEX = frozenset("0123456789abcdef")


def run_key(config: RunConfig, checking: Checking) -> str:
    """A digest of everything besides a file's content that its result depends on: the
    configuration as given (so that the rule set need not be loaded to find cached
    results), how files are checked, and what the rules come from."""
    parts: dict[str, Any] = {
        "format": FORMAT,
        "version": __version__,
        "source": _own_source_stamp(),
        "config": {key.name: config.value(key) for key in KEYS},
        "layers": [list(layer) for layer in config.layers],
        "root": os.path.abspath(config.root),
        "checking": checking._asdict(),
        "release": str(release_of(config)),
        "packs": {pack: _file_digest(pack) for pack in sorted(config.rule_packs)},
        "plugins": sorted(_plugin_stamp(name) for name in config.plugins),
    }
    text = json.dumps(parts, sort_keys=True, default=str)
    return digest_of(text.encode())


def _own_source_stamp() -> list[int]:
    """The newest mtime and the count of nslint's own files, with the built-in rule pack
    and schemas (beside the package in a source checkout): an edited checkout (same
    version number) must not reuse results."""
    bases = {
        os.path.dirname(os.path.abspath(__file__)),
        os.path.dirname(resource_path("rules", "netsuite.yaml")),
        os.path.dirname(resource_path("schemas", "integration.schema.json")),
    }
    newest, count = 0, 0
    walked: list[str] = []
    for base in sorted(bases):  # a parent sorts before its children
        if any(base.startswith(parent + os.sep) for parent in walked):
            continue  # inside the package (a wheel): walked with it
        walked.append(base)
        for directory, _, files in os.walk(base):
            for name in files:
                if name.endswith((".py", ".yaml", ".json")):
                    newest = max(newest, os.stat(os.path.join(directory, name)).st_mtime_ns)
                    count += 1
    return [newest, count]


def _file_digest(path: str) -> str:
    try:  # a rule pack: what yaml_file reads of it, from a regular file only
        return digest_of(read_regular(path, MAX_PACK_SIZE))
    except OSError:
        return ""


def _plugin_stamp(name: str) -> str:
    """A plugin's entry point, version and code: a plugin edited in place (the same
    version) must not reuse results."""
    from importlib import metadata

    for entry in metadata.entry_points(group="nslint.rules", name=name):
        dist = entry.dist
        files = set(_module_files(entry.value.partition(":")[0].strip()))
        if dist is not None:
            files.update(_distribution_files(dist))
        code = _code_digest(sorted(files)[:MAX_PLUGIN_FILES])
        return f"{name}={entry.value}@{dist.version if dist else '?'}#{code}"
    return name


def _code_digest(paths: list[str]) -> str:
    """A digest of the files ``paths`` (their names and contents)."""
    parts = [f"{path}\0{_file_digest(path)}" for path in paths]
    return digest_of("\n".join(parts).encode("utf-8", "surrogatepass"))


def _distribution_files(dist: Any) -> list[str]:
    """The Python files the distribution's RECORD lists (none for an editable install,
    whose code is found from the module instead)."""
    found = []
    for file in (dist.files or ())[: MAX_PLUGIN_FILES * 4]:
        if file.suffix == ".py":
            path = os.path.abspath(str(dist.locate_file(file)))
            if os.path.isfile(path):
                found.append(path)
    return found


def _module_files(module: str) -> list[str]:
    """The Python files of the first regular package (or module) on ``module``'s dotted
    path: the top-level one, or below namespace packages, the plugin's own. They are
    found without importing anything."""
    from importlib.machinery import PathFinder
    from importlib.util import find_spec

    names = module.split(".")
    try:
        spec = find_spec(names[0])  # a top-level name: found, not imported
        depth = 1
        while spec is not None and spec.origin is None and depth < len(names):
            locations = list(spec.submodule_search_locations or ())
            spec = PathFinder.find_spec(".".join(names[: depth + 1]), locations)
            depth += 1
    except (ImportError, ValueError):
        return []
    if spec is None or not spec.origin or not os.path.isfile(spec.origin):
        return []
    if not spec.submodule_search_locations:
        return [spec.origin]
    files: list[str] = []
    for location in spec.submodule_search_locations:
        for directory, subdirs, names_here in os.walk(location):
            subdirs[:] = sorted(d for d in subdirs if d != "__pycache__" and d[:1] != ".")
            files.extend(os.path.join(directory, n) for n in names_here if n.endswith(".py"))
            if len(files) >= MAX_PLUGIN_FILES:
                return files[:MAX_PLUGIN_FILES]
    return files


class Cache:
    """The stored results of one run configuration.

    Results are kept in one small file per directory of specs
    (``.nslint_cache/<run key>/<directory digest>.json``), so that a run over one file
    reads one shard, not the whole repository's. Only the newest ``KEEP`` run keys are
    kept. ``rules`` gives the run's rule set, which cached findings are checked against.
    """

    def __init__(self, root: str, key: str, rules: Callable[[], RuleSet] | None = None) -> None:
        self.directory = os.path.join(root, DIRECTORY)
        self.shards_dir = os.path.join(self.directory, key[:_KEY_LENGTH])
        self.key = key
        self.rules = rules
        self.shards: dict[str, dict[str, list[Any]]] = {}
        self.folders: dict[str, str] = {}
        self.changed: set[str] = set()
        self.warning: str | None = None
        """The first reason a part of the cache was ignored (one warning per run)."""
        self._usable: bool | None = None
        self._by_prefix: dict[str, tuple[str, dict[str, list[Any]]]] = {}

    @property
    def usable(self) -> bool:
        """Whether the cache may be read and written at all (decided once per run)."""
        if self._usable is None:
            problem = _unusable(self.directory, self.shards_dir)
            if problem is not None:
                path, reason = problem
                self._warn(path, f"{reason}; no cached result is read or written")
            self._usable = problem is None
        return self._usable

    def _warn(self, path: str, reason: str) -> None:
        if self.warning is None:
            self.warning = f"ignoring the cache {_shown(path)}: {reason}"

    def _shard(self, path: str) -> tuple[str, dict[str, list[Any]], str]:
        """(shard name, its entries by file name, the file's name) for a path."""
        cut = path.rfind(os.sep) + 1
        prefix = path[:cut]  # the folder as given: the files of a walk share it
        known = self._by_prefix.get(prefix)
        if known is None:
            folder = os.path.abspath(prefix or ".")
            raw = folder.encode("utf-8", "surrogatepass")
            # Not a security boundary: a shard names its folder, which is compared.
            shard = f"{zlib.crc32(raw):08x}{zlib.adler32(raw):08x}"
            entries = self.shards.get(shard)
            if entries is None:
                entries = self.shards[shard] = self._load(shard, folder)
                self.folders[shard] = folder
            known = self._by_prefix[prefix] = (shard, entries)
        return known[0], known[1], path[cut:]

    def _load(self, shard: str, folder: str) -> dict[str, list[Any]]:
        path = os.path.join(self.shards_dir, shard + ".json")
        try:
            data = _read_regular(path, MAX_SHARD)
        except FileNotFoundError:
            return {}  # no cache yet
        except _Refused as refused:
            self._warn(path, f"{refused}; it is checked afresh and rewritten")
            return {}
        except OSError:
            return {}
        try:
            stored = json.loads(data)
        except (ValueError, RecursionError):  # RecursionError: JSON nested too deep
            return {}
        if (
            isinstance(stored, dict)
            and stored.get("key") == self.key
            and stored.get("folder") == folder
            and isinstance(stored.get("files"), dict)
        ):
            files: dict[str, list[Any]] = stored["files"]
            return files
        return {}

    def lookup(self, path: str) -> FileResult | None:
        """The stored result of ``path``, if its content is what was checked and the
        entry is one nslint could have written for it."""
        if not self.usable:
            return None
        shard, entries, name = self._shard(path)
        entry = _entry(entries.get(name))
        if entry is None:
            return None
        digest, stamp, result = entry
        try:
            info = os.stat(path)
            if list(stamp_of(info)) != stamp:
                if not stat.S_ISREG(info.st_mode):
                    return None  # (a FIFO would block the read)
                data = _read_regular(path, info.st_size, follow=True)
                if digest_of(data) != digest:
                    return None
                entries[name][1] = _trusted(list(stamp_of(info)))
                self.changed.add(shard)
        except OSError:
            return None
        if result == 0:  # most files: nothing to report
            return FileResult(path)
        return self._result(path, result)

    def _result(self, path: str, stored: dict[str, Any]) -> FileResult | None:
        """The cached findings of ``path``, if they are what a check could give now."""
        if self.rules is None:
            return None
        try:
            return _result(path, stored, self.rules())
        except (ValueError, TypeError, KeyError, IndexError, AttributeError):
            return None

    def store(self, result: FileResult) -> None:
        if result.error is not None or not result.digest or result.path == "-":
            return
        if not self.usable:
            return
        if any(d.code == "NS009" for d in result.diagnostics):
            return  # a rule failed: check again next time
        dumped: dict[str, Any] | int = 0
        if result.diagnostics or result.suppressed or result.script_ids:
            lines = result.line_count
            if lines is None:  # not counted by the engine (a file it could not decode)
                lines = _line_count(result.path, result.digest)
            if lines is None:
                return  # changed since, or not text: check it again next time
            dumped = _dump(result, lines)
        shard, entries, name = self._shard(result.path)
        entries[name] = [result.digest, _trusted(list(result.stat)), dumped]
        self.changed.add(shard)

    def save(self) -> None:
        """Write the changed shards (atomically); a cache that cannot be written is
        skipped, as is the rest of the saving."""
        if not self.changed or not self.usable:
            return
        try:
            fresh = not os.path.isdir(self.shards_dir)
            os.makedirs(self.shards_dir, exist_ok=True)
            for name, text in ((".gitignore", GITIGNORE), (TAG, TAG_TEXT)):
                marker = os.path.join(self.directory, name)
                if not os.path.lexists(marker):
                    atomic.write_text(marker, text, follow_links=False, durable=False)
        except OSError:
            return
        for shard in sorted(self.changed):
            document = {"key": self.key, "folder": self.folders[shard], "files": self.shards[shard]}
            text = json.dumps(document, separators=(",", ":"))
            if len(text) > MAX_SHARD:
                continue  # it would not be read: this folder stays uncached
            target = os.path.join(self.shards_dir, shard + ".json")
            try:  # (a link or FIFO in its place is replaced; a directory is not)
                atomic.write_text(target, text, follow_links=False, durable=False)
            except OSError:
                continue
        if fresh:
            self._prune()

    def _prune(self) -> None:
        """Keep the newest KEEP run keys' shards: old configurations are dropped. Only
        run folders of the cache's own naming are looked at, without following links,
        and only its own shards are removed from them."""
        if not {os.open, os.stat, os.unlink, os.rmdir} <= os.supports_dir_fd:
            return  # (not on Windows: no removal without following links there)
        try:
            top = os.open(self.directory, _DIRECTORY_FLAGS)
        except OSError:
            return
        try:
            runs = []
            with os.scandir(top) as listing:
                for entry in listing:
                    if _is_key_name(entry.name) and entry.is_dir(follow_symlinks=False):
                        runs.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.name))
            runs.sort(reverse=True)
            for _, name in runs[KEEP:]:
                _remove_run(top, name)
        except OSError:
            pass
        finally:
            os.close(top)


_DIRECTORY_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_DIRECTORY", 0)
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


class _Refused(OSError):
    """A cache file that is not what nslint writes; ``str`` says why."""

    def __str__(self) -> str:
        return str(self.args[0])


def _read_regular(path: str, limit: int, dir_fd: int | None = None, follow: bool = False) -> bytes:
    """The bytes of ``path``, which must be a regular file (not a link to one, unless
    ``follow``) of at most ``limit`` bytes (``source.read_regular``); ``_Refused`` if it
    is not, OSError if it cannot be read."""
    try:
        data = source.read_regular(path, limit, follow_symlinks=follow, dir_fd=dir_fd)
    except source.NotRegularFile as error:
        raise _Refused(error.strerror) from None
    if len(data) > limit:
        raise _Refused(f"it is larger than {limit} bytes")
    return data


def _unusable(directory: str, run_folder: str) -> tuple[str, str] | None:
    """(path, why) if the cache must not be used at all: its directory or the run's
    folder is a link or no directory, or Git tracks files in it."""
    for path in (directory, run_folder):
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            return None  # nothing there yet: nslint makes it
        except OSError as error:
            return path, f"it cannot be examined ({error.strerror or error})"
        if stat.S_ISLNK(info.st_mode):
            return path, "it is a symbolic link (remove it, or run with --no-cache)"
        if not stat.S_ISDIR(info.st_mode):
            return path, "it is not a directory (remove it, or run with --no-cache)"
        if path == directory:
            tracked = _tracked(directory)
            if tracked is not None:
                return path, tracked
    return None


def _tracked(directory: str) -> str | None:
    """Why files in ``directory`` may be tracked by Git (None if they are not).

    Cheap in the usual case: Git's index is searched for the directory's path (an index
    of version 2 or 3 holds every path whole); only when it is there, or the index is
    of another kind, is ``git ls-files`` asked."""
    top = os.path.dirname(os.path.abspath(directory))
    while True:
        dotgit = os.path.join(top, ".git")
        if os.path.lexists(dotgit):
            break
        parent = os.path.dirname(top)
        if parent == top:
            return None  # not in a Git work tree
        top = parent
    prefix = os.path.relpath(os.path.abspath(directory), top).replace(os.sep, "/") + "/"
    gitdir = dotgit
    if os.path.isfile(dotgit):  # a worktree or submodule: "gitdir: <path>"
        try:
            with open(dotgit, encoding="utf-8", errors="surrogateescape") as handle:
                line = handle.read(4096).strip()
        except OSError:
            line = ""
        if line.startswith("gitdir:"):
            gitdir = os.path.join(top, line[len("gitdir:") :].strip())
    try:
        with open(os.path.join(gitdir, "index"), "rb") as index:
            header = index.read(8)
            if len(header) < 8 or not stat.S_ISREG(os.fstat(index.fileno()).st_mode):
                return None  # no entries, or no index git itself could read
            version = int.from_bytes(header[4:8], "big")
            split = any(n.startswith("sharedindex.") for n in os.listdir(gitdir))
            if header[:4] == b"DIRC" and version in (2, 3) and not split:
                import mmap

                with mmap.mmap(index.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
                    if mapped.find(prefix.encode("utf-8", "surrogateescape")) < 0:
                        return None
    except FileNotFoundError:
        return None  # nothing was ever added
    except (OSError, ValueError):
        pass  # let git say
    return _ask_git(top, prefix)


def _ask_git(top: str, prefix: str) -> str | None:
    import subprocess

    try:
        listed = subprocess.run(
            ["git", "-C", top, "ls-files", "-z", "--cached", "--", f":(literal){prefix}"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=30,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return (
            "it may be tracked by Git, and git could not be asked; remove it from Git "
            f"(git rm -r --cached {prefix}), or run with --no-cache"
        )
    if not listed:
        return None
    return (
        "Git tracks files in it, so they are not nslint's to trust or overwrite; remove "
        f"them from Git (git rm -r --cached {prefix}), or run with --no-cache"
    )


def _is_key_name(name: str) -> bool:
    return len(name) == _KEY_LENGTH and set(name) <= _HEX


def _is_own_file(name: str) -> bool:
    """A name the cache gives files in a run folder: a shard, or an interrupted write."""
    if name.endswith(".json") and len(name) == _SHARD_LENGTH + 5:
        return set(name[:_SHARD_LENGTH]) <= _HEX
    return name.startswith(".nslint-") and name.endswith(".tmp")


def _remove_run(top: int, name: str) -> None:
    """Remove the run folder ``name`` of the cache directory open as ``top``, if it holds
    only the cache's own shards: each is checked by name and by content (a shard of this
    run key), and nothing is followed."""
    folder = os.open(name, _DIRECTORY_FLAGS, dir_fd=top)
    try:
        own = f'{{"key":"{name}'.encode()
        with os.scandir(folder) as listing:
            names = [entry.name for entry in listing]
        for file in names:
            if not _is_own_file(file):
                continue
            try:
                data = _read_regular(file, MAX_SHARD, dir_fd=folder)
            except OSError:
                continue
            if data.startswith(own) or (file.endswith(".tmp") and own.startswith(data)):
                os.unlink(file, dir_fd=folder)
    finally:
        os.close(folder)
    with contextlib.suppress(OSError):  # something else is in it: it stays
        os.rmdir(name, dir_fd=top)


def _shown(path: str) -> str:
    """``path`` relative to the current directory when it is inside it."""
    from nslint.discovery import relative_path

    return relative_path(path, ".")


def _line_count(path: str, digest: str) -> int | None:
    """How many lines the file has, if it still has the content ``digest`` and is text."""
    try:
        data = _read_regular(path, MAX_SHARD, follow=True)
    except OSError:
        return None
    if digest_of(data) != digest:
        return None
    decoded = source.decode(data)
    return len(decoded.lines) if isinstance(decoded, source.Source) else None


def _trusted(stamp: list[int]) -> list[int]:
    """The stamp to store: none (read the file next time) if it was modified just now,
    because another write in the same clock tick would keep the same stamp (git's
    "racily clean" problem)."""
    return [] if time.time_ns() - max(stamp[0], stamp[-1]) < RACY_NS else stamp


def _dump(result: FileResult, lines: int) -> dict[str, Any]:
    return {
        "n": lines,
        "d": [_diagnostic(d) for d in result.diagnostics],
        "s": [_diagnostic(d) for d in result.suppressed],
        "l": {str(number): line for number, line in result.lines.items()},
        **({"i": list(result.script_ids)} if result.script_ids else {}),
    }


def _diagnostic(d: Diagnostic) -> list[Any]:
    span = d.span
    return [
        span.line,
        span.column,
        span.end_line,
        span.end_column,
        d.code,
        d.rule,
        int(d.severity),
        d.message,
        d.suppressed,
        d.fingerprint,
        d.fixable,
    ]


def _entry(entry: Any) -> tuple[str, list[int], Any] | None:
    """(digest, stamp, result) of a stored entry of the right shape (None if not)."""
    if not (isinstance(entry, list) and len(entry) == 3):
        return None
    digest, stamp, result = entry
    if not (isinstance(digest, str) and len(digest) == 32 and set(digest) <= _HEX):
        return None
    if not (isinstance(stamp, list) and len(stamp) in (0, 4) and all(_is_int(n) for n in stamp)):
        return None
    if not ((_is_int(result) and result == 0) or isinstance(result, dict)):
        return None
    return digest, stamp, result


def _is_int(value: Any) -> bool:
    return type(value) is int  # not a bool, not a float


def _result(path: str, stored: dict[str, Any], rules: RuleSet) -> FileResult | None:
    """The FileResult of a stored entry with findings, if every part of it is what a
    check of ``path`` with ``rules`` could give (None if not)."""
    if set(stored) - {"i"} != {"n", "d", "s", "l"}:
        return None
    count, rows, hidden_rows, lines = stored["n"], stored["d"], stored["s"], stored["l"]
    scripts = stored.get("i", [])  # the specs' script ids, when sdf-project is set
    if not (_is_int(count) and count >= 1 and isinstance(lines, dict)):
        return None
    if not (isinstance(scripts, list) and all(isinstance(i, str) for i in scripts)):
        return None
    if not (isinstance(rows, list) and isinstance(hidden_rows, list)):
        return None
    if not (rows or hidden_rows or scripts) or ("i" in stored and not scripts):
        return None
    enabled = rules.enabled_for(path)
    by_number: dict[int, str] = {}
    for number, text in lines.items():
        if not (isinstance(text, str) and number.isdigit() and number == str(int(number))):
            return None
        by_number[int(number)] = text

    def load(row: Any, hidden: bool) -> Diagnostic | None:
        if not (isinstance(row, list) and len(row) == 11):
            return None
        line, column, end_line, end_column, code, rule, severity, message, reason, fp, fix = row
        numbers = (line, column, end_line, end_column)
        if not all(_is_int(n) and n >= 1 for n in numbers):
            return None
        # (the parser may mark the end of a file with no final line break one line on)
        if (end_line, end_column) < (line, column) or end_line > count + 1:
            return None
        # Inside its line too (a fresh span may end one past the line's end, at its break).
        width = len(by_number.get(line, "")) + 2
        if column > width or (end_line == line and end_column > width):
            return None
        known = rules.rules.get(code) if isinstance(code, str) else None
        if known is None or not enabled(code) or rule != known.name:
            return None
        if not (_is_int(severity) and severity == int(rules.severities[code])):
            return None
        if not (isinstance(message, str) and isinstance(fp, str) and len(fp) <= 64):
            return None
        if not (reason is None or (hidden and isinstance(reason, str))):
            return None
        if not isinstance(fix, bool):
            return None
        span = Span(line, column, end_line, end_column)
        return Diagnostic(path, span, code, rule, Severity(severity), message, reason, fp, fix)

    diagnostics = [load(row, False) for row in rows]
    suppressed = [load(row, True) for row in hidden_rows]
    shown = [d for d in (*diagnostics, *suppressed) if d is not None]
    if len(shown) != len(diagnostics) + len(suppressed):
        return None
    if set(by_number) != {d.span.line for d in shown}:
        return None
    return FileResult(
        path,
        tuple(d for d in diagnostics if d is not None),
        by_number,
        suppressed=tuple(d for d in suppressed if d is not None),
        script_ids=tuple(scripts),
    )
