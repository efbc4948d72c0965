"""Issue 13, parts 3 and 4: the release-aware rules (NS107, NS204), release parsing
without a last release, token hours (NS203 floats, NS205) and the AI Connector (NS605,
NS606). Each rule is checked at releases on both sides of each boundary.

The `mcp` scope value is written as NetSuite writes it; until the schema's scope enum
has it, the schema also reports it (NS003), so these tests look only at their own codes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nslint import engine
from nslint.release import Release
from tests.conftest import nslint

RELEASES = ("2025.1", "2025.2", "2026.1", "2026.2", "2027.1", "2027.2")

Located = tuple[str, int, int, int, int, str]


def lint(text: str, release: str, *codes: str) -> list[Located]:
    """(code, line, column, end line, end column, message) of the findings with
    ``codes``, in order, with ``release`` as the target release."""
    settings = engine.Settings(release=Release.parse(release))
    return [
        (d.code, d.span.line, d.span.column, d.span.end_line, d.span.end_column, d.message)
        for d in engine.check("spec.yaml", settings, data=text).diagnostics
        if d.code in codes
    ]


def before(release: str, boundary: str) -> bool:
    return Release.parse(release) < Release.parse(boundary)


# -- release parsing -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "release"),
    [
        ("2027.2", Release(2027, 2)),
        ("2028.1", Release(2028, 1)),
        ("2099.2", Release(2099, 2)),
        ("9999.2", Release(9999, 2)),
        ("0001.1", Release(1, 1)),
        (" 2026.1\n", Release(2026, 1)),
    ],
)
def test_release_parsing_has_no_last_release(text: str, release: Release) -> None:
    assert Release.parse(text) == release


@pytest.mark.parametrize(
    "text",
    [
        "2027.3",
        "2027.0",
        "2027",
        "27.1",
        "12027.1",
        "2027.1.1",
        "2027,1",
        "0000.1",
        "२०२७.1",  # Devanagari digits: \d would take them, a release is ASCII
        "2027.\uff11",  # a fullwidth 1
        "",
    ],
)
def test_release_parsing_refuses_bad_values(text: str) -> None:
    message = f"{text!r} is not a NetSuite release; write YYYY.1 or YYYY.2"
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        Release.parse(text)


@pytest.mark.parametrize("release", ["2027.2", "2028.1", "2099.2"])
def test_late_releases_on_the_command_line_and_in_the_configuration(
    project: Path, release: str
) -> None:
    spec = "name: a\ntoken_based_authentication:\n  enabled: true\n"
    (project / "s.yaml").write_text(spec)
    expected = (
        "s.yaml:3:12: error NS402 Token-based Authentication is enabled on a new integration "
        f"(no application_id), which NetSuite {release} does not allow; use OAuth 2.0 instead\n"
    )
    run = nslint("check", "--isolated", "--format", "concise", "--release", release, "s.yaml")
    assert (run.code, run.out, run.err) == (1, expected, "")
    (project / ".nslint.yaml").write_text(f"release: {release}\n")
    run = nslint("check", "--format", "concise", "s.yaml")
    assert (run.code, run.out, run.err) == (1, expected, "")
    run = nslint("report", "--isolated", "--release", release, "--format", "json", "s.yaml")
    assert run.code == 0, run.err


@pytest.mark.parametrize("command", ["check", "report"])
@pytest.mark.parametrize("release", ["0000.1", "2027.3", "2099"])
def test_bad_releases_are_usage_errors(project: Path, command: str, release: str) -> None:
    (project / "s.yaml").write_text("name: a\nuser_credentials: true\n")
    run = nslint(command, "--isolated", "--release", release, "s.yaml")
    assert run.code == 2
    assert run.out == ""
    assert run.err.endswith(
        f"Error: Invalid value for '--release': '{release}' is not a NetSuite release; "
        "write YYYY.1 or YYYY.2\n"
    )
    assert "Traceback" not in run.err


def test_a_bad_release_in_the_configuration_is_located(project: Path) -> None:
    (project / "s.yaml").write_text("name: a\nuser_credentials: true\n")
    (project / ".nslint.yaml").write_text("release: '0000.1'\n")
    run = nslint("check", "s.yaml")
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        f"nslint: error: {project / '.nslint.yaml'}:1:10: '0000.1' is not a NetSuite "
        "release; write YYYY.1 or YYYY.2\n"
    )


# -- NS107 redirect-uri-multiple-before-2026.1 -----------------------------------------------

TWO_URIS = """\
name: a
oauth2:
  authorization_code_grant: true
  redirect_uris:
    - https://app.example.com/cb
    - https://staging.example.com/cb
  scopes: [restlets]
"""


def ns107_message(count: int, release: str) -> str:
    return (
        f"{count} Redirect URIs are listed, but before NetSuite 2026.1 an integration record "
        f"has only one (the target release is {release}); keep one URI, or target 2026.1 or "
        "later with `release` or --release"
    )


@pytest.mark.parametrize("release", RELEASES)
def test_ns107_two_uris_by_release(release: str) -> None:
    expected = [("NS107", 6, 7, 6, 37, ns107_message(2, release))]
    assert lint(TWO_URIS, release, "NS107") == (expected if before(release, "2026.1") else [])


@pytest.mark.parametrize("release", RELEASES)
def test_ns107_located_at_the_second_item_whatever_it_is(release: str) -> None:
    text = (
        "name: a\noauth2:\n  authorization_code_grant: true\n"
        "  redirect_uris: [https://a.example.com/cb, 42, https://b.example.com/cb]\n"
        "  scopes: [restlets]\n"
    )
    expected = [("NS107", 4, 45, 4, 47, ns107_message(3, release))]
    assert lint(text, release, "NS107") == (expected if before(release, "2026.1") else [])


@pytest.mark.parametrize("release", RELEASES)
@pytest.mark.parametrize(
    "uris", ["[https://a.example.com/cb]", "[]", "https://a.example.com/cb", "~"]
)
def test_ns107_one_or_no_uri_is_never_reported(release: str, uris: str) -> None:
    text = (
        f"name: a\noauth2:\n  authorization_code_grant: true\n  redirect_uris: {uris}\n"
        "  scopes: [restlets]\n"
    )
    assert lint(text, release, "NS107") == []


def test_ns107_from_the_command_line() -> None:
    args = ("check", "--isolated", "--format", "concise", "--select", "NS107", "-")
    run = nslint(*args[:-1], "--release", "2025.2", "-", stdin=TWO_URIS)
    assert (run.code, run.out) == (1, f"<stdin>:6:7: error NS107 {ns107_message(2, '2025.2')}\n")
    run = nslint(*args[:-1], "--release", "2026.1", "-", stdin=TWO_URIS)
    assert (run.code, run.out) == (0, "")


# -- NS204 refresh-token-validity-before-2025.2 ----------------------------------------------

VALIDITY = """\
name: a
oauth2:
  authorization_code_grant: true
  redirect_uris: [https://app.example.com/cb]
  scopes: [restlets]
  refresh_token_validity_hours: 24
  max_token_rotation_hours: 168
"""


def ns204_message(release: str) -> str:
    return (
        "Refresh Token Validity can be changed only from NetSuite 2025.2, and the target "
        f"release is {release}; remove `refresh_token_validity_hours`, or target 2025.2 or "
        "later with `release` or --release"
    )


@pytest.mark.parametrize("release", RELEASES)
def test_ns204_by_release(release: str) -> None:
    expected = [("NS204", 6, 3, 6, 31, ns204_message(release))]
    assert lint(VALIDITY, release, "NS204") == (expected if before(release, "2025.2") else [])


@pytest.mark.parametrize("release", RELEASES)
def test_ns204_rotation_alone_is_not_reported(release: str) -> None:
    text = VALIDITY.replace("  refresh_token_validity_hours: 24\n", "")
    assert lint(text, release, "NS204") == []


def test_ns204_from_the_command_line_and_not_in_a_record_without_oauth2() -> None:
    args = ("check", "--isolated", "--format", "concise", "--select", "NS204")
    run = nslint(*args, "--release", "2025.1", "-", stdin=VALIDITY)
    assert (run.code, run.out) == (1, f"<stdin>:6:3: error NS204 {ns204_message('2025.1')}\n")
    run = nslint(*args, "--release", "2025.2", "-", stdin=VALIDITY)
    assert (run.code, run.out) == (0, "")
    run = nslint(*args, "--release", "2025.1", "-", stdin="name: a\nuser_credentials: true\n")
    assert (run.code, run.out) == (0, "")


# -- NS203 with hours written as floats ------------------------------------------------------

NS203_TEXT = (
    "Maximum Time For Token Rotation ({rotation}) is shorter than Refresh Token Validity "
    "({validity}), so refresh tokens cannot live as long as configured; raise the rotation "
    "time or lower the validity"
)


def hours(validity: str, rotation: str | None = None) -> str:
    text = (
        "name: a\noauth2:\n  authorization_code_grant: true\n"
        "  redirect_uris: [https://app.example.com/cb]\n  scopes: [restlets]\n"
        f"  refresh_token_validity_hours: {validity}\n"
    )
    return text + (f"  max_token_rotation_hours: {rotation}\n" if rotation else "")


@pytest.mark.parametrize("release", RELEASES)
def test_ns203_a_float_validity_is_reported_with_a_hint(release: str) -> None:
    message = NS203_TEXT.format(rotation="72 hours", validity="240 hours")
    assert lint(hours("240.0", "72"), release, "NS203", "NS003") == [
        ("NS203", 7, 29, 7, 31, message + "; write whole hours as integers (240, not 240.0)")
    ]
    # The integer gives the same finding without the hint.
    assert lint(hours("240", "72"), release, "NS203", "NS003") == [("NS203", 7, 29, 7, 31, message)]


@pytest.mark.parametrize("release", RELEASES)
def test_ns203_both_floats(release: str) -> None:
    message = NS203_TEXT.format(rotation="72 hours", validity="240 hours")
    assert lint(hours("240.0", "72.0"), release, "NS203", "NS003") == [
        (
            "NS203",
            7,
            29,
            7,
            33,
            message + "; write whole hours as integers (240, not 240.0; 72, not 72.0)",
        )
    ]


@pytest.mark.parametrize("release", RELEASES)
def test_ns203_a_float_against_the_default_rotation(release: str) -> None:
    message = NS203_TEXT.format(rotation="168 hours, NetSuite's default", validity="200 hours")
    assert lint(hours("200.0"), release, "NS203", "NS003") == [
        ("NS203", 6, 33, 6, 38, message + "; write whole hours as integers (200, not 200.0)")
    ]


@pytest.mark.parametrize("release", RELEASES)
@pytest.mark.parametrize(("validity", "rotation"), [("168.0", "168"), ("48.0", "168.0")])
def test_ns203_floats_in_order_are_quiet(release: str, validity: str, rotation: str) -> None:
    assert lint(hours(validity, rotation), release, "NS203", "NS003") == []


@pytest.mark.parametrize("release", RELEASES)
def test_ns203_a_fraction_is_left_to_the_schema(release: str) -> None:
    assert lint(hours("240.5", "72"), release, "NS203", "NS003") == [
        (
            "NS003",
            6,
            33,
            6,
            38,
            "`oauth2.refresh_token_validity_hours` must be an integer, not a number (240.5)",
        )
    ]


# -- NS205 token-hours-without-code-grant ----------------------------------------------------

M2M_HOURS = """\
name: Warehouse robot
oauth2:
  client_credentials_grant: true
  scopes: [restlets]
  refresh_token_validity_hours: 24
  max_token_rotation_hours: 72
"""


def ns205_message(key: str) -> str:
    return (
        f"`oauth2.{key}` is set but Authorization Code Grant is not enabled; only that grant "
        "issues refresh tokens (the Client Credentials grant issues none), so it has no "
        f"effect: enable the grant or remove `{key}`"
    )


@pytest.mark.parametrize("release", RELEASES)
def test_ns205_hours_with_client_credentials_only(release: str) -> None:
    assert lint(M2M_HOURS, release, "NS205") == [
        ("NS205", 5, 3, 5, 31, ns205_message("refresh_token_validity_hours")),
        ("NS205", 6, 3, 6, 27, ns205_message("max_token_rotation_hours")),
    ]


@pytest.mark.parametrize("release", RELEASES)
def test_ns205_grant_written_false(release: str) -> None:
    text = (
        "name: a\nuser_credentials: true\noauth2:\n  authorization_code_grant: false\n"
        "  max_token_rotation_hours: 72\n"
    )
    assert lint(text, release, "NS205") == [
        ("NS205", 5, 3, 5, 27, ns205_message("max_token_rotation_hours"))
    ]


@pytest.mark.parametrize("release", RELEASES)
def test_ns205_quiet_with_the_code_grant(release: str) -> None:
    text = M2M_HOURS.replace(
        "  client_credentials_grant: true\n",
        "  client_credentials_grant: true\n  authorization_code_grant: true\n"
        "  redirect_uris: [https://app.example.com/cb]\n",
    )
    assert lint(text, release, "NS205") == []


# -- NS605 ai-connector-without-code-grant ---------------------------------------------------

NS605_MESSAGE = (
    "The mcp scope (NetSuite AI Connector Service) is selected but Authorization Code Grant "
    "is not enabled; the AI Connector Service needs the authorization code grant with PKCE: "
    "enable `authorization_code_grant` and list the AI client's Redirect URI"
)


@pytest.mark.parametrize("release", RELEASES)
@pytest.mark.parametrize(
    ("grants", "scopes", "column"),
    [
        ("  client_credentials_grant: true\n", "[mcp]", 12),
        ("  authorization_code_grant: false\n  client_credentials_grant: true\n", "[mcp]", 12),
        ("  client_credentials_grant: true\n", "[restlets, mcp]", 22),
        ("", "[mcp]", 12),
    ],
)
def test_ns605_mcp_without_the_code_grant(
    release: str, grants: str, scopes: str, column: int
) -> None:
    text = f"name: a\nuser_credentials: true\noauth2:\n{grants}  scopes: {scopes}\n"
    line = 4 + grants.count("\n")
    assert lint(text, release, "NS605") == [
        ("NS605", line, column, line, column + 3, NS605_MESSAGE)
    ]


@pytest.mark.parametrize("release", RELEASES)
def test_ns605_quiet_with_the_code_grant_or_without_mcp(release: str) -> None:
    with_grant = (
        "name: a\noauth2:\n  authorization_code_grant: true\n"
        "  redirect_uris: [https://ai.example.com/cb]\n  scopes: [mcp]\n"
    )
    assert lint(with_grant, release, "NS605") == []
    without_mcp = "name: a\noauth2:\n  client_credentials_grant: true\n  scopes: [restlets]\n"
    assert lint(without_mcp, release, "NS605") == []


# -- NS606 ai-connector-never-ask ------------------------------------------------------------

NEVER_ASK = """\
name: AI connector
oauth2:
  authorization_code_grant: true
  redirect_uris: [https://ai.example.com/cb]
  scopes: [mcp]
  consent_policy: never_ask
accounts:
  "1234567":
    consent_policy: never_ask
  "1234567_SB1":
    consent_policy: ask_first_time
"""


def ns606_message(path: str) -> str:
    return (
        f"Consent Policy `{path}` is Never Ask with the mcp scope (NetSuite AI Connector "
        "Service), which a third-party guide says is not available for that scope; use "
        "Always Ask or Ask First Time"
    )


@pytest.mark.parametrize("release", RELEASES)
def test_ns606_top_level_and_account_overrides(release: str) -> None:
    assert lint(NEVER_ASK, release, "NS606") == [
        ("NS606", 6, 19, 6, 28, ns606_message("oauth2.consent_policy")),
        ("NS606", 9, 21, 9, 30, ns606_message("accounts.1234567.consent_policy")),
    ]


@pytest.mark.parametrize("release", RELEASES)
def test_ns606_quiet_without_mcp_or_without_never_ask(release: str) -> None:
    assert lint(NEVER_ASK.replace("[mcp]", "[restlets]"), release, "NS606") == []
    assert lint(NEVER_ASK.replace("never_ask", "always_ask"), release, "NS606") == []


def test_the_ai_connector_rules_from_the_command_line() -> None:
    text = "name: a\noauth2:\n  client_credentials_grant: true\n  scopes: [mcp]\n"
    text += "  consent_policy: never_ask\n"
    run = nslint(
        "check", "--isolated", "--format", "concise", "--select", "NS605,NS606", "-", stdin=text
    )
    assert (run.code, run.out) == (
        1,
        f"<stdin>:4:12: error NS605 {NS605_MESSAGE}\n"
        f"<stdin>:5:19: warning NS606 {ns606_message('oauth2.consent_policy')}\n",
    )


# -- every rule names its source -------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "cited"),
    [
        ("NS107", ["section_158921905537", "Support for Multiple Redirect URIs"]),
        ("NS204", ["section_158921905537", "third-party copy of Oracle's help"]),
        ("NS203", ["section_158921905537", "third-party descriptions of the form only"]),
        ("NS205", ["RFC 6749, section 4.4.3", "section_162755359851"]),
        ("NS605", ["article_4160616848", "third-party copy of Oracle's help"]),
        ("NS606", ["Third party only", "No Oracle text seen"]),
    ],
)
def test_explain_names_the_source(code: str, cited: list[str]) -> None:
    run = nslint("explain", code)
    assert run.code == 0
    source = run.out.split("## Source", 1)[1]
    for text in cited:
        assert text in " ".join(source.split())
