"""What code scanning, GitHub annotations and GitLab need from the machine formats:
SARIF rule tags, security severity, help URIs and the exit code (checked by the SARIF
multitool with GitHub's rules where it is installed), annotations over several lines,
and a GitLab issue for a file that could not be read."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from nslint import __version__, catalogue
from nslint.registry import builtin
from tests.conftest import REPO, nslint

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ARGS = ("--isolated", "--release", "2026.2", "--color", "never")
SECRET = (
    "name: Acme CRM\nuser_credentials: true\n"
    "client_secret: 8f3a9c2e71b64d0f9a5e3c8b7d1f2a6e4c9b0d3f7a2e5c8b1d4f6a9c3e7b0d2f\n"
)
PACK = """\
rules:
  - id: ORG001
    name: description-required
    severity: warning
    tags: [governance, security]
    select: description
    missing: report
    assert: {type: string, minLength: 1}
    message: Add a description
"""


def sarif(*args: str) -> tuple[int, dict[str, Any]]:
    run = nslint("check", *ARGS, "--format", "sarif", *args)
    document: dict[str, Any] = json.loads(run.out)
    return run.code, document


def descriptors(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {rule["id"]: rule for rule in document["runs"][0]["tool"]["driver"]["rules"]}


def test_rules_carry_tags_security_severity_and_help_uri(project: Path) -> None:
    (project / "crm.yaml").write_text(SECRET)
    code, document = sarif("crm.yaml")
    assert code == 1
    rules = descriptors(document)
    docs = f"https://github.com/nslint/nslint/blob/v{__version__}/docs/rules.md"
    assert rules["NS501"]["helpUri"] == f"{docs}#ns501-secret-in-spec"
    assert rules["NS501"]["properties"] == {
        "origin": "nslint",
        "tags": ["netsuite", "secrets", "security"],
        "security-severity": "8.0",
    }
    assert rules["NS105"]["properties"]["security-severity"] == "5.0"  # a warning: medium
    assert rules["NS004"]["properties"] == {"origin": "nslint", "tags": ["yaml"]}
    # A rule of the built-in pack is nslint's own: documented in docs/rules.md too.
    assert rules["NS301"]["helpUri"] == f"{docs}#ns301-public-client"
    assert rules["NS301"]["properties"] == {
        "origin": "netsuite.yaml",
        "tags": ["netsuite", "oauth2", "security"],
        "security-severity": "5.0",
    }
    # The anchor GitHub gives a heading with a dot in it drops the dot.
    assert rules["NS107"]["helpUri"] == f"{docs}#ns107-redirect-uri-multiple-before-20261"


def test_security_severity_follows_the_configured_severity(project: Path) -> None:
    (project / "crm.yaml").write_text(SECRET)
    _, document = sarif("--severity", "NS501=warning", "crm.yaml")
    assert descriptors(document)["NS501"]["properties"]["security-severity"] == "5.0"
    _, document = sarif("--severity", "NS501=notice", "crm.yaml")
    assert descriptors(document)["NS501"]["properties"]["security-severity"] == "2.0"


def test_every_builtin_rule_is_tagged_and_its_anchor_is_a_heading_of_the_docs() -> None:
    headings = re.findall(r"^## (NS\d{3} \S+)$", (REPO / "docs" / "rules.md").read_text(), re.M)
    rules = list(builtin().rules.values())
    assert [catalogue.heading(rule) for rule in rules] == headings
    anchors = [catalogue.anchor(rule) for rule in rules]
    assert len(set(anchors)) == len(rules)
    for rule, anchor in zip(rules, anchors, strict=True):
        assert rule.tags, rule.code
        assert all(re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", tag) for tag in rule.tags)
        assert anchor == catalogue.heading(rule).lower().replace(" ", "-").replace(".", "")
    security = sorted(rule.code for rule in rules if "security" in rule.tags)
    assert security == [
        "NS007",
        "NS008",
        "NS101",
        "NS102",
        "NS105",
        "NS301",
        "NS302",
        "NS501",
        "NS606",
    ]


def test_the_help_uri_base_is_pyprojects_homepage() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["urls"]["Homepage"] == catalogue.HOMEPAGE


def test_a_pack_rule_has_its_tags_and_no_help_uri(project: Path) -> None:
    (project / "pack.yaml").write_text(PACK)
    (project / "crm.yaml").write_text("name: a\nuser_credentials: true\n")
    code, document = sarif("--rule-pack", "pack.yaml", "crm.yaml")
    assert code == 0  # a warning
    rule = descriptors(document)["ORG001"]
    assert "helpUri" not in rule
    assert rule["properties"] == {
        "origin": "pack.yaml",
        "tags": ["governance", "security"],
        "security-severity": "5.0",
    }


def test_a_pack_tag_must_be_a_kebab_word(project: Path) -> None:
    (project / "pack.yaml").write_text(PACK.replace("[governance, security]", "[Security]"))
    (project / "crm.yaml").write_text("name: a\nuser_credentials: true\n")
    run = nslint("check", *ARGS, "--rule-pack", "pack.yaml", "crm.yaml")
    assert run.code == 2
    assert run.out == ""
    assert run.err.startswith("nslint: error: pack.yaml:5:")
    assert "Security" in run.err


@pytest.mark.parametrize(
    ("args", "exit_code", "successful"),
    [
        (("crm.yaml",), 1, True),
        (("--exit-zero", "crm.yaml"), 0, True),
        (("good.yaml",), 0, True),
        (("good.yaml", "missing.yaml"), 2, False),
    ],
)
def test_the_invocation_has_the_exit_code(
    project: Path, args: tuple[str, ...], exit_code: int, successful: bool
) -> None:
    (project / "crm.yaml").write_text(SECRET)
    (project / "good.yaml").write_text("name: a\nuser_credentials: true\n")
    code, document = sarif(*args)
    (invocation,) = document["runs"][0]["invocations"]
    assert code == exit_code
    assert invocation["exitCode"] == exit_code
    assert invocation["executionSuccessful"] is successful


def test_the_output_file_has_the_exit_code_too(project: Path) -> None:
    (project / "crm.yaml").write_text(SECRET)
    run = nslint("check", *ARGS, "--format", "sarif", "--output", "out.sarif", "crm.yaml")
    assert run.code == 1
    document = json.loads((project / "out.sarif").read_text())
    assert document["runs"][0]["invocations"][0]["exitCode"] == 1


def test_an_annotation_over_several_lines_has_no_columns(project: Path) -> None:
    (project / "crm.yaml").write_text(
        "name: a\nuser_credentials: true\noauth2:\n  - a\n  - b\nstate: enabled\n"
    )
    run = nslint("check", *ARGS, "--format", "github", "crm.yaml")
    assert run.code == 1
    assert run.out == (
        "::error file=crm.yaml,line=4,endLine=5,title=NS003 schema::"
        "`oauth2` must be a mapping, not a list\n"
    )


def test_an_annotation_on_one_line_keeps_its_columns(project: Path) -> None:
    (project / "crm.yaml").write_text("name: a\nuser_credentials: yes\n")
    run = nslint("check", *ARGS, "--format", "github", "crm.yaml")
    assert run.out == (
        "::warning file=crm.yaml,line=2,col=19,endLine=2,endColumn=22,"
        "title=NS004 yaml-truthy::`yes` is ambiguous: YAML 1.1 reads it as the boolean "
        "true, YAML 1.2 as text; write `true` (or quote it if you mean the text)\n"
    )


def test_gitlab_reports_a_file_that_could_not_be_read(project: Path) -> None:
    (project / "crm.yaml").write_text("name: a\nuser_credentials: yes\n")
    run = nslint("check", *ARGS, "--format", "gitlab", "missing.yaml", "crm.yaml")
    assert run.code == 2
    issues = json.loads(run.out)
    assert [issue["check_name"] for issue in issues] == [
        "nslint read-error",
        "NS004 yaml-truthy",
    ]
    unread = issues[0]
    fingerprint = unread.pop("fingerprint")
    assert re.fullmatch("[0-9a-f]{64}", fingerprint)
    assert unread == {
        "type": "issue",
        "description": (
            "nslint could not read the file: cannot read missing.yaml: no such file or directory"
        ),
        "check_name": "nslint read-error",
        "severity": "blocker",
        "location": {"path": "missing.yaml", "lines": {"begin": 1, "end": 1}},
    }
    assert run.err == "nslint: error: cannot read missing.yaml: no such file or directory\n"


# -- the SARIF multitool (npm @microsoft/sarif-multitool), with GitHub's rules -------------


def multitool() -> Path:
    """The multitool's executable: NSLINT_SARIF_MULTITOOL (which .ci/run sets)."""
    found = os.environ.get("NSLINT_SARIF_MULTITOOL", "")
    if not found or not os.access(found, os.X_OK):
        pytest.skip("the SARIF multitool is not installed (NSLINT_SARIF_MULTITOOL)")
    return Path(found)


def validate(tool: Path, logs: list[Path]) -> dict[str, list[tuple[str, str, str, list[str]]]]:
    """The multitool's findings on each of ``logs`` (SARIF's own rules and GitHub's
    upload rules), at every level: (rule, level, message id, arguments) by log name."""
    out = logs[0].parent / "validation.sarif"
    # SARIF2006 fetches every URI (the help URIs of a release not yet tagged, and
    # a network that may be absent): the test checks them against docs/rules.md.
    config = logs[0].parent / "multitool.xml"
    config.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<Properties>\n'
        '  <Properties Key="SARIF2006.UrisShouldBeReachable.Options">\n'
        '    <Property Key="RuleEnabled" Value="Disabled" />\n'
        "  </Properties>\n</Properties>\n"
    )
    options = ["-c", config, "--rule-kind", "Sarif;Gh", "--level", "Error;Warning;Note"]
    subprocess.run(
        [tool, "validate", *options, "-o", out, *logs],
        capture_output=True,
        check=True,
        timeout=300,
    )
    found: dict[str, list[tuple[str, str, str, list[str]]]] = {log.name: [] for log in logs}
    for r in json.loads(out.read_text())["runs"][0]["results"]:
        uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        finding = (r["ruleId"], r["level"], r["message"]["id"], r["message"].get("arguments", []))
        found[uri.rsplit("/", 1)[1]].append(finding)
    return found


def test_the_sarif_multitool_with_githubs_rules_finds_nothing(
    project: Path, tmp_path: Path
) -> None:
    tool = multitool()
    (project / "crm.yaml").write_text(SECRET)
    (project / "pack.yaml").write_text(PACK)
    logs = []
    for name, args in (
        ("findings", ("crm.yaml",)),
        ("unread", ("crm.yaml", "missing.yaml")),
        ("pack", ("--rule-pack", "pack.yaml", "--show-suppressed", "crm.yaml")),
    ):
        log = tmp_path / f"{name}.sarif"
        log.write_text(nslint("check", *ARGS, "--format", "sarif", *args).out)
        logs.append(log)
    found = validate(tool, logs)
    assert {name: [f for f in notes if f[1] != "note"] for name, notes in found.items()} == {
        "findings.sarif": [],
        "unread.sarif": [],
        "pack.sarif": [],
    }
    # Every nslint rule has a help URI; only the organisation's rule has none.
    assert {
        name: [f[3][1] for f in notes if f[2] == "Note_ProvideHelpUri"]
        for name, notes in found.items()
    } == {
        "findings.sarif": [],
        "unread.sarif": [],
        "pack.sarif": ["ORG001.description-required"],
    }
