"""Issue 12, part 7: the small lies a user notices first.

Each test reproduces one lie as the issue reports it and asserts what nslint says now:
exact lines on stdout and stderr, exit codes, and the bytes of files it writes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import messages, nslint

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
        'Redirect URI "https://svc:***@crm.example.com/cb" is already listed on line 5; '
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
