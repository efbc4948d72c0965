"""Inputs built to hurt a YAML tool: each ends in a diagnostic, quickly, in bounded memory."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

from nslint import parse, source
from nslint.cli import main
from tests.conftest import findings, messages, nslint

# Generous bounds: they catch a hang, not a slow machine.
HANG = 10.0


def _billion_laughs() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    return "\n".join(lines) + "\n"


def test_billion_laughs() -> None:
    tracemalloc.start()
    started = time.monotonic()
    result = findings(_billion_laughs())
    elapsed = time.monotonic() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # Levels a-e expand to about 75,000 values; the first alias on line 6 (f: [*e, ...)
    # would add another 66,430, past the 100,000 limit.
    assert result == [("NS008", 6, 8, 6, 10)]
    assert elapsed < HANG
    assert peak < 20 * 1024 * 1024


TOO_DEEP = ("NS008", "nesting is deeper than 100 levels; the rest of the file was not checked")


def test_flow_nesting_past_nslints_limit() -> None:
    # 500 levels: below libyaml's own limit (1000, from 0.2.6), so nslint's is met first.
    text = "[" * 500 + "]" * 500
    assert findings(text) == [("NS008", 1, 101, 1, 102)]
    assert messages(text) == [TOO_DEEP]


def _too_deep_at(text: str) -> int:
    """The column of the one NS008 that ``text`` gives on line 1: nslint's limit (column
    101) or, where libyaml's scanner reads ahead to its own limit first, libyaml's (1001)."""
    (found,) = findings(text)
    assert found[:2] == ("NS008", 1)
    assert found[3:] == (1, found[2] + 1)
    assert messages(text) == [TOO_DEEP]
    return found[2]


def test_deep_flow_nesting() -> None:
    started = time.monotonic()
    assert _too_deep_at("[" * 50_000 + "]" * 50_000) in (101, 1001)
    assert time.monotonic() - started < HANG


def test_libyamls_own_depth_limit_is_ns008() -> None:
    # A flow mapping key holding 1,500 levels: libyaml 0.2.6 stops at depth 1000 while
    # reading ahead for the key; older libyaml reaches nslint's limit. NS008 either way.
    assert _too_deep_at("{" * 1500 + "}" * 1500) in (101, 1001)


def test_deep_block_nesting() -> None:
    text = "".join(" " * i + "- \n" for i in range(0, 2000, 2)) + " " * 2000 + "x\n"
    assert findings(text)[0][0] == "NS008"


def test_twenty_megabyte_file(tmp_path: Path) -> None:
    spec = tmp_path / "huge.yaml"
    with spec.open("w") as handle:
        handle.write("name: big\ndescription: >\n")
        line = "  " + "x" * 98 + "\n"
        handle.write(line * (20 * 1024 * 1024 // len(line)))
    started = time.monotonic()
    result = CliRunner().invoke(main, ["check", "--format", "concise", str(spec)])
    assert time.monotonic() - started < HANG
    assert result.exit_code == 1
    assert result.output == (
        f"{spec}:1:1: error NS008 the file is larger than the 10 MiB limit and was not parsed; "
        "raise the limit (max-file-size, --max-file-size) if it really is a spec\n"
    )


def test_binary_file(tmp_path: Path) -> None:
    spec = tmp_path / "image.yaml"
    spec.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 64)
    result = CliRunner().invoke(main, ["check", "--format", "concise", str(spec)])
    assert result.exit_code == 1
    assert result.output == (
        f"{spec}:3:1: error NS001 this is a binary file, not YAML: it contains a NUL byte; "
        "an integration spec is UTF-8 text\n"
    )


def test_symlink_loop_is_not_followed(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("name: a\nuser_credentials: true\n")
    (tmp_path / "loop").symlink_to(tmp_path)
    result = CliRunner().invoke(main, ["check", "--format", "json", str(tmp_path)])
    assert (result.exit_code, result.output) == (0, "[]\n")


def test_an_unreadable_file_is_exit_2_and_the_rest_still_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = tmp_path / "good.yaml"
    good.write_text("name: a\nuser_credentials: true\n")
    locked = tmp_path / "locked.yaml"
    locked.write_text("name: b\n")
    real = source.read

    def denied(path: str, max_size: int = source.DEFAULT_MAX_FILE_SIZE) -> object:
        if path.endswith("locked.yaml"):  # root reads anything: deny it as the OS would
            raise PermissionError(13, "Permission denied", path)
        return real(path, max_size)

    monkeypatch.setattr(source, "read", denied)
    run = nslint("check", "--isolated", "--no-cache", "--format", "json", str(tmp_path))
    assert (run.code, run.out) == (2, "[]\n")
    assert run.err == f"nslint: error: cannot read {locked}: Permission denied\n"


def test_a_file_deleted_while_the_run_is_going(tmp_path: Path) -> None:
    from nslint.engine import Settings, check

    gone = tmp_path / "gone.yaml"
    gone.write_text("name: a\n")
    found = str(gone)  # discovery saw it ...
    gone.unlink()  # ... and then it went
    result = check(found, Settings())
    assert result.error == f"cannot read {gone}: No such file or directory"
    assert result.diagnostics == ()


def test_a_file_deleted_during_a_walk_via_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nslint import discovery

    (tmp_path / "a.yaml").write_text("name: a\nuser_credentials: true\n")
    (tmp_path / "b.yaml").write_text("name: b\nuser_credentials: true\n")
    real_walk = discovery._walk

    def walk_then_delete(top: str, walk: discovery.FileFilter, ignores: object) -> object:
        for path in real_walk(top, walk, ignores):  # type: ignore[arg-type]
            yield path
            if str(path).endswith("a.yaml"):
                (tmp_path / "b.yaml").unlink()

    monkeypatch.setattr(discovery, "_walk", walk_then_delete)
    run = nslint("check", "--isolated", "--no-cache", "--format", "concise", str(tmp_path))
    assert run.code == 2
    assert (
        run.err == f"nslint: error: cannot read {tmp_path / 'b.yaml'}: No such file or directory\n"
    )


def test_a_path_that_does_not_exist(tmp_path: Path) -> None:
    run = nslint("check", "--isolated", str(tmp_path / "nope.yaml"))
    assert (run.code, run.err) == (
        2,
        f"nslint: error: cannot read {tmp_path / 'nope.yaml'}: no such file or directory\n",
    )


def test_unsafe_python_tags_are_never_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = (
        "name: !!python/object/apply:os.system ['touch " + str(marker) + "']\n"
        "note: !!python/object/new:subprocess.Popen [['touch', '" + str(marker) + "']]\n"
        "user_credentials: true\n"
    )
    spec = tmp_path / "evil.yaml"
    spec.write_text(text)
    run = nslint("check", "--isolated", "--format", "concise", str(spec))
    assert run.code == 1
    assert [line.split(" ")[2] for line in run.out.splitlines()].count("NS007") == 2
    assert not marker.exists()


@pytest.mark.parametrize(
    ("data", "code", "where"),
    [
        (b"name: caf\xe9\n", "NS001", "1:10"),
        (b"name: a\x00b\n", "NS001", "1:8"),
        (b"", "NS003", "1:1"),
        (b"# only a comment\n# and another\n", "NS003", "1:1"),
        ("\ufeffname: a\nuser_credentials: yes\n".encode("utf-16"), "NS004", "2:19"),
    ],
)
def test_broken_encodings_and_empty_files(
    tmp_path: Path, data: bytes, code: str, where: str
) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_bytes(data)
    run = nslint("check", "--isolated", "--format", "concise", str(spec))
    assert run.out.startswith(f"{spec}:{where}: "), run.out
    assert run.out.split(" ")[2] == code


def test_the_size_limit_has_a_configuration_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "spec.yaml").write_text("name: a\nuser_credentials: true\n" + "# pad\n" * 100)
    (tmp_path / ".nslint.yaml").write_text("max-file-size: 512B\n")
    run = nslint("check", "--format", "concise")
    assert run.out.startswith("spec.yaml:1:1: error NS008 the file is larger than the 512 bytes ")
    assert nslint("check", "--max-file-size", "1KiB", "--format", "concise").out == ""


def test_a_catastrophic_regex_in_a_rule_pack_is_refused(tmp_path: Path) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        "rules:\n  - id: ORG1\n    name: backtracking\n    severity: error\n"
        "    select: name\n    assert: {pattern: '^(?=(a+)+$)b'}\n    message: 'no'\n"
    )
    run = nslint("rules", "--isolated", "--rule-pack", str(pack))
    assert run.code == 2
    assert run.err == (
        f"nslint: error: {pack}:6:23: rule ORG1: invalid JSON Schema in `assert`: "
        '"^(?=(a+)+$)b" is not a "regex" (patterns run in linear time: lookaround and '
        "backreferences are not supported, and a pattern must compile to less than 1 MiB)\n"
    )


def test_a_nested_quantifier_runs_in_linear_time(tmp_path: Path) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        "rules:\n  - id: ORG1\n    name: nested\n    severity: error\n"
        "    select: name\n    assert: {pattern: '^(a+)+$'}\n    message: '{value} is not a+'\n"
    )
    spec = tmp_path / "spec.yaml"
    spec.write_text("name: " + "a" * 5000 + "!\nuser_credentials: true\n")
    started = time.monotonic()
    run = nslint("check", "--isolated", "--select", "ORG", "--rule-pack", str(pack), str(spec))
    assert time.monotonic() - started < HANG
    assert run.code == 1


def test_a_hundred_thousand_deep_nesting() -> None:
    started = time.monotonic()
    assert _too_deep_at("[" * 100_000 + "]" * 100_000) in (101, 1001)
    assert time.monotonic() - started < HANG


def test_a_zero_size_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".nslint.yaml").write_text('max-file-size: "0"\n')
    run = nslint("check")
    assert (run.code, run.err) == (
        2,
        f"nslint: error: {tmp_path}/.nslint.yaml:1:16: '0' is not a size of at least 1 byte\n",
    )
    assert nslint("check", "--isolated", "--max-file-size", "0").code == 2


def test_libyamls_depth_error_maps_to_ns008_whatever_the_version() -> None:
    # The error exactly as libyaml 0.2.6 raises it, so this holds with any libyaml.
    import yaml

    from nslint import parse

    mark = yaml.Mark("<unicode string>", 1000, 0, 1000, None, None)
    error = yaml.scanner.ScannerError(
        "while increasing flow level", mark, "exceeded maximum nesting depth", mark
    )
    assert parse._syntax_problem(error, "") == (
        "NS008",
        (1, 1001, 1, 1002),
        "nesting is deeper than 100 levels; the rest of the file was not checked",
    )


def test_the_process_wide_caches_keep_no_long_text_from_a_spec() -> None:
    """The caches that outlive a file (a scalar's tag, a harmless key) are bounded:
    a run over many files of long distinct keys keeps none of them."""
    from nslint import yaml11
    from nslint.checks import secret_in_spec

    long_key, long_value = "k" * 65, "v" * 41
    text = "".join(f"{long_key}{i}: {long_value}{i}\n" for i in range(50))
    found = findings("name: a\nuser_credentials: true\n" + text)
    assert [(f[0], f[1]) for f in found] == [("NS003", line) for line in range(3, 53)]
    assert not any(len(key) > 64 for key in secret_in_spec._SAFE_KEYS)
    assert not any(len(key) > 40 for key in yaml11.RESOLVED)
    assert len(secret_in_spec._SAFE_KEYS) <= 4096
    assert len(yaml11.RESOLVED) <= 8192


TOO_MANY_DOCUMENTS = (
    "NS008",
    "the file holds more than 1,000 YAML documents; the rest of the file was not checked: "
    "split it into smaller files",
)
TOO_MANY_NODES = (
    "NS008",
    "the file holds more than 100,000 values (keys, items and collections); the rest of "
    "the file was not checked: split it into smaller files",
)


def test_the_document_past_the_limit_is_ns008_at_its_start() -> None:
    text = "--- a\n" * 1_001
    assert findings(text, "NS008") == [("NS008", 1_001, 1, 1_001, 4)]
    assert messages(text, "NS008") == [TOO_MANY_DOCUMENTS]
    # The 1,000 documents before it are checked (each is a string, not a spec).
    assert findings(text, "NS003") == [("NS003", n, 5, n, 6) for n in range(1, 1_001)]


def test_an_implicit_first_document_counts() -> None:
    text = "a\n" + "--- a\n" * 1_000
    assert findings(text, "NS008") == [("NS008", 1_001, 1, 1_001, 4)]


def test_a_thousand_documents_are_within_the_limit() -> None:
    text = "--- a\n" * 1_000
    assert findings(text, "NS008") == []
    assert len(parse.load(source.Source(text)).documents) == 1_000


def test_the_value_past_the_limit_is_ns008_at_it() -> None:
    # The list and 100,000 items: the 100,000th item is the 100,001st value.
    text = "- a\n" * 100_000 + "- b\n"
    assert findings(text) == [("NS008", 100_000, 3, 100_000, 4)]
    assert messages(text) == [TOO_MANY_NODES]


def test_keys_and_collections_count_as_values() -> None:
    # Each line is a mapping, its key and its value: the 33,334th mapping is value 100,001.
    text = "- {k: v}\n" * 40_000
    assert findings(text) == [("NS008", 33_334, 3, 33_334, 4)]
    assert messages(text) == [TOO_MANY_NODES]


def test_a_hundred_thousand_values_are_within_the_limit() -> None:
    text = "- a\n" * 99_999
    assert findings(text, "NS008") == []
    (document,) = parse.load(source.Source(text)).documents
    assert document.data == ["a"] * 99_999


def _bounded(text: str) -> list[tuple[str, int, int, int, int]]:
    """The NS008 findings of ``text``, found quickly and in bounded memory."""
    tracemalloc.start()
    started = time.monotonic()
    try:
        result = findings(text, "NS008")
        elapsed = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < HANG
    assert peak < 64 * 1024 * 1024  # before the limits: 168-253 MiB
    return result


def test_a_megabyte_of_empty_documents() -> None:
    # The attack was 10 MB of `---` lines: 2.5 million documents, 463 s and 2 GB.
    assert _bounded("---\n" * 250_000) == [("NS008", 1_001, 1, 1_001, 4)]


def test_many_tiny_documents() -> None:
    # The attack was 1.5 million copies of `--- a`: 366 s and 1.5 GB.
    assert _bounded("--- a\n" * 150_000) == [("NS008", 1_001, 1, 1_001, 4)]


def test_a_long_list() -> None:
    # The attack was an 8 MB list of 2 million items: 12 s and 1.2 GB.
    assert _bounded("- a\n" * 400_000) == [("NS008", 100_000, 3, 100_000, 4)]
