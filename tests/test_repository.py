"""Issue 15's "done when": a realistic spec repository (a real Git repository with specs
in nested folders, mkdocs.yml, docker-compose.yml, node_modules/ and a gitignored
build/) gives findings for the specs only, walked and as pre-commit's file list, and
``nslint init --editor vscode`` maps exactly the specs to a schema that resolves."""

from __future__ import annotations

import glob
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import nslint

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

GOOD = """\
name: Acme CRM connector
script_id: custinteg_acme_crm
oauth2:
  authorization_code_grant: true
  redirect_uris: [https://crm.example.com/callback]
  scopes: [restlets]
"""
LEGACY = GOOD.replace("https://", "http://")  # NS101 on line 5
WAREHOUSE = """\
name: Warehouse robot
oauth2:
  client_credentials_grant: true
  scopes: [rest_webservices]
---
name: Field sales app
oauth2:
  client_credentials_grant: true
  scope: [restlets]
"""
NOT_SPECS = {
    "mkdocs.yml": "site_name: Integration specs\nnav:\n  - index.md\n",
    "docker-compose.yml": "services:\n  docs:\n    image: squidfunk/mkdocs-material\n",
    "node_modules/js-yaml/test/fixture.yaml": "name: fixture\nfoo: [1, 2]\n",
    "node_modules/some-tool/spec.yaml": LEGACY,  # spec-shaped, but a dependency's
    ".github/workflows/ci.yml": "on: push\njobs: {}\n",
    ".pre-commit-config.yaml": "repos: []\n",
}
IGNORED = {
    "build/specs/legacy.yaml": LEGACY,  # build output, listed in .gitignore
    "specs/erp/wms.generated.yaml": LEGACY,  # generated, listed in .gitignore
}
SPECS = {
    "specs/crm/acme.yaml": GOOD,
    "specs/crm/legacy/legacy.yaml": LEGACY,
    "specs/erp/warehouse.yml": WAREHOUSE,
}

FINDINGS = [
    "specs/crm/legacy/legacy.yaml:5:19: error NS101 Redirect URI uses http://; NetSuite "
    "requires https:// (or, for a native app, a private-use scheme such as "
    "com.example.app:/callback)",
    "specs/erp/warehouse.yml:7:1: error NS602 an OAuth 2.0 grant is enabled but no Scope is "
    "selected; list at least one of restlets, rest_webservices, suite_analytics, mcp under "
    "`oauth2.scopes`",
    "specs/erp/warehouse.yml:9:3: error NS003 unknown key `scope` in `oauth2`; did you mean "
    "`scopes`?",
]


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True)
    return done.stdout


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"  # the machine's global Git settings do not count
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    repo = tmp_path / "specs-repo"
    for name, text in {**SPECS, **NOT_SPECS, **IGNORED}.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    (repo / ".gitignore").write_text("/build/\n*.generated.yaml\n")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "specs")
    monkeypatch.chdir(repo)
    return repo


def concise(*args: str) -> tuple[int, list[str]]:
    run = nslint("check", "--no-cache", "--format", "concise", *args)
    assert run.err == ""
    return run.code, run.out.splitlines()


def test_a_walk_finds_the_specs_only(repository: Path) -> None:
    assert set(git(repository, "ls-files").split()) == {*SPECS, *NOT_SPECS, ".gitignore"}
    assert concise(".") == (1, FINDINGS)
    assert concise() == (1, FINDINGS)


def test_pre_commits_file_list_with_force_exclude_finds_the_specs_only(
    repository: Path,
) -> None:
    # pre-commit passes every YAML file by name (here the ignored ones too).
    every_yaml = sorted({*SPECS, *NOT_SPECS, *IGNORED})
    assert concise("--force-exclude", *every_yaml) == (1, FINDINGS)
    # Without --force-exclude, named files are checked whatever they are.
    code, lines = concise(*every_yaml)
    assert code == 1
    assert {line.split(":")[0] for line in lines} == set(every_yaml) - {"specs/crm/acme.yaml"}


def test_init_configures_the_repository_and_maps_the_specs_for_the_editor(
    repository: Path,
) -> None:
    run = nslint("init", "--editor", "vscode", "--release", "2027.1")
    assert (run.code, run.err) == (0, "")
    assert run.out.startswith(
        "Wrote .nslint.yaml\nWrote .vscode/integration.schema.json\n"
        "Wrote .vscode/settings.json\nFound 3 integration specs in specs/.\n"
    )
    assert (
        "include:\n" + '  - "specs/**/*.yaml"\n' + '  - "specs/**/*.yml"\n'
        in (repository / ".nslint.yaml").read_text()
    )
    assert concise() == (1, FINDINGS)
    assert concise("--force-exclude", *sorted({*SPECS, *NOT_SPECS, *IGNORED})) == (1, FINDINGS)

    settings = json.loads((repository / ".vscode" / "settings.json").read_text())
    import jsonschema

    jsonschema.Draft202012Validator(YAML_SCHEMAS_SETTING).validate(settings)
    [(schema_path, globs)] = settings["yaml.schemas"].items()
    # The globs take the specs (the generated one too: it is a spec an editor may open),
    # and no other YAML file. Python's glob reads ** as the language server's globs do.
    matched = {
        name
        for pattern in globs
        for name in glob.glob(pattern.lstrip("/"), root_dir=repository, recursive=True)
    }
    assert matched == {*SPECS, "specs/erp/wms.generated.yaml"}
    # The schema path resolves, relative to the workspace's root, to nslint's schema,
    # and it validates every document of a multi-document spec.
    schema_file = (repository / schema_path).resolve()
    assert schema_file == repository / ".vscode" / "integration.schema.json"
    schema = json.loads(schema_file.read_text())
    assert schema_file.read_text() == nslint("schema").out
    validator = jsonschema.Draft202012Validator(schema)
    validator.check_schema(schema)
    documents = list(yaml.safe_load_all(WAREHOUSE))
    errors = [[e.message for e in validator.iter_errors(d)] for d in documents]
    assert errors == [[], ["Additional properties are not allowed ('scope' was unexpected)"]]


YAML_SCHEMAS_SETTING = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "description": "The YAML language server's yaml.schemas setting (its README): a schema "
    "URL or a path relative to the workspace's root, to a glob or a list of globs",
    "type": "object",
    "required": ["yaml.schemas"],
    "properties": {
        "yaml.schemas": {
            "type": "object",
            "propertyNames": {"pattern": "^(https?://|\\./)"},
            "additionalProperties": {
                "oneOf": [
                    {"type": "string", "minLength": 1},
                    {"type": "array", "items": {"type": "string", "pattern": "^/"}, "minItems": 1},
                ]
            },
        }
    },
}
