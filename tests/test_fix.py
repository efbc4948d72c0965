"""--fix, --diff and --unsafe-fixes: byte-exact rewrites that change no meaning."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from nslint import fix
from nslint.engine import Settings
from tests.conftest import nslint

BEFORE = """\
# yaml-language-server: $schema=../schemas/integration.schema.json
name: Acme CRM      # the name on the form
description: 'Syncs orders # and invoices'
user_credentials: yes   # NS004, fixed to true
state: enabled
oauth2:
  # the web front end's callbacks
  authorization_code_grant: on
  redirect_uris:
    - &main "https://crm.example.com/cb"   # primary
    - http://legacy.example.com/cb          # NS101: unsafe, only with --unsafe-fixes
    - *main                                 # NS104: the same URI again
    - https://crm.example.com/cb2
  scopes: [restlets, rest_webservices]
  public_client: false  # nslint: disable=NS301,NS105 both unused
accounts: {"1234567": {state: enabled, note: "Prod # 1"}, "1234567_SB1": {state: blocked}}
# nslint: disable=NS201 nothing to suppress here
description_note: |
  # nslint: disable=NS003 text in a block scalar, never touched
  yes
"""

AFTER_SAFE = """\
# yaml-language-server: $schema=../schemas/integration.schema.json
name: Acme CRM      # the name on the form
description: 'Syncs orders # and invoices'
user_credentials: true   # NS004, fixed to true
state: enabled
oauth2:
  # the web front end's callbacks
  authorization_code_grant: true
  redirect_uris:
    - &main "https://crm.example.com/cb"   # primary
    - http://legacy.example.com/cb          # NS101: unsafe, only with --unsafe-fixes
    - https://crm.example.com/cb2
  scopes: [restlets, rest_webservices]
  public_client: false
accounts: {"1234567": {state: enabled, note: "Prod # 1"}, "1234567_SB1": {state: blocked}}
description_note: |
  # nslint: disable=NS003 text in a block scalar, never touched
  yes
"""

ARGS = ("check", "--isolated", "--no-cache", "--format", "concise")


def write(path: Path, text: str, newline: str = "\n") -> Path:
    path.write_bytes(text.replace("\n", newline).encode())
    return path


def test_fix_is_byte_exact_outside_the_fixed_spans(project: Path) -> None:
    spec = write(project / "spec.yaml", BEFORE)
    run = nslint(*ARGS, "--fix", "spec.yaml")
    assert spec.read_text() == AFTER_SAFE
    assert run.err == "nslint: fixed 6 findings in 1 file\n"
    assert run.out.splitlines() == [
        "spec.yaml:11:7: error NS101 Redirect URI uses http://; NetSuite requires https:// "
        "(or, for a native app, a private-use scheme such as com.example.app:/callback)",
        "spec.yaml:16:1: error NS003 unknown key `description_note` in the spec; did you mean "
        "`description`?",
    ]
    assert run.code == 1


def test_fixing_twice_changes_nothing_the_second_time(project: Path) -> None:
    spec = write(project / "spec.yaml", BEFORE)
    nslint(*ARGS, "--fix", "spec.yaml")
    once = spec.read_bytes()
    run = nslint(*ARGS, "--fix", "spec.yaml")
    assert spec.read_bytes() == once
    assert run.err == ""


def test_unsafe_fixes_only_when_asked(project: Path) -> None:
    spec = write(project / "spec.yaml", BEFORE)
    nslint(*ARGS, "--fix", "--unsafe-fixes", "spec.yaml")
    assert spec.read_text() == AFTER_SAFE.replace("http://legacy", "https://legacy")


@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_line_endings_are_kept(project: Path, newline: str) -> None:
    spec = write(project / "spec.yaml", BEFORE, newline)
    nslint(*ARGS, "--fix", "spec.yaml")
    assert spec.read_bytes() == AFTER_SAFE.replace("\n", newline).encode()


@pytest.mark.parametrize(
    ("encoding", "bom"), [("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe")]
)
def test_a_byte_order_mark_and_encoding_are_kept(project: Path, encoding: str, bom: bytes) -> None:
    spec = project / "spec.yaml"
    spec.write_bytes(bom + "name: a\nuser_credentials: yes\n".encode(encoding))
    nslint(*ARGS, "--fix", "spec.yaml")
    assert spec.read_bytes() == bom + "name: a\nuser_credentials: true\n".encode(encoding)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (
            "  redirect_uris: [https://a.example.com/cb, https://b.example.com/cb, "
            "https://a.example.com/cb]\n",
            "  redirect_uris: [https://a.example.com/cb, https://b.example.com/cb]\n",
        ),
        (
            "  redirect_uris: [\n    https://a.example.com/cb,\n"
            "    'https://a.example.com/cb'\n  ]\n",
            "  redirect_uris: [\n    https://a.example.com/cb\n  ]\n",
        ),
        (
            "  redirect_uris:\n  - https://a.example.com/cb\n  - https://a.example.com/cb\n",
            "  redirect_uris:\n  - https://a.example.com/cb\n",
        ),
    ],
)
def test_a_duplicate_redirect_uri_is_removed_in_any_style(
    project: Path, before: str, after: str
) -> None:
    head = "name: a\noauth2:\n  authorization_code_grant: true\n  scopes: [restlets]\n"
    spec = write(project / "spec.yaml", head + before)
    nslint(*ARGS, "--fix", "spec.yaml")
    assert spec.read_text() == head + after


@pytest.mark.parametrize(
    ("comment", "after"),
    [
        ("  # nslint: disable=NS301,NS105 reason", "  # nslint: disable=NS301 reason"),
        ("  # nslint: disable=NS105, NS301 reason", "  # nslint: disable=NS301 reason"),
        ("  # nslint: disable=NS105", ""),
    ],
)
def test_an_unused_code_or_comment_is_removed(project: Path, comment: str, after: str) -> None:
    head = "name: a\noauth2:\n  authorization_code_grant: true\n  scopes: [restlets]\n"
    tail = "  redirect_uris: [https://a.example.com/cb]\n"
    spec = write(project / "spec.yaml", head + "  public_client: true" + comment + "\n" + tail)
    nslint(*ARGS, "--fix", "spec.yaml")
    assert spec.read_text() == head + "  public_client: true" + after + "\n" + tail


def test_y_and_n_are_not_guessed(project: Path) -> None:
    spec = write(project / "spec.yaml", "name: a\nuser_credentials: true\nnote: y\n")
    run = nslint(*ARGS, "--fix", "spec.yaml")
    assert spec.read_text() == "name: a\nuser_credentials: true\nnote: y\n"
    assert "NS004" in run.out


def test_diff_shows_and_writes_nothing(project: Path) -> None:
    spec = write(project / "spec.yaml", "name: a\nuser_credentials: yes\n")
    run = nslint(*ARGS, "--diff", "spec.yaml")
    assert spec.read_text() == "name: a\nuser_credentials: yes\n"
    assert (run.code, run.out) == (
        1,
        "--- a/spec.yaml\n+++ b/spec.yaml\n@@ -1,2 +1,2 @@\n name: a\n"
        "-user_credentials: yes\n+user_credentials: true\n",
    )
    write(project / "spec.yaml", "name: a\nuser_credentials: true\n")
    assert nslint(*ARGS, "--diff", "spec.yaml").code == 0


def test_the_file_mode_is_kept(project: Path) -> None:
    spec = write(project / "spec.yaml", "name: a\nuser_credentials: yes\n")
    spec.chmod(0o640)
    nslint(*ARGS, "--fix", "spec.yaml")
    assert stat.S_IMODE(spec.stat().st_mode) == 0o640
    assert not [p for p in os.listdir(project) if p.startswith(".nslint-")]


def test_a_file_changed_on_disk_meanwhile_is_not_written(project: Path) -> None:
    spec = write(project / "spec.yaml", "name: a\nuser_credentials: yes\n")
    fixed = fix.fix_file(str(spec), Settings(), unsafe=False)
    spec.write_text("name: b\nuser_credentials: yes\n")  # someone saved meanwhile
    assert fix.write(fixed) == f"{spec} changed on disk while it was being fixed; not written"
    assert spec.read_text() == "name: b\nuser_credentials: yes\n"


def test_standard_input_cannot_be_fixed(project: Path) -> None:
    run = nslint(*ARGS, "--fix", "-", stdin="name: a\n")
    assert (run.code, run.err) == (
        2,
        "nslint: error: --fix and --diff work on files; standard input cannot be rewritten\n",
    )


# -- what an independent review broke ------------------------------------------------------


def test_yes_where_the_schema_wants_text_is_not_fixed(project: Path) -> None:
    text = "name: Yes\nuser_credentials: true\ndescription: on\naccounts: {'1': {note: off}}\n"
    spec = write(project / "spec.yaml", text)
    nslint(*ARGS, "--fix", "spec.yaml")
    assert spec.read_text() == text


def test_an_anchored_boolean_keeps_its_anchor(project: Path) -> None:
    spec = write(project / "spec.yaml", "name: a\nuser_credentials: &u on\n")
    nslint(*ARGS, "--fix", "spec.yaml")
    assert spec.read_text() == "name: a\nuser_credentials: &u true\n"


@pytest.mark.parametrize(
    ("args", "directive"),
    [
        (("--ignore", "NS301"), "# nslint: disable=NS301 kiosk app (SEC-1142)"),
        (("--select", "NS1,NS900"), "# nslint: disable=NS301 kiosk app (SEC-1142)"),
        ((), "# nslint: disable=EXA001 accepted: the plugin is not loaded here"),
    ],
)
def test_suppressions_of_disabled_or_unknown_codes_are_kept(
    project: Path, args: tuple[str, ...], directive: str
) -> None:
    text = (
        "name: a\noauth2:\n  authorization_code_grant: true\n  scopes: [restlets]\n"
        f"  public_client: true  {directive}\n  redirect_uris: [https://a.example.com/cb]\n"
    )
    spec = write(project / "spec.yaml", text)
    nslint(*ARGS, "--fix", *args, "spec.yaml")
    assert spec.read_text() == text


def test_removing_a_duplicate_removes_the_suppression_above_it(project: Path) -> None:
    head = "name: a\noauth2:\n  authorization_code_grant: true\n  scopes: [restlets]\n"
    spec = write(
        project / "spec.yaml",
        head + "  redirect_uris:\n"
        "    - myapp://cb  # nslint: disable=NS105 vendor app\n"
        "    # nslint: disable=NS105 vendor app registers twice\n"
        "    - myapp://cb\n"
        "    - otherapp://cb\n",
    )
    run = nslint(*ARGS, "--fix", "spec.yaml")
    assert spec.read_text() == head + (
        "  redirect_uris:\n    - myapp://cb  # nslint: disable=NS105 vendor app\n"
        "    - otherapp://cb\n"
    )
    assert "NS105" in run.out  # otherapp:// is still reported


def test_a_duplicate_that_defines_an_anchor_is_kept(project: Path) -> None:
    text = (
        "name: &x Acme connector\noauth2:\n  authorization_code_grant: true\n"
        "  scopes: [restlets]\n  redirect_uris:\n    - https://a.example.com/cb\n"
        "    - &x https://a.example.com/cb\ndescription: *x\n"
    )
    spec = write(project / "spec.yaml", text)
    run = nslint(*ARGS, "--fix", "spec.yaml")
    assert spec.read_text() == text
    assert run.err == ""


def test_a_file_with_a_duplicate_key_is_still_fixed(project: Path) -> None:
    spec = write(project / "spec.yaml", "name: a\nname: b\nuser_credentials: yes\n")
    run = nslint(*ARGS, "--fix", "spec.yaml")
    assert spec.read_text() == "name: a\nname: b\nuser_credentials: true\n"
    assert (run.code, run.err) == (1, "nslint: fixed 1 finding in 1 file\n")


def test_deep_nesting_next_to_a_fix_is_no_traceback(project: Path) -> None:
    text = "name: a\nuser_credentials: yes\ndescription: " + "[" * 300 + "]" * 300 + "\n"
    spec = write(project / "spec.yaml", text)
    run = nslint(*ARGS, "--fix", "spec.yaml")
    assert "Traceback" not in run.err
    assert run.code == 1
    assert spec.read_text().startswith("name: a\nuser_credentials: true\n")


def test_a_symlink_is_followed_not_replaced(project: Path) -> None:
    (project / "real").mkdir()
    target = write(project / "real" / "spec.yaml", "name: a\nuser_credentials: yes\n")
    link = project / "link.yaml"
    link.symlink_to(target)
    nslint(*ARGS, "--fix", "link.yaml")
    assert link.is_symlink()
    assert target.read_text() == "name: a\nuser_credentials: true\n"


def test_a_read_only_file_is_not_written(project: Path) -> None:
    spec = write(project / "spec.yaml", "name: a\nuser_credentials: yes\n")
    spec.chmod(0o444)
    run = nslint(*ARGS, "--fix", "spec.yaml")
    assert spec.read_text() == "name: a\nuser_credentials: yes\n"
    assert run.code == 2
    assert run.err.startswith(
        "nslint: error: spec.yaml is read-only; not written (make it writable to fix it)\n"
    )


def test_a_cr_only_diff_keeps_its_line_endings(project: Path) -> None:
    spec = project / "spec.yaml"
    spec.write_bytes(b"name: a\ruser_credentials: yes\r")
    run = nslint(*ARGS, "--diff", "spec.yaml")
    assert "-user_credentials: yes\r+user_credentials: true\r" in run.out


@pytest.mark.parametrize(
    ("code", "line"),
    [
        ("NS004", "Fix: `nslint check --fix` rewrites it without changing meaning"),
        ("NS104", "Fix: `nslint check --fix` rewrites it without changing meaning"),
        ("NS900", "Fix: `nslint check --fix` rewrites it without changing meaning"),
        ("NS101", "Fix: `nslint check --fix --unsafe-fixes` (it changes meaning: review it)"),
        (
            "NS003",
            "Fix: `nslint check --fix --unsafe-fixes` for a scope written as its form label or "
            "an older name (it changes meaning: review it)",
        ),
        ("NS005", None),
    ],
)
def test_explain_says_which_rules_have_a_fix(code: str, line: str | None) -> None:
    lines = nslint("explain", code, "--isolated").out.splitlines()
    fixes = [text for text in lines[:6] if text.startswith("Fix:")]
    assert fixes == ([line] if line else [])
