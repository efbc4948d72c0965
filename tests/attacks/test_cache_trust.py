"""A cache nslint did not write is never trusted (issue 12, part 3): a forged shard
committed to Git, corrupt shards (wrong shape, deep nesting, links to devices, FIFOs,
huge files), entries with impossible positions or unknown codes, and a plugin edited in
place. Each is a cache miss (or an ignored cache with one warning), never a traceback,
a hang or a wrong answer."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from nslint import cache, cache_trust
from nslint.cache import DIRECTORY
from nslint.source import digest
from tests.conftest import REPO, nslint

HANG = 10.0
GOOD = "name: a\nuser_credentials: true\n"
FINDINGS = (
    "name: a\nuser_credentials: yes\noauth2:\n  client_credentials_grant: true\n"
    "  scopes: [restlets]\n  refresh_token_validity_hours: 1000\n"
)
BROKEN = "name: a\nclient_secret: 'Zq8#vT2!pL9@wX4$'\nuser_credentials: [true\n"
RUN = ("check", "--isolated", "--format", "json")
OLD = 10**18  # an mtime long past: the stat of such a file is trusted


def spec(project: Path, text: str) -> Path:
    path = project / "spec.yaml"
    path.write_text(text)
    os.utime(path, ns=(OLD, OLD))
    return path


def shard_of(project: Path) -> Path:
    (shard,) = (project / DIRECTORY).glob("*/*.json")
    return shard


def check() -> tuple[int, list[dict[str, Any]], str]:
    run = nslint(*RUN, "spec.yaml")
    return run.code, json.loads(run.out), run.err


# -- a forged shard committed to Git -------------------------------------------------------


def git(project: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=project, check=True, capture_output=True,
    )  # fmt: skip


@pytest.fixture
def repository(project: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("needs git")
    shutil.rmtree(project / ".git")
    git(project, "init", "-q")
    return project


SECRET = "name: a\nconsumer_secret: 'Zq8vT2pL9wX4aB7c'\nuser_credentials: true\n"
BAD = {"broken.yaml": BROKEN, "secret.yaml": SECRET}


def forge(project: Path) -> bytes:
    """Make the cached entries of broken.yaml and secret.yaml claim that their bad
    content has nothing to report."""
    shard = shard_of(project)
    document = json.loads(shard.read_text())
    for name, text in BAD.items():
        document["files"][name] = [digest(text.encode()), [], 0]
    shard.write_text(json.dumps(document, separators=(",", ":")))
    return shard.read_bytes()


def check_both() -> tuple[int, list[tuple[str, str]], str]:
    run = nslint(*RUN, *BAD)
    return run.code, [(d["path"], d["code"]) for d in json.loads(run.out)], run.err


def write_both(project: Path, bad: bool) -> None:
    for name, text in BAD.items():
        (project / name).write_text(text if bad else GOOD)
        os.utime(project / name, ns=(OLD, OLD))


TRACKED = (
    "nslint: warning: ignoring the cache .nslint_cache: Git tracks files in it, so they "
    "are not nslint's to trust or overwrite; remove them from Git (git rm -r --cached "
    ".nslint_cache/), or run with --no-cache; no cached result is read or written\n"
)


def test_a_forged_shard_committed_to_git_is_not_trusted(repository: Path) -> None:
    write_both(repository, bad=False)
    assert check_both() == (0, [], "")
    forged = forge(repository)
    git(repository, "add", "-f", DIRECTORY)
    git(repository, "commit", "-q", "-m", "a cache that says all is well")
    write_both(repository, bad=True)
    assert check_both() == (
        1,
        [
            ("broken.yaml", "NS001"),
            ("secret.yaml", "NS003"),
            ("secret.yaml", "NS501"),
        ],
        TRACKED,
    )
    assert shard_of(repository).read_bytes() == forged  # a tracked file is not rewritten


@pytest.mark.parametrize(
    "index",
    [
        ("update-index", "--index-version", "2"),
        ("update-index", "--index-version", "4"),  # paths prefix-compressed: git is asked
        ("update-index", "--split-index"),  # entries in a shared index: git is asked
    ],
    ids=["v2", "v4", "split"],
)
def test_a_tracked_cache_is_found_in_any_kind_of_index(
    repository: Path, index: tuple[str, ...]
) -> None:
    spec(repository, GOOD)
    check()
    git(repository, "add", "spec.yaml")
    git(repository, *index)
    assert check() == (0, [], "")  # the cache is not tracked: used, no warning
    git(repository, "add", "-f", DIRECTORY)
    git(repository, *index)
    assert check() == (0, [], TRACKED)


def test_a_tracked_cache_in_a_git_worktree(
    repository: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    git(repository, "commit", "-q", "--allow-empty", "-m", "start")
    worktree = repository / "wt"
    git(repository, "worktree", "add", "-q", str(worktree))
    spec(worktree, GOOD)
    monkeypatch.chdir(worktree)
    check()
    git(worktree, "add", "-f", DIRECTORY)
    assert check() == (0, [], TRACKED)


def test_the_same_forgery_untracked_is_what_git_protects_against(repository: Path) -> None:
    """The control: the forged entries are well formed, so only the Git check stops them."""
    write_both(repository, bad=False)
    check_both()
    forge(repository)
    write_both(repository, bad=True)
    git(repository, "add", *BAD)
    assert check_both() == (0, [], "")


def test_git_is_not_asked_when_its_index_does_not_name_the_cache(
    repository: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec(repository, GOOD)
    git(repository, "add", "spec.yaml")
    git(repository, "commit", "-q", "-m", "a spec")
    asked: list[str] = []
    monkeypatch.setattr(cache_trust, "ask_git", lambda top, prefix: asked.append(prefix))
    assert check() == (0, [], "")
    assert check() == (0, [], "")  # from the cache
    assert asked == []


# -- corrupt shards ------------------------------------------------------------------------


def key_and_folder(project: Path) -> tuple[str, str]:
    document = json.loads(shard_of(project).read_text())
    return document["key"], document["folder"]


WRONG_SHAPES: list[Callable[[str, str, str], Any]] = [
    lambda key, folder, good: [],
    lambda key, folder, good: {"key": key, "folder": folder, "files": []},
    lambda key, folder, good: {"key": key, "folder": folder, "files": {"spec.yaml": "x"}},
    lambda key, folder, good: {"key": key, "folder": folder, "files": {"spec.yaml": [1, 2]}},
    lambda key, folder, good: {"key": key, "folder": folder, "files": {"spec.yaml": None}},
    lambda key, folder, good: {
        "key": key,
        "folder": folder,
        "files": {"spec.yaml": [good, "stamp", 0]},
    },
    lambda key, folder, good: {"key": key, "folder": folder, "files": {"spec.yaml": [good, [], 1]}},
    lambda key, folder, good: {
        "key": key,
        "folder": folder,
        "files": {"spec.yaml": [good, [], {"d": 5}]},
    },
    lambda key, folder, good: {
        "key": key,
        "folder": folder,
        "files": {"spec.yaml": [good, [], False]},
    },
    lambda key, folder, good: {"key": "0" * 32, "folder": folder, "files": {}},
]


SHAPE_NAMES = [
    "a list",
    "files a list",
    "an entry that is text",
    "an entry too short",
    "an entry that is null",
    "a stamp that is text",
    "a result of 1",
    "a result of the wrong keys",
    "a result of false",
    "another run key",
]


@pytest.mark.parametrize("shape", WRONG_SHAPES, ids=SHAPE_NAMES)
def test_a_shard_of_the_wrong_shape_is_a_miss(
    project: Path, shape: Callable[[str, str, str], Any]
) -> None:
    spec(project, FINDINGS)
    cold = check()
    key, folder = key_and_folder(project)
    shard_of(project).write_text(json.dumps(shape(key, folder, digest(FINDINGS.encode()))))
    assert check() == cold
    assert check() == cold  # rewritten, and read again


def test_json_nested_two_hundred_thousand_deep_is_a_miss(project: Path) -> None:
    spec(project, FINDINGS)
    cold = check()
    shard_of(project).write_text("[" * 200_000 + "]" * 200_000)
    assert check() == cold


def test_a_shard_that_is_not_utf8_is_a_miss(project: Path) -> None:
    spec(project, FINDINGS)
    cold = check()
    shard_of(project).write_bytes(b'{"key":"\xff\xfe"}')
    assert check() == cold


def warned(why: str, shard: Path, project: Path) -> str:
    return (
        f"nslint: warning: ignoring the cache {shard.relative_to(project)}: {why}; it is "
        "checked afresh and rewritten\n"
    )


def test_a_shard_linked_to_dev_zero_is_not_read(project: Path) -> None:
    spec(project, FINDINGS)
    code, found, _ = check()
    shard = shard_of(project)
    shard.unlink()
    shard.symlink_to("/dev/zero")
    started = time.monotonic()
    assert check() == (
        code,
        found,
        warned("it is a symbolic link, not a regular file", shard, project),
    )
    assert time.monotonic() - started < HANG
    assert shard.is_file()
    assert not shard.is_symlink()  # rewritten
    assert check() == (code, found, "")


def test_a_fifo_shard_does_not_block(project: Path) -> None:
    spec(project, FINDINGS)
    code, found, _ = check()
    shard = shard_of(project)
    shard.unlink()
    os.mkfifo(shard)
    started = time.monotonic()
    assert check() == (
        code,
        found,
        warned("it is a FIFO (named pipe), not a regular file", shard, project),
    )
    assert time.monotonic() - started < HANG
    assert shard.is_file()  # replaced by a shard


def test_a_directory_in_place_of_a_shard_is_left_alone(project: Path) -> None:
    spec(project, FINDINGS)
    code, found, _ = check()
    shard = shard_of(project)
    shard.unlink()
    shard.mkdir()
    (shard / "mine.txt").write_text("not the cache's\n")
    assert check() == (code, found, warned("it is a directory, not a regular file", shard, project))
    assert (shard / "mine.txt").read_text() == "not the cache's\n"


def test_an_oversized_shard_is_not_read(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec(project, FINDINGS)
    code, found, _ = check()
    shard = shard_of(project)
    monkeypatch.setattr(cache, "MAX_SHARD", 100)
    shard.write_text(shard.read_text() + " " * 100)
    assert check() == (code, found, warned("it is larger than 100 bytes", shard, project))


def test_one_warning_per_run(project: Path) -> None:
    for folder in ("a", "b"):
        (project / folder).mkdir()
        (project / folder / "spec.yaml").write_text(GOOD)
    nslint(*RUN, "a", "b")
    shards = sorted((project / DIRECTORY).glob("*/*.json"))
    assert len(shards) == 2
    for shard in shards:
        shard.unlink()
        os.mkfifo(shard)
    run = nslint(*RUN, "a", "b")
    assert run.code == 0
    assert run.err.count("nslint: warning:") == 1


def test_a_cached_file_replaced_by_a_fifo_is_not_read_by_the_cache(project: Path) -> None:
    path = spec(project, GOOD)
    check()
    key = json.loads(shard_of(project).read_text())["key"]
    path.unlink()
    os.mkfifo(path)
    started = time.monotonic()
    assert cache.Cache(".", key).lookup("spec.yaml") is None
    assert time.monotonic() - started < HANG


def test_a_cache_directory_that_is_a_file_is_ignored(project: Path) -> None:
    spec(project, GOOD)
    (project / DIRECTORY).write_text("mine\n")
    assert check() == (
        0,
        [],
        "nslint: warning: ignoring the cache .nslint_cache: it is not a directory (remove "
        "it, or run with --no-cache); no cached result is read or written\n",
    )
    assert (project / DIRECTORY).read_text() == "mine\n"


# -- entries validated as strictly as a fresh result ---------------------------------------

MUTATIONS: dict[str, Callable[[list[Any], dict[str, Any]], None]] = {
    "line -5": lambda row, entry: row.__setitem__(0, -5),
    "line 0": lambda row, entry: row.__setitem__(0, 0),
    "end line past the file": lambda row, entry: row.__setitem__(2, 99),
    "end before start": lambda row, entry: row.__setitem__(3, row[1] - 1),
    "a column that is a bool": lambda row, entry: row.__setitem__(1, True),
    "a column that is a float": lambda row, entry: row.__setitem__(1, 19.0),
    "an unknown code": lambda row, entry: row.__setitem__(4, "XX999"),
    "a code of a rule not selected": lambda row, entry: row.__setitem__(4, "NS900"),
    "another rule's name": lambda row, entry: row.__setitem__(5, "no-public-clients"),
    "a severity out of range": lambda row, entry: row.__setitem__(6, 9),
    "another severity": lambda row, entry: row.__setitem__(6, 1),
    "a message that is no text": lambda row, entry: row.__setitem__(7, ["x"]),
    "a suppression reason on a shown finding": lambda row, entry: row.__setitem__(8, "x"),
    "a row too short": lambda row, entry: row.pop(),
    "no line count": lambda row, entry: entry.pop("n"),
    "a line count of 0": lambda row, entry: entry.__setitem__("n", 0),
    "a line count below the finding": lambda row, entry: entry.__setitem__("n", 4),
    "a snippet line not of a finding": lambda row, entry: entry["l"].__setitem__("1", "x"),
    "no snippet line": lambda row, entry: entry["l"].clear(),
    "an extra part": lambda row, entry: entry.__setitem__("x", 1),
    "no finding at all": lambda row, entry: entry["d"].clear(),
}


@pytest.mark.parametrize("mutate", MUTATIONS.values(), ids=MUTATIONS.keys())
def test_a_cached_entry_nslint_could_not_have_written_is_a_miss(
    project: Path, mutate: Callable[[list[Any], dict[str, Any]], None]
) -> None:
    spec(project, FINDINGS)
    cold = check()
    shard = shard_of(project)
    document = json.loads(shard.read_text())
    entry = document["files"]["spec.yaml"][2]
    assert entry["n"] == 7
    row = entry["d"][-1]
    assert row[:7] == [6, 33, 6, 37, "NS203", "token-rotation-below-refresh-validity", 2]
    mutate(row, entry)
    shard.write_text(json.dumps(document))
    assert check() == cold
    assert json.loads(shard.read_text())["files"]["spec.yaml"][2]["d"][-1][0] == 6


def test_a_genuine_entry_with_findings_is_a_hit(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec(project, FINDINGS)
    cold = check()
    from nslint import engine

    def no_check(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("checked again")

    monkeypatch.setattr(engine, "check", no_check)
    assert check() == cold


# -- the plugin's code is part of the key --------------------------------------------------

PLUGIN = """
from nslint.rule import Finding, Rule, Severity
from nsplug_common import SUFFIX

def _check(doc, options, context):
    yield Finding("PLG001", doc.value_span(("name",)), {message!r} + SUFFIX)

RULES = [Rule("PLG001", "plugin-rule", Severity.WARNING, "Says something.", "", check=_check)]
"""


def test_a_plugin_edited_in_place_is_not_served_from_the_cache(project: Path) -> None:
    site = project / "site"
    (site / "nsplug").mkdir(parents=True)
    module = site / "nsplug" / "__init__.py"
    module.write_text(PLUGIN.format(message="the first message"))
    common = site / "nsplug_common.py"  # another module of the distribution
    common.write_text("SUFFIX = ''\n")
    info = site / "nsplug-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: nsplug\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[nslint.rules]\nplug = nsplug:RULES\n")
    (info / "RECORD").write_text(
        "nsplug/__init__.py,,\nnsplug_common.py,,\nnsplug-1.0.dist-info/METADATA,,\n"
    )
    spec(project, GOOD)
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(REPO)])}

    def run() -> str:
        result = subprocess.run(
            [sys.executable, "-m", "nslint", "check", "--isolated", "--plugin", "plug",
             "--format", "concise", "spec.yaml"],
            cwd=project, capture_output=True, text=True, env=environment, timeout=60,
        )  # fmt: skip
        assert result.stderr == ""
        return result.stdout

    first = "spec.yaml:1:7: warning PLG001 the first message\n"
    assert run() == first
    assert run() == first  # cached
    module.write_text(PLUGIN.format(message="the second, longer message"))  # same version
    assert run() == "spec.yaml:1:7: warning PLG001 the second, longer message\n"
    common.write_text("SUFFIX = ' (and more)'\n")  # found through the RECORD
    assert run() == "spec.yaml:1:7: warning PLG001 the second, longer message (and more)\n"
