"""The NetSuite policy rules (NS1xx-NS6xx): failing, passing and edge cases."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from nslint import engine
from nslint.cli import main
from nslint.registry import all_rules
from nslint.release import Release
from tests.conftest import findings, messages, nslint


def spec_with_uri(uri: str) -> str:
    return (
        "name: a\noauth2:\n  authorization_code_grant: true\n  redirect_uris:\n"
        f"    - {uri}\n  scopes: [restlets]\n"
    )


def policy(text: str) -> list[tuple[str, int, int, int, int]]:
    """Findings of the policy rules only (NS1xx and up)."""
    return [f for f in findings(text, "NS") if not f[0].startswith("NS00")]


def test_clean_specs_have_no_policy_findings() -> None:
    assert policy(spec_with_uri("https://app.example.com/cb")) == []
    assert policy(spec_with_uri("com.example.app:/cb")) == []


# -- redirect URIs ---------------------------------------------------------------------


@pytest.mark.parametrize("uri", ["http://app.example.com/cb", "HTTP://app.example.com/cb"])
def test_ns101_http(uri: str) -> None:
    assert policy(spec_with_uri(uri)) == [("NS101", 5, 7, 5, 7 + len(uri))]


def test_ns101_callback_url() -> None:
    text = (
        "name: a\napplication_id: X\ntoken_based_authentication:\n  enabled: true\n"
        "  authorization_flow: true\n  callback_url: http://x.example.com/cb\n"
    )
    assert findings(text, "NS101") == [("NS101", 6, 17, 6, 40)]
    assert messages(text, "NS101")[0][1].startswith("Callback URL uses http://")


@pytest.mark.parametrize(
    ("uri", "reason"),
    [
        ("/relative/cb", "it is not an absolute URI (it has no scheme)"),
        ("https://app.example.com/cb#x", "it has a fragment (`#...`)"),
        ("https://*.example.com/cb", "it contains a wildcard `*`"),
        ("https://user@app.example.com/cb", "it contains user information"),
        ("'https://app.example.com/cb '", "it contains whitespace"),
        ("https:///cb", "it is an https URI without a host"),
    ],
)
def test_ns102_invalid(uri: str, reason: str) -> None:
    assert policy(spec_with_uri(uri)) == [("NS102", 5, 7, 5, 7 + len(uri))]
    assert reason in messages(spec_with_uri(uri), "NS102")[0][1]


def test_ns103_missing_redirect_uri() -> None:
    text = "name: a\noauth2:\n  authorization_code_grant: true\n  scopes: [restlets]\n"
    assert policy(text) == [("NS103", 3, 29, 3, 33)]
    assert policy(text.replace("  scopes", "  redirect_uris: []\n  scopes")) == [
        ("NS103", 3, 29, 3, 33)
    ]


def test_ns104_duplicate_including_alias() -> None:
    text = (
        "name: a\noauth2:\n  authorization_code_grant: true\n  redirect_uris:\n"
        "    - &u https://app.example.com/cb\n    - *u\n  scopes: [restlets]\n"
    )
    assert policy(text) == [("NS104", 6, 7, 6, 9)]
    assert messages(text, "NS104") == [
        (
            "NS104",
            'Redirect URI "https://app.example.com/cb" is already listed on line 5; '
            "remove the repeated entry",
        )
    ]


def test_ns104_flow_list() -> None:
    text = (
        "name: a\noauth2:\n  authorization_code_grant: true\n"
        "  redirect_uris: [https://a.example.com/cb, https://a.example.com/cb]\n"
        "  scopes: [restlets]\n"
    )
    assert policy(text) == [("NS104", 4, 45, 4, 69)]


def test_ns105_private_scheme() -> None:
    assert policy(spec_with_uri("myapp://cb")) == [("NS105", 5, 7, 5, 17)]
    assert policy(spec_with_uri("com.example.myapp:/cb")) == []


def test_ns106_uris_without_code_grant() -> None:
    text = (
        "name: a\noauth2:\n  client_credentials_grant: true\n"
        "  redirect_uris: [https://a.example.com/cb]\n  scopes: [restlets]\n"
    )
    assert policy(text) == [("NS106", 4, 3, 4, 16)]


# -- token lifetimes ---------------------------------------------------------------------


def hours_spec(validity: str, rotation: str = "720") -> str:
    return (
        "name: a\noauth2:\n  authorization_code_grant: true\n"
        f"  refresh_token_validity_hours: {validity}\n  max_token_rotation_hours: {rotation}\n"
        "  redirect_uris: [https://a.example.com/cb]\n  scopes: [restlets]\n"
    )


@pytest.mark.parametrize("value", ["1", "720", "48"])
def test_ns201_in_range(value: str) -> None:
    assert policy(hours_spec(value)) == []


@pytest.mark.parametrize("value", ["0", "-1", "721"])
def test_ns201_out_of_range(value: str) -> None:
    assert findings(hours_spec(value), "NS201") == [("NS201", 4, 33, 4, 33 + len(value))]
    assert messages(hours_spec(value), "NS201") == [
        (
            "NS201",
            f"Refresh Token Validity (In Hours) is {value}; it must be from 1 to 720 hours",
        )
    ]


def test_ns201_float_is_left_to_the_schema() -> None:
    assert findings(hours_spec("48.5"), "NS") == [("NS003", 4, 33, 4, 37)]


@pytest.mark.parametrize(("value", "reported"), [("0", True), ("1", False), ("721", True)])
def test_ns202(value: str, reported: bool) -> None:
    expected = [("NS202", 5, 29, 5, 29 + len(value))] if reported else []
    assert findings(hours_spec("1", value), "NS202") == expected


def test_ns201_options_tighten_the_range() -> None:
    rule = all_rules()["NS201"]
    assert rule.check is not None
    from nslint import parse, source

    doc = parse.load(source.Source(hours_spec("48"))).documents[0]
    context = engine.Context(Release(2026, 2), "spec.yaml")
    found = list(rule.check(doc, {"min": 1, "max": 24}, context))
    assert [(f.code, f.span.line, f.message) for f in found] == [
        ("NS201", 4, "Refresh Token Validity (In Hours) is 48; it must be from 1 to 24 hours")
    ]


def test_ns203_rotation_below_validity() -> None:
    assert policy(hours_spec("240", "72")) == [("NS203", 5, 29, 5, 31)]
    default_rotation = (
        "name: a\nuser_credentials: true\noauth2:\n  refresh_token_validity_hours: 200\n"
    )
    # Without the authorization code grant the hours have no effect (NS205), too.
    assert policy(default_rotation) == [("NS205", 4, 3, 4, 31), ("NS203", 4, 33, 4, 36)]
    assert "168 hours, NetSuite's default" in messages(default_rotation, "NS203")[0][1]
    assert policy(hours_spec("168", "168")) == []


def test_no_oauth2_at_all() -> None:
    assert policy("name: a\nuser_credentials: true\n") == []


# -- clients ---------------------------------------------------------------------------


def test_ns301_ns302_ns303() -> None:
    text = (
        "name: a\noauth2:\n  public_client: true\n  client_credentials_grant: true\n"
        "  scopes: [restlets]\n"
    )
    assert policy(text) == [
        ("NS301", 3, 18, 3, 22),
        ("NS303", 3, 18, 3, 22),
        ("NS302", 4, 29, 4, 33),
    ]


# -- TBA -----------------------------------------------------------------------------------

TBA_NEW = "name: a\ntoken_based_authentication:\n  enabled: true\n"
TBA_EXISTING = "name: a\napplication_id: X1\ntoken_based_authentication:\n  enabled: true\n"


@pytest.mark.parametrize(
    ("release", "new_codes", "existing_codes"),
    [
        ("2026.2", ["NS401"], ["NS401"]),
        ("2027.1", ["NS402"], ["NS401"]),
        ("2027.2", ["NS402"], ["NS401"]),
    ],
)
def test_ns401_ns402_by_release(
    release: str, new_codes: list[str], existing_codes: list[str]
) -> None:
    settings = engine.Settings(release=Release.parse(release))
    for text, expected in ((TBA_NEW, new_codes), (TBA_EXISTING, existing_codes)):
        result = engine.check("s.yaml", settings, data=text)
        assert [d.code for d in result.diagnostics if d.code.startswith("NS4")] == expected


def test_ns402_location_and_cli_release() -> None:
    result = CliRunner().invoke(
        main, ["check", "--format", "json", "--release", "2027.1", "-"], input=TBA_NEW
    )
    assert result.exit_code == 1
    (finding,) = json.loads(result.output)
    assert (finding["code"], finding["line"], finding["column"]) == ("NS402", 3, 12)


def test_ns403_ns404() -> None:
    text = (
        "name: a\ntoken_based_authentication:\n"
        "  authorization_flow: true\n  issuetoken_endpoint: true\n"
    )
    assert policy(text) == [
        ("NS601", 1, 1, 1, 5),
        ("NS403", 3, 23, 3, 27),
        ("NS404", 3, 23, 3, 27),
        ("NS404", 4, 24, 4, 28),
    ]


# -- whole record ------------------------------------------------------------------------


def test_ns601_ns602_ns604() -> None:
    assert policy("name: a\n") == [("NS601", 1, 1, 1, 5)]
    text = "name: a\noauth2:\n  client_credentials_grant: true\n  dcr_client_name: x\n"
    assert policy(text) == [("NS602", 2, 1, 2, 7), ("NS604", 4, 3, 4, 18)]


def test_second_document_is_checked_on_its_own() -> None:
    text = "name: a\nuser_credentials: true\n---\nname: b\n"
    assert policy(text) == [("NS601", 4, 1, 4, 5)]


# -- NS501: never any part of the secret in any output --------------------------------------

SECRET = "9f2c" + "ab" * 28 + "77e1"


@pytest.mark.parametrize("output_format", ["text", "concise", "json"])
def test_ns501_never_shows_the_secret(output_format: str) -> None:
    text = f"name: {SECRET}\nuser_credentials: true\nnote: x\nclient_secret: hunter2-pass\n"
    result = CliRunner().invoke(
        main, ["check", "--format", output_format, "--color", "never", "-"], input=text
    )
    assert result.exit_code == 1
    assert SECRET[:8] not in result.output
    assert SECRET[-8:] not in result.output
    assert "hunter2" not in result.output
    assert result.output.count("NS501") == 2


def test_ns501_positions_and_masked_snippet() -> None:
    text = f"name: a\nuser_credentials: true\nnote: {SECRET}\n"
    assert findings(text, "NS501") == [("NS501", 3, 7, 3, 71)]
    result = CliRunner().invoke(main, ["check", "--color", "never", "-"], input=text)
    assert "3 | note: " + "*" * 64 + "\n  |       ^" + "~" * 63 in result.output


def test_ns501_pem_private_key() -> None:
    text = (
        "name: a\nuser_credentials: true\nnote: |\n  -----BEGIN PRIVATE KEY-----\n"
        "  MIIEv\n  -----END PRIVATE KEY-----\n"
    )
    assert [f[0:3] for f in findings(text, "NS501")] == [("NS501", 3, 7)]


def test_examples_show_every_rule_firing() -> None:
    from tests.conftest import REPO

    examples = str(REPO / "examples")
    sdf_project = str(REPO / "examples" / "sdf-project")
    seen: set[str] = set()
    for release in ("2025.1", "2026.2", "2027.1"):
        result = CliRunner().invoke(
            main,
            [
                "check",
                "--format",
                "json",
                "--release",
                release,
                "--sdf-project",
                sdf_project,
                examples,
            ],
        )
        seen |= {finding["code"] for finding in json.loads(result.output)}
    # NS009 needs a rule that fails: tests/test_plugins.py makes one.
    assert seen == set(all_rules()) - {"NS009"}


# -- every rule names its source ----------------------------------------------------------


def test_every_built_in_rule_has_a_source_and_rules_json_shows_it() -> None:
    rules = all_rules()
    assert [code for code, rule in rules.items() if not rule.source] == []
    listed = json.loads(nslint("rules", "--isolated", "--format", "json").out)
    assert {r["code"]: r["source"] for r in listed} == {c: r.source for c, r in rules.items()}
    assert rules["NS002"].source == (
        'YAML 1.2.2, 3.2.1.1 "Nodes": "the content of a mapping node is an unordered set of '
        'key/value node pairs, with the restriction that each of the keys is unique".'
    )


def test_a_rule_without_a_source_section_has_an_empty_source() -> None:
    from nslint.rule import Rule, Severity

    doc = "## What it does\nx\n\n## Source\n  RFC 1,\n  section 2.\n\n## Notes\ny\n"
    assert Rule("X1", "x", Severity.ERROR, "s", doc).source == "RFC 1, section 2."
    assert Rule("X1", "x", Severity.ERROR, "s", "## What it does\nx\n").source == ""
