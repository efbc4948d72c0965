"""The GitHub Action (action.yml): its inputs, and its script run as the runner would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import REPO


def action() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((REPO / "action.yml").read_text())
    return document


def run_step(project: Path, **inputs: str) -> subprocess.CompletedProcess[str]:
    """Run the action's nslint step with these inputs, as GitHub's runner would."""
    step = action()["runs"]["steps"][1]
    env = {**os.environ, "GITHUB_ACTIONS": "true", "NO_COLOR": "1"}
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env["PATH"]
    defaults = {name: spec.get("default", "") for name, spec in action()["inputs"].items()}
    values = {**defaults, **inputs}
    for variable, expression in step["env"].items():
        name = expression.removeprefix("${{ inputs.").removesuffix(" }}")
        env[variable] = values[name]
    return subprocess.run(
        ["bash", "-c", step["run"]], cwd=project, env=env, capture_output=True, text=True
    )


def test_the_action_is_composite_with_the_documented_inputs() -> None:
    document = action()
    assert document["runs"]["using"] == "composite"
    assert sorted(document["inputs"]) == ["args", "format", "paths", "sarif-file"]
    install, run = document["runs"]["steps"]
    assert '"$GITHUB_ACTION_PATH"' in install["run"]
    assert "${{" not in run["run"]


def test_the_step_annotates_and_writes_sarif(project: Path) -> None:
    (project / "specs").mkdir()
    (project / "specs" / "crm.yaml").write_text(
        "name: Acme CRM\noauth2:\n  authorization_code_grant: true\n  scopes: [restlets]\n"
        "  max_token_rotation_hours: 1000\n  redirect_uris: [http://crm.example.com/cb]\n"
    )
    (project / "notes.yaml").write_text("[")
    result = run_step(project, paths="specs", sarif_file="", **{"sarif-file": "nslint.sarif"})
    assert result.returncode == 1, result.stderr
    # NS202 is a warning (its range is known from third-party pages only), NS101 an error.
    assert "specs/crm.yaml:5:29: warning[NS202]" in result.stdout
    assert "::warning file=specs/crm.yaml,line=5,col=29," in result.stdout
    assert "specs/crm.yaml:6:19: error[NS101]" in result.stdout
    assert "::error file=specs/crm.yaml,line=6,col=19," in result.stdout
    sarif = json.loads((project / "nslint.sarif").read_text())
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["NS202", "NS101"]


def test_the_step_passes_format_and_args(project: Path) -> None:
    (project / "ok.yaml").write_text("name: a\nuser_credentials: true\nstate: yes\n")
    result = run_step(project, format="concise", args="--fail-on warning --select NS004")
    assert result.returncode == 1
    assert result.stdout.startswith("ok.yaml:3:8: warning NS004 ")
    assert "::warning" not in result.stdout
