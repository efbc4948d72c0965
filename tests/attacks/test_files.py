"""Attacks on files nslint does not own (issue 12, part 2): a cache directory linked
elsewhere, --fix on hard links, other users' files, setuid files and links out of the
tree. Each test reproduces the attack and asserts every byte on disk is as it was."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from nslint import atomic
from nslint.cache import DIRECTORY, KEEP
from tests.conftest import REPO, nslint

SPEC = "name: a\nuser_credentials: yes\n"
FIXED = "name: a\nuser_credentials: true\n"
FIX = ("check", "--isolated", "--no-cache", "--format", "concise", "--fail-on", "warning")
FINDING = (
    "spec.yaml:2:19: warning NS004 `yes` is ambiguous: YAML 1.1 reads it as the boolean "
    "true, YAML 1.2 as text; write `true` (or quote it if you mean the text)\n"
)
KEY_LIKE = "0123456789abcdef01234567"


def snapshot(top: Path) -> dict[str, tuple[int, bytes | str]]:
    """Every entry under ``top`` (not following links): its mode and its bytes (or
    where it links to)."""
    found: dict[str, tuple[int, bytes | str]] = {}
    for directory, subdirs, files in os.walk(top):
        for name in subdirs + files:
            path = Path(directory, name)
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                content: bytes | str = os.readlink(path)
            elif stat.S_ISREG(info.st_mode):
                content = path.read_bytes()
            else:
                content = b""
            found[str(path.relative_to(top))] = (info.st_mode, content)
    return found


def victim(top: Path) -> Path:
    """A directory nslint must never touch, with folders that look like the cache's."""
    top.mkdir()
    for n in range(KEEP + 3):
        folder = top / f"{KEY_LIKE[:-1]}{n}"
        folder.mkdir()
        shard = f'{{"key":"{folder.name}","folder":"/","files":{{}}}}'
        (folder / "0123456789abcdef.json").write_text(shard)
        os.utime(folder, ns=(n, n))  # old: the first to be pruned
    (top / "keep-me").mkdir()
    (top / "keep-me" / "notes.txt").write_text("mine\n")
    return top


def check_six_configurations() -> list[str]:
    """Six run keys: more than KEEP, so that old ones are pruned."""
    errors = []
    for selection in ("NS1", "NS2", "NS3", "NS4", "NS5", "NS6"):
        run = nslint("check", "--isolated", "--select", selection, "spec.yaml")
        assert run.code == 0, run.err
        errors.append(run.err)
    return errors


# -- 1. the cache never follows a link, never removes what it did not make ------------------


def test_a_cache_directory_linked_elsewhere_is_not_touched(project: Path) -> None:
    (project / "spec.yaml").write_text(FIXED)
    elsewhere = victim(project.parent / f"{project.name}-victim")
    before = snapshot(elsewhere)
    (project / DIRECTORY).symlink_to(elsewhere)
    errors = check_six_configurations()
    assert snapshot(elsewhere) == before
    assert (
        errors
        == [
            "nslint: warning: ignoring the cache .nslint_cache: it is a symbolic link (remove "
            "it, or run with --no-cache); no cached result is read or written\n"
        ]
        * 6
    )


def test_a_linked_run_folder_is_not_followed(project: Path) -> None:
    (project / "spec.yaml").write_text(FIXED)
    nslint("check", "--isolated", "--select", "NS1", "spec.yaml")  # the first of the six
    (run,) = [d for d in (project / DIRECTORY).iterdir() if d.is_dir()]
    elsewhere = victim(project.parent / f"{project.name}-victim")
    before = snapshot(elsewhere)
    for shard in run.iterdir():
        shard.unlink()
    run.rmdir()
    run.symlink_to(elsewhere / f"{KEY_LIKE[:-1]}0")
    errors = check_six_configurations()
    assert snapshot(elsewhere) == before
    assert run.is_symlink()
    assert errors[0] == (
        f"nslint: warning: ignoring the cache .nslint_cache/{run.name}: it is a symbolic "
        "link (remove it, or run with --no-cache); no cached result is read or written\n"
    )
    assert errors[1:] == [""] * 5  # other configurations: other folders


def test_pruning_removes_only_the_caches_own_folders_and_shards(project: Path) -> None:
    (project / "spec.yaml").write_text(FIXED)
    top = project / DIRECTORY
    top.mkdir()
    elsewhere = victim(project.parent / f"{project.name}-victim")
    outside = snapshot(elsewhere)
    foreign = top / f"{KEY_LIKE[:-1]}a"  # named like a run folder, holding another file
    foreign.mkdir()
    (foreign / "thesis.tex").write_text("three years of work\n")
    (foreign / "0123456789abcdef.json").write_text('{"not":"a shard of this folder"}')
    linked = top / f"{KEY_LIKE[:-1]}b"  # a link named like a run folder
    linked.symlink_to(elsewhere / f"{KEY_LIKE[:-1]}1")
    with_link = top / f"{KEY_LIKE[:-1]}c"  # a run folder whose shard is a link out
    with_link.mkdir()
    (with_link / "0123456789abcdef.json").symlink_to(elsewhere / "keep-me" / "notes.txt")
    other = top / "backups"  # not named like a run folder at all
    other.mkdir()
    (other / "0123456789abcdef.json").write_text(f'{{"key":"{KEY_LIKE}"}}')
    for folder in (foreign, linked, with_link, other):
        os.utime(folder, ns=(1, 1), follow_symlinks=False)  # the oldest: pruned first
    ours_before = snapshot(top)
    assert check_six_configurations() == [""] * 6
    left = snapshot(top)
    assert {k: v for k, v in left.items() if k in ours_before} == ours_before
    runs = [d for d in top.iterdir() if d.is_dir() and not d.is_symlink()]
    assert len([d for d in runs if d not in (foreign, with_link, other)]) == KEEP
    assert snapshot(elsewhere) == outside
    assert (
        (top / "CACHEDIR.TAG")
        .read_text()
        .startswith("Signature: 8a477f597d28d172789f06886806bc55\n")
    )


def test_a_folder_of_nslints_own_shards_is_pruned(project: Path) -> None:
    (project / "spec.yaml").write_text(FIXED)
    check_six_configurations()
    runs = [d for d in (project / DIRECTORY).iterdir() if d.is_dir()]
    assert len(runs) == KEEP
    assert all(not d.is_symlink() for d in runs)


# -- 2. --fix writes atomically, or not at all ---------------------------------------------


def test_a_hard_linked_file_is_skipped_not_written_in_place(project: Path) -> None:
    spec = project / "spec.yaml"
    spec.write_text(SPEC)
    other = project / "other-name.yml"
    os.link(spec, other)
    run = nslint(*FIX, "--fix", "spec.yaml")
    assert (run.code, run.out) == (1, FINDING)  # the finding stands
    assert run.err == (
        "nslint: warning: not fixed: spec.yaml: it has 2 hard links, and replacing it would "
        "leave the other links with the old content; fix it by hand, or copy it to break "
        "the links\n"
    )
    assert spec.read_text() == other.read_text() == SPEC
    assert spec.stat().st_ino == other.stat().st_ino


def test_a_skipped_fix_exits_as_the_remaining_findings_say(project: Path) -> None:
    spec = project / "spec.yaml"
    spec.write_text(SPEC)
    os.link(spec, project / "other-name.yml")
    run = nslint("check", "--isolated", "--no-cache", "--format", "concise", "--fix", "spec.yaml")
    assert (run.code, run.out) == (0, FINDING)  # a warning: below the default fail-on


def test_another_users_file_is_skipped_when_its_owner_cannot_be_kept(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = project / "spec.yaml"
    spec.write_text(SPEC)
    if os.geteuid() == 0:
        os.chown(spec, 4242, 4343)
    else:
        pytest.skip("needs root to give a file to another user")

    def refused(fd: int, uid: int, gid: int) -> None:  # as the system answers non-root
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "fchown", refused)
    run = nslint(*FIX, "--fix", "spec.yaml")
    assert (run.code, run.out) == (1, FINDING)
    assert run.err == (
        "nslint: warning: not fixed: spec.yaml: it belongs to another user or group (uid "
        "4242, gid 4343), and a replacement written by this user could not keep them; fix "
        "it by hand\n"
    )
    assert spec.read_text() == SPEC
    assert (spec.stat().st_uid, spec.stat().st_gid) == (4242, 4343)
    assert [p.name for p in project.iterdir() if p.name.startswith(".nslint-")] == []


@pytest.mark.parametrize("mode", [0o4755, 0o2750, 0o6711, 0o1644, 0o7777, 0o600], ids=oct)
def test_mode_owner_and_group_are_kept(project: Path, mode: int) -> None:
    spec = project / "spec.yaml"
    spec.write_text(SPEC)
    owner = (4242, 4343) if os.geteuid() == 0 else (os.getuid(), os.getgid())
    os.chown(spec, *owner)
    spec.chmod(mode)
    run = nslint(*FIX, "--fix", "spec.yaml")
    assert (run.code, run.err) == (0, "nslint: fixed 1 finding in 1 file\n")
    info = spec.stat()
    assert (stat.S_IMODE(info.st_mode), info.st_uid, info.st_gid) == (mode, *owner)
    assert spec.read_text() == FIXED


@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_a_hard_linked_output_file_is_an_error_not_written(project: Path, option: str) -> None:
    (project / "spec.yaml").write_text(FIXED)
    report = project / "report.json"
    # A baseline nslint would overwrite, were it not hard-linked.
    old = '{"version": 2, "tool": "nslint", "findings": []}\n'
    report.write_text(old)
    os.link(report, project / "copy.json")
    run = nslint("check", "--isolated", "--no-cache", "--format", "json", option, "report.json")
    assert run.code == 2
    assert run.err.endswith(
        "nslint: error: cannot write report.json: it has 2 hard links, and replacing it "
        "would leave the other links with the old content\n"
    )
    assert report.read_text() == (project / "copy.json").read_text() == old


def test_a_write_that_fails_leaves_the_old_file_whole(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = project / "spec.yaml"
    spec.write_text(SPEC)

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    run = nslint(*FIX, "--fix", "spec.yaml")
    assert run.code == 2
    assert run.err == "nslint: error: cannot write spec.yaml: No space left on device\n"
    assert spec.read_text() == SPEC
    assert sorted(p.name for p in project.iterdir()) == [".git", "spec.yaml"]


def test_the_data_reaches_the_disk_before_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.json"
    target.write_text("old")
    calls: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        calls.append("fsync " + ("dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file"))
        real_fsync(fd)

    def replace(src: str, dst: str) -> None:
        calls.append("replace")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    atomic.write_text(str(target), "new")
    assert calls == ["fsync file", "replace", "fsync dir"]
    assert target.read_text() == "new"


def test_output_to_a_fifo_is_written_not_replaced(project: Path) -> None:
    (project / "spec.yaml").write_text(FIXED)
    fifo = project / "out.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    run = nslint("check", "--isolated", "--format", "json", "-o", str(fifo), "spec.yaml")
    reader.join(10)
    assert run.code == 0
    assert received == [b"[]\n"]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


@pytest.mark.parametrize("stream", ["stdout", "stderr"])
def test_output_to_dev_stdout_or_stderr_through_a_pipe(project: Path, stream: str) -> None:
    (project / "spec.yaml").write_text(FIXED)
    result = subprocess.run(
        [sys.executable, "-m", "nslint", "check", "--isolated", "--format", "json",
         "-o", f"/dev/{stream}", "spec.yaml"],
        cwd=project, capture_output=True, text=True, timeout=60,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    assert result.returncode == 0
    written = result.stdout if stream == "stdout" else result.stderr
    assert written.startswith("[]\n")


# -- 3. --fix does not follow links out of the tree ----------------------------------------


def test_a_walk_does_not_fix_a_link_to_a_file_outside(project: Path) -> None:
    outside = project.parent / f"{project.name}-outside.yaml"
    outside.write_text(SPEC)
    (project / "spec.yaml").write_text(SPEC)
    (project / "specs").mkdir()
    (project / "specs" / "out.yaml").symlink_to(outside)
    (project / "specs" / "in.yaml").symlink_to(project / "spec.yaml")
    run = nslint(*FIX, "--fix", "specs")
    assert outside.read_text() == SPEC
    assert (project / "spec.yaml").read_text() == SPEC  # outside "specs": not walked
    # in.yaml leads outside "specs" too: nothing in it is checked, and the run says so.
    assert (run.code, run.out, run.err) == (
        0,
        "",
        "nslint: warning: no spec files found in specs, so nothing was checked; include is "
        '"*.yaml", "*.yml" (default), exclude is nslint\'s list of non-spec paths '
        "(`nslint config` shows it) (default), respect-gitignore is true (default)\n",
    )
    run = nslint(*FIX, "--fix", ".")
    assert outside.read_text() == SPEC
    assert (project / "spec.yaml").read_text() == FIXED
    assert (project / "specs" / "in.yaml").is_symlink()
    assert run.err == "nslint: fixed 1 finding in 1 file\n"


def test_a_walk_does_not_read_a_link_to_a_file_outside(project: Path) -> None:
    secret = project.parent / f"{project.name}-id_rsa.yaml"
    secret.write_text("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAA: [\n")
    (project / "leak.yaml").symlink_to(secret)
    (project / "spec.yaml").write_text(FIXED)
    run = nslint("check", "--isolated", "--no-cache", ".")
    assert (run.code, run.out, run.err) == (0, "No problems found in 1 file.\n", "")


def test_a_named_link_outside_the_tree_is_skipped(project: Path) -> None:
    outside = project.parent / f"{project.name}-outside.yaml"
    outside.write_text(SPEC)
    (project / "spec.yaml").symlink_to(outside)
    run = nslint(*FIX, "--fix", "spec.yaml")
    assert (run.code, run.out) == (1, FINDING)
    assert run.err == (
        f"nslint: warning: not fixed: spec.yaml is a symbolic link to {outside}, outside the "
        "project and the paths given; fix the file itself (name it on the command line)\n"
    )
    assert outside.read_text() == SPEC
    run = nslint(*FIX, "--fix", str(outside))  # named itself: fixed
    assert outside.read_text() == FIXED
    assert (project / "spec.yaml").is_symlink()


def test_a_named_link_inside_the_tree_is_fixed_at_its_target(project: Path) -> None:
    (project / "real").mkdir()
    target = project / "real" / "spec.yaml"
    target.write_text(SPEC)
    (project / "link.yaml").symlink_to(target)
    run = nslint(*FIX, "--fix", "link.yaml")
    assert (run.code, run.err) == (0, "nslint: fixed 1 finding in 1 file\n")
    assert target.read_text() == FIXED
    assert (project / "link.yaml").is_symlink()


def test_a_cache_shard_is_replaced_not_written_through(project: Path) -> None:
    """The cache's own writes never follow a link either."""
    (project / "spec.yaml").write_text(FIXED)
    os.utime(project / "spec.yaml", ns=(10**9, 10**9))
    nslint("check", "--isolated", "spec.yaml")
    (shard,) = (project / DIRECTORY).glob("*/*.json")
    outside = project.parent / f"{project.name}-precious.txt"
    outside.write_text("precious\n")
    shard.unlink()
    shard.symlink_to(outside)
    (project / "spec.yaml").write_text(FIXED + "description: changed\n")
    run = nslint("check", "--isolated", "spec.yaml")
    assert run.err == (
        f"nslint: warning: ignoring the cache {shard.relative_to(project)}: it is a symbolic "
        "link, not a regular file; it is checked afresh and rewritten\n"
    )
    assert outside.read_text() == "precious\n"
    assert not shard.is_symlink()
    assert shard.read_text().startswith('{"key":"')
