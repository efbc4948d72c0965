"""``nslint init --editor vscode``: the schema copy and the ``yaml.schemas`` mapping
merged into ``.vscode/settings.json``, for the YAML language server.

The settings are read as plain JSON and written back with the mapping added, or not at
all: a file that nslint could not write back as it was (comments, a number too large
for a double, a key given twice, a lone surrogate, nesting too deep, a mapping of the
schema to something other than a glob or a list of globs) is refused, with what to add
by hand. A link at ``.vscode`` or at either file is refused before anything is read.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Sequence
from typing import Any, NamedTuple

from nslint.errors import UsageError
from nslint.source import read_regular

SETTINGS_FILE = os.path.join(".vscode", "settings.json")
SCHEMA_COPY = os.path.join(".vscode", "integration.schema.json")
SCHEMA_KEY = "./.vscode/integration.schema.json"
"""The schema as ``yaml.schemas`` names it: relative to the workspace's root."""
MAX_SETTINGS_SIZE = 1024 * 1024


class EditorFiles(NamedTuple):
    """What ``--editor vscode`` writes: each path (relative to the root) and its text."""

    schema: str
    settings: str


def vscode_files(root: str, specs: Sequence[str], schema_text: str) -> EditorFiles:
    """The schema copy and the merged ``.vscode/settings.json`` mapping it to ``specs``
    (``yaml.schemas`` globs); a ``UsageError`` when either cannot be written without
    losing something, or lies behind a link."""
    from nslint.writing import refuse_link

    schema_path = os.path.normpath(os.path.join(root, SCHEMA_COPY))
    settings_path = os.path.normpath(os.path.join(root, SETTINGS_FILE))
    for path in (schema_path, settings_path):
        refuse_link(path, root)  # before reading either: a link is not followed at all
    folder = os.path.dirname(schema_path)
    if os.path.lexists(folder) and not os.path.isdir(folder):
        raise UsageError(f"{folder} is not a directory, so the editor's settings cannot go in it")
    existing = _read_text(schema_path)
    if existing is not None and existing != schema_text:
        raise UsageError(
            f"{schema_path} exists and is not this nslint's integration schema; remove it, "
            f"or update it with `nslint schema > {schema_path}`, and run init again"
        )
    globs = list(specs or ("/**/*.yaml", "/**/*.yml"))
    text = _read_text(settings_path)
    settings = {} if text is None else _load_settings(settings_path, text, globs)
    schemas = settings.setdefault("yaml.schemas", {})
    if not isinstance(schemas, dict):
        raise UsageError(f'{settings_path}: "yaml.schemas" is not an object; make it one')
    known = schemas.get(SCHEMA_KEY, [])
    if isinstance(known, str):
        known = [known]
    if not isinstance(known, list):
        raise UsageError(
            f'{settings_path}: "yaml.schemas" maps "{SCHEMA_KEY}" to {_json_kind(known)}, '
            "where the YAML extension takes a glob or a list of globs; nslint does not "
            "replace it (make it a list, or remove it)"
        )
    schemas[SCHEMA_KEY] = known + [glob for glob in globs if glob not in known]
    try:
        merged = json.dumps(settings, indent=4, ensure_ascii=False) + "\n"
        merged.encode("utf-8")
    except RecursionError:
        raise UsageError(
            f"{settings_path} is nested too deeply; nslint does not rewrite it"
        ) from None
    except UnicodeEncodeError as error:
        raise UsageError(
            f"{settings_path} holds a lone surrogate ({error.object[error.start]!a} in a "
            "\\u escape), which cannot be written back as UTF-8; nslint does not rewrite it "
            f'(fix it, or add "yaml.schemas": {json.dumps({SCHEMA_KEY: globs})} to it)'
        ) from None
    return EditorFiles(schema_text, merged)


class _Unsafe(ValueError):
    """JSON that Python reads but could not write back as it was."""


def _load_settings(path: str, text: str, globs: Sequence[str]) -> dict[str, Any]:
    """The settings as a JSON object; a ``UsageError`` for anything that nslint could
    not write back unchanged (a number too large for a double, a key given twice)."""

    def finite(number: str) -> float:
        value = float(number)
        if math.isinf(value):
            raise _Unsafe(f"the number {number} is too large for a JSON number")
        return value

    def constant(name: str) -> float:
        raise _Unsafe(f"{name} is not JSON")

    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [key for key, _ in pairs]
        for key in keys:
            if keys.count(key) > 1:
                raise _Unsafe(f"the key {json.dumps(key)} is given twice")
        return dict(pairs)

    add = f'add "yaml.schemas": {json.dumps({SCHEMA_KEY: list(globs)})} to it'
    try:
        settings = json.loads(
            text, parse_float=finite, parse_constant=constant, object_pairs_hook=unique
        )
    except RecursionError:
        raise UsageError(f"{path} is nested too deeply; nslint does not rewrite it") from None
    except _Unsafe as error:
        raise UsageError(
            f"{path}: {error}; nslint does not rewrite it, so as not to change it: {add}"
        ) from None
    except ValueError as error:
        raise UsageError(
            f"{path} is not plain JSON ({_reason(error)}; VS Code allows "
            "comments and trailing commas, which nslint does not rewrite, so as not to "
            f"lose them): {add}"
        ) from None
    if not isinstance(settings, dict):
        raise UsageError(f"{path} is not a JSON object; VS Code cannot read it either")
    return settings


def _json_kind(value: object) -> str:
    kinds = {dict: "an object", bool: "a boolean", int: "a number", float: "a number"}
    return kinds.get(type(value), "null")


def _read_text(path: str) -> str | None:
    """A small text file's content, None if absent; a ``UsageError`` otherwise."""
    if not os.path.lexists(path):
        return None
    try:
        data = read_regular(path, MAX_SETTINGS_SIZE, follow_symlinks=False)
        if len(data) > MAX_SETTINGS_SIZE:
            raise UsageError(f"{path} is larger than 1 MiB; nslint does not rewrite it")
        return data.decode("utf-8-sig")
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise UsageError(f"{path} is not UTF-8 text ({error.reason})") from None


def _reason(error: ValueError) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"{error.msg} at line {error.lineno}, column {error.colno}"
    return str(error)
