"""The cache: an unchanged file in an unchanged run is not checked again.

Results are stored under ``.nslint_cache/`` in the project root (with a ``.gitignore``
so the directory never reaches the repository), one JSON file per run configuration.
The run key covers nslint's version and source, the effective configuration, the
contents of rule packs and the plugins' versions: anything else gives a new, empty
cache. Within it, a file is keyed by its content (a BLAKE2 digest); its stat (mtime in
ns and size) only lets an untouched file skip the read, and not for a file modified
within two seconds of being cached (file times tick coarsely: a second write in the same
tick, of the same size, would look untouched). JSON, not pickle: a cache file
in a repository one checks out must never be able to run code. ``--no-cache`` skips it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterable
from typing import Any

from nslint import __version__, atomic
from nslint.diagnostics import Diagnostic, Severity, Span
from nslint.engine import FileResult, Settings
from nslint.source import digest as digest_of
from nslint.source import stamp as stamp_of

DIRECTORY = ".nslint_cache"
FORMAT = 1
KEEP = 4
"""How many run configurations keep their cached results."""
RACY_NS = 2_000_000_000
"""A file modified less than this long before it was cached is re-read next time."""


def run_key(settings: Settings, packs: Iterable[str], plugins: Iterable[str]) -> str:
    """A digest of everything besides a file's content that its result depends on."""
    rules = settings.rules
    parts: dict[str, Any] = {
        "format": FORMAT,
        "version": __version__,
        "source": _own_source_stamp(),
        "release": str(settings.release),
        "max_file_size": settings.max_file_size,
        "fingerprints": settings.fingerprints,
        "enabled": sorted(rules.enabled),
        "severities": {code: str(level) for code, level in sorted(rules.severities.items())},
        "options": {code: dict(opts) for code, opts in sorted(rules.options.items())},
        "per_file_ignores": [list(entry) for entry in rules.per_file_ignores],
        "root": os.path.abspath(rules.walk.root),
        "packs": {pack: _file_digest(pack) for pack in sorted(packs)},
        "plugins": sorted(_plugin_stamp(name) for name in plugins),
    }
    text = json.dumps(parts, sort_keys=True, default=str)
    return digest_of(text.encode())


def _own_source_stamp() -> list[int]:
    """The newest mtime and the count of nslint's own files: an edited checkout (same
    version number) must not reuse results."""
    base = os.path.dirname(os.path.abspath(__file__))
    newest, count = 0, 0
    for directory, _, files in os.walk(base):
        for name in files:
            if name.endswith((".py", ".yaml", ".json")):
                newest = max(newest, os.stat(os.path.join(directory, name)).st_mtime_ns)
                count += 1
    return [newest, count]


def _file_digest(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            return digest_of(handle.read())
    except OSError:
        return ""


def _plugin_stamp(name: str) -> str:
    from importlib import metadata

    for entry in metadata.entry_points(group="nslint.rules", name=name):
        dist = entry.dist
        return f"{name}={entry.value}@{dist.version if dist else '?'}"
    return name


class Cache:
    """The stored results of one run configuration.

    Results are kept in one small file per directory of specs
    (``.nslint_cache/<run key>/<directory digest>.json``), so that a run over one file
    reads one shard, not the whole repository's. Only the newest ``KEEP`` run keys are
    kept.
    """

    def __init__(self, root: str, key: str) -> None:
        self.directory = os.path.join(root, DIRECTORY)
        self.shards_dir = os.path.join(self.directory, key[:24])
        self.key = key
        self.cwd = os.getcwd() + os.sep
        self.shards: dict[str, dict[str, list[Any]]] = {}
        self.folders: dict[str, str] = {}
        self.changed: set[str] = set()

    def _shard(self, path: str) -> tuple[str, dict[str, list[Any]], str]:
        """(shard name, its entries by file name, the file's name) for a path."""
        absolute = path if os.path.isabs(path) else self.cwd + path
        folder, name = os.path.split(absolute)
        shard = hashlib.blake2b(folder.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
        entries = self.shards.get(shard)
        if entries is None:
            entries = self.shards[shard] = self._load(shard, folder)
            self.folders[shard] = folder
        return shard, entries, name

    def _load(self, shard: str, folder: str) -> dict[str, list[Any]]:
        try:
            with open(os.path.join(self.shards_dir, shard + ".json"), encoding="utf-8") as handle:
                stored = json.load(handle)
            if isinstance(stored, dict) and stored.get("folder") == folder:
                files: dict[str, list[Any]] = stored["files"]
                return files
        except (OSError, ValueError, KeyError, TypeError):
            pass  # no cache yet, or one nslint cannot read: start afresh
        return {}

    def lookup(self, path: str) -> FileResult | None:
        """The stored result of ``path``, if its content is what was checked."""
        shard, entries, name = self._shard(path)
        entry = entries.get(name)
        if entry is None:
            return None
        try:
            digest, stamp, result = entry
            info = os.stat(path)
            if list(stamp_of(info)) != stamp:
                with open(path, "rb") as handle:
                    if digest_of(handle.read()) != digest:
                        return None
                entry[1] = _trusted(list(stamp_of(info)))
                self.changed.add(shard)
            return _result(path, result)
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return None

    def store(self, result: FileResult) -> None:
        if result.error is not None or not result.digest or result.path == "-":
            return
        if any(d.code == "NS009" for d in result.diagnostics):
            return  # a rule failed: check again next time
        shard, entries, name = self._shard(result.path)
        entries[name] = [result.digest, _trusted(list(result.stat)), _dump(result)]
        self.changed.add(shard)

    def save(self) -> None:
        """Write the changed shards (atomically); a cache that cannot be written is
        skipped, as is the rest of the saving."""
        if not self.changed:
            return
        try:
            fresh = not os.path.isdir(self.shards_dir)
            os.makedirs(self.shards_dir, exist_ok=True)
            ignore = os.path.join(self.directory, ".gitignore")
            if not os.path.exists(ignore):
                atomic.write_text(ignore, "# Written by nslint: the cache stays out of Git.\n*\n")
            for shard in sorted(self.changed):
                folder = self.folders[shard]
                document = {"key": self.key, "folder": folder, "files": self.shards[shard]}
                target = os.path.join(self.shards_dir, shard + ".json")
                atomic.write_text(target, json.dumps(document, separators=(",", ":")))
            if fresh:
                self._prune()
        except OSError:
            pass

    def _prune(self) -> None:
        """Keep the newest KEEP run keys' shards: old configurations are dropped."""
        keys = [
            os.path.join(self.directory, name)
            for name in os.listdir(self.directory)
            if os.path.isdir(os.path.join(self.directory, name))
        ]
        keys.sort(key=lambda path: os.stat(path).st_mtime_ns, reverse=True)
        for old in keys[KEEP:]:
            shutil.rmtree(old, ignore_errors=True)


def _trusted(stamp: list[int]) -> list[int]:
    """The stamp to store: none (read the file next time) if it was modified just now,
    because another write in the same clock tick would keep the same stamp (git's
    "racily clean" problem)."""
    return [] if time.time_ns() - max(stamp[0], stamp[-1]) < RACY_NS else stamp


def _dump(result: FileResult) -> dict[str, Any]:
    return {
        "d": [_diagnostic(d) for d in result.diagnostics],
        "s": [_diagnostic(d) for d in result.suppressed],
        "l": {str(number): line for number, line in result.lines.items()},
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
    ]


def _result(path: str, stored: dict[str, Any]) -> FileResult:
    if not stored["d"] and not stored["s"]:
        return FileResult(path, lines={})

    def load(row: list[Any]) -> Diagnostic:
        line, column, end_line, end_column, code, rule, severity, message, hidden, fp = row
        span = Span(line, column, end_line, end_column)
        return Diagnostic(path, span, code, rule, Severity(severity), message, hidden, fp)

    return FileResult(
        path,
        tuple(load(row) for row in stored["d"]),
        {int(number): line for number, line in stored["l"].items()},
        suppressed=tuple(load(row) for row in stored["s"]),
    )
