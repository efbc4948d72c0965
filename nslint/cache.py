"""The cache: an unchanged file in an unchanged run is not checked again.

Results are stored under ``.nslint_cache/`` in the project root (with a ``.gitignore``
so the directory never reaches the repository): one folder per run key, and in it one
JSON shard per folder of specs. The run key covers nslint's version and source (with
the built-in rule pack and schemas), the configuration as given, the Settings fields,
the contents of rule packs and the plugins' versions: anything else gives a new, empty
cache. Because the key needs no rule set, a run whose files are all cached loads none.
Within it, a file is keyed by its content (a BLAKE2 digest); its stat (mtime, size,
inode and ctime) only lets an untouched file skip the read, and not for a file modified
within two seconds of being cached (file times tick coarsely: a second write in the same
tick, of the same size, would look untouched). JSON, not pickle: a cache file
in a repository one checks out must never be able to run code. ``--no-cache`` skips it.
"""

from __future__ import annotations

import json
import os
import time
import zlib
from collections.abc import Mapping
from typing import Any

from nslint import __version__, atomic
from nslint.config import FLAGS, Config
from nslint.diagnostics import Diagnostic, Severity, Span
from nslint.release import Release
from nslint.resources import resource_path
from nslint.results import FileResult
from nslint.source import digest as digest_of
from nslint.source import read_regular
from nslint.source import stamp as stamp_of

DIRECTORY = ".nslint_cache"
FORMAT = 2
KEEP = 4
"""How many run configurations keep their cached results."""
MAX_PACK_SIZE = 1024 * 1024
"""As much of a rule pack as ``yaml_file`` reads (a larger one is refused there)."""
RACY_NS = 2_000_000_000
"""A file modified less than this long before it was cached is re-read next time."""


def run_key(config: Config, settings: Mapping[str, Any]) -> str:
    """A digest of everything besides a file's content that its result depends on: the
    configuration as given (so that the rule set need not be loaded to find cached
    results), the Settings fields, and what the rules come from."""
    parts: dict[str, Any] = {
        "format": FORMAT,
        "version": __version__,
        "source": _own_source_stamp(),
        "config": {key: config[key] for key in FLAGS},
        "layers": [list(layer) for layer in config.layers],
        "root": os.path.abspath(config.root),
        "settings": dict(settings),
        "release": str(config["release"] or Release.today()),
        "packs": {pack: _file_digest(pack) for pack in sorted(config["rule-packs"])},
        "plugins": sorted(_plugin_stamp(name) for name in config["plugins"]),
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
        self.shards: dict[str, dict[str, list[Any]]] = {}
        self.folders: dict[str, str] = {}
        self.changed: set[str] = set()
        self._by_prefix: dict[str, tuple[str, dict[str, list[Any]]]] = {}

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
                if digest_of(read_regular(path, info.st_size)) != digest:
                    return None
                entry[1] = _trusted(list(stamp_of(info)))
                self.changed.add(shard)
            if result == 0:  # most files: nothing to report
                return FileResult(path)
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
        if len(keys) <= KEEP:
            return
        import shutil

        for old in keys[KEEP:]:
            shutil.rmtree(old, ignore_errors=True)


def _trusted(stamp: list[int]) -> list[int]:
    """The stamp to store: none (read the file next time) if it was modified just now,
    because another write in the same clock tick would keep the same stamp (git's
    "racily clean" problem)."""
    return [] if time.time_ns() - max(stamp[0], stamp[-1]) < RACY_NS else stamp


def _dump(result: FileResult) -> dict[str, Any] | int:
    if not result.diagnostics and not result.suppressed:
        return 0
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
