"""The pre-commit hooks, installed and run by the real pre-commit from this checkout."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO

pytest.importorskip("pre_commit")

GOOD = "name: Warehouse robot\noauth2:\n  client_credentials_grant: true\n  scopes: [restlets]\n"
BAD = (
    "name: Acme CRM\noauth2:\n  authorization_code_grant: true\n  scopes: [restlets]\n"
    "  redirect_uris: [http://crm.example.com/cb]\n"
)
CONFIG = """\
repos:
  - repo: https://github.com/nslint/nslint
    rev: v0.2.0
    hooks:
      - id: nslint
"""


def test_both_hooks_are_serial_and_force_exclude() -> None:
    """One nslint process per run (it has its own pool, and a split run prints several
    partial summaries); the configuration's excludes apply to the files passed."""
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [
        (h["id"], h["entry"], h["require_serial"], h.get("pass_filenames", True)) for h in hooks
    ] == [
        ("nslint", "nslint check --force-exclude", True, True),
        ("nslint-all", "nslint check --force-exclude", True, False),
    ]


@pytest.fixture(scope="module")
def specs_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("specs-repo")
    (repo / "specs").mkdir()
    (repo / "specs" / "robot.yaml").write_text(GOOD)
    (repo / ".pre-commit-config.yaml").write_text(CONFIG)
    (repo / ".nslint.yaml").write_text("fail-on: error\n")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    return repo


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def try_repo(repo: Path, cache: Path, hook: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(cache), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), hook, *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def test_the_hook_passes_good_specs_and_skips_other_yaml(specs_repo: Path, cache: Path) -> None:
    # --all-files hands the hook .pre-commit-config.yaml and .nslint.yaml too: hidden
    # files are not specs, and --force-exclude keeps them out.
    result = try_repo(specs_repo, cache, "nslint", "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "nslint" in result.stdout
    assert "Passed" in result.stdout


def test_the_hook_fails_a_bad_spec_with_annotated_output(specs_repo: Path, cache: Path) -> None:
    (specs_repo / "specs" / "crm.yaml").write_text(BAD)
    git(specs_repo, "add", ".")
    result = try_repo(specs_repo, cache, "nslint", "--files", "specs/crm.yaml")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Failed" in result.stdout
    assert (
        "specs/crm.yaml:5:19: error[NS101] Redirect URI uses http://; NetSuite requires "
        "https:// (or, for a native app, a private-use scheme such as "
        "com.example.app:/callback) (redirect-uri-scheme)\n"
        "  |\n"
        "5 |   redirect_uris: [http://crm.example.com/cb]\n"
        "  |                   ^~~~~~~~~~~~~~~~~~~~~~~~~\n"
    ) in result.stdout
    all_specs = try_repo(specs_repo, cache, "nslint-all", "--files", "specs/robot.yaml")
    assert all_specs.returncode == 1
    assert "specs/crm.yaml:5:19: error[NS101]" in all_specs.stdout
    # Many files, one nslint process: a single summary (pre-commit would otherwise split
    # them between as many processes as there are cores).
    many = [f"specs/crm{i}.yaml" for i in range(12)]
    for name in many:
        (specs_repo / name).write_text(BAD)
    git(specs_repo, "add", ".")
    serial = try_repo(specs_repo, cache, "nslint", "--files", *many)
    assert serial.returncode == 1
    summaries = [line for line in serial.stdout.splitlines() if line.startswith("Found ")]
    assert summaries == ["Found 12 errors in 12 of 12 files."]
    for name in many:
        (specs_repo / name).unlink()
    (specs_repo / "specs" / "crm.yaml").unlink()
    git(specs_repo, "add", "-A")
