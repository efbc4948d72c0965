"""What code scanning, GitHub annotations and GitLab need from the machine formats:
SARIF rule tags, security severity, help URIs and the exit code (checked by the SARIF
multitool with GitHub's rules where it is installed), annotations over several lines,
and a GitLab issue for a file that could not be read."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from nslint import catalogue
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


def test_a_pack_tag_must_be_a_kebab_word(project: Path) -> None:
    (project / "pack.yaml").write_text(PACK.replace("[governance, security]", "[Security]"))
    (project / "crm.yaml").write_text("name: a\nuser_credentials: true\n")
    run = nslint("check", *ARGS, "--rule-pack", "pack.yaml", "crm.yaml")
    assert run.code == 2
    assert run.out == ""
    assert run.err.startswith("nslint: error: pack.yaml:5:")
    assert "Security" in run.err
