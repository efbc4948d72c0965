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
``extend-exclude`` to the YAML files in those folders that are not specs. A name that
is not UTF-8 (a byte that is not stands as a lone surrogate, ``\\udcff``) cannot be
written in a UTF-8 file: in ``include`` each such byte is a ``?``, which matches it; a
file that is not a spec and has such a name is left out of ``extend-exclude`` (a ``?``
could exclude a spec too), so ``nslint check`` reports it, and the summary says so.

Nothing is written until everything was checked: an existing ``.nslint.yaml``, a
``.vscode/settings.json`` that cannot be merged, a target that is or lies behind a
symbolic link, a directory this user cannot write to, or a text that cannot be encoded
stops it before any file is touched. A write that fails after that (a full disk)
removes the files and folder this run created, and says so.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Sequence
from typing import NamedTuple

from nslint import __version__, atomic, display
from nslint.discovery import DEFAULT_SUFFIXES, FileFilter, Missing, discover, relative_path
from nslint.errors import UsageError
from nslint.init_editor import SCHEMA_COPY, SETTINGS_FILE, EditorFiles
from nslint.release import Release
from nslint.source import DEFAULT_MAX_FILE_SIZE, read_regular
from nslint.values import counted

CONFIG_FILE = ".nslint.yaml"
SPEC_ONLY_KEYS = frozenset(
    ("script_id", "application_id", "oauth2", "token_based_authentication", "user_credentials")
)


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

    def _beside(self) -> list[str]:
        """The files that ``include`` takes and are not specs."""
        folders = self.folders()
        return [o for o in self.others if any(o.startswith(f + "/") for f in folders)]

    def extend_exclude(self) -> tuple[str, ...]:
        """The files that ``include`` takes and are not specs, by their full path (those
        whose name is not UTF-8 left out: see the module's docstring)."""
        return tuple(glob_escape(other) for other in self._beside() if _encodable(other))

    def unnamed(self) -> tuple[str, ...]:
        """The files left out of ``extend-exclude`` as their name is not UTF-8."""
        return tuple(other for other in self._beside() if not _encodable(other))

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
    backslash as making the next character plain); a byte of a name that is not UTF-8
    (a lone surrogate) as ``?``, which matches it and can be written."""
    return _SURROGATE.sub("?", re.sub(r"([\\*?\[\]!#{}])", r"\\\1", path))


_SURROGATE = re.compile("[\ud800-\udfff]")


def _encodable(text: str) -> bool:
    return _SURROGATE.search(text) is None


def yaml_scalar(text: str) -> str:
    """``text`` as a double-quoted YAML scalar on one line (PyYAML's emitter escapes
    what needs it: a newline, a quote, a character YAML does not allow)."""
    import yaml

    dumped: str = yaml.dump(
        text, Dumper=yaml.SafeDumper, default_style='"', allow_unicode=True, width=2**30
    )
    return dumped.rstrip("\n")


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
            f"# Where the integration specs are: {counted(len(found.specs), 'spec')} found.",
            "# Globs are gitignore-style, relative to this file. A walk also skips what Git",
            "# ignores and nslint's list of non-spec paths (`nslint config` shows it).",
            "include:",
            *(f"  - {yaml_scalar(glob)}" for glob in found.include()),
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
            *(f"  - {yaml_scalar(glob)}" for glob in exclude),
        ]
    if found.unnamed():
        lines += [
            "",
            f"# Not excluded, as their names are not UTF-8: {_unnamed(found)}.",
        ]
    return "\n".join(lines) + "\n"


def snippets(found: Survey) -> str:
    """The pre-commit and GitHub Actions configuration to paste, as text. When every
    spec is in a folder, the hook's ``files`` names the folders (pre-commit then does
    not start nslint for other YAML files) and the workflow checks just those."""
    folders = found.folders()
    files, paths = "", "."
    if folders and not found.at_top() and all(_encodable(folder) for folder in folders):
        import shlex

        alternatives = "|".join(re.escape(folder + "/") for folder in folders)
        pattern = f"^({alternatives})" if len(folders) > 1 else f"^{alternatives}"
        files = f"\n        files: {yaml_scalar(pattern)}"
        # The action splits ``paths`` as a shell does: each folder is one word.
        paths = yaml_scalar(" ".join(shlex.quote(folder) for folder in folders))
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


def _unnamed(found: Survey) -> str:
    return ", ".join(display.escape(name) for name in found.unnamed())


def write(root: str, config: str, editor: EditorFiles | None) -> list[str]:
    """Write the configuration (never over an existing one) and the editor's files;
    return the paths written. Everything is checked first (links, encoding, a folder
    this user cannot write to); a write that fails after that undoes this run's."""
    from nslint.writing import refuse_link

    texts = [(CONFIG_FILE, config)]
    if editor is not None:
        texts += [(SCHEMA_COPY, editor.schema), (SETTINGS_FILE, editor.settings)]
    planned = []
    for name, text in texts:
        path = os.path.normpath(os.path.join(root, name))
        refuse_link(path, root)
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError as error:
            raise UsageError(
                f"cannot write {display.escape(path)}: its text holds "
                f"{error.object[error.start]!a}, which is not Unicode text; nothing was written"
            ) from None
        _refuse_unwritable(path)
        planned.append((path, data))
    created: list[str] = []
    written = []
    try:
        for path, data in planned:
            if path == planned[0][0]:  # the configuration: created, never replaced
                flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                try:
                    fd = os.open(path, flags, 0o666)
                except FileExistsError:
                    raise UsageError(refusal(root)) from None
                created.append(path)
                with open(fd, "wb") as stream:
                    stream.write(data)
                written.append(path)
                continue
            folder = os.path.dirname(path)
            if not os.path.isdir(folder):
                os.mkdir(folder)
                created.append(folder)
            new = not os.path.lexists(path)
            atomic.write_bytes(path, data, follow_links=False)
            created += [path] if new else []
            written.append(path)
    except OSError as error:
        undone = _undo(created)
        raise UsageError(
            f"cannot write {display.escape(path)}: {error.strerror or error}; "
            + (f"removed what this run wrote ({undone})" if undone else "nothing was written")
        ) from None
    return written


def _refuse_unwritable(path: str) -> None:
    """A ``UsageError`` when the folder that will hold ``path`` (or the nearest one
    that exists, where it will be made) is not one this user may write to."""
    folder = os.path.dirname(os.path.abspath(path))
    while not os.path.lexists(folder):
        folder = os.path.dirname(folder)
    if not os.access(folder, os.W_OK | os.X_OK):
        shown = os.path.relpath(folder) if folder != os.getcwd() else "."
        raise UsageError(
            f"cannot write {display.escape(path)}: permission denied on "
            f"{display.escape(shown)}; nothing was written"
        )


def _undo(created: list[str]) -> str:
    """Remove the files and folders this run created, newest first; the names removed."""
    removed = []
    for path in reversed(created):
        with contextlib.suppress(OSError):
            (os.rmdir if os.path.isdir(path) else os.unlink)(path)
            removed.append(path)
    return ", ".join(display.escape(path) for path in reversed(removed))


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
    """What was found and written, for the terminal (each name escaped: one line each)."""
    lines = [f"Wrote {display.path(path)}" for path in written]
    if not found.specs:
        lines.append("No integration spec found.")
    else:
        places = [f"{display.escape(folder)}/" for folder in found.folders()]
        places += ["the top folder"] if found.at_top() else []
        where = ", ".join(places)
        lines.append(f"Found {counted(len(found.specs), 'integration spec')} in {where}.")
    excluded = len(found.extend_exclude())
    if excluded:
        what = "is not a spec" if excluded == 1 else "are not specs"
        lines.append(f"Excluded {counted(excluded, 'YAML file')} beside them that {what}.")
    if found.unnamed():
        lines.append(
            f"Not excluded, as their names are not UTF-8 (nslint check reports them; "
            f"rename them, or exclude them by hand): {_unnamed(found)}."
        )
    return "\n".join(lines) + "\n"
