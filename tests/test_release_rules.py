"""Issue 13, part 3: release parsing without a last release."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nslint import engine
from nslint.release import Release
from tests.conftest import nslint

RELEASES = ("2025.1", "2025.2", "2026.1", "2026.2", "2027.1", "2027.2")

Located = tuple[str, int, int, int, int, str]


def lint(text: str, release: str, *codes: str) -> list[Located]:
    """(code, line, column, end line, end column, message) of the findings with
    ``codes``, in order, with ``release`` as the target release."""
    settings = engine.Settings(release=Release.parse(release))
    return [
        (d.code, d.span.line, d.span.column, d.span.end_line, d.span.end_column, d.message)
        for d in engine.check_text("spec.yaml", text, settings).diagnostics
        if d.code in codes
    ]


def before(release: str, boundary: str) -> bool:
    return Release.parse(release) < Release.parse(boundary)


# -- release parsing -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "release"),
    [
        ("2027.2", Release(2027, 2)),
        ("2028.1", Release(2028, 1)),
        ("2099.2", Release(2099, 2)),
        ("9999.2", Release(9999, 2)),
        ("0001.1", Release(1, 1)),
        (" 2026.1\n", Release(2026, 1)),
    ],
)
def test_release_parsing_has_no_last_release(text: str, release: Release) -> None:
    assert Release.parse(text) == release


@pytest.mark.parametrize(
    "text",
    [
        "2027.3",
        "2027.0",
        "2027",
        "27.1",
        "12027.1",
        "2027.1.1",
        "2027,1",
        "0000.1",
        "२०२७.1",  # Devanagari digits: \d would take them, a release is ASCII
        "2027.\uff11",  # a fullwidth 1
        "",
    ],
)
def test_release_parsing_refuses_bad_values(text: str) -> None:
    message = f"{text!r} is not a NetSuite release; write YYYY.1 or YYYY.2"
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        Release.parse(text)


@pytest.mark.parametrize("release", ["2027.2", "2028.1", "2099.2"])
def test_late_releases_on_the_command_line_and_in_the_configuration(
    project: Path, release: str
) -> None:
    spec = "name: a\ntoken_based_authentication:\n  enabled: true\n"
    (project / "s.yaml").write_text(spec)
    expected = (
        "s.yaml:3:12: error NS402 Token-based Authentication is enabled on a new integration "
        f"(no application_id), which NetSuite {release} does not allow; use OAuth 2.0 instead\n"
    )
    run = nslint("check", "--isolated", "--format", "concise", "--release", release, "s.yaml")
    assert (run.code, run.out, run.err) == (1, expected, "")
    (project / ".nslint.yaml").write_text(f"release: {release}\n")
    run = nslint("check", "--format", "concise", "s.yaml")
    assert (run.code, run.out, run.err) == (1, expected, "")
    run = nslint("report", "--isolated", "--release", release, "--format", "json", "s.yaml")
    assert run.code == 0, run.err


@pytest.mark.parametrize("command", ["check", "report"])
@pytest.mark.parametrize("release", ["0000.1", "2027.3", "2099"])
def test_bad_releases_are_usage_errors(project: Path, command: str, release: str) -> None:
    (project / "s.yaml").write_text("name: a\nuser_credentials: true\n")
    run = nslint(command, "--isolated", "--release", release, "s.yaml")
    assert run.code == 2
    assert run.out == ""
    assert run.err.endswith(
        f"Error: Invalid value for '--release': '{release}' is not a NetSuite release; "
        "write YYYY.1 or YYYY.2\n"
    )
    assert "Traceback" not in run.err


def test_a_bad_release_in_the_configuration_is_located(project: Path) -> None:
    (project / "s.yaml").write_text("name: a\nuser_credentials: true\n")
    (project / ".nslint.yaml").write_text("release: '0000.1'\n")
    run = nslint("check", "s.yaml")
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        f"nslint: error: {project / '.nslint.yaml'}:1:10: '0000.1' is not a NetSuite "
        "release; write YYYY.1 or YYYY.2\n"
    )
