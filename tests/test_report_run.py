"""``nslint report`` goes through the runner's path: discovery -> cache -> pool. A second
report reads the cache (the engine is not called), gives the same bytes, and a cached
inventory entry nslint could not have written is a miss."""

from __future__ import annotations

import datetime
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from nslint import batch, cache
from nslint.cache import DIRECTORY
from tests.conftest import REPO, nslint

FIXTURE = REPO / "tests" / "report_fixture"
GOLDEN = REPO / "tests" / "golden" / "expected" / "report.md"
ARGS = ("report", "--isolated", "--release", "2026.2")
OLD = 10**18  # an mtime long past: the stat of such a file is trusted
FORMATS = ("markdown", "json", "csv", "html")


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    from nslint import inventory

    monkeypatch.setattr(inventory, "today", lambda: datetime.date(2026, 12, 1))


@pytest.fixture
def fixture(project: Path) -> Path:
    for spec in FIXTURE.iterdir():
        shutil.copy(spec, project / spec.name)
    return project


def report(fmt: str = "markdown", *args: str) -> str:
    run = nslint(*ARGS, "--format", fmt, *args)
    assert (run.code, run.err) == (0, "")
    return run.out


Checked = list[str]


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> Checked:
    """The files the engine checks from now on (in this process)."""
    from nslint import engine, inventory

    seen: Checked = []
    original = engine.check

    def spy(found: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(str(found))
        return original(found, *args, **kwargs)

    monkeypatch.setattr(engine, "check", spy)
    monkeypatch.setattr(inventory, "check", spy)
    return seen


def shard(project: Path) -> Path:
    (found,) = (project / DIRECTORY).glob("*/*.json")
    return found


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_second_report_reads_the_cache_and_gives_the_same_bytes(
    fixture: Path, checked: Checked, fmt: str
) -> None:
    first = report(fmt)
    assert sorted(checked) == ["crm.yaml", "legacy.yaml", "new-tba.yaml", "warehouse.yaml"]
    checked.clear()
    assert report(fmt) == first
    assert checked == []
    assert report(fmt, "--no-cache") == first
    assert len(checked) == 4


def test_the_cached_report_is_the_golden_file(fixture: Path, checked: Checked) -> None:
    report()
    checked.clear()
    assert report() == GOLDEN.read_text(encoding="utf-8")
    assert checked == []


def test_no_cache_neither_reads_nor_writes_it(fixture: Path, checked: Checked) -> None:
    first = report("json", "--no-cache")
    assert not (fixture / DIRECTORY).exists()
    report("json")
    stored = shard(fixture).read_bytes()
    checked.clear()
    assert report("json", "--no-cache") == first
    assert sorted(checked) == ["crm.yaml", "legacy.yaml", "new-tba.yaml", "warehouse.yaml"]
    assert shard(fixture).read_bytes() == stored


def test_the_cache_holds_each_files_rows(fixture: Path) -> None:
    report("json")
    files = json.loads(shard(fixture).read_text())["files"]
    digest, _, result, rows = files["legacy.yaml"]
    assert len(digest) == 32
    assert result["n"] == 8
    assert [row[4] for row in result["d"]] == ["NS401"]
    assert rows == [
        8,
        [
            [
                1,
                "Legacy order sync",
                "blocked",
                [],
                ["TBA", "TBA authorization flow"],
                "",
                [],
                [None, False, ""],
                [None, False, ""],
                0,
                "existing",
                [0],
            ]
        ],
    ]
    assert [row[0] for row in files["crm.yaml"][3][1]] == [2, 13]  # two integrations


def test_a_check_after_a_report_reads_the_cache(fixture: Path, checked: Checked) -> None:
    report("json")
    checked.clear()
    run = nslint("check", "--isolated", "--release", "2026.2", "--format", "json")
    assert run.code == 1
    assert checked == []
    cold = nslint("check", "--isolated", "--release", "2026.2", "--format", "json", "--no-cache")
    assert run.out == cold.out


def test_a_report_after_a_check_adds_the_rows_then_reads_them(
    fixture: Path, checked: Checked
) -> None:
    # A check stores no inventory rows (making them would cost every check): the first
    # report after it checks the files again, and stores the rows beside the findings.
    nslint("check", "--isolated", "--release", "2026.2", "--format", "json")
    checked.clear()
    first = report("json")
    assert len(checked) == 4
    checked.clear()
    assert report("json") == first
    assert checked == []


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jobs_is_honoured(fixture: Path, monkeypatch: pytest.MonkeyPatch, jobs: str) -> None:
    wanted: list[int] = []
    original = batch._check

    def spy(items: Any, settings: Any, task: Any, recipe: Any, jobs: int) -> Any:
        wanted.append(jobs)
        return original(items, settings, task, recipe, jobs)

    monkeypatch.setattr(batch, "_check", spy)
    monkeypatch.setattr(batch, "PARALLEL_MIN", 2)
    one = report("json", "--no-cache", "-j", "1")
    assert report("json", "--no-cache", "--jobs", jobs) == one
    assert wanted == [1, int(jobs)]


def test_the_pool_gives_what_one_process_gives(
    fixture: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch, "PARALLEL_MIN", 2)
    for fmt in FORMATS:
        assert report(fmt, "--no-cache", "-j", "2") == report(fmt, "--no-cache", "-j", "1")
    assert report("json", "-j", "2") == report("json", "-j", "1")  # stored, then read


def test_a_file_that_cannot_be_read_is_reported_by_the_pool(
    fixture: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (fixture / "gone.yaml").symlink_to(fixture / "nowhere.yaml")
    monkeypatch.setattr(batch, "PARALLEL_MIN", 2)
    runs = [nslint(*ARGS, "--format", "json", "-j", j) for j in "12"]
    assert [run.code for run in runs] == [2, 2]
    assert runs[0].out == runs[1].out
    error = "nslint: error: cannot read gone.yaml: No such file or directory\n"
    assert runs[0].err == runs[1].err == error


Mutation = Callable[[list[Any], list[Any]], None]
"""Changes the cached rows of crm.yaml: (its entry, its first row)."""

MUTATIONS: dict[str, Mutation] = {
    "no rows": lambda entry, row: entry[3].__setitem__(1, {}),
    "rows without a line count": lambda entry, row: entry.__setitem__(3, [entry[3][1]]),
    "a line count of 0": lambda entry, row: entry[3].__setitem__(0, 0),
    "a line count that is a bool": lambda entry, row: entry[3].__setitem__(0, True),
    "a fifth part": lambda entry, row: entry.append(0),
    "a row too short": lambda entry, row: row.pop(),
    "a line of 0": lambda entry, row: row.__setitem__(0, 0),
    "a line past the file": lambda entry, row: row.__setitem__(0, 20),
    "rows out of order": lambda entry, row: entry[3][1].reverse(),
    "a name that is no text": lambda entry, row: row.__setitem__(1, ["x"]),
    "an account that is no pair": lambda entry, row: row[3].__setitem__(0, ["1234567"]),
    "an unknown method": lambda entry, row: row[4].append("magic"),
    "a method twice": lambda entry, row: row[4].append(row[4][0]),
    "methods out of order": lambda entry, row: row.__setitem__(
        4, ["client credentials grant", "TBA"]
    ),
    "a public client without a grant": lambda entry, row: row.__setitem__(4, []),
    "an unknown client": lambda entry, row: row.__setitem__(5, "private"),
    "a migration without TBA": lambda entry, row: row.__setitem__(10, "new"),
    "a scope that is no text": lambda entry, row: row[6].append(1),
    "hours as a mapping": lambda entry, row: row[7].__setitem__(0, {"h": 1}),
    "a default not shown as one": lambda entry, row: row[8].__setitem__(2, "168"),
    "a default that is no integer": lambda entry, row: row[8].__setitem__(0, "168"),
    "hours too short": lambda entry, row: row[7].pop(),
    "a negative URI count": lambda entry, row: row.__setitem__(9, -1),
    "a finding that is not the file's": lambda entry, row: row[11].append(2),
    "a finding claimed twice": lambda entry, row: row[11].append(0),
    "a finding index that is a bool": lambda entry, row: entry[3][1][1].__setitem__(11, [False]),
}


@pytest.mark.parametrize("mutate", MUTATIONS.values(), ids=MUTATIONS.keys())
def test_a_cached_inventory_entry_nslint_could_not_have_written_is_a_miss(
    fixture: Path, monkeypatch: pytest.MonkeyPatch, checked: Checked, mutate: Mutation
) -> None:
    for spec in fixture.glob("*.yaml"):
        spec.touch()
    monkeypatch.setattr(cache, "RACY_NS", 0)  # (stats trusted: only the rows can miss)
    cold = report("json")
    path = shard(fixture)
    document = json.loads(path.read_text())
    genuine = json.loads(json.dumps(document["files"]["crm.yaml"]))
    assert genuine[3][1][1][11] == [0, 1]  # Field sales app: the file's two findings
    mutate(document["files"]["crm.yaml"], document["files"]["crm.yaml"][3][1][0])
    path.write_text(json.dumps(document))
    checked.clear()
    assert report("json") == cold
    assert checked == ["crm.yaml"]  # checked again, the others read
    assert json.loads(path.read_text())["files"]["crm.yaml"][3] == genuine[3]


def test_a_corrupt_shard_is_a_miss_for_the_report(fixture: Path, checked: Checked) -> None:
    cold = report("json")
    shard(fixture).write_bytes(b'{"key": [' * 1000)
    checked.clear()
    assert report("json") == cold
    assert len(checked) == 4


def test_check_summary_takes_the_checks_cache_choice(
    fixture: Path, monkeypatch: pytest.MonkeyPatch, checked: Checked
) -> None:
    summary = fixture / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run = nslint("check", "--isolated", "--release", "2026.2", "--summary", "--no-cache")
    assert run.code == 1
    assert not (fixture / DIRECTORY).exists()
    assert summary.read_text() == GOLDEN.read_text()
    report()  # the report's rows, stored
    checked.clear()
    run = nslint("check", "--isolated", "--release", "2026.2", "--summary", "--format", "json")
    assert run.code == 1
    assert checked == []  # the check and its summary, both from the cache
    assert summary.read_text() == GOLDEN.read_text() * 2
