"""Shared helpers: lint text or bytes and get comparable tuples back."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from nslint import engine

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


def lint_bytes(data: bytes, path: str = "spec.yaml") -> engine.FileResult:
    return engine.check(path, data=data)


STRUCTURAL = "NS00"


def findings(text: str | bytes, prefix: str = STRUCTURAL) -> list[tuple[str, int, int, int, int]]:
    """(code, line, column, end line, end column) of each finding whose code starts with
    ``prefix`` (by default the structural codes NS001-NS008), in order."""
    data = text.encode() if isinstance(text, str) else text
    return [
        (d.code, d.span.line, d.span.column, d.span.end_line, d.span.end_column)
        for d in lint_bytes(data).diagnostics
        if d.code.startswith(prefix)
    ]


def messages(text: str, prefix: str = STRUCTURAL) -> list[tuple[str, str]]:
    return [
        (d.code, d.message)
        for d in lint_bytes(text.encode()).diagnostics
        if d.code.startswith(prefix)
    ]


@pytest.fixture(autouse=True)
def _no_forced_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    """Output is compared uncoloured: a FORCE_COLOR or CLICOLOR_FORCE of the shell that
    runs the tests would colour it."""
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("CLICOLOR_FORCE", raising=False)


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside this checkout")
    return SHARED


@dataclass(frozen=True)
class Run:
    """What one in-process run of the command line gave."""

    code: int
    out: str
    err: str


def nslint(*args: str, stdin: str | None = None) -> Run:
    """Run ``nslint ARGS`` in-process, in the current directory."""
    from click.testing import CliRunner

    from nslint.cli import main

    result = CliRunner().invoke(main, list(args), input=stdin)
    return Run(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty repository (it has a .git) as the current directory, so that
    configuration discovery stops at it."""
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path
