"""Issue 13, part 2: redirect URIs that can never work are NS102 errors.

Browser-only schemes (javascript:, data:, ...), ports outside 1-65535 or not numbers,
and non-ASCII hosts (with their IDNA form); uppercase schemes stay valid, and http:// is
refused on a loopback host too (NS101). Each case asserts the exact findings (code,
line, column, end line, end column) and messages of the NS1xx rules.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nslint.engine import check
from tests.conftest import findings, messages, nslint


def spec(uri: str) -> str:
    """A spec whose one redirect URI, ``uri``, starts at line 5, column 7."""
    return (
        "name: a\noauth2:\n  authorization_code_grant: true\n  redirect_uris:\n"
        f"    - {uri}\n  scopes: [restlets]\n"
    )


def redirect_rules(uri: str) -> list[tuple[str, int, int, int, int]]:
    """Findings of the redirect-URI rules (NS1xx) for a spec with ``uri``."""
    return findings(spec(uri), "NS1")


def ns102(*reasons: str) -> list[tuple[str, str]]:
    return [
        (
            "NS102",
            f"Redirect URI is not valid: {'; '.join(reasons)}; NetSuite matches redirect URIs "
            "exactly, write the one absolute https:// URI the application uses",
        )
    ]


def at_uri(code: str, uri: str) -> list[tuple[str, int, int, int, int]]:
    """One finding of ``code`` spanning ``uri`` as written on line 5."""
    return [(code, 5, 7, 5, 7 + len(uri))]


# -- browser-only schemes ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("uri", "scheme", "what"),
    [
        ("javascript:alert(document.domain)", "javascript", "runs script in the browser"),
        # `//` makes the rest a comment and %0a a new line: the classic payload
        ("'javascript://%0aalert(1)'", "javascript", "runs script in the browser"),
        ("JavaScript:alert(1)", "javascript", "runs script in the browser"),
        ("vbscript:msgbox(1)", "vbscript", "runs script in the browser"),
        (
            "'data:text/html,<script>alert(1)</script>'",
            "data",
            "carries its content in the URI itself",
        ),
        ("DATA:text/plain,x", "data", "carries its content in the URI itself"),
        (
            "blob:https://app.example.com/0b5c6a2e",
            "blob",
            "names data held in the memory of one browser page",
        ),
        ("about:blank", "about", "names a page built into the browser"),
        ("file:///home/me/callback.html", "file", "names a file on the user's own device"),
        ("File://localhost/cb", "file", "names a file on the user's own device"),
    ],
)
def test_a_browser_only_scheme_is_ns102_and_not_ns105(uri: str, scheme: str, what: str) -> None:
    assert redirect_rules(uri) == at_uri("NS102", uri)
    assert messages(spec(uri), "NS1") == ns102(
        f"its scheme `{scheme}:` {what}, so no application can ever receive the "
        "authorization code there"
    )


def test_a_browser_only_scheme_is_the_one_reason_given() -> None:
    """A wildcard, a fragment or a space after it would only distract: the scheme is
    what to change (whitespace, found before the scheme is read, is still said)."""
    uri = "'javascript:x#*'"
    assert messages(spec(uri), "NS1") == ns102(
        "its scheme `javascript:` runs script in the browser, so no application can ever "
        "receive the authorization code there"
    )
    uri = "'javascript:x '"
    assert messages(spec(uri), "NS1") == ns102(
        "it contains whitespace",
        "its scheme `javascript:` runs script in the browser, so no application can ever "
        "receive the authorization code there",
    )


def test_ns105_still_advises_a_short_app_scheme() -> None:
    assert redirect_rules("myapp://callback") == at_uri("NS105", "myapp://callback")
    assert messages(spec("myapp://callback"), "NS1") == [
        (
            "NS105",
            "Redirect URI uses the private-use scheme `myapp:`, which other apps can claim "
            "too; use a reverse domain name you control, such as `com.example.myapp:/callback`",
        )
    ]
    # a scheme whose name starts like a browser-only one is an app's own
    assert redirect_rules("javascripts://cb") == at_uri("NS105", "javascripts://cb")
    assert redirect_rules("com.example.data:/cb") == []


# -- ports -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("uri", "port"),
    [
        ("https://app.example.com:0/cb", "0"),
        ("https://app.example.com:65536/cb", "65536"),
        ("https://app.example.com:99999/cb", "99999"),
        ("https://app.example.com:000070000/cb", "000070000"),
        ("https://[::1]:70000/cb", "70000"),
        ("com.example.app://host:65536/cb", "65536"),
    ],
)
def test_a_port_outside_1_to_65535_is_ns102(uri: str, port: str) -> None:
    assert redirect_rules(uri) == at_uri("NS102", uri)
    assert messages(spec(uri), "NS1") == ns102(f'its port "{port}" is outside 1 to 65535')


@pytest.mark.parametrize(
    "uri",
    [
        "https://app.example.com:8o8o/cb",
        "https://app.example.com:+443/cb",
        "https://app.example.com:-1/cb",
        "https://app.example.com:\uff14\uff14\uff13/cb",  # fullwidth digits: isdigit, not ASCII
        "https://app.example.com:443:80/cb",
        "https://[::1]:https/cb",
    ],
)
def test_a_port_that_is_not_a_number_is_ns102(uri: str) -> None:
    assert redirect_rules(uri) == at_uri("NS102", uri)
    assert messages(spec(uri), "NS1") == ns102(
        "its port is not a number (a port is written in digits, 1 to 65535)"
    )


def test_a_port_of_thousands_of_digits_is_shown_short() -> None:
    """More digits than int() reads (4300): no NS009, and the message stays short."""
    uri = "https://app.example.com:" + "9" * 5000 + "/cb"
    assert redirect_rules(uri) == at_uri("NS102", uri)
    assert messages(spec(uri), "NS1") == ns102(f'its port "{"9" * 37}…" is outside 1 to 65535')


def test_a_port_that_is_not_a_number_is_not_quoted() -> None:
    """`https://svc:Hunter2/cb` (a forgotten `@host`) reads as host `svc`, port
    `Hunter2`: the message must not show it."""
    uri = "https://svc:Hunter2Xq9/cb"
    ((_, message),) = messages(spec(uri), "NS1")
    assert "Hunter2" not in message


# -- non-ASCII hosts ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("uri", "host", "ascii_host"),
    [
        ("https://bücher.example/cb", "bücher.example", "xn--bcher-kva.example"),
        ("https://BÜCHER.Example/cb", "BÜCHER.Example", "xn--bcher-kva.example"),
        ("'https://bücher.example:8443/cb?x=1'", "bücher.example", "xn--bcher-kva.example"),
        ("https://app.münchen.de./cb", "app.münchen.de.", "app.xn--mnchen-3ya.de."),
        # IDNA 2008 (as browsers): the stdlib's IDNA 2003 codec gives `fass.de`, another host
        ("https://faß.de/cb", "faß.de", "xn--fa-hia.de"),
        ("https://ς.example/cb", "ς.example", "xn--3xa.example"),
        # an invisible zero-width space: the host that looks right is not ASCII
        ("https://ex\u200bample.com/cb", "ex\u200bample.com", "example.com"),
        ("com.example.app://bücher/cb", "bücher", "xn--bcher-kva"),
    ],
)
def test_a_non_ascii_host_is_ns102_with_its_idna_form(uri: str, host: str, ascii_host: str) -> None:
    assert redirect_rules(uri) == at_uri("NS102", uri)
    assert messages(spec(uri), "NS1") == ns102(
        f'its host "{host}" is not ASCII: write it in its IDNA (punycode) form, "{ascii_host}"'
    )


@pytest.mark.parametrize(
    ("uri", "host", "reason"),
    [
        ("https://☃.example/cb", "☃.example", "Codepoint U+2603 at position 1 of '☃' not allowed"),
        (
            "https://ex\u200dample.com/cb",
            "ex\u200dample.com",
            "Joiner U+200D not allowed at position 3 in 'ex\\u200dample'",
        ),
        ("https://bücher..example/cb", "bücher..example", "Empty Label"),
        ("https://" + "é" * 64 + ".example/cb", "é" * 37 + "…", "Label too long"),
    ],
)
def test_a_non_ascii_host_with_no_idna_form_says_why(uri: str, host: str, reason: str) -> None:
    assert redirect_rules(uri) == at_uri("NS102", uri)
    assert messages(spec(uri), "NS1") == ns102(
        f'its host "{host}" is not ASCII and has no IDNA form ({reason}); write the host '
        "name in ASCII"
    )


def test_a_long_reason_from_the_idna_library_is_shortened() -> None:
    label = "ab" + "☃" * 200
    ((_, message),) = messages(spec(f"https://{label}.example/cb"), "NS1")
    reason = message.split("has no IDNA form (", 1)[1].split("); write the host", 1)[0]
    assert reason == f"Codepoint U+2603 at position 3 of '{label}' not allowed"[:99] + "…"


def test_several_problems_are_said_in_one_finding() -> None:
    uri = "https://bücher.example:0/cb#x"
    assert redirect_rules(uri) == at_uri("NS102", uri)
    assert messages(spec(uri), "NS1") == ns102(
        "it has a fragment (`#...`)",
        'its port "0" is outside 1 to 65535',
        'its host "bücher.example" is not ASCII: write it in its IDNA (punycode) form, '
        '"xn--bcher-kva.example"',
    )


# -- a password in the user information is never printed ---------------------------------

PASSWORD = "Vq8Lz3Nx7Rb2Tm9Kc4Wh6Jd1"


def test_a_uri_password_is_ns501_and_never_in_ns102(project: Path) -> None:
    uri = f"https://svc:{PASSWORD}@bücher.example:99999/cb"
    result = check("s.yaml", data=spec(uri))
    assert [(d.code, d.span) for d in result.diagnostics if d.code.startswith("NS")] == [
        ("NS102", (5, 7, 5, 7 + len(uri))),
        ("NS501", (5, 19, 5, 43)),
    ]
    assert [d.message for d in result.diagnostics if d.code == "NS102"] == [
        ns102(
            "it contains user information (`user:pass@`)",
            'its port "99999" is outside 1 to 65535',
            'its host "bücher.example" is not ASCII: write it in its IDNA (punycode) form, '
            '"xn--bcher-kva.example"',
        )[0][1]
    ]
    (project / "s.yaml").write_text(spec(uri), encoding="utf-8")
    for output in ("text", "concise", "json", "github", "sarif", "junit", "gitlab"):
        run = nslint("check", "--format", output, "s.yaml")
        assert run.code == 1
        assert "xn--bcher-kva.example" in run.out
        for start in range(len(PASSWORD) - 5):
            assert PASSWORD[start : start + 6] not in run.out + run.err, output


def test_a_password_with_a_colon_in_the_port_place_is_never_shown() -> None:
    """The authority's host and port follow its last `@`: a password holding `:` or
    digits is never read as the port."""
    uri = f"'https://svc:{PASSWORD}:99999@app.example.com/cb'"
    assert messages(spec(uri), "NS102") == ns102("it contains user information (`user:pass@`)")


# -- what stays valid --------------------------------------------------------------------


@pytest.mark.parametrize(
    "uri",
    [
        "https://app.example.com/cb",
        "HTTPS://app.example.com/cb",  # RFC 3986 section 3.1: schemes are case-insensitive
        "Https://APP.EXAMPLE.COM/cb",
        "https://app.example.com:1/cb",
        "https://app.example.com:443/cb",
        "https://app.example.com:65535/cb",
        "https://app.example.com:/cb",  # an empty port is as if there were none
        "https://[::1]:8443/cb",
        "https://localhost:8443/cb",
        "https://xn--bcher-kva.example/cb",
        "com.example.app:/oauth2redirect",
        "Com.Example.App:/cb",
        "com.example.app://callback:8080/cb",
        "https://app.example.com/b%C3%BCcher",  # non-ASCII in the path, percent-encoded
    ],
)
def test_a_good_redirect_uri_has_no_finding(uri: str) -> None:
    assert redirect_rules(uri) == []


# -- http:// is refused on loopback too (NS101) ------------------------------------------

LOOPBACK = (
    "Redirect URI uses http:// on a loopback host, which NetSuite refuses too (RFC 8252 "
    "section 7.3 allows it, NetSuite does not); use https:// (a local TLS listener or a "
    "tunnel) or, for a native app, a private-use scheme such as com.example.app:/callback"
)


@pytest.mark.parametrize(
    "uri",
    [
        "http://127.0.0.1:8765/callback",
        "http://127.1.2.3/cb",
        "http://[::1]:8765/cb",
        "http://localhost:3000/auth/callback",
        "HTTP://LOCALHOST/cb",
        "http://app.localhost/cb",
    ],
)
def test_http_on_a_loopback_host_is_ns101(uri: str) -> None:
    assert redirect_rules(uri) == at_uri("NS101", uri)
    assert messages(spec(uri), "NS1") == [("NS101", LOOPBACK)]


@pytest.mark.parametrize(
    "uri", ["http://app.example.com/cb", "Http://localhost.example.com/cb", "http://10.0.0.1/cb"]
)
def test_http_on_another_host_keeps_its_message(uri: str) -> None:
    assert redirect_rules(uri) == at_uri("NS101", uri)
    assert messages(spec(uri), "NS1") == [
        (
            "NS101",
            "Redirect URI uses http://; NetSuite requires https:// (or, for a native app, a "
            "private-use scheme such as com.example.app:/callback)",
        )
    ]


def test_a_tba_callback_url_on_loopback_has_the_callback_message() -> None:
    """RFC 8252 is OAuth 2.0: the TBA callback's message does not cite it."""
    text = (
        "name: a\napplication_id: X\ntoken_based_authentication:\n  enabled: true\n"
        "  authorization_flow: true\n  callback_url: http://localhost:8080/cb\n"
    )
    assert findings(text, "NS1") == [("NS101", 6, 17, 6, 41)]
    assert messages(text, "NS1") == [
        (
            "NS101",
            "Callback URL uses http://; NetSuite requires https:// (or, for a native app, a "
            "private-use scheme such as com.example.app:/callback)",
        )
    ]


# -- the rules' documentation names its sources --------------------------------------------


@pytest.mark.parametrize(
    ("code", "sources"),
    [
        ("NS101", ["section_157771733782", "RFC 8252, section 7.3", "RFC 3986, section 3.1"]),
        (
            "NS102",
            [
                "section_157771733782",
                "section_158081944642",
                "3.2.3 (`port = *DIGIT`",
                "RFC 5891",
                "RFC 2397 (`data:`)",
            ],
        ),
        ("NS105", ["RFC 8252, section 7.1", "section_157771733782"]),
    ],
)
def test_each_touched_rule_names_its_sources(code: str, sources: list[str]) -> None:
    run = nslint("explain", code)
    assert run.code == 0
    source = run.out.split("## Source\n", 1)[1]
    assert [s for s in sources if s not in source] == []
