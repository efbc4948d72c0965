"""Organisation rule packs: the five example policies, and broken packs."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from nslint.resources import load_json
from tests.conftest import REPO, Run, nslint

POLICIES = REPO / "examples" / "policies"


def check(pack: str, text: str, *args: str) -> Run:
    """Check ``text`` (as spec.yaml in the current directory) with one example pack."""
    Path("spec.yaml").write_text(text)
    return nslint(
        "check", "--isolated", "--format", "json", "--select", "ORG",
        "--rule-pack", str(POLICIES / pack), *args, "spec.yaml",
    )  # fmt: skip


def found(run: Run) -> list[tuple[str, int, int, int, int, str]]:
    assert run.code in (0, 1), run.err
    return [
        (d["code"], d["line"], d["column"], d["end_line"], d["end_column"], d["message"])
        for d in json.loads(run.out)
    ]


def test_the_pack_schema_is_valid_and_every_example_matches_it() -> None:
    schema = load_json("schemas", "rule-pack.schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    import yaml

    for pack in [*POLICIES.glob("*.yaml"), REPO / "rules" / "netsuite.yaml"]:
        jsonschema.validate(yaml.safe_load(pack.read_text()), schema)


# -- the five example policies -------------------------------------------------------------

REDIRECT = "name: a\noauth2:\n  authorization_code_grant: true\n  redirect_uris:\n{uris}"


@pytest.mark.parametrize(
    "uri",
    [
        "https://crm.example.com/oauth/cb",
        "https://a.b.example.com:8443/cb",
        "https://x.example.com",
    ],
)
def test_redirect_uri_on_our_domain_passes(project: Path, uri: str) -> None:
    assert found(check("redirect-uri-domain.yaml", REDIRECT.format(uris=f"    - {uri}\n"))) == []


@pytest.mark.parametrize(
    "uri",
    [
        "http://crm.example.com/cb",
        "https://example.com/cb",
        "https://crm.example.com.evil.test/cb",
        "https://crm.example.com@evil.test/cb",
        "https://evil.test/crm.example.com",
        "myapp://cb",
    ],
)
def test_redirect_uri_off_our_domain_fails(project: Path, uri: str) -> None:
    text = REDIRECT.format(uris=f"    - https://ok.example.com/cb\n    - {uri}\n")
    assert found(check("redirect-uri-domain.yaml", text)) == [
        (
            "ORG001",
            6,
            7,
            6,
            7 + len(uri),
            f'Redirect URI "{uri}" is not on our domain: use an https:// URI on a host under '
            "example.com (such as https://crm.example.com/oauth/cb)".replace(
                "oauth/cb", "oauth/callback"
            ),
        )
    ]


def test_public_clients_are_forbidden(project: Path) -> None:
    confidential = "name: a\noauth2:\n  public_client: false\n"
    assert found(check("no-public-clients.yaml", confidential)) == []
    assert found(check("no-public-clients.yaml", "name: a\noauth2: {}\n")) == []
    public = "name: a\noauth2:\n  public_client: true\n"
    assert found(check("no-public-clients.yaml", public)) == [
        (
            "ORG002",
            3,
            18,
            3,
            22,
            "Public Client is checked, but our policy allows confidential clients only: clear "
            "Public Client and keep the client secret on a server",
        )
    ]


PRODUCTION = "name: a\noauth2:\n  scopes: [restlets]\n{hours}accounts:\n{accounts}"


@pytest.mark.parametrize(
    ("hours", "accounts"),
    [
        ("  refresh_token_validity_hours: 24\n", '  "1234567": {state: enabled}\n'),
        ("  refresh_token_validity_hours: 200\n", "  1234567_SB1: {}\n  1234567_SB2: {}\n"),
        ("", "  1234567_SB1: {}\n"),
    ],
)
def test_production_refresh_tokens_pass(project: Path, hours: str, accounts: str) -> None:
    text = PRODUCTION.format(hours=hours, accounts=accounts)
    assert found(check("production-refresh-token.yaml", text)) == []


def test_production_refresh_tokens_over_24_hours_fail(project: Path) -> None:
    text = PRODUCTION.format(
        hours="  refresh_token_validity_hours: 48\n",
        accounts="  1234567_SB1: {}\n  TSTDRV1234567: {state: enabled}\n",
    )
    assert found(check("production-refresh-token.yaml", text)) == [
        (
            "ORG003",
            4,
            33,
            4,
            35,
            "Refresh Token Validity (In Hours) is 48, but this record is used in a production "
            "account: set it to at most 24 hours",
        )
    ]


def test_production_refresh_tokens_missing_fail_at_oauth2(project: Path) -> None:
    text = PRODUCTION.format(hours="", accounts='  "1234567": {}\n')
    assert found(check("production-refresh-token.yaml", text)) == [
        (
            "ORG003",
            2,
            1,
            2,
            7,
            "Refresh Token Validity (In Hours) is missing, but this record is used in a "
            "production account: set it to at most 24 hours",
        )
    ]


def test_production_refresh_token_limit_is_an_option(project: Path) -> None:
    text = PRODUCTION.format(
        hours="  refresh_token_validity_hours: 48\n", accounts='  "1234567": {}\n'
    )
    run = check("production-refresh-token.yaml", text, "--rule-option", "ORG003.max=72")
    assert found(run) == []


AI = "name: a\noauth2:\n  scopes: [{scope}]\n{policy}"


@pytest.mark.parametrize(
    ("scope", "policy"),
    [
        ("mcp", "  consent_policy: always_ask\n"),
        ("mcp", ""),
        ("restlets", "  consent_policy: never_ask\n"),
    ],
)
def test_ai_connector_consent_passes(project: Path, scope: str, policy: str) -> None:
    assert found(check("ai-connector-consent.yaml", AI.format(scope=scope, policy=policy))) == []


def test_ai_connector_consent_fails_for_the_record_and_for_accounts(project: Path) -> None:
    text = AI.format(
        scope="mcp",
        policy=(
            "  consent_policy: ask_first_time\naccounts:\n  '123': {consent_policy: never_ask}\n"
        ),
    )
    message = (
        "Consent Policy is {value} at `{path}`, but the NetSuite AI Connector Service scope is "
        "requested: set it to always_ask"
    )
    assert found(check("ai-connector-consent.yaml", text)) == [
        (
            "ORG004",
            4,
            19,
            4,
            33,
            message.format(value='"ask_first_time"', path="oauth2.consent_policy"),
        ),
        (
            "ORG004",
            6,
            27,
            6,
            36,
            message.format(value='"never_ask"', path="accounts.123.consent_policy"),
        ),
    ]


def test_description_required(project: Path) -> None:
    good = "name: a\ndescription: Syncs orders; owned by Sales Ops.\n"
    assert found(check("description-required.yaml", good)) == []
    message = "Description is {}: say what the integration is for and who owns it"
    assert found(check("description-required.yaml", "name: a\n")) == [
        ("ORG005", 1, 1, 1, 5, message.format("missing"))
    ]
    assert found(check("description-required.yaml", "name: a\ndescription: '  '\n")) == [
        ("ORG005", 2, 14, 2, 18, message.format('"  "'))
    ]


# -- pack rules are like built-in ones -----------------------------------------------------


def test_pack_rules_are_suppressible_and_severity_overridable(project: Path) -> None:
    text = "name: a\noauth2:\n  public_client: true  # nslint: disable=ORG002 kiosk app\n"
    assert found(check("no-public-clients.yaml", text)) == []
    run = check("no-public-clients.yaml", "name: a\noauth2:\n  public_client: true\n",
                "--severity", "ORG002=notice")  # fmt: skip
    assert (run.code, [d["severity"] for d in json.loads(run.out)]) == (0, ["notice"])


def test_pack_rules_appear_in_rules_and_explain(project: Path) -> None:
    pack = str(POLICIES / "no-public-clients.yaml")
    rules = json.loads(nslint("rules", "--format", "json", "--rule-pack", pack).out)
    (org,) = [r for r in rules if r["code"] == "ORG002"]
    assert org == {
        "code": "ORG002",
        "name": "no-public-clients",
        "severity": "error",
        "default_severity": "error",
        "enabled": True,
        "summary": "The integration is a public OAuth 2.0 client, which our policy forbids.",
        "options": {},
        "origin": pack,
        "source": 'Our security standard, section "OAuth 2.0 clients"; RFC 6749, section 2.1.',
    }
    run = nslint("explain", "ORG002", "--rule-pack", pack)
    assert run.code == 0
    assert run.out.startswith(
        f"# ORG002 no-public-clients\n\nDefault severity: error\nFrom: {pack}\n"
    )
    assert "## Why is this bad?" in run.out
    assert nslint("explain", "no-public-clients", "--rule-pack", pack).out == run.out


# -- broken packs: usage errors naming the pack, the rule and the line ------------------------

RULE = """\
rules:
  - id: ORG010
    name: my-rule
    severity: error
    select: {select}
    assert: {assertion}
    message: {message}
"""


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        (
            {"select": "oauth2..scopes"},
            "5:13: rule ORG010: bad selector 'oauth2..scopes' at character 8",
        ),
        (
            {"select": "'oauth2.scopes[x]'"},
            "5:13: rule ORG010: bad selector 'oauth2.scopes[x]' at character 14",
        ),
        (
            {"assertion": "{type: strng}"},
            '6:20: rule ORG010: invalid JSON Schema in `assert`: "strng" is not valid ',
        ),
        (
            {"assertion": "{pattern: '(['}"},
            '6:23: rule ORG010: invalid JSON Schema in `assert`: "([" is not a "regex"',
        ),
        (
            {"assertion": "{maximum: {$option: max}}"},
            "6:23: rule ORG010: `{$option: max}` names no option of this rule",
        ),
        (
            {"message": "'{value} is bad at {where}'"},
            "7:14: rule ORG010: the message uses unknown fields ['where']",
        ),
        (
            {"assertion": "{$ref: 'https://example.com/schema.json'}"},
            "6:13: rule ORG010: invalid JSON Schema in `assert`: Resource "
            "'https://example.com/schema.json' is not present in a registry and retrieving it "
            "failed: Retrieval is disabled, cannot fetch https://example.com/schema.json",
        ),
    ],
)
def test_a_broken_pack_is_a_usage_error_naming_pack_rule_and_line(
    project: Path, fields: dict[str, str], error: str
) -> None:
    values = {"select": "oauth2.scopes", "assertion": "{maxItems: 3}", "message": "too many"}
    Path("pack.yaml").write_text(RULE.format(**{**values, **fields}))
    Path("spec.yaml").write_text("name: a\n")
    run = nslint("check", "--rule-pack", "pack.yaml", "spec.yaml")
    assert run.code == 2
    assert run.out == ""
    assert run.err.startswith(f"nslint: error: pack.yaml:{error}"), run.err


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            RULE.format(select="a", assertion="{}", message="m").replace("ORG010", "NS999"),
            "pack.yaml:2:9: rule NS999: the NS prefix is nslint's own; give the rule your "
            "organisation's",
        ),
        (
            RULE.format(select="a", assertion="{}", message="m").replace(
                "severity: error", "severity: fatal"
            ),
            "pack.yaml:4:15: `rules[0].severity` must be one of `error`, `warning`, `notice`, "
            'not "fatal"',
        ),
        (
            RULE.format(select="a", assertion="{}", message="m").replace("    message: m\n", ""),
            "pack.yaml:2:5: `rules[0]` has no `message`, which is required there",
        ),
        (
            RULE.format(select="a", assertion="{}", message="m") + "    selct: b\n",
            "pack.yaml:8:5: unknown key `selct` in `rules[0]`; did you mean `select`?",
        ),
        (
            RULE.format(select="a", assertion="{}", message="m")
            + RULE.format(select="b", assertion="{}", message="m").replace("rules:\n", ""),
            "pack.yaml:8:9: two rules have the id ORG010",
        ),
        (
            RULE.format(select="a", assertion="{}", message="m")
            + "    options:\n      max: {type: integer, default: high}\n",
            "pack.yaml:9:37: rule ORG010: the default of option `max` breaks its schema",
        ),
        (
            "rules: [\n",
            "pack.yaml:2:1: YAML syntax error: the file ends where a value is expected: close "
            "the `[` or `{` left open, or write the value",
        ),
        (
            RULE.format(select="a", assertion="{}", message="m").replace("ORG010", "SEC020")
            + "---\nrules: []\n",
            "pack.yaml: a rule pack is one YAML document, not 2",
        ),
    ],
)
def test_a_pack_that_breaks_its_schema_is_located(project: Path, text: str, error: str) -> None:
    Path("pack.yaml").write_text(text)
    run = nslint("rules", "--rule-pack", "pack.yaml")
    assert run.code == 2
    assert run.err.splitlines()[0].startswith(f"nslint: error: {error}"), run.err


def test_two_packs_may_not_share_a_code(project: Path) -> None:
    Path("pack.yaml").write_text((POLICIES / "no-public-clients.yaml").read_text())
    Path("copy.yaml").write_text((POLICIES / "no-public-clients.yaml").read_text())
    run = nslint("rules", "--rule-pack", "pack.yaml", "--rule-pack", "copy.yaml")
    assert (run.code, run.err) == (
        2,
        "nslint: error: copy.yaml: rule ORG002 has the code of a rule from pack.yaml\n",
    )


def test_a_pack_named_twice_is_loaded_once(project: Path) -> None:
    Path("pack.yaml").write_text((POLICIES / "no-public-clients.yaml").read_text())
    run = nslint(
        "rules", "--rule-pack", "pack.yaml", "--rule-pack", str(Path("pack.yaml").resolve())
    )
    assert run.code == 0
    assert run.out.count("ORG002") == 1


def test_a_pack_rule_may_not_take_a_built_in_code(project: Path) -> None:
    text = RULE.format(select="a", assertion="{}", message="m").replace("ORG010", "NS301")
    Path("pack.yaml").write_text(text)
    run = nslint("rules", "--rule-pack", "pack.yaml")
    assert run.code == 2
    assert run.err.startswith("nslint: error: pack.yaml:2:9: rule NS301: the NS prefix")


@pytest.mark.parametrize(
    ("select", "error"),
    [
        ("'[0]'", "bad selector '[0]': [0] must follow a key, as in oauth2.redirect_uris[*]"),
        ("'a.[0]'", "bad selector 'a.[0]': [0] must follow a key"),
    ],
)
def test_selector_errors_say_what_is_wrong(project: Path, select: str, error: str) -> None:
    Path("pack.yaml").write_text(RULE.format(select=select, assertion="{}", message="m"))
    run = nslint("rules", "--rule-pack", "pack.yaml")
    assert run.code == 2
    assert run.err.startswith(f"nslint: error: pack.yaml:5:13: rule ORG010: {error}")


def test_a_jsonpath_style_selector_is_accepted(project: Path) -> None:
    Path("pack.yaml").write_text(
        RULE.format(select="$.name", assertion="{maxLength: 3}", message="'{value} is long'")
    )
    Path("spec.yaml").write_text("name: Longer\nuser_credentials: true\n")
    run = nslint("check", "--format", "concise", "--select", "ORG", "--rule-pack", "pack.yaml")
    assert run.out == 'spec.yaml:1:7: error ORG010 "Longer" is long\n'


@pytest.mark.parametrize(
    ("extra", "error"),
    [
        (
            "    options:\n      value: {default: 1}\n",
            "pack.yaml:9:7: `value` is not a valid key in `rules[0].options` (a lower-case "
            "name; value, path and key are taken by message fields)",
        ),
    ],
)
def test_option_names_may_not_shadow_message_fields(project: Path, extra: str, error: str) -> None:
    Path("pack.yaml").write_text(RULE.format(select="a", assertion="{}", message="m") + extra)
    run = nslint("rules", "--rule-pack", "pack.yaml")
    assert run.code == 2
    assert run.err.startswith(f"nslint: error: {error}"), run.err


def test_an_option_reference_must_be_a_name(project: Path) -> None:
    text = RULE.format(select="a", assertion="{properties: {$option: {type: string}}}", message="m")
    Path("pack.yaml").write_text(text)
    run = nslint("rules", "--rule-pack", "pack.yaml")
    assert (run.code, run.err) == (
        2,
        "nslint: error: pack.yaml:6:26: rule ORG010: `{$option: a mapping}` names no option "
        "of this rule\n",
    )
