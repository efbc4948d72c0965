"""The wheel carries its data files, so nslint works from any directory once installed."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", out, "."],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    if build.returncode != 0 and "No module named 'hatchling'" in build.stderr:
        pytest.skip("hatchling (the build backend) is not installed")
    assert build.returncode == 0, build.stderr
    (built,) = out.glob("nslint-*.whl")
    return built


def test_wheel_contains_schemas(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    for schema in ("integration", "config", "rule-pack"):
        assert f"nslint/schemas/{schema}.schema.json" in names
    assert "nslint/rules/netsuite.yaml" in names
    assert "nslint/rules/netsuite.json" in names  # what runs read (issue 16)
    assert "nslint/cli.py" in names


def test_the_wheel_takes_its_version_from_the_package(wheel: Path) -> None:
    """nslint/__init__.py is the one place the version is written (hatch reads it)."""
    from nslint import __version__

    assert wheel.name.startswith(f"nslint-{__version__}-")
    metadata = zipfile.ZipFile(wheel).read(f"nslint-{__version__}.dist-info/METADATA")
    assert f"\nVersion: {__version__}\n".encode() in metadata


def test_installed_wheel_runs_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--target", target, wheel],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "spec.yaml").write_text(
        'name: a\noauth2: {max_token_rotation_hours: "1", authorization_code_grant: true,\n'
        "  redirect_uris: [https://a.example.com/cb], scopes: [restlets]}\n"
    )
    # Only the installed copy is importable: the checkout is not on the path.
    env = {**os.environ, "PYTHONPATH": str(target), "PYTHONSAFEPATH": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "nslint", "check", "--format", "concise", "spec.yaml"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("spec.yaml:2:36: error NS003 ")
    located = subprocess.run(
        [sys.executable, "-c", "import nslint; print(nslint.__file__)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert located.stdout.startswith(str(target))
