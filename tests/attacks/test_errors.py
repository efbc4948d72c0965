"""Issue 12, section 6: every error is a message and exit 2; nothing hangs; nothing
grows quadratically.

Each test reproduces an attack that once ended in a traceback (exit 1, which a CI gate
reads as "findings"), a hang, or output and time that grew with the square of the input,
and asserts the safe outcome exactly. Sizes are asserted, not times: the only timed
assertions are generous hang guards.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest

from nslint import engine, fix, source
from nslint.display import markdown as md
from nslint.formats.text import SNIPPET_WIDTH, window
from tests.conftest import nslint

HANG = 10.0
PARSE_CODES = ("NS001", "NS004", "NS005", "NS006", "NS007", "NS008")
INTERNAL_HINT = "(run with --debug for the traceback)"

GOOD = """\
name: Acme CRM connector
script_id: custinteg_acme_crm
state: enabled
oauth2:
  authorization_code_grant: true
  redirect_uris:
    - https://crm.example.com/cb
  scopes: [restlets]
"""


def spec(value: str, key: str = "refresh_token_validity_hours") -> str:
    """GOOD with ``oauth2.<key>: <value>`` (line 8, the value at column 5 + len(key))."""
    return GOOD.replace("  scopes:", f"  {key}: {value}\n  scopes:")


def run(*args: str, cwd: Path, **options: object) -> subprocess.CompletedProcess[bytes]:
    """``python -m nslint ARGS`` in a subprocess (for what only a process shows: a
    hang, a signal, a closed pipe), killed after HANG seconds."""
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **options}
    return subprocess.run(
        [sys.executable, "-m", "nslint", *args],
        cwd=cwd,
        timeout=HANG,
        check=False,
        **streams,  # type: ignore[call-overload]
    )


# -- the catch-all ----------------------------------------------------------------------


def _boom(*args: object, **kwargs: object) -> str:
    raise RuntimeError("boom\nwith a second line")


def test_an_unexpected_exception_is_one_line_and_exit_2(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "a.yaml").write_text(GOOD)
    monkeypatch.setattr("nslint.formats.text.render", _boom)
    result = nslint("check", "--no-cache", "a.yaml")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"nslint: internal error: RuntimeError: boom with a second line {INTERNAL_HINT}\n"
    )


@pytest.mark.parametrize(
    ("raised", "shown"),
    [
        ("\x1b]0;t\x07::error::x", "\\x1b]0;t\\x07::error::x"),
        ("value " + "ab12" * 16, "(not shown: it holds what looks like a credential)"),
    ],
)
def test_an_internal_error_message_is_escaped_and_shows_no_credential(
    project: Path, monkeypatch: pytest.MonkeyPatch, raised: str, shown: str
) -> None:
    (project / "a.yaml").write_text(GOOD)

    def fail(*args: object, **kwargs: object) -> str:
        raise ValueError(raised)

    monkeypatch.setattr("nslint.formats.text.render", fail)
    result = nslint("check", "--no-cache", "a.yaml")
    assert (result.code, result.err) == (
        2,
        f"nslint: internal error: ValueError: {shown} {INTERNAL_HINT}\n",
    )


def test_debug_shows_the_traceback_and_still_exits_2(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "a.yaml").write_text(GOOD)
    monkeypatch.setattr("nslint.formats.text.render", _boom)
    result = nslint("check", "--no-cache", "--debug", "a.yaml")
    assert result.code == 2
    assert result.err.startswith("Traceback (most recent call last):\n")
    assert 'in _boom\n    raise RuntimeError("boom\\nwith a second line")\n' in result.err
    assert result.err.endswith(
        "RuntimeError: boom\nwith a second line\n"
        "nslint: internal error: RuntimeError: boom with a second line\n"
    )


@pytest.mark.parametrize("command", ["config", "rules", "report", "schema"])
def test_every_command_has_debug(
    command: str, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in (
        "nslint.config.describe",
        "nslint.report.markdown.render",
        "nslint.schema.integration_schema",
    ):
        monkeypatch.setattr(name, _boom)
    monkeypatch.setattr("nslint.ruleset.RuleSet.rules", property(_boom))
    plain = nslint(command)
    assert (plain.code, plain.err.splitlines()) == (
        2,
        [f"nslint: internal error: RuntimeError: boom with a second line {INTERNAL_HINT}"],
    )
    debug = nslint(command, "--debug")
    assert debug.code == 2
    assert debug.err.startswith("Traceback (most recent call last):\n")


def test_clicks_own_exits_keep_their_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    usage = nslint("check", "--format", "nonsense")
    assert usage.code == 2
    assert "Error: Invalid value for '--format'" in usage.err

    def abort(*args: object, **kwargs: object) -> None:
        raise click.Abort

    monkeypatch.setattr("nslint.config.describe", abort)
    aborted = nslint("config", "--isolated")
    assert (aborted.code, aborted.err) == (1, "Aborted!\n")


def test_the_entry_point_catches_what_escapes_the_command_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import nslint.__main__ as entry
    import nslint.cli

    def interrupt() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(nslint.cli, "main", interrupt)
    with pytest.raises(SystemExit) as exited:
        entry.main()
    assert exited.value.code == 130
    assert capsys.readouterr().err == "nslint: interrupted\n"


# -- configuration values of the wrong type or range -------------------------------------


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            "max-file-size = 1024.0",
            "pyproject.toml:2:17: the number 1024.0 is not a size: write a whole number of "
            "bytes (1048576) or a size such as 10MiB",
        ),
        (
            "max-file-size = 1e3",
            "pyproject.toml:2:17: the number 1000.0 is not a size: write a whole number of "
            "bytes (1048576) or a size such as 10MiB",
        ),
        (
            "max-file-size = [1]",
            "pyproject.toml:2:17: `max-file-size` must be an integer or a string, not a list",
        ),
        (
            "max-file-size = 2147483648",
            "pyproject.toml:2:17: 2147483648 is larger than the largest size nslint reads, 1GiB",
        ),
        (
            "max-file-size = " + "9" * 5000,
            "pyproject.toml:2: a number has more digits than nslint reads; "
            "no configuration value is that large",
        ),
        (
            "rules = {NS201 = {max = 0x" + "f" * 5000 + "}}",
            "pyproject.toml:2:9: `rules.NS201.max` is a number beyond 64 bits, larger than "
            "any configuration value",
        ),
        (
            "release = nan",
            "pyproject.toml:2:11: `release` is nan, which no configuration value is; "
            "write a number",
        ),
        (
            "rules = {NS201 = {max = -inf}}",
            "pyproject.toml:2:9: `rules.NS201.max` is -inf, which no configuration value is; "
            "write a number",
        ),
        (
            "include = ['[z-a]']",
            "pyproject.toml:2:11: '[z-a]' is not a valid glob: bad character range z-a",
        ),
        (
            "\nrules = " + "[" * 5000 + "]" * 5000,
            "pyproject.toml:3: arrays or tables are nested too deeply to read; "
            "a configuration is a few levels deep",
        ),
        (
            "rules = " + "{a = " * 5000 + "1" + "}" * 5000,
            "pyproject.toml:2: arrays or tables are nested too deeply to read; "
            "a configuration is a few levels deep",
        ),
    ],
)
def test_a_bad_pyproject_value_is_a_located_configuration_error(
    toml: str, message: str, project: Path
) -> None:
    (project / "pyproject.toml").write_text(f"[tool.nslint]\n{toml}\n")
    (project / "a.yaml").write_text(GOOD)
    result = nslint("check", "--no-cache", "a.yaml")
    assert (result.code, result.out) == (2, "")
    assert result.err == f"nslint: error: {project / message}\n"


@pytest.mark.parametrize(
    ("yaml", "message"),
    [
        (
            "max-file-size: 1024.0",
            ".nslint.yaml:1:16: the number 1024.0 is not a size: write a whole number of "
            "bytes (1048576) or a size such as 10MiB",
        ),
        (
            "max-file-size: {a: 1}",
            ".nslint.yaml:1:16: `max-file-size` must be an integer or a string, not a mapping",
        ),
        (
            "max-file-size: " + "9" * 5000,
            ".nslint.yaml:1:16: the integer `99999999999999999999…9999999999999999999` is "
            "5,000 characters long; nslint reads integers of up to 100 characters (no spec "
            "value is larger) and reads this one as text",
        ),
        (
            'max-file-size: "' + "9" * 5000 + '"',
            ".nslint.yaml:1:16: '999999999999999999999999999999999999999…' is not a size "
            "(for example 10MiB or 1048576)",
        ),
        (
            "rules: {NS201: {max: 0x" + "f" * 90 + "}}",
            ".nslint.yaml:1:22: `rules.NS201.max` is a number beyond 64 bits, larger than "
            "any configuration value",
        ),
        (
            "include: ['[z-a]']",
            ".nslint.yaml:1:11: '[z-a]' is not a valid glob: bad character range z-a",
        ),
        (
            "exclude: [ok, '[z-a]']",
            ".nslint.yaml:1:15: '[z-a]' is not a valid glob: bad character range z-a",
        ),
        (
            "per-file-ignores: {'[z-a]': [NS104]}",
            ".nslint.yaml:1:20: '[z-a]' is not a valid glob: bad character range z-a",
        ),
    ],
)
def test_a_bad_yaml_configuration_value_is_a_located_error(
    yaml: str, message: str, project: Path
) -> None:
    (project / ".nslint.yaml").write_text(yaml + "\n")
    (project / "a.yaml").write_text(GOOD)
    result = nslint("check", "--no-cache", "a.yaml")
    assert (result.code, result.out) == (2, "")
    assert result.err == f"nslint: error: {project / message}\n"


@pytest.mark.parametrize(
    ("flag", "message"),
    [
        ("--include=[z-a]", "--include: '[z-a]' is not a valid glob: bad character range z-a"),
        (
            "--per-file-ignores=[z-a]:NS104",
            "--per-file-ignores: '[z-a]' is not a valid glob: bad character range z-a",
        ),
        (
            "--rule-option=NS201.max=NaN",
            '--rule-option: option `max` of NS201: "NaN" is not of type "integer"',
        ),
        (
            "--rule-option=NS201.max=1e999",
            '--rule-option: option `max` of NS201: "1e999" is not of type "integer"',
        ),
    ],
)
def test_a_bad_flag_value_is_a_configuration_error(flag: str, message: str, project: Path) -> None:
    (project / "a.yaml").write_text(GOOD)
    result = nslint("check", "--no-cache", flag, "a.yaml")
    assert (result.code, result.out, result.err) == (2, "", f"nslint: error: {message}\n")


@pytest.mark.parametrize(
    ("size", "message"),
    [
        ("9" * 5000, "'999999999999999999999999999999999999999…' is not a size"),
        ("2GiB", "'2GiB' is larger than the largest size nslint reads, 1GiB"),
    ],
)
def test_max_file_size_flag_range(size: str, message: str, project: Path) -> None:
    result = nslint("check", "--max-file-size", size)
    assert result.code == 2
    assert f"Error: Invalid value for '--max-file-size': {message}" in result.err


# -- spec values never crash a rule ---------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "!!bool maybe",
            [("NS007", "`maybe` cannot be read as !!bool; remove the tag or fix the value")],
        ),
        (
            "0" + "7" * 5000,
            [
                (
                    "NS008",
                    "the integer `07777777777777777777…7777777777777777777` is 5,001 characters "
                    "long; nslint reads integers of up to 100 characters (no spec value is "
                    "larger) and reads this one as text",
                )
            ],
        ),
        (
            "0b" + "10" * 5000,
            [
                (
                    "NS008",
                    "the integer `0b101010101010101010…0101010101010101010` is 10,002 characters "
                    "long; nslint reads integers of up to 100 characters (no spec value is "
                    "larger) and reads this one as text",
                )
            ],
        ),
        (
            "190:" + ":".join(["20"] * 3000),
            [
                (
                    "NS008",
                    "the integer `190:20:20:20:20:20:2…0:20:20:20:20:20:20` is 9,003 characters "
                    "long; nslint reads integers of up to 100 characters (no spec value is "
                    "larger) and reads this one as text",
                )
            ],
        ),
        (
            "0x" + "f" * 5000,
            [
                (
                    "NS008",
                    "the integer `0xffffffffffffffffff…fffffffffffffffffff` is 5,002 characters "
                    "long; nslint reads integers of up to 100 characters (no spec value is "
                    "larger) and reads this one as text",
                )
            ],
        ),
        (
            "0b" + "1" * 98,
            [
                (
                    "NS006",
                    "YAML 1.1 reads `0b111111111111111111…1111111111111111111` as the number "
                    "316912650057057350374175801343, YAML 1.2 and JSON do not; write "
                    "316912650057057350374175801343 if you mean the number, or quote "
                    'it ("0b111111111111111111…1111111111111111111") for the text',
                )
            ],
        ),
    ],
)
def test_odd_numbers_are_findings_not_crashes(value: str, expected: list[tuple[str, str]]) -> None:
    result = engine.check("spec.yaml", data=spec(value))
    assert result.error is None
    codes = [d.code for d in result.diagnostics]
    assert "NS009" not in codes
    structural = [(d.code, d.message) for d in result.diagnostics if d.code in PARSE_CODES]
    assert structural == expected
    assert all(d.span.line == 8 and d.span.column == 33 for d in result.diagnostics)


def test_a_huge_hex_number_reaches_no_rule_as_a_number() -> None:
    """Once NS009 from NS201 and NS203: the number could not be printed."""
    text = spec("0x" + "f" * 1000).replace("  scopes:", "  max_token_rotation_hours: 24\n  scopes:")
    codes = [d.code for d in engine.check("spec.yaml", data=text).diagnostics]
    assert codes == ["NS003", "NS008"]


def test_a_malformed_ipv6_host_is_ns102_only() -> None:
    """urlsplit raises on `[::1`: NS101 and NS105 once failed (NS009)."""
    text = GOOD.replace("https://crm.example.com/cb", "http://[::1/cb")
    found = [(d.code, d.message) for d in engine.check("spec.yaml", data=text).diagnostics]
    assert [code for code, _ in found] == ["NS101", "NS102"]


# -- one bad file never aborts a report -------------------------------------------------------


def _raise_for_bad(original: object) -> object:
    def integration(path: str, *args: object) -> object:
        if path.endswith("bad.yaml"):
            raise RuntimeError("cannot summarise")
        return original(path, *args)  # type: ignore[operator]

    return integration


def test_report_lists_a_file_that_failed_and_reports_the_rest(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nslint import inventory

    (project / "bad.yaml").write_text(GOOD)
    (project / "good.yaml").write_text(GOOD.replace("Acme CRM", "Other"))
    monkeypatch.setattr(inventory, "_integration", _raise_for_bad(inventory._integration))
    result = nslint("report", "--format", "json")
    assert result.code == 2
    import json

    report = json.loads(result.out)
    assert [i["name"] for i in report["integrations"]] == ["Other connector"]
    problem = (
        "internal error while checking bad.yaml: RuntimeError: cannot summarise (rerun "
        "with --debug for the traceback, and please report it)"
    )
    assert report["summary"]["unreadable"] == [
        {"path": "bad.yaml", "error": problem, "findings": []}
    ]
    assert result.err == f"nslint: error: {problem}\n"


def test_report_survives_a_file_whose_check_raises(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = engine._journey

    def journey(path: str, *args: object) -> object:
        if path.endswith("bad.yaml"):
            raise MemoryError("too much")
        return original(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "_journey", journey)
    (project / "bad.yaml").write_text(GOOD)
    (project / "good.yaml").write_text(GOOD)
    summary = project / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = nslint("check", "--no-cache", "--summary", "good.yaml", "bad.yaml")
    assert result.code == 2
    text = summary.read_text()
    assert "1 integration" in text
    problem = (
        "internal error while checking bad.yaml: MemoryError: too much (rerun with "
        "--debug for the traceback, and please report it)"
    )
    assert f"### Not read as integration specs\n\n- bad\\.yaml: error {md(problem)}\n" in text


@pytest.mark.parametrize(
    ("target", "reason"),
    [("dir", "Is a directory"), ("pipe", "it is a FIFO that nothing reads")],
)
def test_a_summary_that_cannot_be_written_fails_the_run(
    target: str, reason: str, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "dir").mkdir()
    os.mkfifo(project / "pipe")
    (project / "a.yaml").write_text(GOOD)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", target)
    result = run("check", "--no-cache", "--summary", "a.yaml", cwd=project)
    assert result.returncode == 2
    assert result.stderr.decode() == f"nslint: error: cannot write {target}: {reason}\n"


# -- nothing blocks on a FIFO or a device ------------------------------------------------------


def test_read_regular_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "spec.yaml"
    os.mkfifo(fifo)
    for path, kind in ((fifo, "a FIFO (named pipe)"), ("/dev/zero", "a character device")):
        with pytest.raises(source.NotRegularFile) as raised:
            source.read_regular(str(path), 10)
        assert raised.value.strerror == f"it is {kind}, not a regular file"
    link = tmp_path / "link.yaml"
    link.symlink_to(tmp_path / "real.yaml")
    (tmp_path / "real.yaml").write_bytes(b"0123456789abcdef")
    assert source.read_regular(str(link), 4) == b"01234"  # at most limit + 1 bytes
    with pytest.raises(source.NotRegularFile):
        source.read_regular(str(link), 4, follow_symlinks=False)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["check", "pipe.yaml"],
            "cannot read pipe.yaml: it is a FIFO (named pipe), not a regular file",
        ),
        (
            ["check", "/dev/zero"],
            "cannot read /dev/zero: it is a character device, not a regular file",
        ),
        (
            ["report", "pipe.yaml"],
            "cannot read pipe.yaml: it is a FIFO (named pipe), not a regular file",
        ),
        (
            ["check", "--config", "pipe.yaml", "a.yaml"],
            "cannot read configuration pipe.yaml: it is a FIFO (named pipe), not a regular file",
        ),
        (
            ["check", "--config", "pipe.toml", "a.yaml"],
            "cannot read configuration pipe.toml: it is a FIFO (named pipe), not a regular file",
        ),
        (
            ["check", "--rule-pack", "pipe.yaml", "a.yaml"],
            "cannot read rule pack pipe.yaml: it is a FIFO (named pipe), not a regular file",
        ),
        (
            ["check", "--baseline", "pipe.yaml", "a.yaml"],
            "cannot read baseline pipe.yaml: it is a FIFO (named pipe), not a regular file",
        ),
        (
            ["check", "--baseline", "/dev/zero", "a.yaml"],
            "cannot read baseline /dev/zero: it is a character device, not a regular file",
        ),
    ],
)
def test_a_fifo_or_device_is_refused_not_waited_on(
    args: list[str], message: str, project: Path
) -> None:
    os.mkfifo(project / "pipe.yaml")
    os.mkfifo(project / "pipe.toml")
    (project / "a.yaml").write_text(GOOD)
    result = run(*args, cwd=project)
    assert result.returncode == 2
    assert result.stderr.decode().splitlines()[0] == f"nslint: error: {message}"


def test_a_closed_standard_input_is_a_read_error(project: Path) -> None:
    for when in ("before Python starts", "after"):
        code = "import os, sys; from nslint.__main__ import main; sys.argv[1:] = ['check', '-']"
        if when == "after":
            code += "; os.close(0)"
        closed = subprocess.run(
            [sys.executable, "-c", code + "; main()"],
            cwd=project,
            capture_output=True,
            timeout=HANG,
            check=False,
            preexec_fn=(lambda: os.close(0)) if when != "after" else None,
        )
        assert closed.returncode == 2
        assert closed.stderr.decode().splitlines()[0] == (
            "nslint: error: cannot read <stdin>: standard input is closed"
        )


def test_a_deep_baseline_is_an_error(project: Path) -> None:
    (project / "a.yaml").write_text(GOOD)
    nested = "[" * 200_000 + "]" * 200_000
    (project / "deep.json").write_text(nested)
    result = nslint("check", "--no-cache", "--baseline", "deep.json", "a.yaml")
    assert (result.code, result.err) == (
        2,
        "nslint: error: baseline deep.json is not a baseline: it is nested too deeply\n",
    )


# -- output and time stay linear ----------------------------------------------------------------


def _flow_duplicates(count: int) -> str:
    uris = ", ".join(["https://crm.example.com/cb"] * count)
    return GOOD.replace(
        "  redirect_uris:\n    - https://crm.example.com/cb", f"  redirect_uris: [{uris}]"
    )


def test_many_findings_on_one_long_line_do_not_repeat_the_line(project: Path) -> None:
    """Once: 48 kB of input gave 577 MB of text."""
    (project / "a.yaml").write_text(_flow_duplicates(2000))  # a 56 kB line
    result = nslint("check", "--no-cache", "a.yaml")
    assert result.code == 0
    lines = result.out.splitlines()
    # A header, 3 snippet lines and a blank per finding; the summary and the fix note.
    assert len(lines) == 1999 * 5 + 2
    assert max(len(line) for line in lines) <= 250
    assert len(result.out) < 1999 * 700
    first = lines[:4]
    assert first[2] == (
        "6 | …rect_uris: [https://crm.example.com/cb, https://crm.example.com/cb, "
        "https://crm.example.com/cb, https://crm.example.com/cb, https://crm.example.com/cb, "
        "https:…"
    )
    assert first[3] == "  | " + " " * 41 + "^" + "~" * 25


def test_the_window_keeps_the_caret_under_the_span() -> None:
    line = "".join(chr(ord("a") + i % 26) for i in range(1000))
    for start, end in ((0, 5), (500, 510), (990, 1000), (100, 900)):
        shown, first, last = window(line, start, end)
        assert len(shown) == SNIPPET_WIDTH
        assert shown[first:last].rstrip("…") == line[start:end][: last - first].rstrip("…")
    assert window("short", 1, 3) == ("short", 1, 3)


def test_32000_duplicate_uris_are_fingerprinted_in_linear_time(project: Path) -> None:
    """Once 46 s (and more with every duplicate): the line was hashed per finding."""
    (project / "a.yaml").write_text(_flow_duplicates(32_000))
    started = time.monotonic()
    result = nslint("check", "--no-cache", "--format", "json", "a.yaml")
    assert time.monotonic() - started < HANG
    import json

    findings = json.loads(result.out)
    assert len(findings) == 31_999
    assert len({f["fingerprint"] for f in findings}) == 31_999


def test_thousands_of_credentials_on_one_line_are_masked_in_linear_time(project: Path) -> None:
    """Once 8 s for 20,000 and growing with their square: the line was rebuilt once per
    credential."""
    keys = [f"{index:064x}" for index in range(20_000)]
    uris = ", ".join(f"https://h.example.com/cb?k={key}" for key in keys)
    text = GOOD.replace(
        "  redirect_uris:\n    - https://crm.example.com/cb", f"  redirect_uris: [{uris}]"
    )
    started = time.monotonic()
    result = engine.check("spec.yaml", data=text)
    assert time.monotonic() - started < HANG
    assert sum(d.code == "NS501" for d in result.diagnostics) == 20_000
    line = result.lines[6]
    assert len(line) == len(text.splitlines()[5])
    assert line.count("*" * 64) == 20_000


def test_fix_refuses_a_file_over_its_size_limit(project: Path) -> None:
    """Once 223 s and 3 GB for 8 MB: ruamel.yaml re-read the file for every pass."""
    uris = "".join(
        f"    - https://crm{i}.example.com/netsuite/oauth/callback\n" for i in range(30_000)
    )
    text = GOOD.replace(
        "    - https://crm.example.com/cb\n",
        uris + "    - https://crm0.example.com/netsuite/oauth/callback\n",
    )
    spec_file = project / "big.yaml"
    spec_file.write_text(text)
    assert len(text) > fix.MAX_SIZE
    for flag in ("--fix", "--diff"):
        result = nslint("check", "--no-cache", flag, "big.yaml")
        assert result.code == 2
        assert result.err.splitlines()[0] == (
            "nslint: error: big.yaml is larger than 1 MiB, the most --fix and --diff rewrite; "
            "not fixed (fix it by hand, or split it into smaller specs)"
        )
        assert spec_file.read_text() == text


def test_fix_apply_is_one_pass() -> None:
    text = "a" * 10
    edits = [fix.Edit(8, 9, "XY"), fix.Edit(0, 2, ""), fix.Edit(4, 4, "-")]
    assert fix.apply(text, edits) == "aa-aaaaXYa"


# -- output that cannot be written, and Ctrl-C -----------------------------------------------------


def test_a_full_disk_is_an_error_message(project: Path) -> None:
    (project / "a.yaml").write_text(GOOD)
    to_file = run(
        "check", "--no-cache", "-o", "/dev/full", "--format", "json", "a.yaml", cwd=project
    )
    assert (to_file.returncode, to_file.stderr) == (
        2,
        b"nslint: error: cannot write /dev/full: No space left on device\n",
    )
    with open("/dev/full", "wb") as full:
        to_stdout = run("check", "--no-cache", "a.yaml", cwd=project, stdout=full)
    assert (to_stdout.returncode, to_stdout.stderr) == (
        2,
        b"nslint: error: cannot write the output: No space left on device\n",
    )


@pytest.mark.parametrize("read", [0, 10])
def test_a_closed_pipe_ends_the_run_quietly(read: int, project: Path) -> None:
    """``| head -0`` (nothing read) and ``| head -c 10`` of megabytes of output: Python
    took a single write cut short by the closing pipe as complete (exit 0)."""
    uris = "    - https://crm.example.com/cb\n" * 3000
    (project / "a.yaml").write_text(GOOD.replace("    - https://crm.example.com/cb\n", uris))
    process = subprocess.Popen(
        [sys.executable, "-m", "nslint", "check", "--no-cache", "--format", "json", "a.yaml"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    assert len(process.stdout.read(read)) == read
    process.stdout.close()
    err = process.stderr.read()
    assert process.wait(timeout=HANG) == 1
    assert err == b""


def test_a_closed_standard_output_is_an_error_message(project: Path) -> None:
    (project / "a.yaml").write_text(GOOD)
    result = run("check", "--no-cache", "a.yaml", cwd=project, preexec_fn=lambda: os.close(1))
    assert (result.returncode, result.stderr) == (
        2,
        b"nslint: error: cannot write the output: standard output is closed\n",
    )


def _children(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []


def _running(pid: str) -> bool:
    """Whether process ``pid`` is alive (not gone, not a zombie)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux's /proc")
@pytest.mark.parametrize(
    ("jobs", "group"), [("1", True), ("2", True), ("2", False)], ids=["one", "pool", "kill"]
)
def test_ctrl_c_exits_130_with_one_line(jobs: str, group: bool, tmp_path: Path) -> None:
    """Ctrl-C reaches every process of the group (``group``); ``kill -INT`` only the
    main one, whose pool's workers must then be stopped by it."""
    (tmp_path / ".git").mkdir()
    uris = "".join(f"    - https://crm{i}.example.com/cb\n" for i in range(3000))
    text = GOOD.replace("    - https://crm.example.com/cb\n", uris)
    for index in range(300):
        (tmp_path / f"s{index:03}.yaml").write_text(text)
    process = subprocess.Popen(
        [sys.executable, "-m", "nslint", "check", "--no-cache", "--jobs", jobs, "."],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a terminal's job
    )
    started = time.monotonic()
    if jobs == "2":  # wait for the pool's workers
        while len(_children(process.pid)) < 2 and time.monotonic() - started < HANG:
            time.sleep(0.01)
        assert len(_children(process.pid)) >= 2
    time.sleep(0.5)
    workers = _children(process.pid)
    if group:
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C: every process of the group
    else:
        os.kill(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=HANG)
    assert process.returncode == 130
    assert err == b"nslint: interrupted\n"
    deadline = time.monotonic() + HANG
    while any(map(_running, workers)) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not any(map(_running, workers))  # no worker left checking files
