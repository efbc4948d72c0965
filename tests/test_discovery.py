"""Which files a walk takes: Git's ignore rules and the default exclude list."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from nslint import discovery
from nslint.discovery import DEFAULT_EXCLUDE, FileFilter, discover
from tests.conftest import nslint

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SPEC = "name: a\n"
NS601 = (
    "error NS601 no authentication method is enabled, so the application cannot connect; "
    "enable Token-based Authentication, User Credentials, the Authorization Code Grant or "
    "the Client Credentials (Machine to Machine) Grant"
)
CONCISE = ("check", "--isolated", "--no-cache", "--format", "concise")


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home of its own, so that the machine's global Git settings do not count."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    return home


@pytest.fixture
def repo(tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A real Git repository as the current directory."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    monkeypatch.chdir(repo)
    return repo


def write(root: Path, *names: str, text: str = SPEC) -> None:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def walked(*paths: str, walk: FileFilter | None = None, force: bool = False) -> list[str]:
    return [str(p) for p in discover(paths or (".",), walk, force)]


def test_nested_gitignores_apply_relative_to_their_directory(repo: Path) -> None:
    write(repo, "a.yaml", "gen.yaml", "sub/gen.yaml", "sub/x.yaml", "sub/deep/x.yaml")
    write(repo, "other/x.yaml", "other/deep/x.yaml")
    (repo / ".gitignore").write_text("/gen.yaml\n")  # anchored: the top's gen.yaml only
    (repo / "sub" / ".gitignore").write_text("x.yaml\n")  # sub/x.yaml and sub/deep/x.yaml
    (repo / "other" / ".gitignore").write_text("/deep/\n")  # other/deep/, not sub/deep/
    assert walked() == ["a.yaml", "other/x.yaml", "sub/gen.yaml"]
    assert walked("sub") == ["sub/gen.yaml"]  # a walk from below reads the rules above it


def test_a_negation_re_includes_a_file_and_a_deeper_file_wins(repo: Path) -> None:
    write(repo, "gen/a.yaml", "gen/keep.yaml", "specs/a.yaml", "specs/b.yaml")
    (repo / ".gitignore").write_text("gen/*\n!gen/keep.yaml\nspecs/*.yaml\n")
    (repo / "specs" / ".gitignore").write_text("!b.yaml\n")
    assert walked() == ["gen/keep.yaml", "specs/b.yaml"]


def test_a_file_in_an_ignored_directory_cannot_be_re_included(repo: Path) -> None:
    # As in Git: "It is not possible to re-include a file if a parent directory of
    # that file is excluded." Named with --force-exclude, it is skipped too.
    write(repo, "gen/keep.yaml", "a.yaml")
    (repo / ".gitignore").write_text("gen/\n!gen/keep.yaml\n")
    assert walked() == ["a.yaml"]
    assert walked("gen/keep.yaml", "a.yaml", force=True) == ["a.yaml"]
    assert walked("gen/keep.yaml") == ["gen/keep.yaml"]  # named: checked anyway


def test_info_exclude_and_the_global_excludes_file(repo: Path, home: Path) -> None:
    write(repo, "a.yaml", "local.yaml", "mine.yaml", "xdg.yaml")
    (repo / ".git" / "info").mkdir(exist_ok=True)
    (repo / ".git" / "info" / "exclude").write_text("local.yaml\n")
    (home / ".config" / "git").mkdir(parents=True)
    (home / ".config" / "git" / "ignore").write_text("xdg.yaml\n")  # Git's default
    assert walked() == ["a.yaml", "mine.yaml"]
    (home / "my-ignores").write_text("mine.yaml\n")  # core.excludesFile replaces it
    (home / ".gitconfig").write_text("[core]\n\texcludesFile = ~/my-ignores\n")
    assert walked() == ["a.yaml", "xdg.yaml"]


def test_gitignore_wins_over_info_exclude(repo: Path) -> None:
    write(repo, "a.yaml", "b.yaml")
    (repo / ".git" / "info").mkdir(exist_ok=True)
    (repo / ".git" / "info" / "exclude").write_text("*.yaml\n")
    (repo / ".gitignore").write_text("!a.yaml\n")
    assert walked() == ["a.yaml"]


def test_a_linked_worktree_reads_the_main_repositorys_info_exclude(repo: Path) -> None:
    write(repo, "a.yaml")
    git(repo, "add", ".")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "x")
    (repo / ".git" / "info").mkdir(exist_ok=True)
    (repo / ".git" / "info" / "exclude").write_text("local.yaml\n")
    tree = repo.parent / "tree"
    git(repo, "worktree", "add", "-q", str(tree))
    assert (tree / ".git").is_file()
    write(tree, "local.yaml")  # untracked (a tracked file is never ignored)
    assert walked(str(tree)) == [f"{tree}/a.yaml"]


def test_an_ignored_directory_is_never_entered(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo, "a.yaml", "gen/deep/x.yaml", "node_modules/pkg/x.yaml")
    (repo / ".gitignore").write_text("gen/\n")
    listed: list[str] = []
    real = os.scandir

    def scandir(path: str) -> object:
        listed.append(os.path.normpath(path))
        return real(path)

    monkeypatch.setattr(discovery.os, "scandir", scandir)
    assert walked() == ["a.yaml"]
    assert listed == ["."]


def test_outside_a_repository_gitignore_is_not_read(
    tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = tmp_path / "plain"
    write(plain, "a.yaml", "b.yaml")
    (plain / ".gitignore").write_text("b.yaml\n")
    monkeypatch.chdir(plain)
    assert walked() == ["a.yaml", "b.yaml"]


def test_respect_gitignore_can_be_turned_off(repo: Path) -> None:
    write(repo, "a.yaml", "gen/b.yaml")
    (repo / ".gitignore").write_text("gen/\n")
    assert walked(walk=FileFilter(respect_gitignore=False)) == ["a.yaml", "gen/b.yaml"]
    run = nslint(*CONCISE)
    assert (run.code, run.out) == (1, f"a.yaml:1:1: {NS601}\n")
    run = nslint(*CONCISE, "--no-respect-gitignore")
    assert (run.code, run.out) == (1, f"a.yaml:1:1: {NS601}\ngen/b.yaml:1:1: {NS601}\n")
    (repo / ".nslint.yaml").write_text("respect-gitignore: false\n")
    run = nslint("check", "--no-cache", "--format", "concise")
    assert (run.code, run.out) == (1, f"a.yaml:1:1: {NS601}\ngen/b.yaml:1:1: {NS601}\n")
    run = nslint("check", "--no-cache", "--format", "concise", "--respect-gitignore")
    assert (run.code, run.out) == (1, f"a.yaml:1:1: {NS601}\n")


NOT_SPECS = (
    "node_modules/pkg/a.yaml",
    "sub/node_modules/pkg/a.yaml",
    ".venv/lib/a.yaml",
    "venv/lib/a.yaml",
    "site-packages/a.yaml",
    "__pypackages__/a.yaml",
    "build/a.yaml",
    "docs/_build/a.yaml",
    "dist/a.yaml",
    "mkdocs.yml",
    "docs/mkdocs.yaml",
    "docker-compose.yml",
    "docker-compose.override.yaml",
    "deploy/compose.yaml",
    "compose.prod.yml",
    "action.yml",
    "tools/action.yaml",
    "charts/app/Chart.yaml",
    "codecov.yml",
    "codecov.yaml",
    ".pre-commit-config.yaml",
    ".pre-commit-hooks.yaml",
    ".github/workflows/ci.yml",
    ".gitlab-ci.yml",
    "azure-pipelines.yml",
    "bitbucket-pipelines.yml",
    "pnpm-lock.yaml",
    "pnpm-workspace.yaml",
    "k8s/kustomization.yaml",
    "environment.yml",
)


def test_the_default_exclude_list(repo: Path) -> None:
    write(repo, "specs/a.yaml", "builds/a.yaml", "my-action.yml", *NOT_SPECS)
    assert walked() == ["my-action.yml", "builds/a.yaml", "specs/a.yaml"]
    # each default pattern is used
    used = {
        pattern
        for pattern in DEFAULT_EXCLUDE
        if any(discovery.patterns((pattern,)).match_file(name) for name in NOT_SPECS)
    }
    assert sorted(set(DEFAULT_EXCLUDE) - used) == [".git"]  # .git: a real repository's


def test_exclude_replaces_the_list_and_extend_exclude_adds_to_it(repo: Path) -> None:
    write(repo, "specs/a.yaml", "specs/b.draft.yaml", "mkdocs.yml", "build/a.yaml")
    run = nslint(*CONCISE, "--extend-exclude", "*.draft.yaml")
    assert run.out == f"specs/a.yaml:1:1: {NS601}\n"
    run = nslint(*CONCISE, "--exclude", "*.draft.yaml")
    assert run.out == "".join(
        f"{name}:1:1: {NS601}\n" for name in ("mkdocs.yml", "build/a.yaml", "specs/a.yaml")
    )
    (repo / ".nslint.yaml").write_text("exclude: [build/]\nextend-exclude: [specs/]\n")
    run = nslint("check", "--no-cache", "--format", "concise")
    assert run.out == f"mkdocs.yml:1:1: {NS601}\n"


def test_named_files_are_checked_unless_force_exclude(repo: Path) -> None:
    write(repo, "specs/a.yaml", "mkdocs.yml", "node_modules/p/a.yaml", "gen/a.yaml")
    (repo / ".gitignore").write_text("gen/\n")
    names = ("mkdocs.yml", "node_modules/p/a.yaml", "gen/a.yaml", "specs/a.yaml")
    run = nslint(*CONCISE, *names)
    assert run.out == "".join(f"{name}:1:1: {NS601}\n" for name in names)
    run = nslint(*CONCISE, "--force-exclude", *names)
    assert (run.code, run.out) == (1, f"specs/a.yaml:1:1: {NS601}\n")
    run = nslint(*CONCISE, "--force-exclude", "--no-respect-gitignore", *names)
    assert run.out == f"gen/a.yaml:1:1: {NS601}\nspecs/a.yaml:1:1: {NS601}\n"


def test_config_shows_the_lists_and_where_they_came_from(repo: Path) -> None:
    (repo / ".nslint.yaml").write_text("extend-exclude: [fixtures/]\n")
    run = nslint("config", "--no-respect-gitignore")
    lines = run.out.splitlines()
    default = ", ".join(f'"{glob}"' for glob in DEFAULT_EXCLUDE)
    assert f"exclude:           [{default}]  # default" in lines
    assert f'extend-exclude:    ["fixtures/"]  # {repo}/.nslint.yaml:1:17' in lines
    assert "respect-gitignore: false  # --no-respect-gitignore" in lines
    run = nslint("config", "--exclude", "a/,b/")
    assert 'exclude:           ["a/", "b/"]  # --exclude' in run.out.splitlines()
    assert "respect-gitignore: true  # default" in run.out.splitlines()


def test_a_bad_respect_gitignore_value_is_a_usage_error(repo: Path) -> None:
    (repo / ".nslint.yaml").write_text("respect-gitignore: 'no'\n")
    run = nslint("check")
    assert run.code == 2
    assert run.err.startswith(f"nslint: error: {repo}/.nslint.yaml:1:20: ")


def test_the_no_spec_warning_names_the_walk_settings(repo: Path) -> None:
    write(repo, "gen/a.yaml")
    (repo / ".gitignore").write_text("gen/\n")
    run = nslint("check", "--isolated", "--extend-exclude", "x/")
    assert (run.code, run.out) == (0, "")
    assert run.err == (
        "nslint: warning: no spec files found in ., so nothing was checked; include is "
        '"*.yaml", "*.yml" (default), exclude is nslint\'s list of non-spec paths '
        '(`nslint config` shows it) (default), extend-exclude is "x/" (--extend-exclude), '
        "respect-gitignore is true (default)\n"
    )


def test_globs_are_relative_to_the_root_when_run_from_a_subfolder(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(repo, "specs/a.yaml", "specs/legacy/b.yaml", "specs/mkdocs.yml")
    (repo / ".nslint.yaml").write_text("extend-exclude: [/specs/legacy/]\n")
    (repo / ".gitignore").write_text("/specs/a.yaml\n")
    monkeypatch.chdir(repo / "specs")
    run = nslint("check", "--no-cache", "--format", "concise", ".")
    assert (run.code, run.out) == (0, "")
    assert run.err.startswith("nslint: warning: no spec files found in .")
    (repo / ".gitignore").unlink()
    run = nslint("check", "--no-cache", "--format", "concise", ".")
    assert (run.code, run.out) == (1, f"a.yaml:1:1: {NS601}\n")
    run = nslint("check", "--no-cache", "--format", "concise", "--force-exclude", "legacy/b.yaml")
    assert (run.code, run.out) == (0, "")


def test_an_empty_exclude_walks_what_the_default_list_skips(repo: Path) -> None:
    write(repo, "mkdocs.yml", "build/a.yaml", "node_modules/p/a.yaml")
    (repo / ".gitignore").write_text("build/\n")
    (repo / ".nslint.yaml").write_text("exclude: []\n")
    run = nslint("check", "--no-cache", "--format", "concise")
    assert run.out == f"mkdocs.yml:1:1: {NS601}\nnode_modules/p/a.yaml:1:1: {NS601}\n"


def test_force_exclude_applies_to_the_name_given_to_standard_input(repo: Path) -> None:
    (repo / ".gitignore").write_text("gen/\n")
    for name in ("mkdocs.yml", "gen/a.yaml", "node_modules/p/a.yaml"):
        run = nslint(*CONCISE, "--stdin-filename", name, stdin=SPEC)
        assert (run.code, run.out) == (1, f"{name}:1:1: {NS601}\n")
        run = nslint(*CONCISE, "--force-exclude", "--stdin-filename", name, stdin=SPEC)
        assert (run.code, run.out) == (0, "")
        assert run.err.startswith("nslint: warning: no spec files found in -, so nothing")
    run = nslint(*CONCISE, "--force-exclude", "--stdin-filename", "specs/a.yaml", stdin=SPEC)
    assert (run.code, run.out) == (1, f"specs/a.yaml:1:1: {NS601}\n")


@pytest.mark.parametrize(
    "args",
    [
        ("check", "--isolated", "--no-cache", "--fix", "a", "b"),
        ("report", "--isolated", "--no-cache", "a", "b"),
    ],
    ids=["check --fix", "report"],
)
def test_a_run_reads_gits_ignore_rules_once(
    repo: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    # Each reader reads the ignore files and may ask git for the global one: one a run,
    # however many walks it makes (--fix walks before the check; report walks each path).
    from nslint import gitignore

    write(repo, "a/x.yaml", "b/y.yaml", text="name: a\nuser_credentials: yes\n")
    (repo / ".gitignore").write_text("b/y.yaml\n")
    made = []
    real = gitignore.Ignores.__init__

    def counted(self: gitignore.Ignores) -> None:
        made.append(self)
        real(self)

    monkeypatch.setattr(gitignore.Ignores, "__init__", counted)
    run = nslint(*args)
    assert len(made) == 1, run.err
    assert "b/y.yaml" not in run.out
