"""Every output format on a fixed set of specs (golden files), and what consumers need.

Regenerate the golden files after an intended change with
``NSLINT_UPDATE_GOLDEN=1 python -m pytest tests/test_formats.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from nslint.formats import FORMATS
from nslint.formats.github import escape_data, escape_property
from tests.conftest import REPO, Run, nslint

GOLDEN = REPO / "tests" / "golden"
SUFFIX = {"json": "json", "sarif": "sarif", "junit": "xml", "gitlab": "json"}
ARGS = ("--isolated", "--release", "2026.2", "--color", "never")


@pytest.fixture
def specs(project: Path) -> Path:
    for spec in (GOLDEN / "specs").iterdir():
        shutil.copy(spec, project / spec.name)
    return project


def normalised(text: str, project: Path) -> str:
    """Output with the temporary directory's absolute URI replaced (SARIF names it)."""
    return text.replace(project.as_uri(), "file:///PROJECT")


_PASSED = re.compile(r'^ *<testcase classname="[^"]*" name="[^"]*" />\n', re.MULTILINE)


def without_catalogue(fmt: str, text: str) -> str:
    """SARIF and JUnit output less what depends on the whole rule catalogue, so that a
    golden file changes only when its own findings (or their rules) do, not when an
    unrelated rule is added: SARIF keeps the descriptors of the rules its results name
    (and no ``ruleIndex``), JUnit no passing test case and no test counts. The catalogue
    itself is checked apart (``test_*_lists_every_rule``)."""
    if fmt == "sarif":
        document = json.loads(text)
        for run in document["runs"]:
            for result in run["results"]:
                del result["ruleIndex"]  # (checked by test_sarif_results_refer_to_their_rules)
            named = {result["ruleId"] for result in run["results"]}
            driver = run["tool"]["driver"]
            driver["rules"] = [rule for rule in driver["rules"] if rule["id"] in named]
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if fmt == "junit":
        return re.sub(r' tests="[0-9]+"', "", _PASSED.sub("", text))
    return text


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden_output(specs: Path, fmt: str) -> None:
    run = nslint("check", *ARGS, "--format", fmt)
    assert (run.code, run.err) == (1, "")
    expected = GOLDEN / "expected" / f"check.{fmt}.{SUFFIX.get(fmt, 'txt')}"
    actual = without_catalogue(fmt, normalised(run.out, specs))
    if os.environ.get("NSLINT_UPDATE_GOLDEN"):
        expected.write_text(actual, encoding="utf-8")
    assert actual == expected.read_text(encoding="utf-8")


def sarif_schema(shared: Path) -> jsonschema.protocols.Validator:
    schema = json.loads((shared / "reference" / "sarif-schema-2.1.0.json").read_text())
    validator: jsonschema.protocols.Validator = jsonschema.validators.validator_for(schema)(schema)
    return validator


def test_sarif_is_valid_against_the_official_schema(specs: Path, shared: Path) -> None:
    validator = sarif_schema(shared)
    for args in ((), ("--show-suppressed",), ("good.yaml",), ("missing.yaml",)):
        run = nslint("check", *ARGS, "--format", "sarif", *args)
        document = json.loads(run.out)
        validator.validate(document)
        assert document["runs"][0]["columnKind"] == "unicodeCodePoints"


def test_sarif_results_refer_to_their_rules(specs: Path) -> None:
    run = nslint("check", *ARGS, "--format", "sarif", "--show-suppressed")
    (sarif_run,) = json.loads(run.out)["runs"]
    rules = sarif_run["tool"]["driver"]["rules"]
    results = sarif_run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("NS003", "error"),
        ("NS301", "warning"),
        ("NS101", "error"),
        ("NS003", "error"),
        ("NS004", "warning"),
        ("NS401", "note"),
    ]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    location = results[2]["locations"][0]["physicalLocation"]
    assert location == {
        "artifactLocation": {"uri": "crm.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 7, "startColumn": 7, "endLine": 7, "endColumn": 38},
    }
    assert results[1]["suppressions"] == [
        {"kind": "inSource", "justification": "kiosk app, PKCE enforced"}
    ]
    comma = results[3]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert comma == "team%2Ceu.yaml"


def fingerprints(run: Run) -> list[tuple[str, int, str]]:
    (sarif_run,) = json.loads(run.out)["runs"]
    return [
        (
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["partialFingerprints"]["nslint/v2"],
        )
        for r in sarif_run["results"]
    ]


def test_sarif_fingerprints_survive_lines_added_above(specs: Path) -> None:
    before = fingerprints(nslint("check", *ARGS, "--format", "sarif", "crm.yaml"))
    crm = specs / "crm.yaml"
    crm.write_text("# owned by the CRM team\n\n" + crm.read_text())
    after = fingerprints(nslint("check", *ARGS, "--format", "sarif", "crm.yaml"))
    assert [(code, line + 2, fp) for code, line, fp in before] == after
    assert len({fp for _, _, fp in after}) == len(after)


def test_junit_parses_back(specs: Path) -> None:
    run = nslint("check", *ARGS, "--format", "junit")
    root = ET.fromstring(run.out)
    assert root.tag == "testsuites"
    suites = {suite.get("name"): suite for suite in root}
    assert sorted(suites) == ["crm.yaml", "good.yaml", "team,eu.yaml"]
    crm = suites["crm.yaml"]
    failed = {
        case.get("name"): case.find("failure") for case in crm if case.find("failure") is not None
    }
    assert sorted(failed) == ["NS003 schema", "NS101 redirect-uri-scheme"]
    assert failed["NS003 schema"].get("message") == (
        '`state` must be one of `enabled`, `blocked`, not "100%"'
    )
    assert crm.get("failures") == "2"
    assert int(root.get("tests", "0")) == sum(int(s.get("tests", "0")) for s in root)
    # Findings below the fail threshold are reported, but not as failures.
    team = suites["team,eu.yaml"]
    notice = next(case for case in team if case.get("name") == "NS401 tba-deprecated")
    assert notice.find("failure") is None
    assert "notice NS401" in (notice.findtext("system-out") or "")
    assert suites["good.yaml"].get("failures") == "0"


def test_github_escaping_follows_the_runner() -> None:
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("specs/team,eu:v2.yaml") == "specs/team%2Ceu%3Av2.yaml"
    assert escape_property("50%") == "50%25"


def test_gitlab_report_fields(specs: Path) -> None:
    issues = json.loads(nslint("check", *ARGS, "--format", "gitlab").out)
    assert [(i["check_name"], i["severity"], i["location"]) for i in issues[:2]] == [
        ("NS003 schema", "major", {"path": "crm.yaml", "lines": {"begin": 2, "end": 2}}),
        (
            "NS101 redirect-uri-scheme",
            "major",
            {"path": "crm.yaml", "lines": {"begin": 7, "end": 7}},
        ),
    ]
    assert len({i["fingerprint"] for i in issues}) == len(issues)


@pytest.mark.parametrize(
    ("fmt", "empty"),
    [
        ("json", "[]\n"),
        ("gitlab", "[]\n"),
        ("github", ""),
        ("concise", ""),
        ("text", "No problems found in 1 file.\n"),
    ],
)
def test_no_findings_still_print_a_document(specs: Path, fmt: str, empty: str) -> None:
    assert nslint("check", *ARGS, "--format", fmt, "good.yaml").out == empty


def test_no_findings_sarif_and_junit(specs: Path) -> None:
    sarif = json.loads(nslint("check", *ARGS, "--format", "sarif", "good.yaml").out)
    assert sarif["runs"][0]["results"] == []
    junit = ET.fromstring(nslint("check", *ARGS, "--format", "junit", "good.yaml").out)
    assert (junit.get("failures"), len(junit)) == ("0", 1)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("args", "code"),
    [((), 1), (("--fail-on", "warning"), 1), (("--exit-zero",), 0), (("--select", "NS4"), 0)],
)
def test_exit_codes_are_the_same_in_every_format(
    specs: Path, fmt: str, args: tuple[str, ...], code: int
) -> None:
    assert nslint("check", *ARGS, "--format", fmt, *args).code == code


def test_output_writes_the_format_and_the_terminal_gets_text(specs: Path) -> None:
    assert not (specs / "out").exists()  # made on the way
    run = nslint("check", *ARGS, "--format", "sarif", "--output", "out/report.sarif")
    assert run.code == 1
    assert run.out.endswith(
        "Found 3 errors, 1 warning, 1 notice in 2 of 3 files (1 suppressed).\n[*] 1 fixable "
        "with the `--fix` option (1 hidden fix can be enabled with the `--unsafe-fixes` "
        "option).\n"
    )
    assert json.loads((specs / "out" / "report.sarif").read_text())["version"] == "2.1.0"


def test_on_github_actions_text_gets_annotations(
    specs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    run = nslint("check", *ARGS, "crm.yaml")
    text, _, commands = run.out.partition(
        "Found 2 errors in 1 of 1 file (1 suppressed).\nNo fixes available (1 hidden fix can be "
        "enabled with the `--unsafe-fixes` option).\n"
    )
    assert text.startswith("crm.yaml:2:8: error[NS003]")
    assert commands.splitlines()[0].startswith("::error file=crm.yaml,line=2,col=8,")
    assert len(commands.splitlines()) == 2
    # A machine-readable format on stdout is left alone; with --output, the text gets them.
    assert "::error" not in nslint("check", *ARGS, "--format", "json", "crm.yaml").out
    run = nslint("check", *ARGS, "--format", "sarif", "-o", "r.sarif", "crm.yaml")
    assert run.out.count("::error ") == 2


def test_statistics(specs: Path) -> None:
    run = nslint("check", *ARGS, "--statistics")
    assert (run.code, run.out) == (
        1,
        "2  NS003  schema (error)\n"
        "1  NS004  yaml-truthy (warning)\n"
        "1  NS101  redirect-uri-scheme (error)\n"
        "1  NS401  tba-deprecated (notice)\n"
        "Found 5 problems in all.\n",
    )
    bad = nslint("check", *ARGS, "--statistics", "--format", "json")
    assert (bad.code, bad.err) == (
        2,
        "nslint: error: --statistics prints text: use it with --output FILE for other formats\n",
    )


def test_progress_bar_only_on_a_terminal(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from nslint import run
    from nslint.cli import check as command

    for number in range(run.PROGRESS_THRESHOLD + 1):
        (project / f"spec{number:03}.yaml").write_text("name: a\nuser_credentials: true\n")
    assert nslint("check", *ARGS).err == ""
    monkeypatch.setattr(command, "_interactive", lambda: True)
    assert "Checking" in nslint("check", *ARGS).err
    assert nslint("check", *ARGS, "--format", "json").err == ""


def test_control_characters_from_a_spec_never_reach_xml_or_a_terminal(project: Path) -> None:
    (project / "spec.yaml").write_text(
        'name: a\nuser_credentials: true\noauth2: {"x\\a\\e]0;pwned": 1}\n'
    )
    junit = nslint("check", *ARGS, "--format", "junit").out
    root = ET.fromstring(junit)  # well-formed
    assert "\\x07" in ET.tostring(root, encoding="unicode")
    github = nslint("check", *ARGS, "--format", "github").out
    assert "\x1b" not in github
    assert "\x07" not in github
    assert "\\x1b]0;pwned" in github


def test_sarif_lists_every_rule(specs: Path) -> None:
    from nslint.ruleset import default

    run = nslint("check", *ARGS, "--format", "sarif")
    (sarif_run,) = json.loads(run.out)["runs"]
    rules = default()
    listed = [rule["id"] for rule in sarif_run["tool"]["driver"]["rules"]]
    assert listed == [code for code in rules.rules if code in rules.enabled]


def test_junit_has_a_test_case_per_rule_in_every_file(specs: Path) -> None:
    from nslint.ruleset import default

    rules = default()
    expected = [
        f"{code} {rule.name}" for code, rule in rules.rules.items() if code in rules.enabled
    ]
    suites = ET.fromstring(nslint("check", *ARGS, "--format", "junit").out)
    assert len(suites) == len(list((GOLDEN / "specs").iterdir()))
    for suite in suites:
        assert [case.get("name") for case in suite] == expected
        assert suite.get("tests") == str(len(expected))
    assert suites.get("tests") == str(len(expected) * len(suites))
