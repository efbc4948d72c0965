"""Configuration: discovery, every key, its command-line twin, and bad configurations."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import REPO, Run, nslint

# One spec that fires NS301 (warning, line 4), NS201 (error, line 5) and NS401 or NS402
# (TBA, line 7) depending on the release.
SPEC = """\
name: Acme CRM
oauth2:
  authorization_code_grant: true
  public_client: true
  refresh_token_validity_hours: 48
  redirect_uris: [https://crm.example.com/cb]
  scopes: [restlets]
"""
TBA_SPEC = """\
name: Legacy sync
token_based_authentication:
  enabled: true
"""


def codes(run: Run) -> list[tuple[str, str, int]]:
    """(file name, code, line) of each finding of a ``--format json`` run."""
    return [(Path(d["path"]).name, d["code"], d["line"]) for d in json.loads(run.out)]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def config_file(run: Run) -> str | None:
    file: str | None = json.loads(run.out)["file"]
    return file


# -- discovery ------------------------------------------------------------------------


def test_no_configuration_uses_the_defaults(project: Path) -> None:
    run = nslint("config", "--format", "json")
    assert run.code == 0
    settings = json.loads(run.out)["settings"]
    assert config_file(run) is None
    assert settings["fail-on"] == {"value": "error", "origin": "default"}
    assert settings["include"]["value"] == ["*.yaml", "*.yml"]


def test_the_nearest_configuration_wins(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(project / ".nslint.yaml", "fail-on: warning\n")
    inner = write(project / "specs" / "eu" / ".nslint.yaml", "fail-on: notice\n")
    monkeypatch.chdir(project / "specs" / "eu")
    assert config_file(nslint("config", "--format", "json")) == str(inner)
    monkeypatch.chdir(project / "specs")
    assert config_file(nslint("config", "--format", "json")) == str(project / ".nslint.yaml")


def test_nslint_yaml_wins_over_pyproject_in_one_directory(project: Path) -> None:
    write(project / "pyproject.toml", "[tool.nslint]\nfail-on = 'notice'\n")
    write(project / ".nslint.yaml", "fail-on: warning\n")
    assert config_file(nslint("config", "--format", "json")) == str(project / ".nslint.yaml")


def test_pyproject_without_tool_nslint_is_passed_over(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(project / ".nslint.yaml", "fail-on: warning\n")
    write(project / "sub" / "pyproject.toml", "[tool.ruff]\nline-length = 100\n")
    monkeypatch.chdir(project / "sub")
    assert config_file(nslint("config", "--format", "json")) == str(project / ".nslint.yaml")


def test_pyproject_tool_nslint_is_read(project: Path) -> None:
    write(
        project / "pyproject.toml", '[project]\nname = "x"\n\n[tool.nslint]\nfail-on = "notice"\n'
    )
    run = nslint("config", "--format", "json")
    assert config_file(run) == str(project / "pyproject.toml")
    origin = f"{project / 'pyproject.toml'}:5:11"
    assert json.loads(run.out)["settings"]["fail-on"] == {"value": "notice", "origin": origin}


def test_discovery_stops_at_the_repository_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / ".nslint.yaml", "fail-on: warning\n")
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "repo")
    assert config_file(nslint("config", "--format", "json")) is None


def test_config_names_a_file_and_isolated_ignores_all(project: Path) -> None:
    write(project / ".nslint.yaml", "fail-on: warning\n")
    other = write(project / "ci" / "strict.yaml", "fail-on: notice\n")
    run = nslint("config", "--format", "json", "--config", str(other))
    assert config_file(run) == str(other)
    assert json.loads(run.out)["settings"]["fail-on"]["value"] == "notice"
    assert config_file(nslint("config", "--format", "json", "--isolated")) is None
    both = nslint("config", "--isolated", "--config", str(other))
    assert (both.code, both.err) == (
        2,
        "nslint: error: --config and --isolated cannot be used together\n",
    )


def test_an_empty_configuration_file_is_the_defaults(project: Path) -> None:
    write(project / ".nslint.yaml", "# nothing configured yet\n")
    run = nslint("config", "--format", "json")
    assert run.code == 0
    assert json.loads(run.out)["settings"]["fail-on"]["origin"] == "default"


# -- every key, and its command-line twin ------------------------------------------------


def test_release(project: Path) -> None:
    write(project / "legacy.yaml", TBA_SPEC)
    write(project / ".nslint.yaml", "release: 2027.1\n")
    assert codes(nslint("check", "--format", "json")) == [("legacy.yaml", "NS402", 3)]
    assert codes(nslint("check", "--format", "json", "--release", "2026.2")) == [
        ("legacy.yaml", "NS401", 3)
    ]


def test_select_and_the_command_line_select(project: Path) -> None:
    write(project / "crm.yaml", SPEC)
    write(project / ".nslint.yaml", "select: [NS3]\nrules:\n  NS201: {max: 24}\n")
    assert codes(nslint("check", "--format", "json")) == [("crm.yaml", "NS301", 4)]
    assert codes(nslint("check", "--format", "json", "--select", "NS2")) == [
        ("crm.yaml", "NS201", 5)
    ]


def test_ignore_and_the_command_line_twins(project: Path) -> None:
    write(project / "crm.yaml", SPEC)
    write(project / ".nslint.yaml", "ignore: [NS301]\nrules:\n  NS201: {max: 24}\n")
    assert codes(nslint("check", "--format", "json")) == [("crm.yaml", "NS201", 5)]
    # The command line's layer comes after the file's: ignoring more keeps the file's
    # ignore, selecting a code again overrides it.
    assert codes(nslint("check", "--format", "json", "--ignore", "NS201")) == []
    assert codes(nslint("check", "--format", "json", "--select", "NS301")) == [
        ("crm.yaml", "NS301", 4)
    ]


def test_the_more_specific_selector_wins(project: Path) -> None:
    write(project / "crm.yaml", SPEC)
    run = nslint(
        "check",
        "--format",
        "json",
        "--rule-option",
        "NS201.max=24",
        "--ignore",
        "NS",
        "--extend-select",
        "NS30",
    )
    assert codes(run) == [("crm.yaml", "NS301", 4)]


def test_extend_select_enables_a_rule_that_is_off_by_default(project: Path) -> None:
    write(project / "crm.yaml", SPEC)
    pack = write(
        project / "opt-in.yaml",
        "rules:\n"
        "  - id: ORG900\n    name: scopes-listed\n    severity: notice\n    enabled: false\n"
        "    select: oauth2.scopes\n    assert: {maxItems: 0}\n    message: scopes are {value}\n",
    )
    write(project / ".nslint.yaml", f"rule-packs: [{pack.name}]\nselect: [NS3]\n")
    assert codes(nslint("check", "--format", "json", "crm.yaml")) == [("crm.yaml", "NS301", 4)]
    write(
        project / ".nslint.yaml",
        f"rule-packs: [{pack.name}]\nselect: [NS3]\nextend-select: [ORG900]\n",
    )
    assert codes(nslint("check", "--format", "json", "crm.yaml")) == [
        ("crm.yaml", "NS301", 4),
        ("crm.yaml", "ORG900", 7),
    ]
    write(project / ".nslint.yaml", f"rule-packs: [{pack.name}]\nselect: [NS3]\n")
    assert codes(nslint("check", "--format", "json", "--extend-select", "ORG9", "crm.yaml")) == [
        ("crm.yaml", "NS301", 4),
        ("crm.yaml", "ORG900", 7),
    ]


def test_severity_and_its_twin(project: Path) -> None:
    write(
        project / "crm.yaml",
        "name: a\noauth2:\n  public_client: true\n  scopes: [restlets]\n"
        "  authorization_code_grant: true\n  redirect_uris: [https://a.example.com/cb]\n",
    )
    assert nslint("check").code == 0  # NS301 is a warning
    write(project / ".nslint.yaml", "severity:\n  NS301: error\n")
    run = nslint("check", "--format", "json")
    assert (run.code, [d["severity"] for d in json.loads(run.out)]) == (1, ["error"])
    run = nslint("check", "--format", "json", "--severity", "NS301=notice")
    assert (run.code, [d["severity"] for d in json.loads(run.out)]) == (0, ["notice"])


def test_a_severity_prefix_and_the_longest_wins(project: Path) -> None:
    write(project / "crm.yaml", SPEC)
    write(project / ".nslint.yaml", "severity:\n  NS: notice\n  NS30: error\n")
    run = nslint("check", "--format", "json", "--rule-option", "NS201.max=24")
    assert [(d["code"], d["severity"]) for d in json.loads(run.out)] == [
        ("NS301", "error"),
        ("NS201", "notice"),
    ]


def test_per_file_ignores_and_its_twin(project: Path) -> None:
    write(project / "legacy" / "old.yaml", SPEC)
    write(project / "new.yaml", SPEC)
    write(project / ".nslint.yaml", "select: [NS301]\nper-file-ignores:\n  legacy/*.yaml: [NS3]\n")
    assert codes(nslint("check", "--format", "json")) == [("new.yaml", "NS301", 4)]
    run = nslint("check", "--format", "json", "--per-file-ignores", "new.yaml:NS301")
    assert codes(run) == []
    run = nslint("check", "--format", "json", "--per-file-ignores", "legacy/*.yaml:NS2")
    assert codes(run) == [("new.yaml", "NS301", 4), ("old.yaml", "NS301", 4)]


def test_include_and_exclude_and_their_twins(project: Path) -> None:
    write(project / "specs" / "a.yaml", SPEC)
    write(project / "specs" / "b.spec", SPEC)
    write(project / "vendor" / "c.yaml", SPEC)
    write(project / ".nslint.yaml", "select: [NS301]\nexclude: [vendor/]\n")
    assert codes(nslint("check", "--format", "json")) == [("a.yaml", "NS301", 4)]
    run = nslint("check", "--format", "json", "--include", "*.spec")
    assert codes(run) == [("b.spec", "NS301", 4)]
    run = nslint("check", "--format", "json", "--exclude", "specs/")
    assert codes(run) == [("c.yaml", "NS301", 4)]
    # A file named on the command line is always checked.
    assert codes(nslint("check", "--format", "json", "vendor/c.yaml")) == [("c.yaml", "NS301", 4)]


def test_fail_on_and_its_twin_and_exit_zero(project: Path) -> None:
    write(project / "crm.yaml", SPEC)
    write(project / ".nslint.yaml", "select: [NS301]\nfail-on: warning\n")
    assert nslint("check").code == 1
    assert nslint("check", "--fail-on", "error").code == 0
    assert nslint("check", "--exit-zero").code == 0
    write(project / ".nslint.yaml", "select: [NS301]\n")
    assert nslint("check").code == 0
    assert nslint("check", "--fail-on", "notice").code == 1


def test_rule_options_and_their_twin(project: Path) -> None:
    write(project / "crm.yaml", SPEC)
    write(project / ".nslint.yaml", "select: [NS201]\nrules:\n  NS201: {max: 24}\n")
    run = nslint("check", "--format", "json")
    assert [d["message"] for d in json.loads(run.out)] == [
        "Refresh Token Validity (In Hours) is 48; it must be from 1 to 24 hours"
    ]
    assert codes(nslint("check", "--format", "json", "--rule-option", "NS201.max=72")) == []
    rules = json.loads(nslint("rules", "--format", "json", "--rule-option", "NS201.min=2").out)
    assert next(r for r in rules if r["code"] == "NS201")["options"] == {"min": 2, "max": 24}


def test_rule_packs_are_relative_to_the_configuration(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(project / "specs" / "crm.yaml", SPEC)
    policies = REPO / "examples" / "policies"
    write(
        project / "policies" / "no-public.yaml", (policies / "no-public-clients.yaml").read_text()
    )
    write(project / ".nslint.yaml", "select: [ORG]\nrule-packs: [policies/no-public.yaml]\n")
    monkeypatch.chdir(project / "specs")
    assert codes(nslint("check", "--format", "json")) == [("crm.yaml", "ORG002", 4)]
    other = str(policies / "description-required.yaml")
    run = nslint("check", "--format", "json", "--rule-pack", other)
    assert codes(run) == [("crm.yaml", "ORG005", 1)]


def test_config_command_shows_values_as_they_are_written(project: Path) -> None:
    from nslint.release import Release

    write(project / ".nslint.yaml", "max-file-size: 512KiB\n")
    config = project / ".nslint.yaml"
    lines = nslint("config").out.splitlines()
    assert f"max-file-size:     512KiB  # {config}:1:16" in lines
    assert f"release:           {Release.today()}  # default" in lines
    run = nslint("config", "--release", "2026.2", "--max-file-size", "1000", "--format", "json")
    settings = json.loads(run.out)["settings"]
    assert settings["release"] == {"value": "2026.2", "origin": "--release"}
    assert settings["max-file-size"] == {"value": 1000, "origin": "--max-file-size"}
    isolated = json.loads(nslint("config", "--isolated", "--format", "json").out)["settings"]
    assert isolated["max-file-size"] == {"value": "10MiB", "origin": "default"}
    assert isolated["select"] == {"value": None, "origin": "default"}


def test_config_command_shows_where_each_value_came_from(project: Path) -> None:
    write(project / ".nslint.yaml", "fail-on: warning\nignore: [NS301]\nseverity:\n  NS4: error\n")
    run = nslint("config", "--ignore", "NS105", "--severity", "NS5=notice")
    config = project / ".nslint.yaml"
    assert run.code == 0
    lines = run.out.splitlines()
    assert lines[0] == f"# configuration file: {config}"
    assert f'ignore:            ["NS301", "NS105"]  # {config}:2:9 + --ignore' in lines
    assert f"fail-on:           warning  # {config}:1:10" in lines
    assert (
        f'severity:          {{"NS4": "error", "NS5": "notice"}}  # {config}:4:3 + --severity'
        in lines
    )
    assert "plugins:           []  # default" in lines


# -- bad configurations: exit 2, located -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            "selct: [NS1]\n",
            ".nslint.yaml:1:1: unknown key `selct` in the configuration; did you mean `select`?",
        ),
        ("select: NS1\n", '.nslint.yaml:1:9: `select` must be a list, not a string ("NS1")'),
        (
            "fail-on: errors\n",
            ".nslint.yaml:1:10: `fail-on` must be one of `error`, `warning`, `notice`, not "
            '"errors"; did you mean `error`?',
        ),
        (
            "ignore: [NS301, NS999]\n",
            ".nslint.yaml:1:17: 'NS999' matches no rule; did you mean NS901?",
        ),
        (
            "ignore: [NS001]\n",
            ".nslint.yaml:1:10: NS001 cannot be ignored: a file that was not read, parsed or "
            "checked completely must never pass silently",
        ),
        (
            "rules:\n  NS201: {maximum: 24}\n",
            ".nslint.yaml:2:11: NS201 has no option `maximum`; its options are `min`, `max`",
        ),
        (
            "rules:\n  NS201: {max: 1000}\n",
            ".nslint.yaml:2:16: option `max` of NS201: 1000 is greater than the maximum of 720",
        ),
        (
            "rules:\n  NS999: {max: 1}\n",
            ".nslint.yaml:2:3: `rules` has options for NS999, which matches no rule; did you "
            "mean NS901?",
        ),
        (
            "release: 2027.3\n",
            ".nslint.yaml:1:10: '2027.3' is not a NetSuite release; write YYYY.1 or YYYY.2",
        ),
        (
            "release: '2027'\n",
            '.nslint.yaml:1:10: `release` must match the pattern `^[0-9]{4}\\.[12]$`, not "2027"',
        ),
        (
            "select: [NS1\n",
            ".nslint.yaml:2:1: YAML syntax error: the flow list `[` opened at line 1, column 9 "
            "is not closed: add `]` after its last item, or `,` between its items",
        ),
        (
            "fail-on: error\nfail-on: warning\n",
            ".nslint.yaml:2:1: duplicate key `fail-on`: it is already defined on line 1",
        ),
        (
            "rule-packs: [missing.yaml]\n",
            "cannot read rule pack {project}/missing.yaml: No such file or directory",
        ),
        ("severity:\n  NS301: fatal\n", ".nslint.yaml:2:10: `severity.NS301` must be one of"),
    ],
)
def test_bad_configuration_is_a_located_usage_error(project: Path, text: str, error: str) -> None:
    write(project / "crm.yaml", SPEC)
    write(project / ".nslint.yaml", text)
    run = nslint("check")
    assert run.code == 2
    assert run.out == ""
    first = run.err.splitlines()[0]
    if error.startswith(".nslint.yaml"):
        assert first.startswith(f"nslint: error: {project}/{error}")
    else:
        assert first == "nslint: error: " + error.format(project=project)


def test_bad_pyproject_table_is_located(project: Path) -> None:
    write(project / "pyproject.toml", '[project]\nname = "x"\n\n[tool.nslint]\nselct = ["NS1"]\n')
    run = nslint("check")
    assert (run.code, run.err) == (
        2,
        f"nslint: error: {project}/pyproject.toml:5:1: unknown key `selct` in the "
        "configuration; did you mean `select`?\n",
    )


def test_invalid_toml_is_a_usage_error(project: Path) -> None:
    write(project / "pyproject.toml", "[tool.nslint]\nselect = = 1\n")
    run = nslint("check")
    assert (run.code, run.err) == (
        2,
        f"nslint: error: {project}/pyproject.toml: invalid TOML: Invalid value "
        "(at line 2, column 10)\n",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--severity", "NS301=fatal"], "'fatal' is not a severity"),
        (["--select", "ns3"], "'ns3' is not a rule code or prefix"),
        (["--per-file-ignores", "legacy"], "'legacy' is not of the form GLOB:CODES"),
        (["--rule-option", "NS201=3"], "'NS201' is not of the form CODE.OPTION"),
        (["--select", "XYZ"], "--select: 'XYZ' matches no rule"),
        (["--rule-option", "NS201.max=big"], "--rule-option: option `max` of NS201: "),
    ],
)
def test_bad_command_line_values_exit_2(project: Path, args: list[str], message: str) -> None:
    run = nslint("check", *args)
    assert run.code == 2
    assert message in run.err


def fenced(markdown: Path, language: str, starting: str) -> str:
    """The first fenced ``language`` block of ``markdown`` whose text starts with ``starting``."""
    blocks = markdown.read_text().split(f"```{language}\n")[1:]
    return next(b.split("```", 1)[0] for b in blocks if b.startswith(starting))


def test_the_readme_configuration_works(project: Path) -> None:
    (project / "examples").symlink_to(REPO / "examples")
    write(project / ".nslint.yaml", fenced(REPO / "README.md", "yaml", "# .nslint.yaml"))
    write(project / "crm.yaml", SPEC)
    run = nslint("check", "--format", "json", "crm.yaml")
    assert (run.code, run.err) == (1, "")
    assert [(d["code"], d["line"], d["severity"]) for d in json.loads(run.out)] == [
        ("ORG005", 1, "warning"),
        ("NS301", 4, "error"),
        ("NS201", 5, "warning"),
    ]


def test_the_documented_pyproject_table_works(project: Path) -> None:
    toml = fenced(REPO / "docs" / "configuration.md", "toml", "[tool.nslint]")
    write(project / "pyproject.toml", toml)
    settings = json.loads(nslint("config", "--format", "json").out)["settings"]
    assert settings["rules"]["value"] == {"NS201": {"max": 24}}
    assert settings["severity"]["value"] == {"NS301": "error"}
    assert settings["fail-on"] == {
        "value": "warning",
        "origin": f"{project / 'pyproject.toml'}:4:11",
    }


# -- hostile configurations -------------------------------------------------------------------


def test_a_severity_prefix_cannot_demote_the_always_on_rules(project: Path) -> None:
    write(project / "syntax.yaml", "a: [\n")
    run = nslint("check", "--format", "concise", "--severity", "NS0=notice")
    assert run.code == 1
    assert run.out.startswith("syntax.yaml:2:1: error NS001 ")


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ('exclude: ["\\\\"]\n', ".nslint.yaml:1:11: '\\\\' is not a valid glob: "),
        ('include: ["*.yaml", "\\\\"]\n', ".nslint.yaml:1:21: '\\\\' is not a valid glob: "),
        ('per-file-ignores: {"\\\\": [NS1]}\n', ".nslint.yaml:1:20: '\\\\' is not a valid glob: "),
    ],
)
def test_an_invalid_glob_is_located(project: Path, text: str, error: str) -> None:
    write(project / ".nslint.yaml", text)
    run = nslint("check")
    assert run.code == 2
    assert run.err.startswith(f"nslint: error: {project}/{error}"), run.err


@pytest.mark.parametrize(
    ("toml", "error"),
    [
        (
            "[tool.nslint]\nrelease = 2027-01-01\n",
            "pyproject.toml:2:11: `release` is a TOML date or time, which no configuration "
            "value is; quote it if you mean text",
        ),
        (
            "[tool.nslint.rules]\nNS201 = { max = 07:32:00 }\n",
            "pyproject.toml:2:9: `rules.NS201.max` is a TOML date or time, which no "
            "configuration value is; quote it if you mean text",
        ),
    ],
)
def test_toml_dates_are_refused_where_they_stand(project: Path, toml: str, error: str) -> None:
    write(project / "pyproject.toml", toml)
    run = nslint("check")
    assert (run.code, run.err) == (2, f"nslint: error: {project}/{error}\n")


def test_a_pyproject_without_the_table_named_by_config_is_empty(project: Path) -> None:
    write(project / "pyproject.toml", 'tool = "x"\n')
    run = nslint("config", "--format", "json", "--config", "pyproject.toml")
    assert run.code == 0
    assert json.loads(run.out)["settings"]["fail-on"]["origin"] == "default"


@pytest.mark.parametrize(
    "toml",
    [
        'tool.nslint.fail-on = "warning"\n',
        '[tool]\nnslint = { fail-on = "warning" }\n',
        '[tool."nslint"]\nfail-on = "warning"\n',
    ],
)
def test_every_toml_spelling_of_the_table_is_found(project: Path, toml: str) -> None:
    write(project / "pyproject.toml", toml)
    settings = json.loads(nslint("config", "--format", "json").out)["settings"]
    assert settings["fail-on"]["value"] == "warning"


def test_a_table_header_inside_a_string_is_not_the_table(project: Path) -> None:
    write(project / ".nslint.yaml", "fail-on: notice\n")
    write(project / "sub" / "pyproject.toml", 'description = """\n[tool.nslint]\n"""\n')
    os.chdir(project / "sub")
    assert config_file(nslint("config", "--format", "json")) == str(project / ".nslint.yaml")


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (
            ["--rule-option", "NS201.max=2024-01-01"],
            '--rule-option: option `max` of NS201: "2024-01-01" is not of type "integer"',
        ),
        (["--rule-option", "NS201.max=-1"], "--rule-option: option `max` of NS201: -1 is less"),
    ],
)
def test_command_line_values_are_located_at_their_flag(
    project: Path, args: list[str], error: str
) -> None:
    write(project / ".nslint.yaml", "rules: {NS201: {max: 3}}\nignore: [NS301]\n")
    run = nslint("check", *args)
    assert run.code == 2
    assert run.err.startswith(f"nslint: error: {error}"), run.err


def test_a_file_value_is_located_in_the_file_even_when_the_command_line_adds(
    project: Path,
) -> None:
    write(project / ".nslint.yaml", "select: [NS1, NS999]\n")
    run = nslint("check", "--select", "NS3")
    assert run.err.startswith(f"nslint: error: {project}/.nslint.yaml:1:15: 'NS999' matches")


def test_a_rule_option_value_may_hold_an_equals_sign(project: Path) -> None:
    pack = write(
        project / "pack.yaml",
        "rules:\n  - id: ORG1\n    name: n\n    severity: error\n    select: name\n"
        "    options: {re: {type: string, default: '^A'}}\n"
        "    assert: {pattern: {$option: re}}\n    message: '{value} does not match {re}'\n",
    )
    write(project / "spec.yaml", "name: Bad\nuser_credentials: true\n")
    args = ("check", "--format", "concise", "--select", "ORG", "--rule-pack", pack.name)
    run = nslint(*args, "--rule-option", "ORG1.re=^B=")
    assert run.out == 'spec.yaml:1:7: error ORG1 "Bad" does not match ^B=\n'
    bad = nslint(*args, "--rule-option", "ORG1.re=(")
    assert (bad.code, bad.err.splitlines()[0]) == (
        2,
        "nslint: error: --rule-option: ORG1: with this value, the rule's JSON Schema is "
        'invalid: "(" is not a "regex"',
    )


def test_every_key_is_documented_and_has_a_command_line_twin() -> None:
    import click

    from nslint.cli import main
    from nslint.config import KEYS
    from nslint.resources import load_json

    keys = set(load_json("schemas", "config.schema.json")["properties"])
    assert {key.name for key in KEYS} == keys
    docs = (REPO / "docs" / "configuration.md").read_text()
    assert [key for key in sorted(keys) if f"### `{key}`" not in docs] == []
    check = main.get_command(click.Context(main), "check")
    flags = {option for param in check.params for option in param.opts}
    assert sorted({key.flag for key in KEYS} - flags) == []


REGENERATE = "out of date: run `python -m nslint.config_docs` and commit the result"


def test_the_config_schema_is_generated_from_the_keys() -> None:
    from nslint import config_docs

    written = (REPO / "schemas" / "config.schema.json").read_text(encoding="utf-8")
    assert written == config_docs.schema_text(), REGENERATE


def test_the_docs_keys_table_is_generated_from_the_keys() -> None:
    from nslint import config_docs

    written = (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert written == config_docs.with_table(written), REGENERATE


def test_the_keys_table_has_a_row_per_key_with_its_flag_and_default() -> None:
    from nslint import config_docs
    from nslint.config import KEYS

    rows = config_docs.table().splitlines()
    assert rows[:3] == [
        "| key | flag | default | what it sets |",
        "|---|---|---|---|",
        "| `release` | `--release YYYY.N` | the release current today | The NetSuite release "
        "the specs target, YYYY.1 or YYYY.2 (default: the current one). |",
    ]
    assert "| `max-file-size` | `--max-file-size SIZE` | 10MiB | " in "\n".join(rows)
    assert len(rows) == 2 + len(KEYS)


def test_config_docs_main_writes_what_is_out_of_date(tmp_path: Path) -> None:
    from nslint import config_docs

    (tmp_path / "docs").mkdir()
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "config.schema.json").write_text("{}\n")
    page = f"# x\n\n{config_docs.TABLE_START}\nold\n{config_docs.TABLE_END}\n\nafter\n"
    (tmp_path / "docs" / "configuration.md").write_text(page)
    assert config_docs.main(tmp_path) == [
        tmp_path / "schemas" / "config.schema.json",
        tmp_path / "docs" / "configuration.md",
    ]
    assert (tmp_path / "docs" / "configuration.md").read_text() == (
        f"# x\n\n{config_docs.TABLE_START}\n{config_docs.table()}{config_docs.TABLE_END}\n\nafter\n"
    )
    assert config_docs.main(tmp_path) == []  # up to date: nothing written
