"""The command line: formats, exit codes, paths, colour."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from nslint import __version__
from nslint.cli import main
from tests.conftest import REPO

BAD = """\
name: Acme
oauth2:
  authorization_code_grant: true
  refresh_token_validity_hours: "48"
  redirect_uris: [https://acme.example.com/oauth/callback]
  scopes: [restlets]
"""


def run(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), input=stdin, env=env)
    return result.exit_code, result.output


@pytest.fixture
def specs(tmp_path: Path) -> Path:
    (tmp_path / "good.yaml").write_text("name: Good\nuser_credentials: true\n")
    (tmp_path / "bad.yml").write_text(BAD)
    (tmp_path / "warn.yaml").write_text("name: Warn\nuser_credentials: yes\n")
    (tmp_path / "notes.txt").write_text("not yaml: [")
    hidden = tmp_path / ".hidden"
    hidden.mkdir()
    (hidden / "x.yaml").write_text("[")
    (tmp_path / ".hidden.yaml").write_text("[")
    return tmp_path


def test_text_format_is_annotated(specs: Path) -> None:
    code, out = run("check", "--color", "never", str(specs / "bad.yml"))
    assert code == 1
    path = specs / "bad.yml"
    assert out == (
        f"{path}:4:33: error[NS003] `oauth2.refresh_token_validity_hours` must be an integer, "
        'not a string ("48"); remove the quotes (schema)\n'
        "  |\n"
        '4 |   refresh_token_validity_hours: "48"\n'
        "  |                                 ^~~~\n"
        "\n"
        "Found 1 error in 1 of 1 file.\n"
    )


def test_directory_walk_skips_hidden_and_non_yaml(specs: Path) -> None:
    code, out = run("check", "--format", "concise", str(specs))
    assert code == 1
    assert out.splitlines() == [
        f"{specs / 'bad.yml'}:4:33: error NS003 `oauth2.refresh_token_validity_hours` must be "
        'an integer, not a string ("48"); remove the quotes',
        f"{specs / 'warn.yaml'}:2:19: warning NS004 `yes` is ambiguous: YAML 1.1 reads it as "
        "the boolean true, YAML 1.2 as text; write `true` (or quote it if you mean the text)",
    ]


def test_warnings_alone_exit_zero(specs: Path) -> None:
    code, out = run("check", "--color", "never", str(specs / "warn.yaml"))
    assert code == 0
    assert out.endswith("Found 1 warning in 1 of 1 file.\n[*] 1 fixable with the `--fix` option.\n")


def test_no_findings(specs: Path) -> None:
    assert run("check", "--color", "never", str(specs / "good.yaml")) == (
        0,
        "No problems found in 1 file.\n",
    )


def test_json_format_keys_and_relative_paths(specs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(specs)
    code, out = run("check", "--format", "json", "bad.yml", "good.yaml")
    assert code == 1
    found = json.loads(out)
    assert len(found[0].pop("fingerprint")) == 32
    assert found == [
        {
            "path": "bad.yml",
            "line": 4,
            "column": 33,
            "end_line": 4,
            "end_column": 37,
            "code": "NS003",
            "rule": "schema",
            "severity": "error",
            "message": "`oauth2.refresh_token_validity_hours` must be an integer, "
            'not a string ("48"); remove the quotes',
        }
    ]


def test_json_prints_an_empty_array(specs: Path) -> None:
    assert run("check", "--format", "json", str(specs / "good.yaml")) == (0, "[]\n")


def test_no_path_checks_the_current_directory(specs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(specs)
    code, out = run("check", "--format", "concise")
    assert code == 1
    assert [line.split(":")[0] for line in out.splitlines()] == ["bad.yml", "warn.yaml"]


def test_stdin_with_stdin_filename() -> None:
    code, out = run("check", "--format", "concise", "--stdin-filename", "in.yaml", "-", stdin=BAD)
    assert code == 1
    assert out.startswith("in.yaml:4:33: error NS003 ")


def test_missing_path_is_exit_2_and_the_rest_still_runs(specs: Path) -> None:
    result = CliRunner().invoke(
        main, ["check", "--format", "concise", "nope.yaml", str(specs / "bad.yml")]
    )
    assert result.exit_code == 2
    assert "nslint: error: cannot read nope.yaml: no such file or directory" in result.output
    assert "bad.yml:4:33: error NS003" in result.output


def test_explicit_non_yaml_file_is_checked(specs: Path) -> None:
    code, out = run("check", "--format", "concise", str(specs / "notes.txt"))
    assert code == 1
    assert ": error NS001 YAML syntax error" in out


def test_max_file_size(tmp_path: Path) -> None:
    spec = tmp_path / "big.yaml"
    spec.write_text("name: a\n" + "# padding\n" * 200)
    code, out = run("check", "--format", "concise", "--max-file-size", "1KiB", str(spec))
    assert code == 1
    assert out == (
        f"{spec}:1:1: error NS008 the file is larger than the 1024 bytes limit and was not "
        "parsed; raise the limit (max-file-size, --max-file-size) if it really is a spec\n"
    )
    assert run("check", "--max-file-size", "lots", str(spec))[0] == 2


def test_colour(specs: Path) -> None:
    path = str(specs / "bad.yml")
    assert "\x1b[" in run("check", "--color", "always", path)[1]
    assert "\x1b[" not in run("check", "--color", "never", path)[1]
    assert "\x1b[" in run("check", "--color", "always", path, env={"NO_COLOR": "1"})[1]
    assert "\x1b[" not in run("check", path, env={"NO_COLOR": "1"})[1]


@pytest.mark.parametrize(
    ("env", "coloured"),
    [
        ({"FORCE_COLOR": "1"}, True),
        ({"FORCE_COLOR": "0"}, True),  # force-color.org: set and not empty, whatever its value
        ({"FORCE_COLOR": ""}, False),
        ({"CLICOLOR_FORCE": "1"}, True),
        ({"CLICOLOR_FORCE": "0"}, False),
        ({"CLICOLOR_FORCE": ""}, False),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),  # NO_COLOR wins, as in ruff
        ({"CLICOLOR_FORCE": "1", "NO_COLOR": "1"}, False),
    ],
)
def test_colour_forced_by_the_environment(specs: Path, env: dict[str, str], coloured: bool) -> None:
    path = str(specs / "bad.yml")
    expected = run("check", "--color", "always" if coloured else "never", path)
    assert run("check", path, env=env) == expected
    assert run("check", "--color", "never", path, env=env) == run("check", "--color", "never", path)


def test_output_format_is_an_alias_of_format(specs: Path) -> None:
    path = str(specs / "bad.yml")
    for command, fmt in (("check", "concise"), ("report", "csv")):
        alias = run(command, "--isolated", "--output-format", fmt, path)
        assert alias == run(command, "--isolated", "--format", fmt, path)
        assert alias[1] != run(command, "--isolated", path)[1]
    for command in ("config", "rules"):
        alias = run(command, "--isolated", "--output-format", "json")
        assert alias == run(command, "--isolated", "--format", "json")
        assert alias[0] == 0
        assert alias[1].startswith(("{", "["))


def test_terminal_escapes_in_a_spec_are_neutralised(tmp_path: Path) -> None:
    spec = tmp_path / "evil.yaml"
    spec.write_text('name: a\nuser_credentials: true\n"\\e[31mkey": 1\n')
    out = run("check", "--color", "never", str(spec))[1]
    assert "\x1b" not in out
    assert "unknown key `\\x1b[31mkey`" in out


def test_wide_characters_are_underlined_at_the_right_place(tmp_path: Path) -> None:
    spec = tmp_path / "wide.yaml"
    spec.write_text("name: a\nnote: 名前\nstate: 名前\nuser_credentials: true\n")
    out = run("check", "--color", "never", str(spec))[1]
    assert "3 | state: 名前\n  |        ^~~~\n" in out


def test_usage_errors_exit_2() -> None:
    assert run("check", "--format", "xml")[0] == 2
    assert run("frobnicate")[0] == 2


def test_version_and_schema() -> None:
    assert run("--version") == (0, f"nslint, version {__version__}\n")
    code, out = run("schema")
    assert code == 0
    assert json.loads(out) == json.loads((REPO / "schemas" / "integration.schema.json").read_text())


def test_python_dash_m(specs: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "nslint", "check", "--format", "concise", str(specs / "bad.yml")],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout.startswith(f"{specs / 'bad.yml'}:4:33: error NS003")
    assert result.stderr == ""


def test_examples_good_pass_and_bad_fail() -> None:
    assert run("check", str(REPO / "examples" / "good"))[0] == 0
    for bad in sorted((REPO / "examples" / "bad").glob("*.yaml")):
        assert run("check", str(bad))[0] == 1, bad


def test_rules_table_and_json() -> None:
    code, out = run("rules")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["code", "name", "severity", "enabled", "summary"]
    assert lines[1].split()[:4] == ["NS001", "yaml-syntax", "error", "yes"]
    rows = json.loads(run("rules", "--format", "json")[1])
    by_code = {row["code"]: row for row in rows}
    assert by_code["NS201"]["options"] == {"min": 1, "max": 720}
    assert by_code["NS401"]["severity"] == "notice"
    assert [row["code"] for row in rows] == sorted(by_code)


def test_explain_prints_the_docs() -> None:
    code, out = run("explain", "NS101")
    assert code == 0
    assert out.startswith("# NS101 redirect-uri-scheme\n\nDefault severity: error\n")
    for section in ("## What it does", "## Why is this bad?", "## Example", "## Source"):
        assert section in out
    assert run("explain", "public-client")[1].startswith("# NS301 public-client\n")


def test_explain_unknown_code_suggests_the_closest() -> None:
    code, out = run("explain", "NS1O1")
    assert code == 2
    assert "Error: no rule 'NS1O1'; did you mean NS101?" in out


def test_every_rule_documents_all_four_sections() -> None:
    from nslint.registry import all_rules

    for rule in all_rules().values():
        for section in ("## What it does", "## Why is this bad?", "## Example", "## Source"):
            assert section in rule.doc, (rule.code, section)


def test_explain_and_rules_take_only_the_options_that_mean_something_for_them() -> None:
    explain = CliRunner().invoke(main, ["explain", "--select", "NS1", "NS101"])
    assert (explain.exit_code, explain.stderr.splitlines()[-1]) == (
        2,
        "Error: No such option '--select'.",
    )
    rules = CliRunner().invoke(main, ["rules", "--isolated", "--max-file-size", "1"])
    assert (rules.exit_code, rules.stderr.splitlines()[-1]) == (
        2,
        "Error: No such option '--max-file-size'.",
    )
    flags = {
        name: sorted(
            o
            for p in main.get_command(click.Context(main), name).params
            for o in p.opts
            if o.startswith("--")
        )
        for name in ("explain", "rules", "schema")
    }
    assert flags == {
        "explain": ["--config", "--debug", "--isolated", "--plugin", "--rule-pack"],
        "rules": [
            "--config",
            "--debug",
            "--extend-select",
            "--format",
            "--ignore",
            "--isolated",
            "--output-format",
            "--plugin",
            "--rule-option",
            "--rule-pack",
            "--select",
            "--severity",
        ],
        "schema": ["--debug"],
    }
    selected = CliRunner().invoke(
        main, ["rules", "--isolated", "--select", "NS1", "--format", "json"]
    )
    enabled = [rule["code"] for rule in json.loads(selected.stdout) if rule["enabled"]]
    always_on = ["NS001", "NS008", "NS009"]
    assert enabled == [*always_on, "NS101", "NS102", "NS103", "NS104", "NS105", "NS106", "NS107"]


def test_quiet_prints_only_the_findings(specs: Path) -> None:
    path = str(specs / "bad.yml")
    code, full = run("check", "--isolated", path)
    assert code == 1
    findings, summary = full.rsplit("\n\n", 1)
    assert summary == "Found 1 error in 1 of 1 file.\n"
    quiet = CliRunner().invoke(main, ["check", "--isolated", "-q", path])
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (1, findings + "\n", "")
    assert run("check", "--isolated", "--quiet", "--format", "concise", path) == run(
        "check", "--isolated", "--format", "concise", path
    )
    good = CliRunner().invoke(main, ["check", "--isolated", "-q", str(specs / "good.yaml")])
    assert (good.exit_code, good.stdout, good.stderr) == (0, "", "")


def test_quiet_keeps_errors_and_warnings_but_not_notes(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    spec = tmp_path / "s.yaml"
    spec.write_text("name: a\nuser_credentials: yes\n")
    args = ["check", "--isolated", "--no-cache", "--fix", str(spec), str(tmp_path / "gone.yaml")]
    loud = CliRunner().invoke(main, args)
    missing = f"nslint: error: cannot read {tmp_path / 'gone.yaml'}: no such file or directory\n"
    assert loud.stderr == "nslint: fixed 1 finding in 1 file\n" + missing
    spec.write_text("name: a\nuser_credentials: yes\n")
    quiet = CliRunner().invoke(main, [*args, "-q"])
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (2, "", missing)
    assert spec.read_text() == "name: a\nuser_credentials: true\n"
