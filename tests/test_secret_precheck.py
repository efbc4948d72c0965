"""NS501's pre-check (``secret_in_spec.may_hold_secrets``, one pattern over the text)
never skips a file in which the full scan finds a credential: a differential test over
every example, every spec and string in the tests, the fuzz corpus and generated specs
written to hide credentials from a pattern (escapes, folding, case, flow style)."""

from __future__ import annotations

import ast
from collections.abc import Iterator

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from nslint import engine, parse, source
from nslint.checks import secret_in_spec
from nslint.checks.secret_in_spec import may_hold_secrets
from tests.conftest import REPO
from tests.test_fuzz import fuzz, mutated_specs


def full_scan(text: str) -> list[secret_in_spec.Secret]:
    """What NS501 finds in ``text`` without the pre-check."""
    loaded = parse.load(source.Source(text))
    return [secret for doc in loaded.documents for secret in secret_in_spec.secrets(doc)]


def agrees(text: str) -> bool:
    """The property: the pre-check passes every text the full scan flags."""
    return may_hold_secrets(text) or not full_scan(text)


def _texts() -> Iterator[tuple[str, str]]:
    """(name, text) of every YAML file in examples/ and tests/, and every string
    constant of the tests that holds a line break or a colon (their inline specs)."""
    for path in sorted([*REPO.glob("examples/**/*.y*ml"), *REPO.glob("tests/**/*.y*ml")]):
        yield str(path.relative_to(REPO)), path.read_text(encoding="utf-8", errors="replace")
    for path in sorted(REPO.glob("tests/**/*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and ("\n" in text or ": " in text):
                yield f"{path.relative_to(REPO)}:{node.lineno}", text


TEXTS = list(_texts())


def test_the_corpus_is_broad_and_holds_credentials() -> None:
    """The differential test below would prove nothing over texts without credentials."""
    flagged = [name for name, text in TEXTS if full_scan(text)]
    assert len(TEXTS) > 500
    assert len(flagged) >= 15, flagged


def test_no_example_or_test_spec_is_skipped_that_the_full_scan_flags() -> None:
    missed = [name for name, text in TEXTS if not agrees(text)]
    assert missed == []


@fuzz
@given(mutated_specs())
def test_no_fuzzed_spec_is_skipped_that_the_full_scan_flags(text: str) -> None:
    assert agrees(text)


KEY_WORDS = [
    "client_secret", "consumer_secret", "token_secret", "consumer_key", "client_id",
    "token_id", "password", "passwd", "passphrase", "private_key", "privatekey", "api_key",
    "app_id", "appid", "_id", "-id", "access_token", "bearer token", "oauth-token",
    "signing_key", "my_password", "db_passphrase", "refresh_token", "certificate_key",
    "Client-Secret", "CLIENT ID", "\u017fecret", "\u212aey", "secret_", "x_secret", "id",
    "cl\u0131ent_\u0131d", "access_\u212aey",
    "key", "token", "application_id", "script_id", "refresh_token_validity_hours",
]  # fmt: skip
HEX = "0123456789abcdefABCDEF"


@st.composite
def hidden_credentials(draw: st.DrawFn) -> str:
    """A spec with a credential written as YAML allows: any quoting, escapes, folding
    across lines, flow style, as a key or a value, among ordinary keys."""
    kind = draw(st.sampled_from(["key", "hex", "pem", "uri", "suffixed", "assigned"]))
    if kind == "key":
        text = draw(st.sampled_from(KEY_WORDS))
    elif kind == "hex":
        text = "".join(draw(st.lists(st.sampled_from(HEX), min_size=60, max_size=70)))
    elif kind == "pem":
        text = "-----BEGIN RSA PRIVATE KEY-----\nMIIE" + draw(st.text(HEX, max_size=8))
    elif kind == "uri":
        text = "https://" + draw(st.sampled_from(["", "u", "svc"])) + ":Hunter2@h.example/cb"
    elif kind == "suffixed":
        text = draw(st.sampled_from(["password", "token", "secret"])) + "_Hunter2xQ9"
    else:
        text = draw(st.sampled_from(["password", "client_secret"])) + "=Hunter2"
    style = draw(st.sampled_from(["plain", "single", "double", "escaped", "folded", "block"]))
    if style == "single":
        written = "'" + text.replace("'", "''") + "'"
    elif style == "double":
        written = '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    elif style == "escaped":  # every character as an escape, or a line split by `\`
        if draw(st.booleans()):
            written = (
                '"'
                + "".join(f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}" for c in text)
                + '"'
            )
        else:
            cut = draw(st.integers(0, len(text)))
            body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            written = '"' + body[:cut] + "\\\n  " + body[cut:] + '"'
    elif style == "folded":
        cut = draw(st.integers(0, len(text)))
        written = '"' + text[:cut] + "\n  " + text[cut:] + '"' if "\n" not in text else '""'
    elif style == "block":
        written = "|\n  " + text.replace("\n", "\n  ")
    else:
        written = text if "\n" not in text else '""'
    value = draw(st.sampled_from(["x1", "Hunter2", "'s3cr3t'", "[a, b]", "{k: v}", "''", "~"]))
    where = draw(st.sampled_from(["key", "value", "flow", "explicit", "list"]))
    if where == "key" and style != "block":
        body = f"{written}: {value}\n"
    elif where == "flow" and style != "block":
        body = "extra: {a: 1, " + written + ": " + value + "}\n"
    elif where == "explicit" and style != "block":
        body = f"? {written}\n: {value}\n"
    elif where == "list":
        body = f"extra:\n  - {written}\n"
    else:
        body = f"extra: {written}\n"
    return "name: a\nstate: enabled\napplication_id: 0378F603-A7BA\n" + body


@fuzz
@given(hidden_credentials())
def test_no_hidden_credential_is_skipped_that_the_full_scan_flags(text: str) -> None:
    assert agrees(text)


@pytest.mark.parametrize(
    "text",
    [
        '"client\\x5fsecret": x\n',  # the key only an escape spells
        'a: "ab\\\n  cd"\n',  # any backslash: the full scan decides
        "refresh_token: x\n",
        "? client_secret\n: x\n",
        "a: {consumer_key: x}\n",
        "a: [https://u:p@h]\n",
        "\u212aey_id: x\nprivate\u212aey: y\n",
        "k: " + "a" * 64 + "\n",
        "password_Hunter2x: 1\n",
    ],
)
def test_the_pre_check_passes_what_can_hold_a_credential(text: str) -> None:
    assert may_hold_secrets(text)


@pytest.mark.parametrize(
    ("text", "passes"),
    [
        ("application_id: x\n", False),
        ("script_id: x\n", False),
        ("x_id: 1\n", False),
        ("xclient_id: 1\n", False),
        ("refresh_token_validity_hours: 3\n", False),
        ("_id: 1\n", True),
        ("-id: 1\n", True),
        ('"  token_id ": 1\n', True),
        ("a:\n  appid: 3\n", True),
        ("a: {Consumer-ID: 1}\n", True),
    ],
)
def test_an_id_passes_only_where_a_credential_key_can_end(text: str, passes: bool) -> None:
    assert may_hold_secrets(text) is passes
    assert bool(full_scan(text)) is passes


def test_a_spec_without_credentials_is_ruled_out_by_the_pre_check() -> None:
    """The spec-format keys that hold a credential's words are no credential keys: most
    specs skip the walk."""
    text = (REPO / "examples" / "good").glob("*.yaml").__next__().read_text()
    assert may_hold_secrets(text) is False
    assert not full_scan(text)
    spec = (
        "name: a\nscript_id: customscript_a\napplication_id: 0378F603-A7BA\n"
        "oauth2:\n  refresh_token_validity_hours: 48\n  max_token_rotation_hours: 24\n"
        "note: rotate it with the runbook (a1b2c3), see keys.md\n"
    )
    assert may_hold_secrets(spec) is False


def test_a_check_skipped_by_the_pre_check_gives_the_same_findings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Over every example and test spec, the findings (and their redaction) are those of
    a run without the pre-check."""
    with_precheck = [engine.check("s.yaml", data=text) for _, text in TEXTS]
    monkeypatch.setattr(secret_in_spec, "may_hold_secrets", lambda text: True)
    monkeypatch.setattr(secret_in_spec.RULE, "precheck", None, raising=False)
    without = [engine.check("s.yaml", data=text) for _, text in TEXTS]
    assert with_precheck == without


def test_yaml_escapes_are_why_a_backslash_passes() -> None:
    """The data holds a credential's key that the text spells only with escapes."""
    assert yaml.safe_load('"client\\x5fsecret": x\n') == {"client_secret": "x"}
    assert [s.message.split(":")[0] for s in full_scan('"client\\x5fsecret": x\n')] == [
        "the key `client_secret` holds a credential"
    ]
