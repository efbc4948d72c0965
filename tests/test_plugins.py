"""Python plugins: the example plugin installed in a venv, and plugins that fail."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from importlib import metadata
from pathlib import Path

import pytest

from nslint import plugins
from tests.conftest import REPO, nslint

PUBLIC = (
    "name: Field Sales\noauth2:\n  authorization_code_grant: true\n  public_client: true\n"
    "  redirect_uris: [https://sales.example.com/cb]\n  scopes: [restlets]\n"
)


# -- the example plugin, installed --------------------------------------------------------------


@pytest.fixture(scope="module")
def plugin_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv with examples/plugin installed in it (nslint and its dependencies are
    those of the environment running the tests, added to the venv's path)."""
    root = tmp_path_factory.mktemp("plugin-venv")
    venv.create(root, with_pip=False)
    python = root / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    parents = [p for p in sys.path if p.endswith("site-packages") and os.path.isdir(p)]
    (Path(site) / "_nslint_tests.pth").write_text(
        "".join(f"import site; site.addsitedir({p!r})\n" for p in parents)
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
         "--no-build-isolation", "--target", site, str(REPO / "examples" / "plugin")],
        check=True,
    )  # fmt: skip
    return python


def run_installed(python: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(python), "-m", "nslint", *args], cwd=cwd, capture_output=True, text=True
    )


def test_the_installed_example_plugin_runs(plugin_python: Path, project: Path) -> None:
    (project / "field-sales.yaml").write_text("name: Field Sales\nuser_credentials: true\n")
    (project / "crm.yaml").write_text("name: Acme CRM\nuser_credentials: true\n")
    result = run_installed(
        plugin_python, project, "check", "--format", "concise", "--plugin", "example"
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        "crm.yaml:1:7: warning EXA001 the file is named 'crm' but the integration is "
        "'Acme CRM': rename the file to acme-crm.yaml\n"
    )


def test_the_installed_plugin_from_configuration(plugin_python: Path, project: Path) -> None:
    (project / "field-sales.yaml").write_text("name: Field Sales\nuser_credentials: true\n")
    (project / ".nslint.yaml").write_text(
        "plugins: [example]\nrules:\n  EXA001: {style: snake}\nseverity:\n  EXA: error\n"
    )
    result = run_installed(plugin_python, project, "check", "--format", "json")
    assert result.returncode == 1
    (finding,) = json.loads(result.stdout)
    assert (finding["code"], finding["severity"], finding["message"]) == (
        "EXA001",
        "error",
        "the file is named 'field-sales' but the integration is 'Field Sales': rename the "
        "file to field_sales.yaml",
    )
    rules = json.loads(run_installed(plugin_python, project, "rules", "--format", "json").stdout)
    (exa,) = [r for r in rules if r["code"] == "EXA001"]
    assert (exa["origin"], exa["options"], exa["severity"]) == (
        "plugin example",
        {"style": "snake"},
        "error",
    )
    explain = run_installed(plugin_python, project, "explain", "EXA001").stdout
    assert explain.startswith("# EXA001 file-named-after-integration\n")
    assert "From: plugin example" in explain


def test_a_bad_plugin_option_is_located(plugin_python: Path, project: Path) -> None:
    (project / ".nslint.yaml").write_text("plugins: [example]\nrules:\n  EXA001: {style: camel}\n")
    result = run_installed(plugin_python, project, "check")
    assert result.returncode == 2
    assert result.stderr.startswith(
        f'nslint: error: {project}/.nslint.yaml:3:19: option `style` of EXA001: "camel" is not '
    )


# -- plugins that fail -------------------------------------------------------------------------


@pytest.fixture
def fake_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    entries = {
        "crashing": "tests.plugin_fixtures:CRASHING",
        "wrong-code": "tests.plugin_fixtures:WRONG_CODE",
        "not-a-rule": "tests.plugin_fixtures:NOT_A_RULE",
        "ns-code": "tests.plugin_fixtures:NS_CODE",
        "broken": "tests.broken_plugin:RULES",
        "exiting": "tests.plugin_fixtures:EXITING",
        "nowhere": "tests.plugin_fixtures:NOWHERE",
        "no-options": "tests.plugin_fixtures:NO_OPTIONS",
        "no-doc": "tests.plugin_fixtures:NO_DOC",
        "bad-option-schema": "tests.plugin_fixtures:BAD_OPTION_SCHEMA",
    }
    available = {
        name: metadata.EntryPoint(name, value, plugins.GROUP) for name, value in entries.items()
    }
    monkeypatch.setattr(plugins, "installed", lambda: available)


@pytest.mark.parametrize(
    ("name", "error"),
    [
        (
            "acme",
            "plugin 'acme' is not installed: no entry point 'acme' in the group nslint.rules "
            "(installed plugins: bad-option-schema, broken, crashing, exiting, no-doc, no-options, "
            "not-a-rule, nowhere, ns-code, wrong-code)",
        ),
        (
            "broken",
            "plugin 'broken' (tests.broken_plugin:RULES) failed to load: RuntimeError: the "
            "plugin's configuration server is unreachable",
        ),
        (
            "not-a-rule",
            "plugin 'not-a-rule' (tests.plugin_fixtures:NOT_A_RULE): exposes dict, not a Rule "
            "or a list of Rules",
        ),
        (
            "ns-code",
            "plugin 'ns-code' (tests.plugin_fixtures:NS_CODE): rule 'NS777': the NS prefix is "
            "nslint's own; give the rule your organisation's",
        ),
        (
            "no-options",
            "plugin 'no-options' (tests.plugin_fixtures:NO_OPTIONS): rule 'BAD006': options "
            "and option_schema must be mappings by option name",
        ),
        (
            "no-doc",
            "plugin 'no-doc' (tests.plugin_fixtures:NO_DOC): rule 'BAD007': the summary and "
            "doc must be text",
        ),
        (
            "bad-option-schema",
            "plugin 'bad-option-schema' (tests.plugin_fixtures:BAD_OPTION_SCHEMA): rule "
            "'BAD008': the schema of option `style` is not a JSON Schema: \"strin\" is not "
            "valid under any of the schemas listed in the 'anyOf' keyword",
        ),
    ],
)
def test_a_plugin_that_gives_no_rules_is_named_and_hides_nothing(
    project: Path, fake_plugins: None, name: str, error: str
) -> None:
    (project / "spec.yaml").write_text(PUBLIC)
    for _ in ("cold", "from the cache"):
        run = nslint("check", "--format", "concise", "--plugin", name)
        assert (run.code, run.err) == (2, f"nslint: error: {error}\n")
        assert run.out.startswith("spec.yaml:4:18: warning NS301 ")


def test_a_check_that_raises_is_ns009_and_hides_nothing(project: Path, fake_plugins: None) -> None:
    (project / "spec.yaml").write_text(PUBLIC)
    run = nslint("check", "--format", "json", "--plugin", "crashing")
    assert (run.code, run.err) == (1, "")
    found = [(d["code"], d["line"], d["column"], d["message"]) for d in json.loads(run.out)]
    assert found == [
        (
            "NS009",
            1,
            1,
            "rule BAD001 (misbehaving-rule, from plugin crashing) failed on this document: "
            "IndexError: list index out of range; its findings here are incomplete (rerun with "
            "--debug for the traceback, and report it to the rule's authors)",
        ),
        ("BAD001", 1, 7, "found before the crash"),
        ("NS301", 4, 18, found[2][3]),
    ]


def test_a_check_that_reports_another_rules_code_is_ns009(
    project: Path, fake_plugins: None
) -> None:
    (project / "spec.yaml").write_text(PUBLIC)
    run = nslint("check", "--format", "json", "--plugin", "wrong-code", "--select", "BAD,NS009")
    messages = [(d["code"], d["message"]) for d in json.loads(run.out)]
    assert len(messages) == 1
    assert messages[0][0] == "NS009"
    assert messages[0][1].startswith(
        "rule BAD002 (misbehaving-rule, from plugin wrong-code) failed on this document: "
        "TypeError: it yielded Finding(code='NS301', "
    )


def test_a_check_that_exits_is_ns009(project: Path, fake_plugins: None) -> None:
    (project / "spec.yaml").write_text(PUBLIC)
    run = nslint("check", "--format", "concise", "--plugin", "exiting")
    assert run.code == 1
    assert run.out.splitlines()[0] == (
        "spec.yaml:1:1: error NS009 rule BAD004 (misbehaving-rule, from plugin exiting) failed "
        "on this document: SystemExit: 0; its findings here are incomplete (rerun with --debug "
        "for the traceback, and report it to the rule's authors)"
    )
    assert "NS301" in run.out


def test_a_finding_located_nowhere_is_ns009(project: Path, fake_plugins: None) -> None:
    (project / "spec.yaml").write_text(PUBLIC)
    run = nslint("check", "--format", "concise", "--plugin", "nowhere", "--select", "BAD,NS009")
    assert run.out.startswith("spec.yaml:1:1: error NS009 rule BAD005 (misbehaving-rule, ")
    assert "and a span of positive lines and columns" in run.out


@pytest.mark.parametrize("command", [("rules",), ("config",), ("explain", "NS301")])
def test_every_command_reports_a_failed_plugin(
    project: Path, fake_plugins: None, command: tuple[str, ...]
) -> None:
    run = nslint(*command, "--plugin", "broken")
    assert run.code == 2
    assert run.err.startswith("nslint: error: plugin 'broken' (tests.broken_plugin:RULES) ")
