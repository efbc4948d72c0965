"""Issue 12, part 4: no secret in any output or file, ever.

Credentials are planted in every field, key, comment and URI of a spec (and on a line
with a syntax error in a second file); every output nslint has, every format, report,
``--diff``, ``--statistics``, ``--summary``, ``-o``, baseline and cache file, is searched
for any 12-character fragment of any of them. The credentials are random and distinct,
so a fragment found is a real leak, never a coincidence.
"""

from __future__ import annotations

import json
import random
import string
import time
from pathlib import Path

import pytest

from nslint import redact
from nslint.checks import secret_in_spec
from nslint.diagnostics import Finding, Span
from nslint.engine import check
from nslint.formats import FORMATS
from nslint.parse import load
from nslint.source import Source
from tests.conftest import Run, nslint

FRAGMENT = 12
_RANDOM = random.Random(20261201)


def _password() -> str:
    """24 random letters and digits (at least one of each kind)."""
    alphabet = string.ascii_letters + string.digits
    while True:
        text = "".join(_RANDOM.choice(alphabet) for _ in range(24))
        if any(c.isdigit() for c in text) and any(c.isupper() for c in text):
            return text


def _hex() -> str:
    """A NetSuite-shaped credential: 64 hexadecimal characters."""
    return "".join(_RANDOM.choice("0123456789abcdef") for _ in range(64))


def _base64() -> str:
    alphabet = string.ascii_letters + string.digits + "+/"
    return "".join(_RANDOM.choice(alphabet) for _ in range(64))


# Values under innocent keys, shaped like a credential (NS501 by their shape).
NAME, DESCRIPTION, STATE, NOTE, SCOPE = (_hex() for _ in range(5))
ACCOUNT_ID, ACCOUNT_STATE, ACCOUNT_NOTE, SANDBOX_STATE = (_hex() for _ in range(4))
UNKNOWN_KEY = _hex()  # a key that is itself a credential (NS003 quotes unknown keys)
# Values under credential keys (NS501 by their key), whatever their shape.
CLIENT_SECRET, CONSUMER_KEY, PASSWORD, TOKEN_SECRET, ACCOUNT_PASSWORD = (
    _password() for _ in range(5)
)
ASSIGNED = _password()  # `api_token=...` written as a key
RUN_ON = _password()  # `password_...`: a credential's name and its value, as a key
SUPPRESSED = _password()  # under a credential key whose NS501 is suppressed
# Passwords in the user information of URIs (NS501 at the password).
URI_PASSWORD, HTTP_PASSWORD, PROSE_PASSWORD = (_password() for _ in range(3))
# Comments on the lines that hold a credential, and a suppression's reason there.
COMMENTS = tuple(_password() for _ in range(5))
PEM_LINES = (_base64(), _base64())
# The second file: credentials on the line where the parse stops.
BROKEN_SECRET, BROKEN_COMMENT, BROKEN_HEX = _password(), _password(), _hex()

SECRETS = (
    NAME, DESCRIPTION, STATE, NOTE, SCOPE, ACCOUNT_ID, ACCOUNT_STATE, ACCOUNT_NOTE,
    SANDBOX_STATE, UNKNOWN_KEY, CLIENT_SECRET, CONSUMER_KEY, PASSWORD, TOKEN_SECRET,
    ACCOUNT_PASSWORD, ASSIGNED, RUN_ON, SUPPRESSED, URI_PASSWORD, HTTP_PASSWORD, PROSE_PASSWORD,
    *COMMENTS, *PEM_LINES, BROKEN_SECRET, BROKEN_COMMENT, BROKEN_HEX,
)  # fmt: skip

LEAKY = f"""\
# The integration board's spec (this comment holds no credential).
name: {NAME}  # named after the key by mistake: {COMMENTS[0]}
description: {DESCRIPTION}
script_id: custinteg_leaky
state: {STATE}
client_secret: {CLIENT_SECRET}   # rotated from {COMMENTS[1]}
consumer_key: "{CONSUMER_KEY}"
password: '{PASSWORD}'
token_secret: {TOKEN_SECRET}
legacy_password: {SUPPRESSED}  # nslint: disable=NS501 was {COMMENTS[2]}
note: {NOTE}
{UNKNOWN_KEY}: pasted into the wrong place
api_token={ASSIGNED}: 1
password_{RUN_ON}: 2
private_key: |  # {COMMENTS[3]}
  -----BEGIN PRIVATE KEY-----
  {PEM_LINES[0]}
  {PEM_LINES[1]}
  -----END PRIVATE KEY-----
user_credentials: yes
oauth2:
  authorization_code_grant: yes
  public_client: no
  scopes: [restlets, {SCOPE}]
  redirect_uris:
    - https://svc:{URI_PASSWORD}@crm.example.com/cb
    - http://svc:{HTTP_PASSWORD}@crm.example.com/cb
    - https://svc:{URI_PASSWORD}@crm.example.com/cb
accounts:
  "{ACCOUNT_ID}":
    state: {ACCOUNT_STATE}
    note: {ACCOUNT_NOTE}
  "1234567_SB1":
    state: {SANDBOX_STATE}
    note: "runbook at https://ops:{PROSE_PASSWORD}@wiki.example.com/x"
    password: {ACCOUNT_PASSWORD}  # {COMMENTS[4]}
"""

BROKEN = f"""\
name: broken
client_secret: {BROKEN_SECRET} : oops   # {BROKEN_COMMENT}
"""

BROKEN_SHAPE = f"name: broken\nnote: {BROKEN_HEX} : oops\n"

CHECK_FORMATS = FORMATS  # every format: a new one is checked without being listed here
REPORT_FORMATS = ("markdown", "html", "csv", "json")

_FRAGMENTS = {s[i : i + FRAGMENT] for s in SECRETS for i in range(len(s) - FRAGMENT + 1)}


def leaks(text: str) -> list[str]:
    """Every 12-character fragment of a planted credential that ``text`` holds."""
    return sorted({text[i : i + FRAGMENT] for i in range(len(text) - FRAGMENT + 1)} & _FRAGMENTS)


def test_the_planted_secrets_are_distinct_and_every_one_is_detectable() -> None:
    """The test itself: a fragment names one secret, and each secret is in the specs."""
    assert len(set(SECRETS)) == len(SECRETS)
    owners = {
        fragment: {s for s in SECRETS if fragment in s} for fragment in _FRAGMENTS
    }  # fmt: skip
    assert all(len(found) == 1 for found in owners.values())
    every = LEAKY + BROKEN + BROKEN_SHAPE
    assert all(secret in every for secret in SECRETS)
    assert leaks(every) == sorted(_FRAGMENTS)


@pytest.fixture
def specs(project: Path) -> Path:
    (project / "specs").mkdir()
    (project / "specs" / "leaky.yaml").write_text(LEAKY, encoding="utf-8")
    (project / "specs" / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    (project / "specs" / "shape.yaml").write_text(BROKEN_SHAPE, encoding="utf-8")
    return project


def assert_no_leak(run: Run, *files: Path) -> None:
    assert leaks(run.out) == [], run.out
    assert leaks(run.err) == [], run.err
    for file in files:
        assert leaks(file.read_text(encoding="utf-8")) == [], file


def test_every_finding_is_there_and_no_secret_is(specs: Path) -> None:
    """The text output: every planted credential is reported, none is shown."""
    run = nslint("check", "--no-cache", "--color", "never", "--show-suppressed", "specs")
    assert run.code == 1
    assert_no_leak(run)
    codes = json.loads(nslint("check", "--no-cache", "--format", "json", "specs").out)
    by_code: dict[str, int] = {}
    for finding in codes:
        by_code[finding["code"]] = by_code.get(finding["code"], 0) + 1
    # 22 credentials in the spec (one more, suppressed), and the two syntax errors.
    assert by_code["NS501"] == 22
    assert by_code["NS001"] == 2


@pytest.mark.parametrize("fmt", CHECK_FORMATS)
def test_no_output_format_shows_a_secret(
    specs: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")  # the text output gets annotations too
    out = specs / f"out.{fmt}"
    run = nslint("check", "--format", fmt, "--show-suppressed", "-o", str(out), "specs")
    assert run.code == 1
    assert "NS501" in out.read_text(encoding="utf-8")
    assert_no_leak(run, out)
    run = nslint("check", "--format", fmt, "--show-suppressed", "specs")
    assert (run.code, "NS501" in run.out) == (1, True)
    assert_no_leak(run)


@pytest.mark.parametrize("fmt", REPORT_FORMATS)
def test_no_report_format_shows_a_secret(specs: Path, fmt: str) -> None:
    out = specs / f"report.{fmt}"
    run = nslint("report", "--format", fmt, "-o", str(out), "specs")
    text = out.read_text(encoding="utf-8")
    assert "restlets" in text  # the report shows the scopes...
    assert "redacted" in text  # ...the credential among them masked (HTML-escaped too)
    assert_no_leak(run, out)
    assert_no_leak(nslint("report", "--format", fmt, "specs"))


def test_the_report_masks_exactly_the_flagged_values(specs: Path) -> None:
    report = json.loads(nslint("report", "--format", "json", "specs/leaky.yaml").out)
    (integration,) = report["integrations"]
    assert integration["name"] == "<redacted>"
    assert integration["state"] == "<redacted>"
    assert integration["scopes"] == ["restlets", "<redacted>"]
    assert integration["accounts"] == [
        {"account": "<redacted>", "state": "<redacted>"},
        {"account": "1234567_SB1", "state": "<redacted>"},
    ]


def test_the_job_summary_shows_no_secret(specs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = specs / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run = nslint("check", "--summary", "specs")
    assert run.code == 1
    assert "# nslint inventory" in summary.read_text(encoding="utf-8")
    assert_no_leak(run, summary)


def test_statistics_show_no_secret(specs: Path) -> None:
    run = nslint("check", "--statistics", "specs")
    assert (run.code, "NS501  secret-in-spec (error)" in run.out) == (1, True)
    assert_no_leak(run)


@pytest.mark.parametrize("unsafe", [(), ("--unsafe-fixes",)])
def test_the_diff_shows_no_secret(specs: Path, unsafe: tuple[str, ...]) -> None:
    before = (specs / "specs" / "leaky.yaml").read_bytes()
    run = nslint("check", "--diff", *unsafe, "specs")
    assert run.code == 1
    assert "+user_credentials: true\n" in run.out
    assert f"   scopes: [restlets, {'*' * 64}]\n" in run.out  # context, masked
    # The repeated URI is removed; with --unsafe-fixes the http:// one becomes the
    # https:// one, which (masked alike) the diff shows as a line removed.
    removed = "http" if unsafe else "https"
    assert f"-    - {removed}://svc:{'*' * 24}@crm.example.com/cb\n" in run.out
    assert_no_leak(run)
    assert (specs / "specs" / "leaky.yaml").read_bytes() == before


def test_baselines_hold_no_secret_and_still_match(specs: Path) -> None:
    baseline = specs / "baseline.json"
    run = nslint("check", "--write-baseline", str(baseline), "specs")
    assert run.code == 0
    entries = json.loads(baseline.read_text(encoding="utf-8"))["findings"]
    assert sum(entry["code"] == "NS501" for entry in entries) == 22
    assert_no_leak(run, baseline)
    run = nslint("check", "--baseline", str(baseline), "--format", "json", "specs")
    assert {finding["code"] for finding in json.loads(run.out)} == {"NS001"}
    assert_no_leak(run)


def test_the_cache_holds_no_secret(specs: Path) -> None:
    first = nslint("check", "--format", "json", "specs")
    files = [p for p in (specs / ".nslint_cache").rglob("*") if p.is_file()]
    assert files
    for file in files:
        assert leaks(file.read_bytes().decode("utf-8", "replace")) == [], file
    second = nslint("check", "--format", "json", "specs")  # from the cache
    assert second.out == first.out
    assert_no_leak(second)


def test_the_report_and_its_cache_hold_no_secret(specs: Path) -> None:
    first = nslint("report", "--format", "json", "specs")
    files = [p for p in (specs / ".nslint_cache").rglob("*") if p.is_file()]
    (shard,) = [json.loads(p.read_text()) for p in files if p.suffix == ".json"]
    assert sorted(shard["files"]) == ["broken.yaml", "leaky.yaml", "shape.yaml"]
    assert all(len(entry) == 4 for entry in shard["files"].values())  # with their rows
    for file in files:
        assert leaks(file.read_bytes().decode("utf-8", "replace")) == [], file
    second = nslint("report", "--format", "json", "specs")  # from the cache
    assert (second.code, second.out, second.err) == (first.code, first.out, first.err)
    assert_no_leak(second)


def test_standard_input_and_an_ignored_ns501_show_no_secret(specs: Path) -> None:
    run = nslint("check", "-", "--stdin-filename", "specs/leaky.yaml", stdin=LEAKY)
    assert run.code == 1
    assert_no_leak(run)
    # With NS501 switched off the credentials are not reported, and still never shown.
    for args in (("--ignore", "NS501"), ("--select", "NS003")):
        run = nslint("check", "--no-cache", "--show-suppressed", *args, "specs")
        assert (run.code, "[NS501]" in run.out) == (1, False)
        assert_no_leak(run)


# -- exactly what is masked, and where NS501 points ----------------------------------------


def test_a_uri_password_is_ns501_at_the_password() -> None:
    text = f"name: a\nnote: see https://svc:{URI_PASSWORD}@host/cb and x\n"
    result = check("s.yaml", data=text)
    (finding,) = [d for d in result.diagnostics if d.code == "NS501"]
    assert finding.span == (2, 23, 2, 47)
    assert finding.message == (
        "`note` holds a URI with a password in its user information (`user:password@`): "
        "treat the password as leaked, change it and keep it in a secret store; write the "
        "URI without it"
    )
    assert result.lines[2] == "note: see https://svc:" + "*" * 24 + "@host/cb and x"


def test_a_redirect_uri_password_is_masked_in_ns102_and_ns104() -> None:
    uri = f"https://svc:{URI_PASSWORD}@crm.example.com/cb"
    text = f'name: a\noauth2:\n  redirect_uris: [{uri}, "{uri}"]\n'
    result = check("s.yaml", data=text)
    found = [(d.code, d.span) for d in result.diagnostics if d.code in ("NS102", "NS501")]
    assert found == [
        ("NS102", (3, 19, 3, 74)),
        ("NS501", (3, 31, 3, 55)),
        ("NS102", (3, 76, 3, 133)),
        ("NS501", (3, 89, 3, 113)),
    ]
    (duplicate,) = [d.message for d in result.diagnostics if d.code == "NS104"]
    assert duplicate.startswith('Redirect URI "https://svc:<redacted>@')
    assert duplicate.endswith(" is already listed on line 3; remove the repeated entry")
    masked = "https://svc:" + "*" * 24 + "@crm.example.com/cb"
    assert result.lines[3] == f'  redirect_uris: [{masked}, "{masked}"]'


def test_a_password_cut_short_in_a_message_is_still_redacted() -> None:
    """NS104 quotes the URI, perhaps shortened (``values.show``) in the password."""
    uri = f"https://integration-service:{URI_PASSWORD}@crm.example.com/cb"
    text = f"name: a\noauth2:\n  redirect_uris:\n    - {uri}\n    - {uri}\n"
    (duplicate,) = [d.message for d in check("s.yaml", data=text).diagnostics if d.code == "NS104"]
    assert duplicate.startswith('Redirect URI "https://integration-service:<redacted>')
    assert leaks(duplicate) == []
    assert URI_PASSWORD[:4] not in duplicate


def test_a_key_that_is_a_credential_is_ns501_at_the_key() -> None:
    text = f"name: a\n{UNKNOWN_KEY}: x  # {COMMENTS[0]}\napi_token={ASSIGNED}: 1\n"
    result = check("s.yaml", data=text)
    found = [(d.code, d.span, d.message) for d in result.diagnostics if d.span.line > 1]
    leaked = (
        "a key is itself a credential: treat it as leaked, reset it (Reset Credentials on the "
        "integration record) and keep it in a secret store, not in the spec; rename the key"
    )
    unknown = "unknown key `<redacted>` in the spec; the keys allowed here are"
    assert [(code, span) for code, span, _ in found] == [
        ("NS003", (2, 1, 2, 65)),
        ("NS501", (2, 1, 2, 65)),
        ("NS003", (3, 1, 3, 35)),
        ("NS501", (3, 1, 3, 35)),
    ]
    assert [message.startswith(unknown) for _, _, message in found[::2]] == [True, True]
    assert [message for _, _, message in found[1::2]] == [leaked, leaked]
    assert result.lines == {
        1: "name: a",
        2: "*" * 64 + ": x  #" + "*" * 25,
        3: "*" * 34 + ": 1",
    }


@pytest.mark.parametrize(
    ("key", "secret"),
    [
        ("0123456789abcdef" * 4, True),
        ("password=Hunter2", True),
        ("client_secret: x", True),
        ("Password_Hunter2xyz", True),
        ("consumer_key-9Fz3kLm2Qx", True),
        ("ftp://svc:Hunter2@host", True),
        ("password_hint", False),  # a word, not a random value
        ("api_key_v2", False),
        ("client_secret_2024Q1", False),  # no small letter: a version, not a password
        ("1234567_SB1", False),
        ("Accounts", False),
    ],
)
def test_which_keys_are_themselves_credentials(key: str, secret: bool) -> None:
    assert secret_in_spec.is_secret_key(key) is secret


def test_comments_on_a_credential_lines_are_masked_and_others_kept() -> None:
    text = (
        "name: a  # kept\n"
        f"client_secret:  # {COMMENTS[1]}\n"
        f"  primary: {CLIENT_SECRET}  # {COMMENTS[2]}\n"
        "user_credentials: true  # kept\n"
    )
    result = check("s.yaml", data=text)
    assert [(d.code, d.span) for d in result.diagnostics] == [
        ("NS003", (2, 1, 2, 14)),
        ("NS501", (3, 3, 3, 36)),  # the mapping under the credential's key
    ]
    assert result.lines == {
        2: "client_secret:" + "*" * 28,  # after a credential's key, all is masked
        3: "  " + "*" * 33 + "  #" + "*" * 25,
    }


def test_a_credential_in_the_comment_of_another_findings_line_is_masked() -> None:
    """A comment is no data, so NS501 cannot see it; the snippet still masks it by text."""
    text = (
        "name: a\nuser_credentials: true\n"
        f"state: enabeld  # password={PASSWORD}, see https://u:{URI_PASSWORD}@h/x\n"
        f"description: 1  # {NOTE}: a plain comment is kept\n"
    )
    result = check("s.yaml", data=text)
    assert [(d.code, d.span.line) for d in result.diagnostics] == [
        ("NS003", 3),
        ("NS003", 4),
    ]
    assert result.lines == {
        3: "state: enabeld  # password=" + "*" * 68,
        4: "description: 1  # " + "*" * 64 + ": a plain comment is kept",
    }
    assert leaks("".join(d.message for d in result.diagnostics)) == []


def test_a_suppression_reason_on_a_credential_line_is_redacted() -> None:
    text = f"name: a\nuser_credentials: true\npassword: {PASSWORD}  # nslint: disable=NS501 was {COMMENTS[2]}\n"  # noqa: E501
    result = check("s.yaml", data=text)
    assert result.diagnostics[0].code == "NS003"
    ((code, reason),) = [(d.code, d.suppressed) for d in result.suppressed]
    assert (code, reason) == ("NS501", "<redacted>")


def test_a_line_with_a_syntax_error_is_masked_by_its_text() -> None:
    result = check("s.yaml", data=BROKEN)
    assert [(d.code, d.span) for d in result.diagnostics] == [("NS001", (2, 41, 2, 42))]
    assert result.lines == {2: "client_secret:" + "*" * 61}
    result = check("s.yaml", data=BROKEN_SHAPE)
    assert [(d.code, d.span) for d in result.diagnostics] == [("NS001", (2, 72, 2, 73))]
    assert result.lines == {2: "note: " + "*" * 64 + " : oops"}


def test_the_fingerprint_is_of_the_masked_line_and_stable_across_rotations() -> None:
    def fingerprints(secret: str) -> list[str]:
        text = f"name: a\nuser_credentials: true\nclient_secret: {secret}  # {secret}\n"
        return [d.fingerprint for d in check("s.yaml", data=text).diagnostics]

    rotated = fingerprints(CLIENT_SECRET[::-1])
    assert fingerprints(CLIENT_SECRET) == rotated  # the same length: the same masked line
    assert all(rotated)


def test_redaction_text_cuts_what_a_shortened_value_left() -> None:
    secret = CLIENT_SECRET
    redaction = redact.Redaction(texts=(secret,))
    assert redaction.text(f'"{secret[:10]}…"') == '"<redacted>…"'
    assert redaction.text(f'"…{secret[-6:]}"') == '"…<redacted>"'
    assert redaction.text(f"a {secret} b {NAME}") == "a <redacted> b <redacted>"
    assert redaction.text("nothing here") == "nothing here"


def test_a_file_is_searched_for_credentials_when_a_trigger_code_is_found() -> None:
    """The codes come from the rule set (``Rule.redact``) and the engine: redact names none."""
    src = Source(f"name: a\nclient_secret: {CLIENT_SECRET}\n")
    documents = load(src).documents
    found = [Finding("X001", Span.point(1, 1), "a finding")]
    assert redact.find(src, documents, found, frozenset({"X002"})) is redact.NOTHING
    for triggers in (frozenset({"X001"}), None):
        redaction = redact.find(src, documents, found, triggers)
        assert redaction.lines == frozenset({2})
        assert redaction.line(2, src.line(2)) == "client_secret: " + "*" * len(CLIENT_SECRET)


def test_the_common_case_is_untouched() -> None:
    text = "name: a\nuser_credentials: true\nstate: enabeld  # a comment\n"
    result = check("s.yaml", data=text)
    assert result.lines == {3: "state: enabeld  # a comment"}
    triggers = frozenset({"NS501", "NS009"})
    assert redact.find(None, [], [], triggers) is redact.NOTHING  # type: ignore[arg-type]


HANG = 10.0


def test_thousands_of_credentials_are_masked_in_linear_time() -> None:
    """4,000 passwords and 20,000 findings: every message is searched for every
    credential of its file through an index, so this ends in seconds (a hang guard)."""
    passwords = [_password() for _ in range(4000)]
    uris = [f"https://integration-service-account:{p}@crm.example.com/cb" for p in passwords]
    items = "".join(f"    - {uri}\n" for uri in uris * 2)  # each repeated: NS104 quotes it
    text = f"name: a\noauth2:\n  authorization_code_grant: true\n  redirect_uris:\n{items}"
    started = time.monotonic()
    result = check("s.yaml", data=text)
    assert time.monotonic() - started < HANG
    codes = [d.code for d in result.diagnostics]
    assert (codes.count("NS501"), codes.count("NS102"), codes.count("NS104")) == (8000, 8000, 4000)
    shown = "\n".join(d.message for d in result.diagnostics) + "\n".join(result.lines.values())
    fragments = {p[i : i + FRAGMENT] for p in passwords for i in range(len(p) - FRAGMENT + 1)}
    assert not {shown[i : i + FRAGMENT] for i in range(len(shown))} & fragments
