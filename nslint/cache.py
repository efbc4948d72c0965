"""The cache: an unchanged file in an unchanged run is not checked again.

Results are stored under ``.nslint_cache/`` in the project root (with a ``.gitignore``
so the directory never reaches the repository, and a ``CACHEDIR.TAG`` so that backup
tools skip it): one folder per run key, and in it one JSON shard per folder of specs.
The run key (``nslint.cache_key``) covers nslint's version and source, the
configuration as given, how files are checked and what the rules come from: anything
else gives a new, empty cache. Within it, a file is keyed by its content (a BLAKE2
digest); its stat (mtime, size, inode and ctime) only lets an untouched file skip the
read, and not for a file modified within two seconds of being cached (file times tick
coarsely: a second write in the same tick, of the same size, would look untouched). An
entry may also hold the file's inventory rows, which ``nslint report`` reads (a check
ignores them). JSON, not pickle: a cache file in a repository one checks out must never
be able to run code. ``--no-cache`` skips it.

A cache nslint did not write is never trusted:

* the cache directory or a run's folder that is a symbolic link or not a directory, or
  a cache Git tracks (one committed with ``git add -f``), is not used at all; a shard
  that is a link, not a regular file or larger than ``MAX_SHARD`` is not read (and is
  replaced when the shard is written). Each gives one warning per run (``warning``);
* every cached entry is checked (``nslint.cache_trust``): its shape; its digest and stamp
  by type and length (they are only compared with the file's, where anything else is a
  miss); its findings as strictly as a fresh result is made, their types, positions
  inside the file (the file's line count is stored with it), codes, rule names and
  severities of the current rule set (loaded only for a cached file with findings);
  anything else is a cache miss, never an error;
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

from nslint import atomic, source
from nslint import cache_trust as trust
from nslint.cache_key import FORMAT, run_key
from nslint.results import FileResult
from nslint.source import digest as digest_of
from nslint.source import stamp as stamp_of

if TYPE_CHECKING:
    from nslint.ruleset import RuleSet

__all__ = ["DIRECTORY", "FORMAT", "KEEP", "Cache", "run_key"]

DIRECTORY = ".nslint_cache"
KEEP = 4
"""How many run configurations keep their cached results."""
RACY_NS = 2_000_000_000
"""A file modified less than this long before it was cached is re-read next time."""
MAX_SHARD = 64 * 1024 * 1024
"""A shard larger than this many bytes is neither read nor written."""
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
            problem = trust.unusable(self.directory, self.shards_dir)
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
            data = trust.read_regular(path, MAX_SHARD)
        except FileNotFoundError:
            return {}  # no cache yet
        except trust.Refused as refused:
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
        hit = self._hit(path, False)
        return None if hit is None else hit[0]

    def lookup_rows(self, path: str) -> tuple[FileResult, int, Any] | None:
        """The stored result of ``path`` (as ``lookup``), the file's line count and its
        inventory rows as stored (``store``), unchecked: the caller checks them; None
        when the entry holds no rows."""
        hit = self._hit(path, True)
        if hit is None or hit[1] is None:
            return None
        lines, rows = hit[1]
        return hit[0], lines, rows

    def _hit(self, path: str, rows: bool) -> tuple[FileResult, Any] | None:
        if not self.usable:
            return None
        shard, entries, name = self._shard(path)
        entry = trust.entry(entries.get(name))
        if entry is None or (rows and entry[3] is None):
            return None
        digest, stamp, result, stored_rows = entry
        try:
            info = os.stat(path)
            if list(stamp_of(info)) != stamp:
                if not stat.S_ISREG(info.st_mode):
                    return None  # (a FIFO would block the read)
                data = trust.read_regular(path, info.st_size, follow=True)
                if digest_of(data) != digest:
                    return None
                entries[name][1] = _trusted(list(stamp_of(info)))
                self.changed.add(shard)
        except OSError:
            return None
        if result == 0:  # most files: nothing to report
            return FileResult(path), stored_rows
        found = self._result(path, result)
        return None if found is None else (found, stored_rows)

    def _result(self, path: str, stored: dict[str, Any]) -> FileResult | None:
        """The cached findings of ``path``, if they are what a check could give now."""
        if self.rules is None:
            return None
        try:
            return trust.findings_of(path, stored, self.rules())
        except (ValueError, TypeError, KeyError, IndexError, AttributeError):
            return None

    def store(self, result: FileResult, rows: Any = None) -> None:
        """Keep ``result`` (unless it is one to check again next time), with the file's
        inventory rows (JSON) when given."""
        if result.error is not None or not result.digest or result.path == "-":
            return
        if not self.usable:
            return
        if any(d.code == "NS009" for d in result.diagnostics):
            return  # a rule failed: check again next time
        dumped: dict[str, Any] | int = 0
        lines = result.line_count
        if result.diagnostics or result.suppressed or result.script_ids or rows is not None:
            if lines is None:  # not counted by the engine (no finding, or not decoded)
                lines = _line_count(result.path, result.digest)
            if lines is None:
                return  # changed since, or not text: check it again next time
        if result.diagnostics or result.suppressed or result.script_ids:
            assert lines is not None
            dumped = trust.dump(result, lines)
        shard, entries, name = self._shard(result.path)
        entry = [result.digest, _trusted(list(result.stat)), dumped]
        entries[name] = entry if rows is None else [*entry, [lines, rows]]
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


def _is_key_name(name: str) -> bool:
    return len(name) == _KEY_LENGTH and set(name) <= trust.HEX


def _is_own_file(name: str) -> bool:
    """A name the cache gives files in a run folder: a shard, or an interrupted write."""
    if name.endswith(".json") and len(name) == _SHARD_LENGTH + 5:
        return set(name[:_SHARD_LENGTH]) <= trust.HEX
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
                data = trust.read_regular(file, MAX_SHARD, dir_fd=folder)
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
        data = trust.read_regular(path, MAX_SHARD, follow=True)
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
