"""Issue 12, sections 6 and 7, attacked again after the merge by a reviewer: what the
implementers' tests did not try. Each test reproduces one attack that broke (a hang, a
traceback, an internal error, a lost file) and asserts the safe outcome exactly; the
only timed assertions are generous hang guards.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.attacks.test_errors import GOOD, HANG
from tests.conftest import nslint


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m nslint ARGS`` in a subprocess, killed after HANG seconds."""
    return subprocess.run(
        [sys.executable, "-m", "nslint", *args],
        cwd=cwd,
        timeout=HANG,
        check=False,
        capture_output=True,
        text=True,
    )


# -- a glob whose regular expression backtracks for hours ----------------------------------

STARS = "nslint matches at most 3 `*` in one part of a path (more can take hours to match)"


@pytest.mark.parametrize(
    ("flag", "where"),
    [
        ("--per-file-ignores=" + "*" * 100 + "x:NS104", "--per-file-ignores"),
        ("--exclude=" + "*a" * 6 + "*b", "--exclude"),
        ("--include=specs/" + "*-" * 4 + "*.yaml", "--include"),
    ],
)
def test_a_glob_with_many_stars_is_refused_not_matched_for_hours(
    flag: str, where: str, project: Path
) -> None:
    # before: 100 stars took hours against `a.yaml`, six `*a` against a file name of a's
    (project / ("a" * 200 + ".yaml")).write_text(GOOD)
    result = run("check", "--no-cache", flag, ".", cwd=project)
    glob = flag.split("=", 1)[1].rsplit(":", 1)[0] if "per-file" in flag else flag.split("=")[1]
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"nslint: error: {where}: {glob!r} is not a valid glob: {STARS}\n"


def test_a_glob_with_many_stars_in_the_configuration_is_located(project: Path) -> None:
    (project / ".nslint.yaml").write_text("per-file-ignores:\n  '*a*a*a*a*b': [NS104]\n")
    (project / "a.yaml").write_text(GOOD)
    result = nslint("check", "--no-cache", "a.yaml")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"nslint: error: {project / '.nslint.yaml'}:2:3: '*a*a*a*a*b' is not a valid glob: "
        f"{STARS}\n"
    )


@pytest.mark.parametrize(
    "glob",
    ["**/legacy/**/*.yaml", "*-*-*.yaml", "a/**/b/*x*y*", "[*][*][*][*]*.yaml", r"\*\*\*\**"],
)
def test_ordinary_globs_with_stars_are_still_accepted(glob: str, project: Path) -> None:
    (project / "a.yaml").write_text(GOOD)
    result = nslint("check", "--no-cache", f"--per-file-ignores={glob}:NS104", "a.yaml")
    assert (result.code, result.err) == (0, "")


# -- a --rule-option value that is not text -----------------------------------------------


@pytest.mark.parametrize("value", ['"\\ud800"', '["\\udfff"]', "\udcff"])
def test_a_rule_option_that_is_not_utf8_is_a_usage_error(value: str, project: Path) -> None:
    # before: UnicodeEncodeError in jsonschema-rs, an internal error
    (project / "a.yaml").write_text(GOOD)
    result = nslint("check", "--no-cache", f"--rule-option=NS201.max={value}", "a.yaml")
    assert (result.code, result.out) == (2, "")
    assert result.err.endswith(
        "Error: Invalid value for '--rule-option': NS201.max: the value is not UTF-8 text "
        "(it holds a byte that is not UTF-8 or a lone surrogate such as \\ud800)\n"
    )


# -- --output over the spec it reports on -------------------------------------------------


@pytest.mark.parametrize(
    ("args", "output", "name"),
    [
        (("check", "--no-cache", "a.yaml"), "a.yaml", "a.yaml"),
        (("check", "--no-cache", "--format=json", "."), "./a.yaml", "a.yaml"),
        (("check", "--no-cache", "--stdin-filename=a.yaml", "-"), "a.yaml", "a.yaml"),
        (("check", "--no-cache", "a.yaml"), "link.yaml", "a.yaml"),
        (("report", "--format=csv", "."), "a.yaml", "a.yaml"),
    ],
)
def test_output_never_replaces_a_spec_it_reports_on(
    args: tuple[str, ...], output: str, name: str, project: Path
) -> None:
    # before: the report was written over the spec, which was lost
    (project / "a.yaml").write_text(GOOD)
    (project / "link.yaml").hardlink_to(project / "a.yaml")
    result = nslint(*args, "-o", output, stdin=GOOD)
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"nslint: error: cannot write {output}: it is {name}, a file this run read; "
        "not overwritten (choose another file)\n"
    )
    assert (project / "a.yaml").read_text() == GOOD


# -- a file name with a NUL in the configuration ------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "what"),
    [
        (".nslint.yaml", 'baseline: "a\\0b"\n', "baseline"),
        (".nslint.yaml", 'rule-packs: ["a\\0b"]\n', "rule pack"),
        ("pyproject.toml", '[tool.nslint]\nrule-packs = ["a\\u0000b"]\n', "rule pack"),
    ],
)
@pytest.mark.parametrize("command", ["check", "rules"])
def test_a_configured_file_name_with_a_nul_is_an_error(
    name: str, text: str, what: str, command: str, project: Path
) -> None:
    # before: ValueError "embedded null byte" from os.stat, an internal error
    (project / name).write_text(text)
    (project / "a.yaml").write_text(GOOD)
    args = ("check", "--no-cache", "a.yaml") if command == "check" else ("rules",)
    result = nslint(*args)
    if what == "baseline" and command == "rules":
        assert (result.code, result.err) == (0, "")  # rules reads no baseline
        return
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"nslint: error: cannot read {what} {project}/a\\x00b: no such file (its name "
        "holds a NUL character)\n"
    )


# -- one long word on one line ------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "column"),
    [("x" * 200_000, 8), ("a" * 200_000 + "://u@h", 8)],
)
@pytest.mark.parametrize("flag", ["--format=text", "--diff"])
def test_one_long_word_is_masked_in_linear_time(
    value: str, column: int, flag: str, project: Path
) -> None:
    # before: the credential masking tried its key pattern (and its URI pattern) at every
    # character of the word, each reading to its end: 32 kB took 22 s, 200 kB hours
    (project / "a.yaml").write_text(f"name: a\nstate: {value}\n")
    result = run("check", "--no-cache", flag, "a.yaml", cwd=project)
    if flag == "--diff":  # nothing to fix: no diff, and --diff reports no finding
        assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
        return
    assert (result.returncode, result.stderr) == (1, "")
    assert f"a.yaml:2:{column}: error[NS003] `state` must be one of" in result.stdout
    assert len(result.stdout) < 2000


@pytest.mark.parametrize(
    ("line", "masked"),
    [
        ("1password: hunter22  # c", "1password:**************"),
        ("a=b=password: hunter22", "a=b=password:*********"),
        ("é1password: hunter22", "é1password:*********"),
        ("url: 1https://u:Hunter22@h/cb", "url: 1https://u:********@h/cb"),
        ("url: x a+b://u:Hunter22@h", "url: x a+b://u:********@h"),
    ],
)
def test_a_key_or_scheme_after_digits_in_a_word_is_still_found(line: str, masked: str) -> None:
    from nslint import redact

    assert redact.raw_line(line) == masked


# -- section 7: a file named twice, differently --------------------------------------------


@pytest.mark.parametrize(
    "paths",
    [
        ("a.yaml", "./a.yaml"),
        ("./a.yaml", ".//a.yaml"),
        ("./d/a.yaml", "d"),
        ("./d/a.yaml", "d/", "d//a.yaml"),
    ],
)
def test_a_file_named_twice_in_other_words_is_checked_once(
    paths: tuple[str, ...], project: Path
) -> None:
    # before: `check a.yaml ./a.yaml` said "No problems found in 2 files."
    (project / "d").mkdir()
    (project / "a.yaml").write_text(GOOD)
    (project / "d" / "a.yaml").write_text(GOOD)
    result = nslint("check", "--no-cache", *paths)
    assert (result.code, result.out, result.err) == (0, "No problems found in 1 file.\n", "")


# -- a [tool.nslint] that is not a table, a pyproject.toml over the size bound --------------


@pytest.mark.parametrize(
    ("toml", "kind"),
    [("[[tool.nslint]]\nrelease = '2027.1'\n", "a list"), ("[tool]\nnslint = 1\n", "a value")],
)
@pytest.mark.parametrize("named", [False, True])
def test_a_tool_nslint_that_is_not_a_table_is_an_error(
    toml: str, kind: str, named: bool, project: Path
) -> None:
    # before: the configuration was silently ignored (exit 0 with the defaults)
    (project / "pyproject.toml").write_text(toml)
    (project / "a.yaml").write_text(GOOD)
    result = nslint("check", "--no-cache", *(["--config", "pyproject.toml"] * named), "a.yaml")
    path = "pyproject.toml" if named else project / "pyproject.toml"
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"nslint: error: {path}: `tool.nslint` must be a table ([tool.nslint]), not {kind}; "
        "nslint would otherwise ignore it\n"
    )


def test_a_pyproject_over_the_size_bound_says_so(project: Path) -> None:
    # before: it was parsed cut at 1 MiB: "invalid TOML: Invalid value (at end of document)"
    ignores = ", ".join(["'NS104'"] * 200_000)
    (project / "pyproject.toml").write_text(f"[tool.nslint]\nignore = [{ignores}]\n")
    (project / "a.yaml").write_text(GOOD)
    result = nslint("check", "--no-cache", "a.yaml")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"nslint: error: {project / 'pyproject.toml'}: the configuration is larger than 1 MiB\n"
    )


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda path: os.mkfifo(path), "it is a FIFO (named pipe), not a regular file"),
        (lambda path: path.symlink_to("missing.yaml"), "No such file or directory"),
    ],
)
def test_a_nslint_yaml_that_cannot_be_read_is_an_error_not_skipped(
    make: Callable[[Path], None], reason: str, project: Path
) -> None:
    # before: a FIFO or a broken link named .nslint.yaml was skipped, and the run went on
    # with the defaults (exit 0)
    make(project / ".nslint.yaml")
    (project / "a.yaml").write_text(GOOD)
    result = run("check", "--no-cache", "a.yaml", cwd=project)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"nslint: error: cannot read configuration {project / '.nslint.yaml'}: {reason}\n"
    )


def test_the_job_summary_is_never_appended_to_a_spec(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # before: GITHUB_STEP_SUMMARY=a.yaml appended the Markdown inventory to the spec
    (project / "a.yaml").write_text(GOOD)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", "a.yaml")
    result = nslint("check", "--no-cache", "--summary", "a.yaml")
    assert (result.code, result.out) == (2, "No problems found in 1 file.\n")
    assert result.err == (
        "nslint: error: GITHUB_STEP_SUMMARY a.yaml is a.yaml, a spec being checked: the "
        "summary is not appended to it\n"
    )
    assert (project / "a.yaml").read_text() == GOOD


def test_one_fixed_baseline_entry_is_it_not_them(project: Path) -> None:
    # before: "1 baseline entry is fixed; ... to keep them fixed"
    (project / "a.yaml").write_text(GOOD.replace("restlets]", "restlets]\n  public_client: true"))
    nslint("check", "--no-cache", "--write-baseline", "bl.json", "a.yaml")
    (project / "a.yaml").write_text(GOOD)
    result = nslint("check", "--no-cache", "--baseline", "bl.json", "a.yaml")
    assert result.err == (
        "nslint: 1 baseline entry is fixed; rewrite the baseline with --write-baseline "
        "bl.json to keep it fixed\n"
    )
