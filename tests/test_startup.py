"""A one-file check imports only what it needs: what a pre-commit hook waits for."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import nslint

PROBE = """
import json, sys
sys.argv = ["nslint", "check", "--isolated", *sys.argv[2:], sys.argv[1]]
from nslint.cli import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""

# The heavy dependencies, not nslint's own modules by name (they move as it changes):
# each of these costs a hook's start-up and is wanted by only some runs.
NOT_AT_START = (
    "ruamel",  # only --fix and --diff
    "jsonschema",  # the Python package; jsonschema_rs is the validator
    "hypothesis",
    "multiprocessing",  # only a run of many files
    "concurrent",
    "importlib.metadata",  # only when a plugin is named
    "nslint.plugins",  # likewise (and a run that imports it exits the normal way)
    "tomllib",  # only a pyproject.toml configuration
    "difflib",  # only a "did you mean" hint
    "pathspec",  # only configured globs
    "hashlib",  # its OpenSSL: fingerprints (not text output) and nothing else
    "shutil",
    "click._termui_impl",  # only a progress bar on a terminal
)

NOT_WHEN_CACHED = (
    "yaml",  # no file to parse
    "jsonschema_rs",  # nor to validate
    "ruamel",
    "hashlib",
)


def probe(spec: Path, *options: str) -> tuple[str, list[str]]:
    """A check's output, and the modules it imported."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(spec), *options],
        capture_output=True,
        text=True,
        cwd=spec.parent,
    )
    return result.stdout, json.loads(result.stderr.strip().splitlines()[-1])


def unwanted(modules: list[str], names: tuple[str, ...]) -> list[str]:
    return [m for m in modules if any(m == n or m.startswith(n + ".") for n in names)]


def test_a_one_file_check_imports_only_what_it_needs(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text("name: a\nuser_credentials: true\n")
    output, modules = probe(spec, "--no-cache")
    assert "No problems found in 1 file." in output
    assert unwanted(modules, NOT_AT_START) == []


# The other commands' modules: a check neither imports them nor builds their options.
OTHER_COMMANDS = ("nslint.cli.info", "nslint.cli.init", "nslint.cli.report", "nslint.cli.server")


def test_a_check_imports_no_other_command(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text("name: a\nuser_credentials: true\n")
    output, modules = probe(spec, "--no-cache")
    assert output == "No problems found in 1 file.\n"
    assert "nslint.cli.check" in modules
    assert unwanted(modules, OTHER_COMMANDS) == []
    # Git's ignore rules matter to a walk of a directory (or --force-exclude), not to a
    # file named on the command line.
    assert unwanted(modules, ("nslint.gitignore", "nslint.gitrepo")) == []
    walked, modules = probe(spec.parent, "--no-cache")
    assert walked == output
    assert "nslint.gitignore" in modules


# Modules of paths a clean one-file check never takes: finding and reading a
# configuration file (--isolated reads none), explaining a YAML syntax error, and
# copying the schema (``nslint schema``), reading a rule pack from YAML (the built-in
# one is read from JSON).
NOT_FOR_A_CLEAN_FILE = ("nslint.config_file", "nslint.yaml_errors", "copy", "nslint.yaml_file")


def test_a_clean_isolated_check_reads_no_configuration_and_explains_no_error(
    tmp_path: Path,
) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text("name: a\nuser_credentials: true\n")
    output, modules = probe(spec, "--no-cache")
    assert output == "No problems found in 1 file.\n"
    assert unwanted(modules, NOT_FOR_A_CLEAN_FILE) == []
    spec.write_text("name: [a\n")  # a syntax error needs its explanation
    output, modules = probe(spec, "--no-cache")
    assert "NS001" in output
    assert "nslint.yaml_errors" in modules
    assert "nslint.config_file" not in modules


def test_a_check_without_isolated_looks_for_a_configuration(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()  # the search for a configuration file stops here
    spec = tmp_path / "spec.yaml"
    spec.write_text("name: a\nuser_credentials: true\n")
    script = PROBE.replace('"--isolated", ', "")
    result = subprocess.run(
        [sys.executable, "-c", script, str(spec), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.stdout == "No problems found in 1 file.\n"
    assert "nslint.config_file" in json.loads(result.stderr.strip().splitlines()[-1])


NAMED_TUPLES = """
import json, sys
sys.argv = ["nslint", "check", "--isolated", "--no-cache", sys.argv[1]]
from nslint.cli import main
try:
    main()
except SystemExit:
    pass
made = sorted(
    f"{value.__module__}.{value.__name__}"
    for name, module in list(sys.modules.items())
    if name.startswith("nslint")
    for value in vars(module).values()
    if isinstance(value, type) and "_fields" in vars(value) and value.__module__ == name
)
print(json.dumps(made), file=sys.stderr)
"""


def test_a_one_file_check_generates_only_the_named_tuples_that_are_tuples(
    tmp_path: Path,
) -> None:
    """typing.NamedTuple generates its class at import (0.8 M instructions each): only
    the values used as tuples (ordered, compared, replaced) are NamedTuples; the other
    records are plain classes with __slots__."""
    spec = tmp_path / "spec.yaml"
    spec.write_text("name: a\nuser_credentials: true\n")
    result = subprocess.run(
        [sys.executable, "-c", NAMED_TUPLES, str(spec)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.stdout == "No problems found in 1 file.\n"
    assert json.loads(result.stderr.strip().splitlines()[-1]) == [
        "nslint.diagnostics.Diagnostic",
        "nslint.diagnostics.Finding",
        "nslint.diagnostics.Span",
        "nslint.release.Release",
        "nslint.results.FileResult",
    ]


def test_a_check_makes_each_kind_of_path_type_once() -> None:
    """Making a click.Path looks up its translated name (gettext searches the locale
    directories): the check's seven path parameters share three."""
    import click

    from nslint.cli import main

    check = main.get_command(click.Context(main), "check")
    assert check is not None
    kinds = {
        param.name: (param.type.file_okay, param.type.dir_okay)
        for param in check.params
        if isinstance(param.type, click.Path)
    }
    assert kinds == {
        "paths": (True, True),
        "output_file": (True, False),
        "write_baseline": (True, False),
        "config_file": (True, False),
        "baseline": (True, False),
        "rule_packs": (True, False),
        "sdf_project": (False, True),
    }
    types = {id(param.type) for param in check.params if isinstance(param.type, click.Path)}
    assert len(types) == 3


def test_help_lists_every_command_loaded_on_demand() -> None:
    import click

    from nslint.cli import main

    run = nslint("--help")
    assert run.code == 0
    commands = run.out.split("Commands:\n", 1)[1].splitlines()
    names = ["check", "config", "explain", "init", "report", "rules", "schema", "server"]
    assert [line.split()[0] for line in commands if line.strip()] == names
    ctx = click.Context(main)
    for name in names:
        command = main.get_command(ctx, name)
        assert command is not None
        assert command.name == name
    assert main.get_command(ctx, "nope") is None


def test_a_check_of_cached_files_loads_no_parser_or_validator(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()  # the cache is kept at the project root
    spec = tmp_path / "spec.yaml"
    spec.write_text("name: a\nuser_credentials: true\n")
    os.utime(spec, ns=(1_000_000_000, 1_000_000_000))  # not racily modified
    first, modules = probe(spec)
    assert "yaml" in modules  # the first run checks the file
    second, modules = probe(spec)
    assert second == first == "No problems found in 1 file.\n"
    assert unwanted(modules, NOT_WHEN_CACHED) == []


def test_cached_findings_are_checked_without_a_parser_or_validator(tmp_path: Path) -> None:
    # Cached findings are checked against the rule set, which is built for them: from the
    # built-in pack's JSON, without PyYAML.
    (tmp_path / ".git").mkdir()
    spec = tmp_path / "spec.yaml"
    spec.write_text("name: a\noauth2:\n  refresh_token_validity_hours: 0\n")
    os.utime(spec, ns=(1_000_000_000, 1_000_000_000))
    first, modules = probe(spec, "--format", "concise")
    assert "yaml" in modules
    second, modules = probe(spec, "--format", "concise")
    assert second == first
    assert "spec.yaml:3:33: warning NS201 Refresh Token Validity (In Hours) is 0" in second
    assert "nslint.ruleset" in modules  # the findings were checked against the rule set
    assert unwanted(modules, NOT_WHEN_CACHED) == []
