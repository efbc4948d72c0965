"""``nslint init``: which files are specs, the configuration it writes, the editor's
mapping, and what it refuses to overwrite."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nslint import __version__
from nslint.init import looks_like_spec
from tests.conftest import nslint

SPEC = "name: CRM\nscript_id: custinteg_crm\noauth2:\n  client_credentials_grant: true\n"
SPEC += "  scopes: [restlets]\n"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The machine's global Git excludes do not count."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / ".config"))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "home" / ".gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        (SPEC, True),
        ("name: Robot\noauth2: {}\n", True),
        ("name: Legacy\ntoken_based_authentication: {enabled: true}\n", True),
        ("name: A\nuser_credentials: true\n", True),
        ("name: A\napplication_id: X\n", True),
        ("# a first document of comments only\n---\n" + SPEC, True),
        ("site_name: docs\n---\n" + SPEC, True),  # one spec document is enough
        ("name: only a name\n", False),
        ("apiVersion: v2\nname: app\ndescription: A Helm chart\nversion: 1.0.0\n", False),
        ("name: stack\nservices:\n  web: {image: nginx}\n", False),
        ("- name: A\n  oauth2: {}\n", False),  # a list, not a record
        ("", False),
        ("name: A\noauth2: [unclosed\n", None),
        ("name: !!python/object:os.system A\noauth2: {}\n", None),
        (b"name: \xff\xfe\noauth2: {}\n", None),
    ],
)
def test_what_looks_like_a_spec(tmp_path: Path, text: str | bytes, verdict: bool | None) -> None:
    path = tmp_path / "x.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    assert looks_like_spec(str(path)) is verdict


def test_init_writes_the_configuration_and_prints_the_snippets(project: Path) -> None:
    write(
        project,
        {
            "integrations/crm/acme.yaml": SPEC,
            "integrations/erp/deep/wms.yml": SPEC,
            "integrations/notes.yaml": "owner: team-a\n",
            "integrations/broken.yaml": "name: [\n",  # not read: neither counted nor excluded
            "specs/billing.yaml": SPEC,
            "mkdocs.yml": "site_name: x\n",
            "tools/lint.yaml": "rules: {}\n",  # outside every spec folder: left alone
        },
    )
    run = nslint("init", "--release", "2027.1")
    assert (run.code, run.err) == (0, "")
    assert (project / ".nslint.yaml").read_text() == (
        "# nslint configuration, written by `nslint init`; docs/configuration.md has every key.\n"
        "\n"
        "# The NetSuite release the specs target (NS107, NS204, NS401 and NS402 depend on it).\n"
        "release: 2027.1\n"
        "\n"
        "# Where the integration specs are: 3 specs found.\n"
        "# Globs are gitignore-style, relative to this file. A walk also skips what Git\n"
        "# ignores and nslint's list of non-spec paths (`nslint config` shows it).\n"
        "include:\n"
        '  - "integrations/**/*.yaml"\n'
        '  - "integrations/**/*.yml"\n'
        '  - "specs/**/*.yaml"\n'
        "\n"
        "# YAML files beside the specs that are not integration specs.\n"
        "extend-exclude:\n"
        '  - "integrations/notes.yaml"\n'
    )
    assert run.out.startswith(
        "Wrote .nslint.yaml\n"
        "Found 3 integration specs in integrations/, specs/.\n"
        "Excluded 1 YAML file beside them that is not a spec.\n"
        "\n"
        "Add to .pre-commit-config.yaml:\n"
        "\n"
        "repos:\n"
        "  - repo: https://github.com/nslint/nslint\n"
        f"    rev: v{__version__}\n"
        "    hooks:\n"
        "      - id: nslint\n"
        '        files: "^(integrations/|specs/)"\n'
        "\n"
        "Add as .github/workflows/nslint.yml:\n"
    )
    assert f"      - uses: nslint/nslint@v{__version__}\n" in run.out
    assert '          paths: "integrations specs"\n' in run.out
    # The configuration is valid and takes the specs (and the broken file), nothing else.
    run = nslint("check", "--no-cache", "--format", "concise")
    assert (run.code, run.out.splitlines()) == (
        1,
        [
            "integrations/broken.yaml:2:1: error NS001 YAML syntax error: the file ends where "
            "a value is expected: close the `[` or `{` left open, or write the value",
        ],
    )


def test_specs_at_the_top_are_included_by_name(project: Path) -> None:
    write(project, {"crm.yaml": SPEC, "notes.yaml": "a: 1\n", "sub/x.yaml": "b: 2\n"})
    run = nslint("init", "--release", "2027.1")
    assert run.code == 0
    text = (project / ".nslint.yaml").read_text()
    assert 'include:\n  - "/crm.yaml"\n' in text
    assert "extend-exclude" not in text
    assert "files:" not in run.out  # the hook cannot be narrowed to a folder
    assert "          paths: .\n" in run.out
    assert nslint("check", "--no-cache", "--format", "concise").code == 0


def test_a_folder_name_with_glob_characters_is_escaped(project: Path) -> None:
    write(project, {"team [1]/crm.yaml": SPEC + "  redirect_uris: [http://x.example]\n"})
    write(project, {"team 1/other.yaml": SPEC + "  redirect_uris: [http://x.example]\n"})
    assert nslint("init", "--release", "2027.1").code == 0
    assert '  - "team \\\\[1\\\\]/**/*.yaml"\n' in (project / ".nslint.yaml").read_text()
    run = nslint("check", "--no-cache", "--format", "concise", "--select", "NS101")
    assert [line.split(":")[0] for line in run.out.splitlines()] == [
        "team 1/other.yaml",  # a folder of its own
        "team [1]/crm.yaml",
    ]


def test_no_spec_found_keeps_the_default_include_and_says_so(project: Path) -> None:
    write(project, {"a.yaml": "foo: 1\n"})
    run = nslint("init", "--release", "2027.1")
    assert run.code == 0
    assert run.err == (
        "nslint: warning: no integration spec found, so the configuration checks every "
        "YAML file; set `include` to where the specs will be\n"
    )
    text = (project / ".nslint.yaml").read_text()
    assert "include:" not in text
    assert '# set `include` to where the specs will be, such as ["specs/**/*.yaml"].\n' in text
    assert run.out.startswith("Wrote .nslint.yaml\nNo integration spec found.\n\n")


def test_the_release_defaults_to_today_and_is_checked(project: Path) -> None:
    from nslint.release import Release

    assert nslint("init").code == 0
    assert f"\nrelease: {Release.today()}\n" in (project / ".nslint.yaml").read_text()
    (project / ".nslint.yaml").unlink()
    run = nslint("init", "--release", "2027.3")
    assert run.code == 2
    assert "'2027.3' is not a NetSuite release; write YYYY.1 or YYYY.2" in run.err
    assert not (project / ".nslint.yaml").exists()


def test_an_existing_configuration_is_never_overwritten(project: Path) -> None:
    write(project, {".nslint.yaml": "release: 2026.1\n", "crm.yaml": SPEC})
    run = nslint("init", "--editor", "vscode")
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        "nslint: error: .nslint.yaml already exists; nslint init does not overwrite it "
        "(edit it, or remove it)\n"
    )
    assert (project / ".nslint.yaml").read_bytes() == b"release: 2026.1\n"
    assert not (project / ".vscode").exists()


def test_a_pyproject_configuration_is_not_hidden(project: Path) -> None:
    write(project, {"pyproject.toml": "[tool.nslint]\nrelease = '2026.1'\n"})
    run = nslint("init", ".")
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        "nslint: error: pyproject.toml has a [tool.nslint] table, which a new .nslint.yaml "
        "would hide; nslint init leaves the configuration to it\n"
    )
    assert not (project / ".nslint.yaml").exists()


def test_init_in_another_directory(project: Path) -> None:
    write(project, {"repo/specs/crm.yaml": SPEC})
    run = nslint("init", "repo", "--release", "2027.1")
    assert run.code == 0
    assert run.out.startswith("Wrote repo/.nslint.yaml\nFound 1 integration spec in specs/.\n")
    assert '  - "specs/**/*.yaml"\n' in (project / "repo" / ".nslint.yaml").read_text()
    run = nslint("init", "nowhere")
    assert (run.code, run.err) == (2, "nslint: error: nowhere is not a directory\n")


# --- the editor ----------------------------------------------------------------------


def test_vscode_settings_are_written(project: Path) -> None:
    write(project, {"specs/crm.yaml": SPEC})
    run = nslint("init", "--editor", "vscode", "--release", "2027.1")
    assert run.code == 0
    assert run.out.startswith(
        "Wrote .nslint.yaml\nWrote .vscode/integration.schema.json\n"
        "Wrote .vscode/settings.json\nFound 1 integration spec in specs/.\n"
    )
    assert (project / ".vscode" / "settings.json").read_text() == (
        "{\n"
        '    "yaml.schemas": {\n'
        '        "./.vscode/integration.schema.json": [\n'
        '            "/specs/*.yaml",\n'
        '            "/specs/**/*.yaml"\n'
        "        ]\n"
        "    }\n"
        "}\n"
    )
    schema = (project / ".vscode" / "integration.schema.json").read_text()
    assert schema == nslint("schema").out


def test_vscode_settings_are_merged_without_losing_keys(project: Path) -> None:
    settings = {
        "editor.tabSize": 2,
        "yaml.schemas": {
            "https://json.schemastore.org/github-workflow.json": ".github/workflows/*.yml",
            "./.vscode/integration.schema.json": ["/legacy/*.yaml", "/specs/*.yaml"],
        },
        "files.exclude": {"**/.git": True},
    }
    write(project, {"specs/crm.yaml": SPEC, ".vscode/settings.json": json.dumps(settings)})
    assert nslint("init", "--editor", "vscode").code == 0
    merged = json.loads((project / ".vscode" / "settings.json").read_text())
    assert merged == {
        "editor.tabSize": 2,
        "yaml.schemas": {
            "https://json.schemastore.org/github-workflow.json": ".github/workflows/*.yml",
            "./.vscode/integration.schema.json": [
                "/legacy/*.yaml",
                "/specs/*.yaml",
                "/specs/**/*.yaml",
            ],
        },
        "files.exclude": {"**/.git": True},
    }


JSONC = b'{\n    // the team\'s settings\n    "editor.tabSize": 2,\n}\n'


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            JSONC,
            "nslint: error: .vscode/settings.json is not plain JSON (Expecting property name "
            "enclosed in double quotes at line 2, column 5; VS Code allows comments and "
            "trailing commas, which nslint does not rewrite, so as not to lose them): add "
            '"yaml.schemas": {"./.vscode/integration.schema.json": ["/specs/*.yaml", '
            '"/specs/**/*.yaml"]} to it\n',
        ),
        (
            b"[1, 2]\n",
            "nslint: error: .vscode/settings.json is not a JSON object; VS Code cannot read "
            "it either\n",
        ),
        (
            b'{"yaml.schemas": ["x"]}\n',
            'nslint: error: .vscode/settings.json: "yaml.schemas" is not an object; make it one\n',
        ),
        (
            b'{"a": "\xff"}\n',
            "nslint: error: .vscode/settings.json is not UTF-8 text (invalid start byte)\n",
        ),
    ],
)
def test_settings_that_cannot_be_merged_stop_init_before_any_write(
    project: Path, content: bytes, message: str
) -> None:
    write(project, {"specs/crm.yaml": SPEC, ".vscode/settings.json": content})
    run = nslint("init", "--editor", "vscode")
    assert (run.code, run.out, run.err) == (2, "", message)
    assert (project / ".vscode" / "settings.json").read_bytes() == content
    assert not (project / ".nslint.yaml").exists()
    assert not (project / ".vscode" / "integration.schema.json").exists()


def test_a_different_schema_copy_is_not_overwritten(project: Path) -> None:
    write(project, {"specs/crm.yaml": SPEC, ".vscode/integration.schema.json": "{}\n"})
    run = nslint("init", "--editor", "vscode")
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        "nslint: error: .vscode/integration.schema.json exists and is not this nslint's "
        "integration schema; remove it, or update it with `nslint schema > "
        ".vscode/integration.schema.json`, and run init again\n"
    )
    assert (project / ".vscode" / "integration.schema.json").read_text() == "{}\n"
    assert not (project / ".nslint.yaml").exists()
    # The same schema is no obstacle.
    (project / ".vscode" / "integration.schema.json").write_text(nslint("schema").out)
    assert nslint("init", "--editor", "vscode").code == 0


def test_a_vscode_file_that_is_not_a_folder_stops_init_before_any_write(project: Path) -> None:
    write(project, {"specs/crm.yaml": SPEC, ".vscode": "not a folder\n"})
    run = nslint("init", "--editor", "vscode")
    assert (run.code, run.out, run.err) == (
        2,
        "",
        "nslint: error: .vscode is not a directory, so the editor's settings cannot go in it\n",
    )
    assert not (project / ".nslint.yaml").exists()
    assert (project / ".vscode").read_text() == "not a folder\n"
