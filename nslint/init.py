"""``nslint init``: find a repository's integration specs and write its configuration.

What counts as a spec (``looks_like_spec``): a YAML file that nslint's walk takes (so
not hidden, not in the default exclude list, not ignored by Git), that PyYAML's safe
loader reads, and one of whose documents is a mapping with the spec's required key
``name`` and at least one key that only an integration record has: ``script_id``,
``application_id``, ``oauth2``, ``token_based_authentication`` or
``user_credentials``. (``name``, ``description`` or ``state`` alone are in many YAML
files: a Helm chart, a GitHub Action, a Compose file.) A YAML file that cannot be read
is no evidence either way: it is neither counted as a spec nor excluded, so a broken
spec among the others is still checked, and reported.

``include`` is set to the top-level folders holding specs and the specs at the top,
``extend-exclude`` to the YAML files in those folders that are not specs.
Nothing is written until everything was checked: an existing ``.nslint.yaml`` or a
``.vscode/settings.json`` that cannot be merged stops it before any file is touched.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from nslint import __version__
from nslint.discovery import DEFAULT_SUFFIXES, FileFilter, Missing, discover, relative_path
from nslint.errors import UsageError
from nslint.release import Release
from nslint.source import DEFAULT_MAX_FILE_SIZE, read_regular

CONFIG_FILE = ".nslint.yaml"
SETTINGS_FILE = os.path.join(".vscode", "settings.json")
SCHEMA_COPY = os.path.join(".vscode", "integration.schema.json")
SCHEMA_KEY = "./.vscode/integration.schema.json"
"""The schema as ``yaml.schemas`` names it: relative to the workspace's root."""
SPEC_ONLY_KEYS = frozenset(
    ("script_id", "application_id", "oauth2", "token_based_authentication", "user_credentials")
)
MAX_SETTINGS_SIZE = 1024 * 1024


class Survey(NamedTuple):
    """What a look at the repository found (paths relative to its root, ``/``)."""

    specs: tuple[str, ...]
    others: tuple[str, ...]
    """YAML files that were read and are not specs."""

    def folders(self) -> tuple[str, ...]:
        """The top-level folders holding specs. The whole folder, not the deepest ones
        that hold specs: a spec added in a new subfolder is then checked, where a
        narrower ``include`` would skip it silently (a non-spec YAML file added there
        is reported, loudly, and goes to ``extend-exclude``)."""
        return tuple(sorted({spec.split("/")[0] for spec in self.specs if "/" in spec}))

    def at_top(self) -> tuple[str, ...]:
        """The specs in the repository's top folder."""
        return tuple(spec for spec in self.specs if "/" not in spec)

    def include(self) -> tuple[str, ...]:
        """Globs for ``include``: each folder's YAML files at any depth, and the specs
        at the top by name (anchored: a name alone would match at any depth)."""
        globs = []
        for folder in self.folders():
            globs += [f"{glob_escape(folder)}/**/*{suffix}" for suffix in self._suffixes(folder)]
        return (*globs, *(f"/{glob_escape(spec)}" for spec in self.at_top()))

    def extend_exclude(self) -> tuple[str, ...]:
        """The files that ``include`` takes and are not specs, by their full path."""
        folders = self.folders()
        inside = [o for o in self.others if any(o.startswith(f + "/") for f in folders)]
        return tuple(glob_escape(other) for other in inside)

    def editor_globs(self) -> tuple[str, ...]:
        """The specs as the YAML language server's ``yaml.schemas`` globs (relative to
        the workspace's root, with a leading ``/``). A folder gets ``/f/*.yaml`` and
        ``/f/**/*.yaml``: a glob library reads ``**`` as zero or more folders, older
        servers turn each ``*`` into ``.*``; each form covers the folder either way."""
        globs = []
        for folder in self.folders():
            escaped = glob_escape(folder)
            for suffix in self._suffixes(folder):
                globs += [f"/{escaped}/*{suffix}", f"/{escaped}/**/*{suffix}"]
        return (*globs, *(f"/{glob_escape(spec)}" for spec in self.at_top()))

    def _suffixes(self, folder: str) -> list[str]:
        found = {os.path.splitext(s)[1] for s in self.specs if s.startswith(folder + "/")}
        return [suffix for suffix in DEFAULT_SUFFIXES if suffix in found]


def glob_escape(path: str) -> str:
    """``path`` as a glob that matches it alone (gitignore and minimatch both read a
    backslash as making the next character plain)."""
    return re.sub(r"([\\*?\[\]!#{}])", r"\\\1", path)


def survey(root: str) -> Survey:
    """Read every YAML file a walk of ``root`` takes and sort specs from the rest."""
    specs: list[str] = []
    others: list[str] = []
    for found in discover([root], FileFilter(root=root)):
        if isinstance(found, Missing):
            continue
        verdict = looks_like_spec(found)
        if verdict is not None:
            (specs if verdict else others).append(relative_path(found, root))
    return Survey(tuple(sorted(specs)), tuple(sorted(others)))


def looks_like_spec(path: str) -> bool | None:
    """Whether the file is an integration spec (see the module's docstring); None when
    it cannot be read as YAML."""
    import yaml

    try:
        data = read_regular(path, DEFAULT_MAX_FILE_SIZE)
        if len(data) > DEFAULT_MAX_FILE_SIZE:
            return None
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        documents = list(yaml.load_all(data.decode("utf-8"), Loader=loader))
    except (OSError, ValueError, RecursionError, yaml.YAMLError):
        return None  # (UnicodeDecodeError is a ValueError)
    return any(
        isinstance(document, dict) and "name" in document and SPEC_ONLY_KEYS & document.keys()
        for document in documents
    )


def config_text(found: Survey, release: Release) -> str:
    """The commented ``.nslint.yaml`` for what was found."""
    lines = [
        "# nslint configuration, written by `nslint init`; docs/configuration.md has every key.",
        "",
        "# The NetSuite release the specs target (NS107, NS204, NS401 and NS402 depend on it).",
        f"release: {release}",
    ]
    if found.specs:
        lines += [
            "",
            f"# Where the integration specs are: {_count(len(found.specs), 'spec')} found.",
            "# Globs are gitignore-style, relative to this file. A walk also skips what Git",
            "# ignores and nslint's list of non-spec paths (`nslint config` shows it).",
            "include:",
            *(f"  - {json.dumps(glob)}" for glob in found.include()),
        ]
    else:
        lines += [
            "",
            "# No integration spec was found, so every *.yaml and *.yml file is checked;",
            '# set `include` to where the specs will be, such as ["specs/**/*.yaml"].',
        ]
    exclude = found.extend_exclude()
    if exclude:
        lines += [
            "",
            "# YAML files beside the specs that are not integration specs.",
            "extend-exclude:",
            *(f"  - {json.dumps(glob)}" for glob in exclude),
        ]
    return "\n".join(lines) + "\n"


def snippets(found: Survey) -> str:
    """The pre-commit and GitHub Actions configuration to paste, as text. When every
    spec is in a folder, the hook's ``files`` names the folders (pre-commit then does
    not start nslint for other YAML files) and the workflow checks just those."""
    folders = found.folders()
    files, paths = "", "."
    if folders and not found.at_top():
        alternatives = "|".join(re.escape(folder + "/") for folder in folders)
        pattern = f"^({alternatives})" if len(folders) > 1 else f"^{alternatives}"
        files = f"\n        files: {json.dumps(pattern)}"
        paths = " ".join(folders)
    return f"""\
Add to .pre-commit-config.yaml:

repos:
  - repo: https://github.com/nslint/nslint
    rev: v{__version__}
    hooks:
      - id: nslint{files}

Add as .github/workflows/nslint.yml:

name: nslint
on: [push, pull_request]
permissions:
  contents: read
  security-events: write     # for the SARIF upload
jobs:
  nslint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - uses: nslint/nslint@v{__version__}
        with:
          paths: {paths}
          sarif-file: nslint.sarif
      - uses: github/codeql-action/upload-sarif@v3
        if: always()           # upload even when nslint found errors
        with:
          sarif_file: nslint.sarif
          category: nslint
"""


class EditorFiles(NamedTuple):
    """What ``--editor vscode`` writes: each path (relative to the root) and its text."""

    schema: str
    settings: str


def vscode_files(root: str, found: Survey, schema_text: str) -> EditorFiles:
    """The schema copy and the merged ``.vscode/settings.json``; a ``UsageError`` when
    either cannot be written without losing something."""
    folder = os.path.normpath(os.path.join(root, os.path.dirname(SCHEMA_COPY)))
    if os.path.lexists(folder) and not os.path.isdir(folder):
        raise UsageError(f"{folder} is not a directory, so the editor's settings cannot go in it")
    schema_path = os.path.normpath(os.path.join(root, SCHEMA_COPY))
    existing = _read_text(schema_path)
    if existing is not None and existing != schema_text:
        raise UsageError(
            f"{schema_path} exists and is not this nslint's integration schema; remove it, "
            f"or update it with `nslint schema > {schema_path}`, and run init again"
        )
    globs = list(found.editor_globs() or ("/**/*.yaml", "/**/*.yml"))
    settings_path = os.path.normpath(os.path.join(root, SETTINGS_FILE))
    text = _read_text(settings_path)
    settings: Any = {}
    if text is not None:
        try:
            settings = json.loads(text)
        except ValueError as error:
            raise UsageError(
                f"{settings_path} is not plain JSON ({_reason(error)}; VS Code allows "
                "comments and trailing commas, which nslint does not rewrite, so as not to "
                f'lose them): add "yaml.schemas": {json.dumps({SCHEMA_KEY: globs})} to it'
            ) from None
    if not isinstance(settings, dict):
        raise UsageError(f"{settings_path} is not a JSON object; VS Code cannot read it either")
    schemas = settings.setdefault("yaml.schemas", {})
    if not isinstance(schemas, dict):
        raise UsageError(f'{settings_path}: "yaml.schemas" is not an object; make it one')
    known = schemas.get(SCHEMA_KEY, [])
    known = [known] if isinstance(known, str) else list(known)
    schemas[SCHEMA_KEY] = known + [glob for glob in globs if glob not in known]
    return EditorFiles(schema_text, json.dumps(settings, indent=4, ensure_ascii=False) + "\n")


def _read_text(path: str) -> str | None:
    """A small text file's content, None if absent; a ``UsageError`` otherwise."""
    if not os.path.lexists(path):
        return None
    try:
        data = read_regular(path, MAX_SETTINGS_SIZE)
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


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def write(root: str, config: str, editor: EditorFiles | None) -> list[str]:
    """Write the configuration (never over an existing one) and the editor's files;
    return the paths written."""
    written = []
    config_path = os.path.normpath(os.path.join(root, CONFIG_FILE))
    try:
        with open(config_path, "x", encoding="utf-8") as stream:
            stream.write(config)
    except FileExistsError:
        raise UsageError(refusal(root)) from None
    except OSError as error:
        raise UsageError(f"cannot write {config_path}: {error.strerror or error}") from None
    written.append(config_path)
    if editor is not None:
        from nslint import atomic

        for name, text in ((SCHEMA_COPY, editor.schema), (SETTINGS_FILE, editor.settings)):
            path = os.path.normpath(os.path.join(root, name))
            try:
                os.makedirs(os.path.dirname(path), exist_ok=True)
                atomic.write_text(path, text)
            except OSError as error:
                raise UsageError(f"cannot write {path}: {error.strerror or error}") from None
            written.append(path)
    return written


def refusal(root: str) -> str:
    path = os.path.normpath(os.path.join(root, CONFIG_FILE))
    return f"{path} already exists; nslint init does not overwrite it (edit it, or remove it)"


def preflight(root: str) -> None:
    """Refuse before any work when the configuration already exists."""
    if not os.path.isdir(root):
        raise UsageError(f"{root} is not a directory")
    if os.path.lexists(os.path.join(root, CONFIG_FILE)):
        raise UsageError(refusal(root))
    from nslint.config_file import PYPROJECT, find

    if find(root) == os.path.join(os.path.abspath(root), PYPROJECT):
        pyproject = os.path.normpath(os.path.join(root, PYPROJECT))
        raise UsageError(
            f"{pyproject} has a [tool.nslint] table, which a new {CONFIG_FILE} would hide; "
            "nslint init leaves the configuration to it"
        )


def summary(found: Survey, written: Sequence[str]) -> str:
    """What was found and written, for the terminal."""
    places = [f"{folder}/" for folder in found.folders()]
    places += ["the top folder"] if found.at_top() else []
    where = ", ".join(places) or "no folder"
    lines = [f"Wrote {path}" for path in written]
    lines.append(f"Found {_count(len(found.specs), 'integration spec')} in {where}.")
    if found.extend_exclude():
        excluded = len(found.extend_exclude())
        lines.append(f"Excluded {_count(excluded, 'YAML file')} beside them that are not specs.")
    return "\n".join(lines) + "\n"
