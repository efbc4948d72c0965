"""Which files a run checks: the paths given, with directories walked for YAML files."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Missing:
    """A path given on the command line that does not exist or cannot be listed."""

    path: str
    reason: str


def discover(paths: list[str]) -> Iterator[str | Missing]:
    """Yield each file to check, in a stable order, or a Missing for a bad path.

    Files named explicitly are always checked. Directories are walked for ``*.yaml`` and
    ``*.yml``, skipping hidden files and directories; symbolic links to directories are
    not followed, so a link loop cannot trap the walk.
    """
    seen: set[str] = set()
    for path in paths:
        if path == "-":
            yield path
        elif os.path.isdir(path):
            for found in _walk(path):
                if isinstance(found, Missing):
                    yield found
                elif found not in seen:
                    seen.add(found)
                    yield found
        elif os.path.exists(path) or os.path.islink(path):
            if path not in seen:
                seen.add(path)
                yield path
        else:
            yield Missing(path, "no such file or directory")


def _walk(top: str) -> Iterator[str | Missing]:
    errors: list[OSError] = []
    for directory, subdirs, files in os.walk(top, onerror=errors.append):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith(YAML_SUFFIXES) and not name.startswith("."):
                yield os.path.normpath(os.path.join(directory, name))
    # Unlistable directories are not silently skipped.
    for error in errors:
        yield Missing(str(error.filename or top), error.strerror or str(error))
