"""Issue 12, part 7: the small lies a user notices first.

Each test reproduces one lie as the issue reports it and asserts what nslint says now:
exact lines on stdout and stderr, exit codes, and the bytes of files it writes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, lint_bytes, messages, nslint

HANG = 10  # seconds: a hang guard for the subprocess runs, never a timing assertion

GOOD = """\
name: Acme CRM
oauth2:
  authorization_code_grant: true
  redirect_uris: [https://crm.example.com/cb]
  scopes: [restlets]
"""
NS601 = (
    "error NS601 no authentication method is enabled, so the application cannot connect; "
    "enable Token-based Authentication, User Credentials, the Authorization Code Grant or "
    "the Client Credentials (Machine to Machine) Grant"
)
CONCISE = ("check", "--isolated", "--no-cache", "--format", "concise")


# --- the summary names the files that could not be read --------------------------------


def test_the_summary_says_a_file_could_not_be_read(project: Path) -> None:
    (project / "good.yaml").write_text(GOOD)
    run = nslint("check", "--isolated", "good.yaml", "missing.yaml")
    assert run.code == 2
    assert run.out == "No problems found in 1 file; 1 file could not be read.\n"
    assert run.err == "nslint: error: cannot read missing.yaml: no such file or directory\n"


def test_the_summary_with_findings_and_an_unreadable_file(project: Path) -> None:
    (project / "a.yaml").write_text("name: a\n")
    run = nslint("check", "--isolated", "a.yaml", "gone.yaml", "gone2.yaml")
    assert run.code == 2
    assert run.out.splitlines()[-1] == ("Found 1 error in 1 of 1 file; 2 files could not be read.")


def test_the_summary_when_no_file_could_be_read(project: Path) -> None:
    run = nslint("check", "--isolated", "missing.yaml")
    assert (run.code, run.out) == (2, "No file was checked; 1 file could not be read.\n")


def test_statistics_say_a_file_could_not_be_read(project: Path) -> None:
    (project / "good.yaml").write_text(GOOD)
    run = nslint("check", "--isolated", "--statistics", "good.yaml", "missing.yaml")
    assert (run.code, run.out) == (2, "No problems found; 1 file could not be read.\n")


# --- -o /dev/stdout, /dev/stderr, /dev/fd/N ----------------------------------------------


def _python_nslint(*args: str, **options: object) -> subprocess.CompletedProcess[bytes]:
    """nslint in a real process (its stdout a pipe unless ``stdout`` says otherwise)."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    options = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **options}
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "nslint", *args], env=env, timeout=HANG, **options
    )


OUT_ARGS = ("check", "--isolated", "--no-cache", "--format", "json")


def test_output_to_dev_stdout_through_a_pipe(project: Path) -> None:
    (project / "good.yaml").write_text(GOOD)
    done = _python_nslint(*OUT_ARGS, "-o", "/dev/stdout", "good.yaml")
    assert (done.returncode, done.stderr) == (0, b"")
    assert done.stdout == b"[]\nNo problems found in 1 file.\n"


def test_output_to_dev_stderr_through_a_pipe(project: Path) -> None:
    (project / "good.yaml").write_text(GOOD)
    done = _python_nslint(*OUT_ARGS, "-o", "/dev/stderr", "good.yaml")
    assert done.returncode == 0
    assert (done.stdout, done.stderr) == (b"No problems found in 1 file.\n", b"[]\n")


def test_output_to_dev_fd_n(project: Path) -> None:
    (project / "a.yaml").write_text("name: a\n")
    read, write = os.pipe()
    try:
        done = _python_nslint(*CONCISE, "-o", f"/dev/fd/{write}", "a.yaml", pass_fds=(write,))
    finally:
        os.close(write)
    with os.fdopen(read, "rb") as pipe:
        written = pipe.read()
    assert (done.returncode, done.stderr) == (1, b"")
    assert written == f"a.yaml:1:1: {NS601}\n".encode()
    assert done.stdout.endswith(b"\nFound 1 error in 1 of 1 file.\n")  # the terminal's text


def test_output_to_dev_stdout_redirected_to_a_file_appends_to_it(project: Path) -> None:
    """Before, /dev/stdout was resolved to the file and replaced (a new inode): what
    the shell had written before, and its offset, were lost."""
    (project / "good.yaml").write_text(GOOD)
    log = project / "log.txt"
    log.write_bytes(b"before\n")
    with open(log, "ab") as handle:
        inode = os.fstat(handle.fileno()).st_ino
        done = _python_nslint(*OUT_ARGS, "-o", "/dev/stdout", "good.yaml", stdout=handle)
    assert done.returncode == 0
    assert log.read_bytes() == b"before\n[]\nNo problems found in 1 file.\n"
    assert log.stat().st_ino == inode


def test_report_output_to_dev_stdout_through_a_pipe(project: Path) -> None:
    (project / "good.yaml").write_text(GOOD)
    done = _python_nslint(
        "report", "--isolated", "--format", "csv", "-o", "/dev/stdout", "good.yaml"
    )
    assert (done.returncode, done.stderr) == (0, b"")
    assert done.stdout.startswith(b'"Name","File","State",')
    assert b"Acme CRM" in done.stdout


def test_output_to_a_regular_file_is_still_written_whole(project: Path) -> None:
    (project / "a.yaml").write_text("name: a\n")
    run = nslint(*CONCISE, "-o", "out.txt", "a.yaml")
    assert run.code == 1
    assert (project / "out.txt").read_text() == f"a.yaml:1:1: {NS601}\n"


def test_output_to_a_closed_descriptor_is_an_error(project: Path) -> None:
    (project / "good.yaml").write_text(GOOD)
    run = nslint(*OUT_ARGS, "-o", "/dev/fd/987654", "good.yaml")
    assert (run.code, run.err) == (
        2,
        "nslint: error: cannot write /dev/fd/987654: Bad file descriptor\n",
    )


# --- --stdin-filename and - ----------------------------------------------------------


def test_stdin_filename_alone_reads_standard_input(project: Path) -> None:
    (project / "other.yaml").write_text(GOOD)  # not checked: stdin is
    run = nslint(*CONCISE, "--stdin-filename", "specs/in.yaml", stdin="name: a\n")
    assert (run.code, run.out, run.err) == (1, f"specs/in.yaml:1:1: {NS601}\n", "")


def test_stdin_filename_with_paths_but_no_dash_is_a_usage_error(project: Path) -> None:
    (project / "a.yaml").write_text(GOOD)
    run = nslint(*CONCISE, "--stdin-filename", "in.yaml", "a.yaml", stdin="name: a\n")
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        "nslint: error: --stdin-filename names the spec read from standard input, but no "
        "PATH is -: add - to the paths, or give no PATH to check standard input alone\n"
    )


def test_stdin_filename_alone_with_fix_is_refused(project: Path) -> None:
    run = nslint("check", "--isolated", "--fix", "--stdin-filename", "a.yaml", stdin="a: 1\n")
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        "nslint: error: --fix and --diff work on files; standard input cannot be rewritten\n"
    )


def test_dash_twice_reads_standard_input_once(project: Path) -> None:
    run = nslint("check", "--isolated", "--no-cache", "-", "-", stdin="name: a\n")
    assert run.code == 1
    assert run.out.splitlines()[0].startswith("<stdin>:1:1: error[NS601] ")
    assert run.out.splitlines()[-1] == "Found 1 error in 1 of 1 file."
    assert run.err == ""


def test_a_file_named_twice_is_checked_once(project: Path) -> None:
    (project / "a.yaml").write_text("name: a\n")
    run = nslint(*CONCISE, "a.yaml", "a.yaml", ".")
    assert (run.code, run.out) == (1, f"a.yaml:1:1: {NS601}\n")


# --- nothing found ---------------------------------------------------------------------

NOTHING = (
    "nslint: warning: no spec files found in {where}, so nothing was checked; include is "
    "{include}, exclude is nslint's list of non-spec paths (`nslint config` shows it) "
    "(default), respect-gitignore is true (default)\n"
)
DEFAULT_INCLUDE = '"*.yaml", "*.yml" (default)'


def test_an_empty_directory_is_a_warning_not_a_clean_bill(project: Path) -> None:
    (project / "empty").mkdir()
    run = nslint("check", "--isolated", "empty")
    assert (run.code, run.out) == (0, "")  # exit 0, as ruff for a directory without files
    assert run.err == NOTHING.format(where="empty", include=DEFAULT_INCLUDE)


def test_an_include_that_matches_nothing(project: Path) -> None:
    (project / "a.yaml").write_text(GOOD)
    run = nslint("check", "--isolated", "--include", "*.spec.yaml")
    assert (run.code, run.out) == (0, "")
    assert run.err == NOTHING.format(where=".", include='"*.spec.yaml" (--include)')


def test_an_include_from_the_configuration_names_its_origin(project: Path) -> None:
    (project / ".nslint.yaml").write_text("include: ['specs/*.yaml']\n")
    (project / "a.yaml").write_text(GOOD)
    run = nslint("check", "--statistics")
    assert (run.code, run.out) == (0, "")
    assert run.err == NOTHING.format(
        where=".", include=f'"specs/*.yaml" ({project}/.nslint.yaml:1:10)'
    )


def test_nothing_found_keeps_machine_output_valid(project: Path) -> None:
    run = nslint("check", "--isolated", "--format", "json")
    assert (run.code, run.out) == (0, "[]\n")
    assert run.err == NOTHING.format(where=".", include=DEFAULT_INCLUDE)


# --- baselines: fingerprints of content, not of positions ---------------------------

HTTP_SPEC = GOOD.replace("https://crm", "http://crm")  # NS101 on line 4
CONCISE_BASELINE = (*CONCISE, "--baseline", "b.json")


def _record(project: Path, *paths: str) -> str:
    run = nslint("check", "--isolated", "--no-cache", "--write-baseline", "b.json", *paths)
    assert (run.code, run.out) == (0, "")
    return run.err


FLOW = "[http://crm.example.com/cb]"
BLOCK = "\n    - http://crm.example.com/cb"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(FLOW, "[https://new.example.com/cb, http://crm.example.com/cb]", id="flow"),
        pytest.param(BLOCK, "\n    - https://new.example.com/cb" + BLOCK, id="block"),
        pytest.param(FLOW, BLOCK, id="flow-list-rewritten-as-a-block-list"),
    ],
)
def test_a_baseline_survives_a_uri_inserted_before_the_recorded_one(
    project: Path, before: str, after: str
) -> None:
    spec = project / "crm.yaml"
    spec.write_text(HTTP_SPEC.replace(FLOW, before))
    _record(project)
    spec.write_text(HTTP_SPEC.replace(FLOW, after))
    run = nslint(*CONCISE_BASELINE)
    assert (run.code, run.out, run.err) == (0, "", "")


def test_a_new_finding_in_the_same_list_is_still_reported(project: Path) -> None:
    spec = project / "crm.yaml"
    spec.write_text(HTTP_SPEC)
    _record(project)
    spec.write_text(HTTP_SPEC.replace("[http://", "[http://new.example.com/cb, http://"))
    run = nslint(*CONCISE_BASELINE, "--select", "NS101")
    assert run.code == 1
    assert run.out == (
        "crm.yaml:4:19: error NS101 Redirect URI uses http://; NetSuite requires https:// "
        "(or, for a native app, a private-use scheme such as com.example.app:/callback)\n"
    )


def test_true_duplicates_are_counted(project: Path) -> None:
    spec = project / "crm.yaml"
    twice = HTTP_SPEC.replace(
        "[http://crm.example.com/cb]", "[http://a.example/cb, http://a.example/cb]"
    )
    spec.write_text(twice)
    assert _record(project).startswith("nslint: wrote 3 findings to b.json;")  # 2 x NS101, NS104
    spec.write_text(
        twice.replace("[http://a.example/cb, ", "[http://a.example/cb, http://a.example/cb, ")
    )
    run = nslint(*CONCISE_BASELINE, "--select", "NS101")
    assert run.code == 1
    assert [line.split(" ")[0] for line in run.out.splitlines()] == ["crm.yaml:4:61:"]


def test_a_fingerprint_names_the_key_or_value_without_list_indices() -> None:
    from nslint import document, parse, source

    loaded = parse.load(
        source.Source("name: a\noauth2:\n  grant: true\n  uris: [a, b]\n  m:\n    - x\n")
    )
    assert document.anchors(loaded.documents) == {
        (1, 1): "name",  # the key, not the document's mapping that starts there too
        (1, 7): "name",
        (2, 1): "oauth2",
        (3, 3): "oauth2.grant",
        (3, 10): "oauth2.grant",
        (4, 3): "oauth2.uris",
        (4, 9): "oauth2.uris",
        (4, 10): "oauth2.uris[]",
        (4, 13): "oauth2.uris[]",
        (5, 3): "oauth2.m",
        (6, 5): "oauth2.m",
        (6, 7): "oauth2.m[]",
    }


def test_fingerprints_never_depend_on_the_secret_they_mask() -> None:
    def fingerprint(secret: str) -> str:
        text = f"name: a\nuser_credentials: true\nconsumer_secret: {secret}\n"
        (d,) = [d for d in lint_bytes(text.encode()).diagnostics if d.code == "NS501"]
        return d.fingerprint

    assert fingerprint("a" * 64) == fingerprint("b" * 64)


# --- --write-baseline on some of the files ---------------------------------------------


def _entries(project: Path) -> list[tuple[str, str]]:
    document = json.loads((project / "b.json").read_text())
    return [(f["path"], f["code"]) for f in document["findings"]]


def test_write_baseline_on_a_subset_keeps_the_other_files_entries(project: Path) -> None:
    (project / "a.yaml").write_text(HTTP_SPEC)
    (project / "b.yaml").write_text("name: b\n")
    _record(project)
    assert _entries(project) == [("a.yaml", "NS101"), ("b.yaml", "NS601")]
    (project / "a.yaml").write_text(GOOD)  # fixed
    err = _record(project, "a.yaml")
    assert err == (
        "nslint: wrote 0 findings to b.json, and kept 1 finding of 1 file not checked in "
        "this run; run with --baseline b.json (or `baseline: b.json` in .nslint.yaml) to "
        "report only new ones\n"
    )
    assert _entries(project) == [("b.yaml", "NS601")]
    run = nslint(*CONCISE_BASELINE)
    assert (run.code, run.out, run.err) == (0, "", "")


def test_write_baseline_drops_the_entries_of_deleted_files(project: Path) -> None:
    (project / "a.yaml").write_text(HTTP_SPEC)
    (project / "b.yaml").write_text("name: b\n")
    _record(project)
    (project / "b.yaml").unlink()
    err = _record(project, "a.yaml")
    assert err.startswith("nslint: wrote 1 finding to b.json; run with")
    assert _entries(project) == [("a.yaml", "NS101")]


def test_write_baseline_keeps_the_entries_of_an_unreadable_file(project: Path) -> None:
    (project / "a.yaml").write_text("name: a\n")
    _record(project)
    (project / "a.yaml").unlink()
    (project / "a.yaml").symlink_to("gone.yaml")  # a broken link: named, but unreadable
    run = nslint("check", "--isolated", "--no-cache", "--write-baseline", "b.json", "a.yaml")
    assert run.code == 2
    assert run.err.splitlines()[0] == (
        "nslint: error: cannot read a.yaml: No such file or directory"
    )
    assert run.err.splitlines()[1].startswith(
        "nslint: wrote 0 findings to b.json, and kept 1 finding of 1 file not checked in this run;"
    )
    assert _entries(project) == [("a.yaml", "NS601")]


def test_write_baseline_names_what_cannot_be_recorded(project: Path) -> None:
    (project / "broken.yaml").write_text("name: [a\n")
    (project / "a.yaml").write_text("name: a\n")
    err = _record(project)
    assert err.splitlines() == [
        "nslint: wrote 1 finding to b.json; run with --baseline b.json (or `baseline: "
        "b.json` in .nslint.yaml) to report only new ones",
        "nslint: warning: broken.yaml:2:1: NS001 is not recorded in b.json: a file that "
        "was not read, parsed or checked completely is always reported",
    ]
    assert _entries(project) == [("a.yaml", "NS601")]


def test_write_baseline_does_not_overwrite_a_file_that_is_not_a_baseline(
    project: Path,
) -> None:
    (project / "a.yaml").write_text("name: a\n")
    (project / "b.json").write_bytes(b'{"my": "settings"}\n')
    run = nslint("check", "--isolated", "--write-baseline", "b.json")
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        "nslint: error: baseline b.json is not an nslint baseline (version 2); write it "
        "again with --write-baseline; not overwritten (remove it or choose another file)\n"
    )
    assert (project / "b.json").read_bytes() == b'{"my": "settings"}\n'


def test_the_entries_of_an_unreadable_file_are_not_fixed(project: Path) -> None:
    (project / "a.yaml").write_text("name: a\n")
    _record(project)
    (project / "a.yaml").unlink()
    (project / "a.yaml").symlink_to("gone.yaml")
    run = nslint(*CONCISE_BASELINE)
    assert (run.code, run.out) == (2, "")
    assert run.err == "nslint: error: cannot read a.yaml: No such file or directory\n"


OLD_BASELINE = {
    "version": 1,
    "tool": "nslint",
    "findings": [{"path": "b.yaml", "code": "NS601", "fingerprint": "0" * 32, "message": "x"}],
}


def test_a_baseline_of_the_older_format_says_to_write_it_again(project: Path) -> None:
    (project / "a.yaml").write_text("name: a\n")
    (project / "b.json").write_text(json.dumps(OLD_BASELINE))
    run = nslint(*CONCISE_BASELINE)
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        "nslint: error: baseline b.json was written by an older nslint (baseline version "
        "1), whose fingerprints this one does not match; write it again with "
        "--write-baseline b.json\n"
    )


def test_write_baseline_over_the_older_format_says_what_it_drops(project: Path) -> None:
    (project / "a.yaml").write_text("name: a\n")
    (project / "b.yaml").write_text("name: b\n")
    (project / "b.json").write_text(json.dumps(OLD_BASELINE))
    err = _record(project, "a.yaml")
    assert err.splitlines()[1] == (
        "nslint: warning: b.json was written by an older nslint: its 1 entry for files not "
        "checked in this run could not be kept (their fingerprints do not match this "
        "version's)"
    )
    assert _entries(project) == [("a.yaml", "NS601")]


# --- messages ----------------------------------------------------------------------------


def _ns003(text: str) -> list[str]:
    return [message for _, message in messages(text, "NS003")]


HOURS = "`oauth2.refresh_token_validity_hours` must be an integer, not a string"


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("1e3", '("1e3"); YAML 1.1 reads `1e3` as text, not as a number: write 1000'),
        ("09", '("09"); YAML 1.1 reads `09` as text, not as a number: write 9'),
        ('"1e3"', '("1e3"); write the plain number 1000'),
        ("'09'", '("09"); write the plain number 9'),
        ('"48"', '("48"); remove the quotes'),
        ("'48'", '("48"); remove the quotes'),
        ('"forty"', '("forty")'),
        ("'1_000'", '("1_000")'),
        ("|\n    48", '("48\\n"); write the plain number 48'),
    ],
)
def test_remove_the_quotes_only_where_there_are_quotes(value: str, hint: str) -> None:
    text = (
        "name: a\noauth2:\n  client_credentials_grant: true\n"
        f"  refresh_token_validity_hours: {value}\n"
    )
    assert _ns003(text) == [f"{HOURS} {hint}"]


def test_a_boolean_is_named_once() -> None:
    assert _ns003("name: true\nuser_credentials: true\n") == [
        "`name` must be a string, not a boolean (true)"
    ]


def test_a_quoted_boolean_still_says_remove_the_quotes() -> None:
    assert _ns003('name: a\nuser_credentials: "true"\n') == [
        '`user_credentials` must be a boolean (true or false), not a string ("true"); '
        "remove the quotes"
    ]


def test_ns102_says_exactly_once() -> None:
    text = (
        "name: a\noauth2:\n  authorization_code_grant: true\n"
        "  redirect_uris: ['https://*.example.com/cb']\n  scopes: [restlets]\n"
    )
    assert messages(text, "NS102") == [
        (
            "NS102",
            "Redirect URI is not valid: it contains a wildcard `*`; NetSuite matches "
            "redirect URIs exactly, write the one absolute https:// URI the application uses",
        )
    ]


def _ns104(uri: str) -> str:
    text = (
        "name: a\noauth2:\n  authorization_code_grant: true\n  redirect_uris:\n"
        f"    - '{uri}'\n    - '{uri}'\n  scopes: [restlets]\n"
    )
    ((_, message),) = messages(text, "NS104")
    return message


def test_ns104_shows_the_whole_uri() -> None:
    uri = "https://crm.example.com/netsuite/oauth2/callback/production/eu-west-1"
    assert _ns104(uri) == (
        f'Redirect URI "{uri}" is already listed on line 5; remove the repeated entry'
    )


def test_ns104_elides_the_middle_of_a_very_long_uri() -> None:
    uri = "https://crm.example.com/" + "segment/" * 30 + "callback?tenant=eu"
    shown = uri[:100] + "…" + uri[-59:]
    assert len(shown) == 160
    assert shown.startswith("https://crm.example.com/segment/")
    assert shown.endswith("/callback?tenant=eu")
    assert _ns104(uri) == (
        f'Redirect URI "{shown}" is already listed on line 5; remove the repeated entry'
    )


def test_ns104_never_shows_a_userinfo_password() -> None:
    message = _ns104("https://svc:hunter2-Secret@crm.example.com/cb")
    assert message == (
        'Redirect URI "https://svc:<redacted>@crm.example.com/cb" is already listed on line 5; '
        "remove the repeated entry"
    )


def test_report_counts_are_in_the_singular_for_one(project: Path) -> None:
    (project / "legacy.yaml").write_text(
        "name: Legacy\ntoken_based_authentication:\n  enabled: true\n"
    )
    run = nslint("report", "--isolated", "--release", "2026.2")
    assert run.code == 0
    lines = run.out.splitlines()
    assert lines[2] == "1 integration in 1 file."
    (tba,) = [line for line in lines if line.startswith("- **1** integration")]
    assert tba == (
        "- **1** integration still uses Token-based Authentication: **1** new record (a "
        "record without `application_id` cannot be created from 2027.1) and **0** "
        "existing ones."
    )
    assert "- **0** public clients." in lines
    html = nslint("report", "--isolated", "--release", "2026.2", "--format", "html").out
    assert "<title>nslint inventory: 1 integration</title>" in html
    assert '<p class="note">1 integration in 1 file. nslint ' in html
    assert '<span class="big">1</span> integration still uses Token-based' in html


def test_rule_messages_say_one_hour_and_one_byte(project: Path) -> None:
    (project / "r.yaml").write_text(
        "name: a\noauth2:\n  authorization_code_grant: true\n"
        "  redirect_uris: [https://a.example.com/cb]\n  scopes: [restlets]\n"
        "  refresh_token_validity_hours: 2\n  max_token_rotation_hours: 1\n"
    )
    run = nslint(*CONCISE, "r.yaml")
    assert (run.code, run.out) == (
        0,
        "r.yaml:7:29: warning NS203 Maximum Time For Token Rotation (1 hour) is shorter "
        "than Refresh Token Validity (2 hours), so refresh tokens cannot live as long as "
        "configured; raise the rotation time or lower the validity\n",
    )
    run = nslint(*CONCISE, "--max-file-size", "1", "r.yaml")
    assert (run.code, run.out) == (
        1,
        "r.yaml:1:1: error NS008 the file is larger than the 1 byte limit and was not "
        "parsed; raise the limit (max-file-size, --max-file-size) if it really is a spec\n",
    )
