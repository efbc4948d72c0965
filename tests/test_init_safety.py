"""``nslint init`` under attack: links out of the repository, writes that fail half-way,
names that are not UTF-8, settings that cannot be written back, and folder names that
would break the printed snippets."""

from __future__ import annotations

import errno
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml

from nslint import atomic
from nslint.init import glob_escape
from tests.conftest import nslint
from tests.test_init import SPEC, home, write

__all__ = ["home"]  # (the fixture: the machine's global Git excludes do not count)

BAD_SPEC = SPEC.replace("custinteg_crm", "CRM")  # one finding, NS003, at 2:12


def files(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (links as what they point to), by relative path."""
    found = {}
    for path in sorted(root.rglob("*")):
        if path.is_symlink():
            found[path.relative_to(root).as_posix()] = b"-> " + os.readlink(path).encode()
        elif path.is_file() and ".git" not in path.parts:
            found[path.relative_to(root).as_posix()] = path.read_bytes()
    return found


def refused(*args: str) -> str:
    """Run ``nslint init ...``, which must refuse: exit 2, nothing on stdout, one line
    on stderr (returned)."""
    run = nslint(*args)
    assert (run.code, run.out) == (2, "")
    assert run.err.startswith("nslint: error: ")
    assert run.err.count("\n") == 1
    return run.err


# --- 1. links -------------------------------------------------------------------------


def test_a_settings_file_linked_out_of_the_repository_is_not_written(project: Path) -> None:
    repo = project / "repo"
    write(project, {"repo/specs/crm.yaml": SPEC, "outside/package.json": '{"name": "x"}\n'})
    (repo / ".git").mkdir()
    (repo / ".vscode").mkdir()
    (repo / ".vscode" / "settings.json").symlink_to("../../outside/package.json")
    before = files(project)
    assert refused("init", "repo", "--editor", "vscode") == (
        "nslint: error: cannot write repo/.vscode/settings.json: it is a symbolic link "
        "(to ../../outside/package.json), which nslint does not write through; nothing "
        "was written (remove the link)\n"
    )
    assert files(project) == before


def test_a_vscode_folder_linked_out_of_the_repository_gets_nothing(project: Path) -> None:
    write(project, {"repo/specs/crm.yaml": SPEC})
    (project / "repo" / ".git").mkdir()
    (project / "outside2").mkdir()
    (project / "repo" / ".vscode").symlink_to("../outside2")
    assert refused("init", "repo", "--editor", "vscode") == (
        "nslint: error: cannot write repo/.vscode/integration.schema.json: repo/.vscode is "
        "a symbolic link (to ../outside2), which nslint does not write through; nothing was "
        "written (remove the link)\n"
    )
    assert list((project / "outside2").iterdir()) == []
    assert not (project / "repo" / ".nslint.yaml").exists()


def test_a_link_inside_the_repository_is_refused_too(project: Path) -> None:
    write(project, {"specs/crm.yaml": SPEC, "shared/settings.json": "{}\n"})
    (project / ".vscode").mkdir()
    (project / ".vscode" / "settings.json").symlink_to("../shared/settings.json")
    assert refused("init", "--editor", "vscode").startswith(
        "nslint: error: cannot write .vscode/settings.json: it is a symbolic link "
    )
    assert (project / "shared" / "settings.json").read_bytes() == b"{}\n"
    assert not (project / ".nslint.yaml").exists()


# --- 2. partial writes ----------------------------------------------------------------


def test_a_write_that_fails_removes_what_this_run_created(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(project, {"specs/crm.yaml": SPEC})
    real = atomic.write_bytes

    def full_disk(path: str, data: bytes, **options: bool) -> None:
        if path.endswith("settings.json"):
            raise OSError(errno.ENOSPC, "No space left on device", path)
        real(path, data, **options)

    monkeypatch.setattr(atomic, "write_bytes", full_disk)
    before = files(project)
    assert refused("init", "--editor", "vscode") == (
        "nslint: error: cannot write .vscode/settings.json: No space left on device; "
        "removed what this run wrote (.nslint.yaml, .vscode, .vscode/integration.schema.json)\n"
    )
    assert files(project) == before
    assert not (project / ".vscode").exists()
    monkeypatch.setattr(atomic, "write_bytes", real)
    assert nslint("init", "--editor", "vscode").code == 0  # a rerun is not refused


def test_a_failed_write_keeps_the_users_existing_files(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(project, {"specs/crm.yaml": SPEC, ".vscode/settings.json": '{"a": 1}\n'})

    def full_disk(path: str, data: bytes, **options: bool) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", path)

    monkeypatch.setattr(atomic, "write_bytes", full_disk)
    before = files(project)
    assert refused("init", "--editor", "vscode") == (
        "nslint: error: cannot write .vscode/integration.schema.json: No space left on "
        "device; removed what this run wrote (.nslint.yaml)\n"
    )
    assert files(project) == before


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("setpriv") is None,
    reason="needs root and setpriv, to run init as a user who may not write .vscode",
)
def test_a_folder_this_user_cannot_write_stops_init_before_any_write() -> None:
    base = tempfile.mkdtemp()  # (pytest's tmp_path is private to root)
    try:
        repo = Path(base)
        write(repo, {"specs/crm.yaml": SPEC})
        (repo / ".git").mkdir()
        (repo / ".vscode").mkdir()
        os.chmod(base, 0o755)
        for path in [repo, *repo.rglob("*")]:
            if path.name != ".vscode":
                os.chown(path, 65534, 65534)
        before = files(repo)
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        command += [sys.executable, "-m", "nslint", "init", "--editor", "vscode"]
        environment = {**os.environ, "HOME": base, "PYTHONDONTWRITEBYTECODE": "1"}
        environment["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
        run = subprocess.run(
            command, cwd=base, env=environment, capture_output=True, text=True, timeout=120
        )
        assert (run.returncode, run.stdout) == (2, "")
        assert run.stderr == (
            "nslint: error: cannot write .vscode/integration.schema.json: permission denied "
            "on .vscode; nothing was written\n"
        )
        assert files(repo) == before
    finally:
        shutil.rmtree(base)


def test_a_lone_surrogate_in_the_settings_stops_init_before_any_write(project: Path) -> None:
    write(project, {"specs/crm.yaml": SPEC, ".vscode/settings.json": '{"\\ud800": 1}\n'})
    before = files(project)
    assert refused("init", "--editor", "vscode") == (
        "nslint: error: .vscode/settings.json holds a lone surrogate ('\\ud800' in a \\u "
        "escape), which cannot be written back as UTF-8; nslint does not rewrite it (fix "
        'it, or add "yaml.schemas": {"./.vscode/integration.schema.json": ["/specs/*.yaml", '
        '"/specs/**/*.yaml"]} to it)\n'
    )
    assert files(project) == before


# --- 3. names that are not UTF-8 ------------------------------------------------------


def test_a_spec_whose_name_is_not_utf8_is_included_and_checked(project: Path) -> None:
    name = os.fsdecode(b"\xff\xfe.yaml")
    write(project, {name: BAD_SPEC, "notes.yaml": "a: 1\n"})
    run = nslint("init", "--editor", "vscode", "--release", "2027.1")
    assert (run.code, run.err) == (0, "")
    config = (project / ".nslint.yaml").read_bytes()
    assert b'include:\n  - "/??.yaml"\n' in config
    assert yaml.safe_load(config)["include"] == ["/??.yaml"]
    settings = json.loads((project / ".vscode" / "settings.json").read_bytes())
    assert settings["yaml.schemas"] == {"./.vscode/integration.schema.json": ["/??.yaml"]}
    run = nslint("check", "--no-cache", "--format", "concise")
    assert (run.code, run.err) == (1, "")
    assert run.out == (
        "\\xff\\xfe.yaml:2:12: error NS003 `script_id` must match the pattern "
        '`^custinteg[0-9a-z_]+$`, not "CRM"\n'
    )


def test_a_non_spec_whose_name_is_not_utf8_is_not_excluded_and_said(project: Path) -> None:
    other = os.fsdecode(b"specs/\xff.yaml")
    write(project, {"specs/crm.yaml": SPEC, other: "a: 1\n", "specs/notes.yaml": "b: 2\n"})
    run = nslint("init", "--release", "2027.1")
    assert (run.code, run.err) == (0, "")
    assert run.out.startswith(
        "Wrote .nslint.yaml\n"
        "Found 1 integration spec in specs/.\n"
        "Excluded 1 YAML file beside them that is not a spec.\n"
        "Not excluded, as their names are not UTF-8 (nslint check reports them; rename "
        "them, or exclude them by hand): specs/\\xff.yaml.\n"
    )
    config = (project / ".nslint.yaml").read_text(encoding="utf-8")
    assert config.endswith(
        'extend-exclude:\n  - "specs/notes.yaml"\n\n'
        "# Not excluded, as their names are not UTF-8: specs/\\xff.yaml.\n"
    )
    run = nslint("check", "--no-cache", "--format", "concise")
    assert run.code == 1
    assert run.out.startswith("specs/\\xff.yaml:1:1: error NS003 unknown key `a` in the spec")
    assert {line.split(":")[0] for line in run.out.splitlines()} == {"specs/\\xff.yaml"}


# --- 4. settings that nslint could not write back -------------------------------------

ADD = (
    'add "yaml.schemas": {"./.vscode/integration.schema.json": ["/specs/*.yaml", '
    '"/specs/**/*.yaml"]} to it'
)


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (
            '{"yaml.schemas": {"./.vscode/integration.schema.json": {"a": 1}}}',
            '.vscode/settings.json: "yaml.schemas" maps "./.vscode/integration.schema.json" '
            "to an object, where the YAML extension takes a glob or a list of globs; nslint "
            "does not replace it (make it a list, or remove it)",
        ),
        (
            '{"yaml.schemas": {"./.vscode/integration.schema.json": 5}}',
            '.vscode/settings.json: "yaml.schemas" maps "./.vscode/integration.schema.json" '
            "to a number, where the YAML extension takes a glob or a list of globs; nslint "
            "does not replace it (make it a list, or remove it)",
        ),
        (
            '{"editor.fontSize": 1e999}',
            ".vscode/settings.json: the number 1e999 is too large for a JSON number; nslint "
            f"does not rewrite it, so as not to change it: {ADD}",
        ),
        (
            '{"a": NaN}',
            ".vscode/settings.json: NaN is not JSON; nslint does not rewrite it, so as not "
            f"to change it: {ADD}",
        ),
        (
            '{"a": 1, "a": 2}',
            '.vscode/settings.json: the key "a" is given twice; nslint does not rewrite it, '
            f"so as not to change it: {ADD}",
        ),
        (
            '{"a": ' + "[" * 50_000 + "]" * 50_000 + "}",
            ".vscode/settings.json is nested too deeply; nslint does not rewrite it",
        ),
    ],
)
def test_settings_nslint_could_not_write_back_are_refused(
    project: Path, content: str, error: str
) -> None:
    write(project, {"specs/crm.yaml": SPEC, ".vscode/settings.json": content})
    before = files(project)
    assert refused("init", "--editor", "vscode") == f"nslint: error: {error}\n"
    assert files(project) == before


def test_a_glob_given_as_a_string_is_kept_in_the_list(project: Path) -> None:
    settings = '{"yaml.schemas": {"./.vscode/integration.schema.json": "/specs/*.yaml"}}'
    write(project, {"specs/crm.yaml": SPEC, ".vscode/settings.json": settings})
    assert nslint("init", "--editor", "vscode").code == 0
    merged = json.loads((project / ".vscode" / "settings.json").read_text())
    assert merged == {
        "yaml.schemas": {"./.vscode/integration.schema.json": ["/specs/*.yaml", "/specs/**/*.yaml"]}
    }


# --- 5. the printed text --------------------------------------------------------------


@pytest.mark.parametrize(
    ("folders", "shown"),
    [
        (["sp ace"], "sp ace/"),
        (["a #b", "it's"], "a #b/, it's/"),
        (["nl\nfolder"], "nl\\x0afolder/"),
    ],
)
def test_the_snippets_name_each_folder_as_one_path(
    project: Path, folders: list[str], shown: str
) -> None:
    write(project, {f"{folder}/crm.yaml": SPEC for folder in folders})
    run = nslint("init", "--release", "2027.1")
    assert (run.code, run.err) == (0, "")
    assert f"\nFound {len(folders)} integration spec{'s' * (len(folders) > 1)} in {shown}.\n" in (
        run.out
    )
    workflow = yaml.safe_load(run.out.split("Add as .github/workflows/nslint.yml:\n")[1])
    step = workflow["jobs"]["nslint"]["steps"][2]
    assert shlex.split(step["with"]["paths"]) == sorted(folders)
    hook = yaml.safe_load(run.out.split("Add to .pre-commit-config.yaml:\n")[1].split("\nAdd")[0])
    pattern = re.compile(hook["repos"][0]["hooks"][0]["files"])
    assert all(pattern.match(f"{folder}/crm.yaml") for folder in folders)
    assert not pattern.match("other/crm.yaml")
    assert yaml.safe_load((project / ".nslint.yaml").read_text())["include"] == [
        f"{glob_escape(folder)}/**/*.yaml" for folder in sorted(folders)
    ]
