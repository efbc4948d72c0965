"""Issue 13, parts 1 and 5: NetSuite's own scope values, and the form field by field."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest

from nslint import schema
from tests.conftest import REPO, findings, messages, nslint

ARGS = ("check", "--isolated", "--no-cache", "--format", "concise")
ALLOWED = "`restlets`, `rest_webservices`, `suite_analytics`, `mcp`"

CLEAN = f"""\
name: {"Acme CRM connector for the field sales team and the EMEA order desk " * 2}
description: {"Synchronises orders. " * 30}
oauth2:
  authorization_code_grant: true
  redirect_uris: [https://crm.example.com/oauth/callback]
  consent_policy: always_ask
  scopes: [restlets, rest_webservices, suite_analytics]
  application_logo: acme-logo.png
  application_terms_of_use: acme-terms-of-use.pdf
  application_privacy_policy: acme-privacy-policy.pdf
---
name: Acme AI assistant
oauth2:
  authorization_code_grant: true
  redirect_uris: [https://ai.example.com/oauth/callback]
  consent_policy: always_ask
  scopes: [mcp]
"""


def test_a_clean_spec_with_netsuites_own_scope_values_has_no_finding(project: Path) -> None:
    """Names over 60 and descriptions over 500 characters pass: no source sets a limit."""
    (project / "spec.yaml").write_text(CLEAN)
    assert len(CLEAN.splitlines()[0]) > 60 + len("name: ")
    assert len(CLEAN.splitlines()[1]) > 500 + len("description: ")
    run = nslint(*ARGS, "spec.yaml")
    assert (run.code, run.out, run.err) == (0, "", "")


def test_the_schema_lists_netsuites_values_each_with_the_forms_label() -> None:
    items = schema.integration_schema()["properties"]["oauth2"]["properties"]["scopes"]["items"]
    assert items == {
        "anyOf": [
            {
                "const": "restlets",
                "title": "RESTlets",
                "description": "RESTlets: the application may call RESTlets.",
            },
            {
                "const": "rest_webservices",
                "title": "REST Web Services",
                "description": "REST Web Services: the application may call REST web services.",
            },
            {
                "const": "suite_analytics",
                "title": "SuiteAnalytics Connect",
                "description": (
                    "SuiteAnalytics Connect: the application may use SuiteAnalytics Connect."
                ),
            },
            {
                "const": "mcp",
                "title": "NetSuite AI Connector Service",
                "description": (
                    "NetSuite AI Connector Service: the application (an AI client) may use the "
                    "NetSuite AI Connector Service; requested on its own, with the authorization "
                    "code grant and PKCE."
                ),
            },
        ]
    }


OTHER_WORDS = [
    ("rest_web_services", "rest_webservices", "REST Web Services"),
    ("REST Web Services", "rest_webservices", "REST Web Services"),
    ("rest-webservices", "rest_webservices", "REST Web Services"),
    ("suiteanalytics_connect", "suite_analytics", "SuiteAnalytics Connect"),
    ("SuiteAnalytics Connect", "suite_analytics", "SuiteAnalytics Connect"),
    ("SUITE_ANALYTICS", "suite_analytics", "SuiteAnalytics Connect"),
    ("netsuite_ai_connector_service", "mcp", "NetSuite AI Connector Service"),
    ("NetSuite AI Connector Service", "mcp", "NetSuite AI Connector Service"),
    ("MCP", "mcp", "NetSuite AI Connector Service"),
    ("RESTlets", "restlets", "RESTlets"),
]
TYPO = ("restlet", "restlets", "RESTlets")  # a close match: suggested, never rewritten


@pytest.mark.parametrize(("written", "right", "label"), [*OTHER_WORDS, TYPO])
def test_a_label_or_an_old_name_gets_ns003_naming_the_right_value(
    written: str, right: str, label: str
) -> None:
    text = f"name: a\noauth2:\n  scopes:\n    - {written}\n"
    assert findings(text) == [("NS003", 4, 7, 4, 7 + len(written))]
    assert messages(text) == [
        (
            "NS003",
            f'`oauth2.scopes[0]` must be one of {ALLOWED}, not "{written}"; '
            f"did you mean `{right}` ({label})?",
        )
    ]


def test_a_scope_that_names_nothing_gets_no_suggestion() -> None:
    text = "name: a\noauth2: {scopes: [soap]}\n"
    assert findings(text) == [("NS003", 2, 19, 2, 23)]
    assert messages(text) == [("NS003", f'`oauth2.scopes[0]` must be one of {ALLOWED}, not "soap"')]


def test_an_enum_value_written_as_its_label_is_named_too() -> None:
    assert messages("name: a\noauth2: {consent_policy: Ask First Time}\n") == [
        (
            "NS003",
            "`oauth2.consent_policy` must be one of `always_ask`, `ask_first_time`, "
            '`never_ask`, not "Ask First Time"; did you mean `ask_first_time`?',
        )
    ]


SPEC = """\
name: a   # the record
oauth2:
  authorization_code_grant: true
  redirect_uris: [https://a.example.com/cb]
  scopes:
    - {scope}   # the scope
"""


@pytest.mark.parametrize(("written", "right", "label"), OTHER_WORDS)
def test_unsafe_fixes_rewrite_each_old_name_and_label(
    project: Path, written: str, right: str, label: str
) -> None:
    spec = project / "spec.yaml"
    before = SPEC.format(scope=written).encode()
    spec.write_bytes(before)
    safe = nslint(*ARGS, "--fix", "spec.yaml")
    assert safe.code == 1
    assert spec.read_bytes() == before  # the safe fixes leave it
    run = nslint(*ARGS, "--fix", "--unsafe-fixes", "spec.yaml")
    assert (run.code, run.out) == (0, "")
    assert spec.read_bytes() == SPEC.format(scope=right).encode()
    again = nslint(*ARGS, "spec.yaml")
    assert (again.code, again.out) == (0, "")


def test_unsafe_fixes_keep_quotes_anchors_and_flow_lists(project: Path) -> None:
    spec = project / "spec.yaml"
    spec.write_bytes(
        b"name: a\noauth2:\n  client_credentials_grant: true\n"
        b"  scopes: [&s 'RESTlets', \"REST Web Services\", suiteanalytics_connect]\r\n"
    )
    run = nslint(*ARGS, "--fix", "--unsafe-fixes", "spec.yaml")
    assert (run.code, run.out) == (0, "")
    assert spec.read_bytes() == (
        b"name: a\noauth2:\n  client_credentials_grant: true\n"
        b"  scopes: [&s restlets, rest_webservices, suite_analytics]\r\n"
    )


def test_no_fix_where_the_text_is_not_the_value_or_not_a_scope(project: Path) -> None:
    spec = project / "spec.yaml"
    before = (
        b"name: a\noauth2:\n  client_credentials_grant: true\n"
        b"  consent_policy: REST Web Services\n"  # a scope's label, but not a scope
        b'  scopes: ["REST\\x20Web Services", restlet]\n'  # an escape; a mere typo
    )
    spec.write_bytes(before)
    run = nslint(*ARGS, "--fix", "--unsafe-fixes", "spec.yaml")
    assert run.code == 1
    assert run.out == (
        "spec.yaml:4:19: error NS003 `oauth2.consent_policy` must be one of `always_ask`, "
        '`ask_first_time`, `never_ask`, not "REST Web Services"\n'
        f'spec.yaml:5:12: error NS003 `oauth2.scopes[0]` must be one of {ALLOWED}, not "REST '
        'Web Services"; did you mean `rest_webservices` (REST Web Services)?\n'
        f"spec.yaml:5:36: error NS003 `oauth2.scopes[1]` must be one of {ALLOWED}, not "
        '"restlet"; did you mean `restlets` (RESTlets)?\n'
    )
    assert spec.read_bytes() == before


def test_diff_shows_the_scope_fix_without_writing(project: Path) -> None:
    spec = project / "spec.yaml"
    before = SPEC.format(scope="rest_web_services").encode()
    spec.write_bytes(before)
    run = nslint(*ARGS, "--diff", "--unsafe-fixes", "spec.yaml")
    assert "-    - rest_web_services   # the scope\n+    - rest_webservices   # the scope\n" in (
        run.out
    )
    assert spec.read_bytes() == before


def test_mcp_with_other_scopes_is_ns603() -> None:
    text = (
        "name: a\noauth2:\n  authorization_code_grant: true\n"
        "  redirect_uris: [https://a.example.com/cb]\n  scopes: [restlets, mcp]\n"
    )
    assert findings(text, "NS6") == [("NS603", 5, 11, 5, 26)]
    assert messages(text, "NS6") == [
        (
            "NS603",
            "Scope lists `mcp` (NetSuite AI Connector Service) with other scopes, but "
            "NetSuite accepts the mcp scope only on its own; keep `mcp` alone on this record "
            "and put the other scopes on a separate integration record",
        )
    ]
    assert findings(text.replace("[restlets, mcp]", "[mcp]"), "NS6") == []
    assert findings(text.replace("[restlets, mcp]", "[restlets, rest_webservices]"), "NS6") == []


def test_ns603_is_a_warning_that_names_its_source() -> None:
    run = nslint("explain", "NS603", "--isolated")
    assert run.code == 0
    assert "Default severity: warning" in run.out
    assert "section_158081944642" in run.out
    assert '"can only be used on its\nown"' in run.out


@pytest.mark.parametrize(
    "key", ["application_logo", "application_terms_of_use", "application_privacy_policy"]
)
def test_consent_screen_fields_hold_a_file_name(key: str) -> None:
    assert findings(f"name: a\noauth2: {{{key}: acme.pdf}}\n") == []
    assert messages(f'name: a\noauth2: {{{key}: ""}}\n') == [
        ("NS003", f"`oauth2.{key}` must not be empty")
    ]
    assert messages(f"name: a\noauth2: {{{key}: 1}}\n") == [
        ("NS003", f"`oauth2.{key}` must be a string, not an integer (1)")
    ]
    described = schema.integration_schema()["properties"]["oauth2"]["properties"][key]
    assert "third-party" in described["description"]
    assert "record the file's name" in described["description"]


def test_no_length_limit_on_name_or_description() -> None:
    spec = schema.integration_schema()["properties"]
    assert "maxLength" not in spec["name"]
    assert "maxLength" not in spec["description"]
    assert findings(f"name: {'n' * 1000}\ndescription: {'d' * 5000}\n") == []


def test_third_party_hour_ranges_and_defaults_say_so() -> None:
    oauth2 = schema.integration_schema()["properties"]["oauth2"]["properties"]
    for key, default in (("refresh_token_validity_hours", 48), ("max_token_rotation_hours", 168)):
        assert oauth2[key]["default"] == default
        assert "third-party pages only" in oauth2[key]["description"]
    for code in ("NS201", "NS202"):
        assert "third party only" in nslint("explain", code, "--isolated").out.lower()


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        (
            "name: a\noauth2: {refresh_token_validity_hours: 0}\n",
            "NS201",
            "Refresh Token Validity (In Hours) is 0; it must be from 1 to 720 hours",
        ),
        (
            "name: a\noauth2: {max_token_rotation_hours: 721}\n",
            "NS202",
            "Maximum Time For Token Rotation (In Hours) is 721; it must be from 1 to 720 hours",
        ),
        (
            "name: a\noauth2: {public_client: true, client_credentials_grant: true}\n",
            "NS302",
            "Client Credentials (Machine to Machine) Grant is enabled on a public client; the "
            "grant is only for confidential clients: clear Public Client or the grant",
        ),
        (
            "name: a\noauth2: {client_credentials_grant: true, dcr_client_name: x}\n",
            "NS604",
            "Dynamic Client Registration Client Name is set while Dynamic Client Registration "
            "is not enabled, so it has no effect; enable DCR or remove the name",
        ),
    ],
)
def test_messages_use_the_forms_words(text: str, code: str, message: str) -> None:
    assert (code, message) in messages(text, code)


def test_ns203_names_the_rotation_field_as_the_form_does() -> None:
    text = (
        "name: a\noauth2:\n  authorization_code_grant: true\n"
        "  redirect_uris: [https://a.example.com/cb]\n  scopes: [restlets]\n"
        "  refresh_token_validity_hours: 240\n  max_token_rotation_hours: 72\n"
    )
    assert next(m for _, m in messages(text, "NS203")).startswith(
        "Maximum Time For Token Rotation (72 hours) is shorter than Refresh Token Validity "
        "(240 hours)"
    )


def test_the_benchmark_corpus_uses_netsuites_scope_values() -> None:
    location = REPO / "bench" / "generate.py"
    loaded = importlib.util.spec_from_file_location("bench_generate", location)
    assert loaded is not None
    assert loaded.loader is not None
    generate = importlib.util.module_from_spec(loaded)
    loaded.loader.exec_module(generate)
    assert set(generate.SCOPES) <= set(schema.scope_choices())
    rng = random.Random(2027)
    for number in range(200):
        text = generate.spec(rng, number)
        scope_findings = [m for _, m in messages(text, "NS003") if "scopes" in m]
        assert scope_findings == []


@pytest.mark.parametrize(
    "path",
    sorted(
        str(p.relative_to(REPO))
        for folder in ("examples/good", "tests/report_fixture", "tests/golden/specs")
        for p in (REPO / folder).glob("*.yaml")
    ),
)
def test_examples_and_fixtures_use_netsuites_scope_values(path: str) -> None:
    text = (REPO / path).read_text()
    assert [m for _, m in messages(text, "NS003") if "scopes" in m] == []


def test_ns003_explains_the_scope_names_and_their_source() -> None:
    out = nslint("explain", "NS003", "--isolated").out
    assert "`--fix --unsafe-fixes` rewrites such a scope" in out
    assert "(section_158081944642) for the scope values" in out
