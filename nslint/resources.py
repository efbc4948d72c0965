"""Files that ship with nslint: the JSON Schemas and the built-in rule pack.

In a wheel they live inside the package (``nslint/schemas``, ``nslint/rules``); in a
source checkout they are the top-level ``schemas/`` and ``rules/`` folders.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

_PACKAGE_DIR = Path(__file__).resolve().parent


def resource_path(folder: str, name: str) -> Path:
    """The path of a shipped file, e.g. ``resource_path("schemas", "integration.schema.json")``."""
    for base in (_PACKAGE_DIR / folder, _PACKAGE_DIR.parent / folder):
        candidate = base / name
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"nslint is missing its data file {folder}/{name}; reinstall nslint")


@functools.cache
def load_json(folder: str, name: str) -> Any:
    """Parse a shipped JSON file once per process."""
    with resource_path(folder, name).open(encoding="utf-8") as handle:
        return json.load(handle)
