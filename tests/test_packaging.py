"""The wheel carries its data files, so nslint works from any directory once installed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tarfile
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


@pytest.fixture(scope="module")
def sdist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("hatchling")
    out = tmp_path_factory.mktemp("sdist")
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "sdist", "-d", out],
        cwd=REPO,
        capture_output=True,
        check=True,
    )
    (built,) = out.glob("nslint-*.tar.gz")
    return built


def test_the_license_is_mit_in_the_sdist_and_the_wheel(sdist: Path, wheel: Path) -> None:
    """``license = "MIT"`` (an SPDX expression, PEP 639) and the MIT text it names."""
    from nslint import __version__

    text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n\nCopyright (c) 2026 nslint developers\n")
    assert "Permission is hereby granted, free of charge, to any person" in text
    with tarfile.open(sdist) as archive:
        packed = archive.extractfile(f"nslint-{__version__}/LICENSE")
        assert packed is not None
        assert packed.read().decode() == text
    with zipfile.ZipFile(wheel) as archive:
        licensed = archive.read(f"nslint-{__version__}.dist-info/licenses/LICENSE")
        metadata = archive.read(f"nslint-{__version__}.dist-info/METADATA").decode()
    assert licensed.decode() == text
    assert "\nLicense-Expression: MIT\nLicense-File: LICENSE\n" in metadata


def test_the_wheel_is_typed_and_says_which_pythons(wheel: Path) -> None:
    from nslint import __version__

    with zipfile.ZipFile(wheel) as archive:
        assert archive.read("nslint/py.typed") == b""
        metadata = archive.read(f"nslint-{__version__}.dist-info/METADATA").decode()
    classifiers = [line[12:] for line in metadata.splitlines() if line.startswith("Classifier: ")]
    assert classifiers == [
        "Environment :: Console",
        "Programming Language :: Python :: 3",
        "Programming Language :: Python :: 3 :: Only",
        "Programming Language :: Python :: 3.10",
        "Programming Language :: Python :: 3.11",
        "Programming Language :: Python :: 3.12",
        "Programming Language :: Python :: 3.13",
        "Programming Language :: Python :: 3.14",
        "Topic :: Software Development :: Quality Assurance",
        "Typing :: Typed",
    ]
    assert "\nRequires-Python: >=3.10\n" in metadata


def test_wheel_contains_schemas(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    for schema in ("integration", "config", "rule-pack"):
        assert f"nslint/schemas/{schema}.schema.json" in names
    assert "nslint/rules/netsuite.yaml" in names
    assert "nslint/cli/__init__.py" in names
    assert "nslint/rules/netsuite.json" in names  # what runs read (issue 16)


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


def test_the_documented_tag_is_this_version() -> None:
    """The README's and docs/ci.md's ``rev:`` and ``nslint/nslint@`` name one tag: the
    release of this version (the tag ``v`` + ``__version__`` is made on its commit)."""
    from nslint import __version__

    tag = f"v{__version__}"
    for name in ("README.md", "docs/ci.md"):
        text = (REPO / name).read_text(encoding="utf-8")
        revs = re.findall(r"^\s*rev: (\S+)$", text, re.MULTILINE)
        uses = re.findall(r"uses: nslint/nslint@(\S+)$", text, re.MULTILINE)
        assert revs, name
        assert set(revs) | set(uses) == {tag}, name
