"""Files that ship with nslint: the JSON Schemas and the built-in rule pack.

In a wheel they live inside the package (``nslint/schemas``, ``nslint/rules``); in a
source checkout they are the top-level ``schemas/`` and ``rules/`` folders.
"""

from __future__ import annotations

import functools
import json
import os
from typing import Any

_PACKAGE_DIR = os.path.dirname(os.path.realpath(__file__))


def resource_path(folder: str, name: str) -> str:
    """The path of a shipped file, e.g. ``resource_path("schemas", "integration.schema.json")``."""
    for base in (_PACKAGE_DIR, os.path.dirname(_PACKAGE_DIR)):
        candidate = os.path.join(base, folder, name)
        if os.path.isfile(candidate):
            return candidate
    raise FileNotFoundError(f"nslint is missing its data file {folder}/{name}; reinstall nslint")


@functools.cache
def load_json(folder: str, name: str) -> Any:
    """Parse a shipped JSON file once per process."""
    with open(resource_path(folder, name), encoding="utf-8") as handle:
        return json.load(handle)
