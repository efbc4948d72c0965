"""The cache's run key: a digest of everything besides a file's content that a result
depends on (``nslint.cache`` keeps one folder of results per key).

The key covers nslint's version and source (with the built-in rule pack and schemas),
the configuration as given, how files are checked (``Checking``), the contents of rule
packs and the plugins' versions and code (the Python files of the entry point's package
and of the distribution's RECORD): anything else gives a new, empty cache. Because the
key needs no rule set, a run whose files are all cached without findings loads none.
"""

from __future__ import annotations

import json
import os
from typing import Any

from nslint import __version__
from nslint.config import KEYS, RunConfig, release_of
from nslint.resources import resource_path
from nslint.results import Checking
from nslint.source import digest as digest_of
from nslint.source import read_regular
from nslint.values import fields_of

FORMAT = 5
"""The layout of a shard and its entries (5: an entry may hold the file's inventory
rows, for ``nslint report``)."""
MAX_PACK_SIZE = 1024 * 1024
"""As much of a rule pack as ``yaml_file`` reads (a larger one is refused there)."""
MAX_PLUGIN_FILES = 2000
"""At most this many of a plugin's Python files are hashed into the run key."""


def run_key(config: RunConfig, checking: Checking) -> str:
    """A digest of everything besides a file's content that its result depends on: the
    configuration as given (so that the rule set need not be loaded to find cached
    results), how files are checked, and what the rules come from."""
    parts: dict[str, Any] = {
        "format": FORMAT,
        "version": __version__,
        "source": _own_source_stamp(),
        "config": {key.name: config.value(key) for key in KEYS},
        "layers": [fields_of(layer) for layer in config.layers],
        "root": os.path.abspath(config.root),
        "checking": fields_of(checking),
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
