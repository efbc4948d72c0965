"""Baselines: record today's findings, then report only new ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import nslint

SPEC = """\
name: Acme CRM
oauth2:
  authorization_code_grant: true
  refresh_token_validity_hours: 1000
  redirect_uris: [http://crm.example.com/cb]
  scopes: [restlets]
"""
ARGS = ("check", "--isolated", "--format", "concise")


@pytest.fixture
def recorded(project: Path) -> Path:
    (project / "specs").mkdir()
    (project / "specs" / "crm.yaml").write_text(SPEC)
    run = nslint("check", "--isolated", "--write-baseline", "baseline.json")
    assert (run.code, run.out) == (0, "")
    assert run.err == (
        "nslint: wrote 3 findings to baseline.json; run with --baseline baseline.json (or "
        "`baseline: baseline.json` in .nslint.yaml) to report only new ones\n"
    )
    return project


def test_the_baseline_file_records_path_code_and_fingerprint(recorded: Path) -> None:
    document = json.loads((recorded / "baseline.json").read_text())
    assert document["version"] == 2
    assert [(f["path"], f["code"]) for f in document["findings"]] == [
        ("specs/crm.yaml", "NS101"),
        ("specs/crm.yaml", "NS201"),
        ("specs/crm.yaml", "NS203"),
    ]
    assert all(len(f["fingerprint"]) == 32 for f in document["findings"])


def test_round_trip_edit_above_then_one_new_finding(recorded: Path) -> None:
    assert nslint(*ARGS, "--baseline", "baseline.json").out == ""
    spec = recorded / "specs" / "crm.yaml"
    spec.write_text("# Acme's CRM, owned by Sales Ops\ndescription: CRM sync\n" + SPEC)
    run = nslint(*ARGS, "--baseline", "baseline.json")
    assert (run.code, run.out, run.err) == (0, "", "")
    spec.write_text(
        spec.read_text().replace(
            "scopes: [restlets]", "scopes: [restlets]\n  dcr_client_name: CRM robot"
        )
    )
    run = nslint(*ARGS, "--baseline", "baseline.json")
    assert run.code == 0
    assert run.out.splitlines() == [
        "specs/crm.yaml:9:3: warning NS604 Dynamic Client Registration Client Name is set "
        "while Dynamic Client Registration is not enabled, so it has no effect; enable DCR or "
        "remove the name"
    ]


def test_fixed_entries_are_counted(recorded: Path) -> None:
    spec = recorded / "specs" / "crm.yaml"
    spec.write_text(SPEC.replace("1000", "48"))
    run = nslint(*ARGS, "--baseline", "baseline.json")
    assert (run.code, run.out) == (0, "")
    assert run.err == (
        "nslint: 2 baseline entries are fixed; rewrite the baseline with --write-baseline "
        "baseline.json to keep them fixed\n"
    )


def test_the_baseline_key_in_the_configuration(
    recorded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (recorded / ".nslint.yaml").write_text("baseline: baseline.json\n")
    monkeypatch.chdir(recorded / "specs")
    run = nslint("check", "--format", "concise")
    assert (run.code, run.out, run.err) == (0, "", "")


def test_the_same_line_twice_is_matched_once_each(project: Path) -> None:
    text = "name: a\nuser_credentials: true\nnote: x\n"
    (project / "a.yaml").write_text(text + "state: on\n")
    nslint("check", "--isolated", "--write-baseline", "b.json")
    (project / "a.yaml").write_text(text + "state: on\naccounts:\n  '1': {state: on}\n")
    run = nslint(*ARGS, "--baseline", "b.json", "--select", "NS004")
    assert run.out.splitlines() == [
        "a.yaml:6:16: warning NS004 `on` is ambiguous: YAML 1.1 reads it as the boolean true, "
        "YAML 1.2 as text; write `true` (or quote it if you mean the text)"
    ]


@pytest.mark.parametrize(
    ("content", "error"),
    [
        ("{", "nslint: error: baseline b.json is not JSON: "),
        (
            '{"version": 9, "findings": []}',
            "nslint: error: baseline b.json is not an nslint baseline",
        ),
        ("[]", "nslint: error: baseline b.json is not an nslint baseline"),
    ],
)
def test_a_bad_baseline_is_a_usage_error(project: Path, content: str, error: str) -> None:
    (project / "a.yaml").write_text("name: a\nuser_credentials: true\n")
    (project / "b.json").write_text(content)
    run = nslint(*ARGS, "--baseline", "b.json")
    assert run.code == 2
    assert run.err.startswith(error)


def test_a_missing_baseline_is_a_usage_error(project: Path) -> None:
    run = nslint(*ARGS, "--baseline", "nope.json")
    assert (run.code, run.err) == (
        2,
        "nslint: error: cannot read baseline nope.json: No such file or directory\n",
    )


def test_a_baseline_never_hides_a_file_that_does_not_parse(project: Path) -> None:
    (project / "broken.yaml").write_text("name: [a\n")
    nslint("check", "--isolated", "--write-baseline", "b.json")
    assert json.loads((project / "b.json").read_text())["findings"] == []
    run = nslint(*ARGS, "--baseline", "b.json")
    assert run.code == 1
    assert run.out.startswith("broken.yaml:2:1: error NS001 ")


def test_entries_of_codes_not_reported_in_this_run_are_not_fixed(recorded: Path) -> None:
    run = nslint(*ARGS, "--baseline", "baseline.json", "--select", "NS1")
    assert (run.code, run.out, run.err) == (0, "", "")


def test_the_summary_counts_the_findings_the_baseline_hides(recorded: Path) -> None:
    run = nslint("check", "--isolated", "--format", "text", "--baseline", "baseline.json")
    assert (run.code, run.out, run.err) == (
        0,
        "No problems found in 1 file (3 in the baseline).\n",
        "",
    )
    spec = recorded / "specs" / "crm.yaml"
    spec.write_text(SPEC + "# nslint: disable-next-line NS601\n")  # a new finding
    run = nslint("check", "--isolated", "--format", "text", "--baseline", "baseline.json")
    assert run.out.splitlines()[-1] == "Found 1 warning in 1 of 1 file (3 in the baseline)."
