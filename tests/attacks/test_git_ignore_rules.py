"""Attacks on the walk's Git ignore rules: a .gitignore that would hang the walk, a
``git`` planted in the scanned tree, a spec hidden from the gate by .gitignore although
Git tracks it, a .gitignore that is a symbolic link, a configuration that blocks."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from nslint import gitignore, gitrepo
from tests.attacks.test_review_errors import run
from tests.test_discovery import CONCISE, NS601, git, home, repo, walked, write

__all__ = ["home", "repo"]  # the fixtures, used by name

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def commit(root: Path) -> None:
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "x")


def untracked_by_git(root: Path) -> list[str]:
    """What Git itself leaves unignored: the oracle for the walk."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--others", "--exclude-standard"],
        cwd=root,
        capture_output=True,
        check=True,
    ).stdout
    return sorted(name for name in os.fsdecode(listed).split("\0") if name.endswith(".yaml"))


# 1. A .gitignore that would hang the walk


@pytest.mark.parametrize(
    "patterns",
    [
        ["***.yaml"],
        ["a/***/b.yaml"],
        ["*****x*****.yaml"],
        ["deep/**/**/**/**/**/c.yaml"],
        ["***/keep/*.yaml", "!***keep.yaml"],
        ["\\**.yaml"],
        ["x**y.yaml"],
    ],
)
def test_a_run_of_stars_matches_as_in_git(repo: Path, patterns: list[str]) -> None:
    write(
        repo,
        "a.yaml",
        "ax.yaml",
        "xay.yaml",
        "xy.yaml",
        "*z.yaml",
        "a/b.yaml",
        "a/q/r/b.yaml",
        "deep/c.yaml",
        "deep/1/2/3/4/5/6/c.yaml",
        "keep/in.yaml",
        "o/keep/keep.yaml",
        "o/keep/x.yaml",
    )
    (repo / ".gitignore").write_text("\n".join(patterns) + "\n")
    assert sorted(walked()) == untracked_by_git(repo)


def test_tame_keeps_git_s_meaning_and_refuses_what_would_take_hours() -> None:
    assert gitignore.tame("*" * 41 + ".yml") == "*.yml"
    assert gitignore.tame("!a/***/b**c.yaml  ") == "!a/**/b*c.yaml"
    assert gitignore.tame("a\\**b.yaml") == "a\\**b.yaml"
    assert gitignore.tame("x\\ ") == "x\\ "
    assert gitignore.tame("**/**/a/**") == "**/a/**"
    assert gitignore.tame("# *a*a*a*a*b") == "# *a*a*a*a*b"
    assert gitignore.tame("*a*a*b") == "*a*a*b"
    assert gitignore.tame("*a*a*a*b") is None
    assert gitignore.tame("**/a/**/b/**/c/**/d") is None


def test_a_costly_gitignore_pattern_is_not_applied_and_said_once(repo: Path) -> None:
    long_name = "a" * 115 + ".yaml"  # 120 characters, with no b for the pattern to find
    write(repo, "specs/netsuite-integration.yaml", f"specs/{long_name}", "sub/x.yml")
    write(repo, "sub/y.yaml")
    (repo / ".gitignore").write_text(
        "*" * 41 + ".yml\n" + "*a*a*a*a*a*a*a*a*a*a*a*a*b\n" + "*a*a*a*a*a*a*a*a*a*a*a*a*b\n"
    )
    done = run(*CONCISE, ".", cwd=repo)
    assert done.returncode == 1
    assert done.stdout == (
        f"specs/{long_name}:1:1: {NS601}\n"
        f"specs/netsuite-integration.yaml:1:1: {NS601}\n"
        f"sub/y.yaml:1:1: {NS601}\n"
    )
    warning = (
        "nslint: warning: .gitignore:{}: the pattern '*a*a*a*a*a*a*a*a*a*a*a*a*b' is not "
        "applied: it has more than 3 `*` in one part of a path or more than 3 `**` parts, "
        "which can take hours to match, so files it would ignore are checked; write it "
        "with fewer `*`\n"
    )
    assert done.stderr == warning.format(2) + warning.format(3)
    # (not compared with git: Git's own matching of that pattern takes minutes)


def test_no_gitignore_pattern_hangs_init_either(repo: Path) -> None:
    write(repo, "specs/" + "a" * 116 + ".yaml")
    (repo / ".gitignore").write_text("**/a/**/a/**/a/**/a/**/b\n" + "*a" * 30 + "*b\n")
    done = run("init", cwd=repo)
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("nslint: warning: .gitignore:") == 2


# 2. A git planted in the scanned tree


FAKE_GIT = '#!/bin/sh\necho PWNED "$@" >> "{}"\nexit 0\n'


@pytest.mark.parametrize("entry", [".", ""])
def test_git_is_never_run_from_a_relative_path_entry(
    repo: Path, tmp_path: Path, entry: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    pwned = tmp_path / "pwned.txt"
    nested = repo / "sub"
    write(nested, "a.yaml")
    (nested / ".git").write_text("")
    (repo / ".gitignore").write_text("ignored.yaml\n")
    write(repo, "ignored.yaml")
    git(repo, "add", "-f", "ignored.yaml")
    for where in (nested, repo, tmp_path):
        (where / "git").write_text(FAKE_GIT.format(pwned))
        (where / "git").chmod(0o755)
    monkeypatch.setenv("PATH", entry + os.pathsep + os.environ["PATH"])
    done = run(*CONCISE, str(repo), cwd=tmp_path)
    assert not pwned.exists()
    # the real git was asked: ignored.yaml is tracked, so it is checked
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout == f"{repo}/ignored.yaml:1:1: {NS601}\n{repo}/sub/a.yaml:1:1: {NS601}\n"


def test_git_is_looked_for_in_absolute_path_entries_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "git").write_text("#!/bin/sh\n")
    (tmp_path / "git").chmod(0o755)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", f".{os.pathsep}{os.pathsep}relative/bin")
    assert gitrepo.git_program() is None
    assert gitrepo.run_git(["--version"]) is None
    monkeypatch.setenv("PATH", f".{os.pathsep}{tmp_path}")
    assert gitrepo.git_program() == str(tmp_path / "git")


def test_a_repository_config_that_includes_a_fifo_blocks_nothing(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[list[str]] = []
    real = gitrepo.run_git

    def run_git(args: list[str], env: dict[str, str] | None = None) -> bytes | None:
        asked.append(args)
        return real(args, env)

    monkeypatch.setattr(gitrepo, "run_git", run_git)
    for name in ("n1", "n2", "n3"):
        nested = repo / name
        nested.mkdir()
        git(nested, "init", "-q")
        os.mkfifo(nested / ".git" / "fifo")
        with (nested / ".git" / "config").open("a") as config:
            config.write("[include]\n\tpath = fifo\n")
        (nested / ".gitignore").write_text("skip.yaml\n")
        write(nested, "a.yaml", "skip.yaml")
    (repo / ".git" / "config").open("a").write("[core]\n\texcludesFile = mine\n")
    (repo / "mine").write_text("top.yaml\n")
    write(repo, "top.yaml", "b.yaml")
    assert walked() == ["b.yaml", "n1/a.yaml", "n2/a.yaml", "n3/a.yaml"]
    # once for the one repository that sets its own, once (for all) for the user's
    get = ["--path", "--get", "core.excludesFile"]
    assert asked == [
        ["config", "--file", f"{repo}/.git/config", "--no-includes", *get],
        ["config", *get],
    ]


# 3. A spec Git tracks is checked whatever .gitignore says


def test_a_tracked_spec_matching_gitignore_is_checked(repo: Path) -> None:
    write(repo, "specs/evil.yaml", "specs/untracked.yaml")
    (repo / ".gitignore").write_text("specs/evil.yaml\nspecs/untracked.yaml\n")
    git(repo, "add", "-f", ".gitignore", "specs/evil.yaml")
    commit(repo)
    done = run(*CONCISE, ".", cwd=repo)
    assert (done.returncode, done.stdout, done.stderr) == (1, f"specs/evil.yaml:1:1: {NS601}\n", "")
    assert walked("specs/evil.yaml", force=True) == ["specs/evil.yaml"]
    assert walked("specs/untracked.yaml", force=True) == []


def test_an_ignored_directory_is_walked_for_its_tracked_files_alone(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(repo, "a.yaml", "gen/kept.yaml", "gen/new.yaml", "gen/deep/kept.yaml", "gen/deep/n.yaml")
    write(repo, "gen/other/x.yaml", "out/x.yaml")
    (repo / ".gitignore").write_text("gen/\nout/\n")
    git(repo, "add", "-f", "gen/kept.yaml", "gen/deep/kept.yaml")
    assert walked() == ["a.yaml", "gen/kept.yaml", "gen/deep/kept.yaml"]
    assert sorted(walked()) == sorted(
        [
            "a.yaml",
            *subprocess.run(
                ["git", "ls-files", "gen"], cwd=repo, capture_output=True, text=True, check=True
            ).stdout.split(),
        ]
    )
    assert walked("gen/new.yaml", "gen/deep/kept.yaml", force=True) == ["gen/deep/kept.yaml"]


def test_the_index_is_not_read_when_nothing_is_ignored_nor_git_asked_for_untracked(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(repo, "a.yaml", "gen/b.yaml", "tracked.yaml")
    git(repo, "add", "tracked.yaml")

    def refuse(*args: object) -> None:
        raise AssertionError(f"asked {args}")

    index_may_hold = gitrepo.index_may_hold

    monkeypatch.setattr(gitrepo, "index_may_hold", refuse)
    assert walked() == ["a.yaml", "tracked.yaml", "gen/b.yaml"]
    monkeypatch.setattr(gitrepo, "index_may_hold", index_may_hold)
    (repo / ".gitignore").write_text("gen/\n")
    monkeypatch.setattr(gitrepo, "tracked_paths", refuse)
    assert walked() == ["a.yaml", "tracked.yaml"]  # the index alone says gen/ is untracked


# 4. A .gitignore that is a symbolic link


def test_a_symlinked_gitignore_is_not_obeyed_as_in_git(repo: Path) -> None:
    write(repo, "a.yaml", "sub/b.yaml")
    (repo / "patterns").write_text("a.yaml\nb.yaml\n")
    (repo / ".gitignore").symlink_to("patterns")
    (repo / "sub" / ".gitignore").symlink_to("../patterns")
    assert sorted(walked()) == untracked_by_git(repo) == ["a.yaml", "sub/b.yaml"]
    done = run(*CONCISE, ".", cwd=repo)
    assert done.returncode == 1
    assert done.stdout == f"a.yaml:1:1: {NS601}\nsub/b.yaml:1:1: {NS601}\n"
    note = (
        "nslint: warning: {}: not read: it is a symbolic link, which Git refuses to follow "
        "for a .gitignore, so nslint does not either; make it a regular file to have its "
        "patterns apply\n"
    )
    assert done.stderr == note.format(".gitignore") + note.format("sub/.gitignore")


def test_when_git_cannot_say_a_file_the_index_may_list_is_checked(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(repo, "a.yaml", "tracked.yaml", "untracked.yaml")
    (repo / ".gitignore").write_text("tracked.yaml\nuntracked.yaml\n")
    git(repo, "add", "-f", "tracked.yaml")
    monkeypatch.setattr(gitrepo, "tracked_paths", lambda top, prefix="": None)
    assert walked() == ["a.yaml", "tracked.yaml"]
