"""The steps of the GitHub Action (``action.yml``): the standard library only, as the
first step runs before nslint is installed.

``main.py setup`` (with the job's Python) names the action's own virtual environment
and the key it is cached under; ``main.py run`` (with that environment's Python) runs
``nslint check`` and writes the step's outputs. Inputs come from the environment
(``INPUT_PATHS``, ``INPUT_ARGS``, ...), never spliced into a script's text; ``paths``
and ``args`` are split as a POSIX shell splits words (``shlex``, as ruff's action did),
so that a block (``paths: |``) gives one path a line and a quoted argument keeps its
spaces. Outputs go to ``$GITHUB_OUTPUT`` in the runner's delimited form, so that no
value (a path with a newline) can write another output.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import secrets
import shlex
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

ACTION = Path(__file__).resolve().parent.parent
# What the installed environment is made from: a change to any of them is a new cache key.
SOURCES = ("pyproject.toml", "constraints.txt", "nslint", "schemas", "rules")


def outputs(values: Mapping[str, str], environ: Mapping[str, str]) -> None:
    """Append ``values`` to ``$GITHUB_OUTPUT`` as ``name<<DELIMITER`` blocks (the
    form ``@actions/core`` writes), with a delimiter no value contains."""
    with open(environ["GITHUB_OUTPUT"], "a", encoding="utf-8") as handle:
        for name, value in values.items():
            delimiter = f"ghadelimiter_{secrets.token_hex(16)}"
            handle.write(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")


def version() -> str:
    """nslint's version, as ``nslint/__init__.py`` writes it (the one place it is)."""
    text = (ACTION / "nslint" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"$', text, re.MULTILINE)
    if match is None:
        raise SystemExit("nslint action: nslint/__init__.py gives no __version__")
    return match.group(1)


def sources_digest() -> str:
    """A digest of the files nslint is installed from, in a stable order."""
    digest = hashlib.sha256()
    for name in SOURCES:
        top = ACTION / name
        files = sorted(top.rglob("*")) if top.is_dir() else [top]
        for path in files:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(ACTION).as_posix().encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def setup(environ: Mapping[str, str]) -> int:
    """Name the virtual environment (under ``$RUNNER_TEMP``) and its cache key: nslint's
    version, the Python that makes it (version and location: a virtual environment
    holds the path of its interpreter), the runner's system and the sources' digest."""
    venv = Path(environ["RUNNER_TEMP"]) / "nslint-action-venv"
    scripts = "Scripts" if os.name == "nt" else "bin"
    python = venv / scripts / ("python.exe" if os.name == "nt" else "python")
    where = hashlib.sha256(sys.base_prefix.encode()).hexdigest()[:8]
    key = "-".join(
        (
            "nslint",
            version(),
            f"py{platform.python_version()}",
            where,
            environ.get("RUNNER_OS", platform.system()),
            environ.get("RUNNER_ARCH", platform.machine()),
            sources_digest(),
        )
    )
    outputs({"venv": str(venv), "python": str(python), "key": key}, environ)
    return 0


def command(environ: Mapping[str, str], sarif: str) -> list[str]:
    """The ``nslint check`` command line for the action's inputs."""
    paths = shlex.split(environ.get("INPUT_PATHS", ""))
    extra = shlex.split(environ.get("INPUT_ARGS", ""))
    line = [sys.executable, "-m", "nslint", "check"]
    if sarif:
        line += ["--format", "sarif", "--output", sarif]
    else:
        line += ["--format", environ["INPUT_FORMAT"]]
    return [*line, *extra, "--", *(paths or ["."])]


def findings(sarif: str) -> str:
    """How many findings the SARIF file holds (suppressed ones, which only
    ``--show-suppressed`` includes, not counted); '' when it cannot be read as SARIF."""
    try:
        with open(sarif, encoding="utf-8") as handle:
            document = json.load(handle)
        results = [r for run in document["runs"] for r in run["results"]]
        return str(sum(1 for r in results if not r.get("suppressions")))
    except (OSError, ValueError, RecursionError, LookupError, TypeError, AttributeError):
        return ""  # (not JSON, or JSON that is not SARIF: no "runs", a list, ...)


def identity(path: str) -> tuple[int, ...] | None:
    """What tells a file apart from the one that was there before a run: nslint
    replaces a report whole (a new file renamed over the old), so a write changes the
    inode and the change time; None when there is no file."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def run(environ: Mapping[str, str]) -> int:
    """Run nslint on the inputs; its exit code is the step's. With ``format`` unset,
    SARIF goes to ``sarif-file`` (else a file under ``$RUNNER_TEMP``) and the log gets
    text and annotations; with ``format`` set and no ``sarif-file``, the log gets that
    format and the ``findings`` and ``sarif-file`` outputs are empty. They are empty
    too when this run did not write the SARIF file (nslint stopped with exit 2 before
    it, a file left from an earlier step stays as it was but is not reported)."""
    try:
        sarif = environ.get("INPUT_SARIF_FILE", "")
        if not sarif and not environ.get("INPUT_FORMAT", ""):
            sarif = str(Path(environ["RUNNER_TEMP"]) / "nslint.sarif")
            if os.path.lexists(sarif):
                os.unlink(sarif)  # not a previous step's findings
        line = command(environ, sarif)
    except ValueError as error:  # shlex: an unclosed quote
        print(f"nslint action: cannot split the inputs: {error}", file=sys.stderr)
        return 2
    print("nslint action: " + shlex.join(["nslint", *line[3:]]), flush=True)
    before = identity(sarif) if sarif else None
    code = subprocess.run(line, check=False).returncode
    counted = ""
    if sarif:
        written = code in (0, 1) and identity(sarif) not in (None, before)
        counted = findings(sarif) if written else ""
        if not counted:
            why = "did not write it" if not written else "wrote no SARIF log there"
            print(
                f"nslint action: {sarif}: nslint {why} (exit code {code}), so the "
                "findings and sarif-file outputs are empty",
                file=sys.stderr,
            )
    outputs(
        {"exit-code": str(code), "findings": counted, "sarif-file": sarif if counted else ""},
        environ,
    )
    return code


def main(argv: Sequence[str], environ: Mapping[str, str]) -> int:
    if argv == ["setup"]:
        return setup(environ)
    if argv == ["run"]:
        return run(environ)
    print("usage: main.py setup|run", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], os.environ))
