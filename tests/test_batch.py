"""Large runs: the process pool and the cache give the same answers as one process."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest

from nslint import batch, cache, source
from nslint.cache import DIRECTORY
from nslint.config import Description
from nslint.results import Checking
from tests.conftest import REPO, nslint

GOOD = "name: Spec {n}\noauth2:\n  client_credentials_grant: true\n  scopes: [restlets]\n"
BAD = GOOD + "  refresh_token_validity_hours: 1000\n"


@pytest.fixture
def corpus(project: Path) -> Path:
    for n in range(40):
        folder = project / f"team{n % 4}"
        folder.mkdir(exist_ok=True)
        (folder / f"spec{n:02}.yaml").write_text((BAD if n % 7 == 0 else GOOD).format(n=n))
    return project


def findings(*args: str) -> list[tuple[str, str, int]]:
    run = nslint("check", "--isolated", "--format", "json", *args)
    assert run.code in (0, 1), run.err
    return [(d["path"], d["code"], d["line"]) for d in json.loads(run.out)]


def test_the_pool_gives_what_one_process_gives(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = findings("--no-cache", "-j", "1")
    monkeypatch.setattr(batch, "PARALLEL_MIN", 2)
    assert findings("--no-cache", "-j", "2") == one
    assert len(one) == 18  # NS201, NS203 and NS205 in each of the six bad specs
    assert one[0] == ("team0/spec00.yaml", "NS205", 5)


def test_a_file_that_cannot_be_read_comes_back_from_a_worker(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (corpus / "team1" / "gone.yaml").symlink_to(corpus / "nowhere.yaml")
    monkeypatch.setattr(batch, "PARALLEL_MIN", 2)
    runs = [nslint("check", "--isolated", "--format", "json", "--no-cache", "-j", j) for j in "12"]
    assert [run.code for run in runs] == [2, 2]
    assert runs[0].out == runs[1].out
    error = "nslint: error: cannot read team1/gone.yaml: No such file or directory\n"
    assert runs[0].err == runs[1].err == error


def test_a_worker_rebuilds_the_settings_from_the_recipe(project: Path) -> None:
    (project / ".nslint.yaml").write_text("select: [NS2]\nrules:\n  NS201: {max: 24}\n")
    description = Description(str(project), overrides=(("max-file-size", 1000),))
    recipe = batch.Recipe(description, Checking())
    settings = recipe.build()
    assert settings.max_file_size == 1000
    assert "NS201" in settings.rules.enabled
    assert "NS301" not in settings.rules.enabled
    assert settings.rules.options["NS201"] == {"min": 1, "max": 24}


def test_a_warm_cache_gives_the_same_answers(corpus: Path) -> None:
    cold = findings()
    cache = corpus / DIRECTORY
    assert (cache / ".gitignore").read_text().endswith("*\n")
    (run,) = [d for d in cache.iterdir() if d.is_dir()]  # one run configuration
    shards = [json.loads(shard.read_text()) for shard in run.glob("*.json")]
    assert sorted(Path(shard["folder"]).name for shard in shards) == [
        "team0",
        "team1",
        "team2",
        "team3",
    ]
    assert sum(len(shard["files"]) for shard in shards) == 40
    assert findings() == cold
    assert findings("--no-cache") == cold


def test_a_changed_file_is_checked_again_even_in_the_same_clock_tick(corpus: Path) -> None:
    spec = corpus / "team1" / "spec01.yaml"
    findings()
    stat = spec.stat()
    # The same size, the same mtime: only the content says it changed.
    spec.write_text(GOOD.format(n=1).replace("restlets", "restletz"))
    os.utime(spec, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert spec.stat().st_size == stat.st_size
    assert ("team1/spec01.yaml", "NS003", 4) in findings()


def test_an_old_untouched_file_is_not_read_again(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Files written more than two seconds ago: their stat can be trusted.
    monkeypatch.setattr(cache, "RACY_NS", 0)
    cold = findings()
    read: list[str] = []
    original = source.read

    def spy(path: str, max_size: int = source.DEFAULT_MAX_FILE_SIZE) -> object:
        read.append(path)
        return original(path, max_size)

    monkeypatch.setattr(source, "read", spy)
    monkeypatch.setattr("builtins.open", _refuse_specs(open))
    assert findings() == cold
    assert read == []


def _refuse_specs(real_open: Any) -> Any:
    def guarded(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file).endswith(".yaml") and "team" in str(file):
            raise AssertionError(f"{file} was read again")
        return real_open(file, *args, **kwargs)

    return guarded


def test_another_configuration_does_not_reuse_results(corpus: Path) -> None:
    assert len(findings()) == 18
    assert findings("--select", "NS3") == []
    assert len(findings()) == 18


def test_a_broken_cache_is_ignored(corpus: Path) -> None:
    cold = findings()
    shards = list((corpus / DIRECTORY).glob("*/*.json"))
    shards[0].write_text("{not json")
    shards[1].write_text(json.dumps({"folder": "/etc", "files": {"passwd": 1}}))
    shards[2].write_text(json.dumps({"folder": str(corpus / "team2"), "files": {"spec02.yaml": 1}}))
    assert findings() == cold


def test_only_the_newest_configurations_are_kept(corpus: Path) -> None:
    for selection in ("NS1", "NS2", "NS3", "NS4", "NS5", "NS6"):
        findings("--select", selection)
    assert len([d for d in (corpus / DIRECTORY).iterdir() if d.is_dir()]) == 4


def test_no_cache_writes_nothing(corpus: Path) -> None:
    findings("--no-cache")
    assert not (corpus / DIRECTORY).exists()


def test_a_file_replaced_with_the_same_size_and_mtime_is_checked_again(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "RACY_NS", 0)
    spec = corpus / "team1" / "spec01.yaml"
    os.utime(spec, ns=(10**18, 10**18))
    assert ("team1/spec01.yaml", "NS003", 4) not in findings()
    replacement = corpus / "replacement.yaml"
    replacement.write_text(GOOD.format(n=1).replace("restlets", "restletz"))
    os.utime(replacement, ns=(10**18, 10**18))
    os.replace(replacement, spec)  # as mv, cp -p or rsync would
    assert ("team1/spec01.yaml", "NS003", 4) in findings()


def test_a_fifo_is_not_read_by_a_walk(corpus: Path) -> None:
    os.mkfifo(corpus / "team0" / "pipe.yaml")
    started = time.monotonic()
    assert len(findings("--no-cache")) == 18
    assert time.monotonic() - started < 10


def test_a_rule_pack_edited_after_the_cache_was_written_is_loaded_again(corpus: Path) -> None:
    pack = corpus / "org.yaml"
    policy = (REPO / "examples" / "policies" / "description-required.yaml").read_text()
    pack.write_text(policy)
    run = ("--rule-pack", "org.yaml", "--select", "ORG005")
    assert len(findings(*run)) == 40
    assert len(findings(*run)) == 40  # every file from the cache
    pack.write_text(policy.replace("ORG005", "ORG006"))
    stale = nslint("check", "--isolated", *run)
    assert (stale.code, stale.err) == (
        2,
        "nslint: error: --select: 'ORG005' matches no rule; did you mean ORG006?\n",
    )


def test_a_broken_configuration_fails_with_no_file_to_check(project: Path) -> None:
    (project / "empty").mkdir()
    for options in ((), ("--no-cache",)):
        run = nslint("check", "--isolated", "--select", "NS999", *options, "empty")
        assert (run.code, run.err) == (
            2,
            "nslint: error: --select: 'NS999' matches no rule; did you mean NS901?\n",
        )


def test_the_content_digest_is_hashlibs_blake2() -> None:
    """source.digest imports _blake2 to spare a run OpenSSL: the same hash as hashlib's."""
    import hashlib

    data = "name: Acme\nscopes: [restlets]\n\u00e9\x00".encode()
    assert source.digest(data) == hashlib.blake2b(data, digest_size=16).hexdigest()
    assert source.digest(b"") == "cae66941d9efbd404e4d88758ea67670"


def test_the_cache_stores_findings_with_the_engines_line_count(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "a.yaml").write_text("name: x\nbogus: 1\n\n")

    def read_again(path: str, digest: str) -> int:
        raise AssertionError(f"{path} was read again to count its lines")

    monkeypatch.setattr(cache, "_line_count", read_again)
    run = nslint("check", "--isolated", "a.yaml")
    assert run.code == 1
    (shard,) = (project / DIRECTORY).glob("*/*.json")
    (entry,) = json.loads(shard.read_text())["files"].values()
    assert entry[2]["n"] == 4
    assert [d[:5] for d in entry[2]["d"]] == [[1, 1, 1, 5, "NS601"], [2, 1, 2, 6, "NS003"]]
