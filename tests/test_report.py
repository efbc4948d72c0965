"""nslint report: the inventory's numbers, its formats, and the page in a real browser."""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, nslint

FIXTURE = REPO / "tests" / "report_fixture"
GOLDEN = REPO / "tests" / "golden" / "expected" / "report.md"
ARGS = ("report", "--isolated", "--release", "2026.2")


TODAY = datetime.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every report here is made on TODAY (the countdown reads the clock)."""
    from nslint import inventory

    monkeypatch.setattr(inventory, "today", lambda: TODAY)


@pytest.fixture
def fixture(project: Path) -> Path:
    for spec in FIXTURE.iterdir():
        shutil.copy(spec, project / spec.name)
    return project


def report(fmt: str, *paths: str) -> str:
    run = nslint(*ARGS, "--format", fmt, *paths)
    assert (run.code, run.err) == (0, "")
    return run.out


def test_the_summary_matches_the_hand_count(fixture: Path) -> None:
    # Five integrations in four files (crm.yaml holds two): see tests/report_fixture/.
    summary = json.loads(report("json"))["summary"]
    assert (summary["integrations"], summary["files"]) == (5, 4)
    assert summary["by_method"] == {
        "TBA": 2,  # legacy.yaml, new-tba.yaml
        "TBA authorization flow": 1,  # legacy.yaml
        "TBA issuetoken endpoint": 1,  # new-tba.yaml
        "user credentials": 1,  # new-tba.yaml
        "authorization code grant": 2,  # Acme CRM, Field sales app
        "client credentials grant": 1,  # warehouse.yaml
    }
    # new-tba.yaml has no application_id (a new record: blocked from 2027.1); on
    # 2026-12-01 the current release is 2026.2, and 2027.1 is the next one.
    assert summary["tba_migration"] == {"new": 1, "existing": 1, "releases_left": 1}
    assert (summary["cutoff"], summary["today"], summary["current_release"]) == (
        "2027.1",
        "2026-12-01",
        "2026.2",
    )
    assert summary["public_clients"] == 1
    assert [(r["code"], r["count"]) for r in summary["findings_by_rule"]] == [
        ("NS401", 2),
        ("NS101", 1),
        ("NS205", 1),  # warehouse.yaml: token rotation hours with client credentials only
        ("NS301", 1),
    ]
    assert summary["countdown"] == "1 release until the 2027.1 cutoff (2026.2 is current today)."
    assert summary["assumption"] == (
        "NetSuite names no date for the 2027.1 cutoff: each account moves to a release on "
        "the date its New Release portlet shows. Releases are counted from 2026.2, current "
        "on 2026-12-01 (January-June is YYYY.1, July-December YYYY.2)."
    )


def test_each_integration_row(fixture: Path) -> None:
    rows = {i["name"]: i for i in json.loads(report("json"))["integrations"]}
    acme = rows["Acme CRM"]
    assert (acme["path"], acme["line"], acme["client"], acme["redirect_uris"]) == (
        "crm.yaml",
        2,
        "confidential",
        2,
    )
    assert acme["accounts"] == [
        {"account": "1234567", "state": "enabled"},
        {"account": "1234567_SB1", "state": "blocked"},
    ]
    assert acme["refresh_token_validity_hours"] == {"hours": 24, "default": False, "shown": "24"}
    assert acme["max_token_rotation_hours"] == {
        "hours": 168,
        "default": True,
        "shown": "168 (default)",
    }
    sales = rows["Field sales app"]
    assert (sales["line"], sales["client"], [f["code"] for f in sales["findings"]]) == (
        13,
        "public",
        ["NS301", "NS101"],  # in line order: public_client (16), then the URI (17)
    )
    assert rows["Legacy order sync"]["state"] == "blocked"
    assert rows["New TBA integration"]["tba_migration"] == "new"
    assert rows["Warehouse robot"]["max_token_rotation_hours"] == {
        "hours": 72,
        "default": False,
        "shown": "72",
    }


def test_markdown_matches_the_golden_file(fixture: Path) -> None:
    text = report("markdown")
    if os.environ.get("NSLINT_UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_csv_parses_back(fixture: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(report("csv"))))
    assert [r["Name"] for r in rows] == [
        "Acme CRM",
        "Field sales app",
        "Legacy order sync",
        "New TBA integration",
        "Warehouse robot",
    ]
    assert rows[0]["Accounts"] == "1234567: enabled, 1234567_SB1: blocked"
    assert rows[0]["Token rotation (h)"] == "168 (default)"
    assert rows[3]["Authentication"] == "TBA, TBA issuetoken endpoint, user credentials"
    assert (rows[1]["Errors"], rows[1]["Warnings"]) == ("1", "1")


HOSTILE = '<script>alert("x")</script>'


@pytest.fixture
def hostile(project: Path) -> Path:
    (project / "evil.yaml").write_text(
        f"name: '{HOSTILE}'\nuser_credentials: true\n"
        "accounts: {'\"><img src=x onerror=alert(1)>': {state: enabled}}\n"
        'note: "\\e]0;title\\a"\n'
    )
    (project / "csv.yaml").write_text("name: '=HYPERLINK(\"http://x\")'\nuser_credentials: true\n")
    return project


def test_html_escapes_everything_from_a_spec(hostile: Path) -> None:
    page = report("html")
    assert HOSTILE not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<img" not in page
    assert page.count("<script>") == 1  # the page's own
    assert "\x1b" not in page


def test_markdown_and_csv_defuse_what_a_spec_holds(hostile: Path) -> None:
    assert HOSTILE not in report("markdown")
    rows = list(csv.DictReader(io.StringIO(report("csv"))))
    assert rows[0]["Name"] == '\'=HYPERLINK("http://x")'


def test_an_unreadable_path_is_listed_and_exits_2(fixture: Path) -> None:
    run = nslint(*ARGS, "--format", "markdown", ".", "missing.yaml")
    assert run.code == 2
    assert "### Not read as integration specs" in run.out
    assert run.err == "nslint: error: cannot read missing.yaml: no such file or directory\n"


def test_check_summary_appends_to_the_job_summary(
    fixture: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = fixture / "summary.md"
    summary.write_text("# Earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run = nslint("check", "--isolated", "--release", "2026.2", "--summary", "--format", "concise")
    assert run.code == 1
    assert summary.read_text() == "# Earlier step\n" + GOLDEN.read_text()
    monkeypatch.delenv("GITHUB_STEP_SUMMARY")
    warning = (
        "nslint: warning: --summary appends to the file that GITHUB_STEP_SUMMARY names "
        "(GitHub Actions sets it), and it is not set: no summary was written\n"
    )
    for quiet in ((), ("--quiet",)):
        run = nslint("check", "--isolated", "--summary", "--format", "concise", *quiet)
        assert (run.code, run.err) == (1, warning)


def test_report_writes_to_a_file(fixture: Path) -> None:
    run = nslint(*ARGS, "--format", "html", "-o", "inventory.html")
    assert (run.code, run.out) == (0, "")
    assert (fixture / "inventory.html").read_text().startswith("<!DOCTYPE html>")


# -- the page in a real browser -----------------------------------------------------------

AXE = Path(os.environ.get("NSLINT_AXE_CORE") or REPO / ".node/node_modules/axe-core/axe.min.js")
"""axe-core, as `.ci/run` installs it from npm (`npm install --prefix .node axe-core`)."""
WIDTH = 1366
"""The most common laptop width: every column of the table must be reachable in it."""


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Headless Chromium driven through chromedriver (Debian's chromium and
    chromium-driver packages; .ci/run installs them)."""
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not driver:
        pytest.skip("Chromium and chromedriver are not installed here")
    webdriver = pytest.importorskip("selenium.webdriver")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-smooth-scrolling",
        f"--window-size={WIDTH},768",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):  # fmt: skip
        options.add_argument(argument)
    session = webdriver.Chrome(options=options, service=webdriver.ChromeService(driver))
    yield session
    session.quit()


def visible_names(browser: Any) -> list[str]:
    from selenium.webdriver.common.by import By

    rows = browser.find_elements(By.CSS_SELECTOR, "#integrations tbody tr")
    return [row.find_elements(By.TAG_NAME, "td")[0].text for row in rows if row.is_displayed()]


def until(browser: Any, condition: Any) -> Any:
    """Wait for ``condition(browser)`` (a hang guard, not a timing assertion)."""
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, 30).until(condition)


def open_page(browser: Any, fixture: Path, scheme: str = "light") -> None:
    nslint(*ARGS, "--format", "html", "-o", "inventory.html")
    browser.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {"features": [{"name": "prefers-color-scheme", "value": scheme}]},
    )
    browser.get((fixture / "inventory.html").as_uri())


def test_the_page_renders_sorts_and_filters_in_chromium(fixture: Path, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_page(browser, fixture)
    assert browser.execute_script("return window.innerWidth") == WIDTH
    # One row per integration.
    assert visible_names(browser) == [
        "Acme CRM",
        "Field sales app",
        "Legacy order sync",
        "New TBA integration",
        "Warehouse robot",
    ]
    # The charts are there, with a bar per value, named with every number.
    charts = browser.find_elements(By.CSS_SELECTOR, "svg.chart")
    assert [c.get_attribute("data-chart") for c in charts] == [
        "authentication-methods",
        "tba-migration",
        "findings",
    ]
    assert [c.get_attribute("aria-label") for c in charts] == [
        "Integrations by authentication method: TBA 2, TBA authorization flow 1, TBA "
        "issuetoken endpoint 1, user credentials 1, authorization code grant 2, client "
        "credentials grant 1",
        "Integrations by TBA migration status: New records 1, Existing records 1, No TBA 3",
        "Findings by severity: error 1, warning 2, notice 2",
    ]
    assert len(charts[0].find_elements(By.TAG_NAME, "rect")) == 6
    # Sorting with the mouse: by name, descending on the second click.
    headings = browser.find_elements(By.CSS_SELECTOR, "#integrations thead th")
    name = next(h for h in headings if h.text.startswith("Name"))
    assert name.get_attribute("aria-sort") is None
    name.click()
    assert (name.get_attribute("aria-sort"), visible_names(browser)[0]) == (
        "ascending",
        "Acme CRM",
    )
    name.click()
    assert visible_names(browser)[0] == "Warehouse robot"
    assert name.get_attribute("aria-sort") == "descending"
    # With the keyboard: Tab reaches each heading's button; Enter and Space sort.
    notices = next(h for h in headings if h.text.startswith("Notices"))
    button = notices.find_element(By.TAG_NAME, "button")
    browser.execute_script("arguments[0].focus()", name.find_element(By.TAG_NAME, "button"))
    for _ in range(len(headings) - 1):  # from Name, the first heading, to Notices, the last
        browser.switch_to.active_element.send_keys(Keys.TAB)
    assert browser.switch_to.active_element == button
    button.send_keys(Keys.ENTER)
    assert notices.get_attribute("aria-sort") == "ascending"
    assert name.get_attribute("aria-sort") is None
    button.send_keys(Keys.SPACE)
    assert notices.get_attribute("aria-sort") == "descending"
    assert sorted(visible_names(browser)[:2]) == ["Legacy order sync", "New TBA integration"]
    # Filtering: every word must match; the count is announced (a live region).
    status = browser.find_element(By.ID, "shown")
    assert (status.get_attribute("role"), status.text) == ("status", "5 of 5 shown")
    search = browser.find_element(By.ID, "filter")
    search.send_keys("TBA new")
    assert visible_names(browser) == ["New TBA integration"]
    assert status.text == "1 of 5 shown"
    search.clear()
    search.send_keys("public")
    assert visible_names(browser) == ["Field sales app"]
    # The name links to its findings, with the annotated source line.
    link = browser.find_element(By.LINK_TEXT, "Field sales app")
    target = browser.find_element(By.ID, link.get_attribute("href").split("#")[1])
    assert "^~~~" in target.text
    assert "error[NS101]" in target.text


def test_the_last_columns_are_reached_with_the_keyboard_at_1366px(
    fixture: Path, browser: Any
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_page(browser, fixture)
    table = browser.find_element(By.ID, "integrations")
    region = table.find_element(By.XPATH, "..")
    assert (region.get_attribute("tabindex"), region.get_attribute("role")) == ("0", "region")
    last = table.find_elements(By.CSS_SELECTOR, "thead th")[-1]

    def right(element: Any) -> float:
        edge: float = browser.execute_script(
            "return arguments[0].getBoundingClientRect().right", element
        )
        return edge

    assert right(last) > WIDTH  # wider than the window: it must scroll
    region.send_keys(Keys.END)  # focus it (a Tab stop), then move right
    assert browser.switch_to.active_element == region
    region.send_keys(Keys.RIGHT * 40)
    until(browser, lambda _: right(last) <= WIDTH)
    assert last.text == "Notices"


def run_axe(browser: Any) -> dict[str, Any]:
    """axe-core's WCAG 2.0/2.1 A and AA rules and its best practices (heading order,
    a main landmark) on the page that is open."""
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    result: dict[str, Any] = browser.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', "
        "'wcag21a', 'wcag21aa', 'best-practice']}}).then(function (r) {"
        "done({violations: r.violations.map(function (v) { return {id: v.id, nodes: "
        "v.nodes.map(function (n) { return n.target.join(' ') + ': ' + n.failureSummary; "
        "})}; }), passes: r.passes.map(function (p) { return p.id; })}); });"
    )
    return result


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_page_passes_axe_core(fixture: Path, browser: Any, scheme: str) -> None:
    if not AXE.is_file():
        pytest.skip(f"axe-core is not installed here ({AXE})")
    (fixture / "broken.yaml").write_text("name: [x\n")  # the list of unread files too
    open_page(browser, fixture, scheme)
    browser.set_script_timeout(60)
    result = run_axe(browser)
    assert result["violations"] == []
    # The rules the issue names ran on this page, and passed.
    assert {
        "color-contrast",
        "heading-order",
        "landmark-one-main",
        "region",
        "scrollable-region-focusable",
        "svg-img-alt",
        "aria-allowed-attr",
        "label",
        "th-has-data-cells",
    } <= set(result["passes"])


# -- the TBA countdown: releases from today -----------------------------------------------


@pytest.mark.parametrize(
    ("today", "countdown", "left"),
    [
        # The case: `release: 2027.1` on 2026-12-01 is one release away, not 0 days.
        ("2026-12-01", "1 release until the 2027.1 cutoff (2026.2 is current today).", 1),
        ("2026-06-30", "2 releases until the 2027.1 cutoff (2026.1 is current today).", 2),
        (
            "2027-03-01",
            "The 2027.1 cutoff is the release current today: an account upgraded to it "
            "cannot create new TBA integrations.",
            0,
        ),
        (
            "2027-07-01",
            "The 2027.1 cutoff has passed (2027.2 is current today): no new TBA integration "
            "can be created.",
            -1,
        ),
    ],
)
def test_the_countdown_counts_releases_from_today_whatever_the_target_release(
    fixture: Path, monkeypatch: pytest.MonkeyPatch, today: str, countdown: str, left: int
) -> None:
    from nslint import inventory

    monkeypatch.setattr(inventory, "today", lambda: datetime.date.fromisoformat(today))
    (fixture / ".nslint.yaml").write_text("release: 2027.1\n")
    for release in (("--release", "2027.1"), ()):  # the flag, and the configuration's key
        run = nslint("report", "--format", "json", *release)
        summary = json.loads(run.out)["summary"]
        assert (summary["countdown"], summary["tba_migration"]["releases_left"]) == (
            countdown,
            left,
        )
        run = nslint("report", "--format", "markdown", *release)
        assert f"- {countdown}\n" in run.out
        page = nslint("report", "--format", "html", *release).out
        number = f'<span class="big">{left}</span> ' if left >= 0 else ""
        sentence = countdown.removeprefix(f"{left} ") if left >= 0 else countdown
        assert f"<p>{number}{sentence}</p>" in page
    assert "day" not in run.out.replace("today", "")


def test_the_clock_is_read_when_no_day_is_given(project: Path) -> None:
    from nslint import inventory
    from nslint.results import Settings

    assert inventory.collect([], Settings()).today == TODAY  # the clock fixture's day
    given = datetime.date(2030, 1, 2)
    assert inventory.collect([], Settings(), given).releases_left == -6  # 2030.1 - 2027.1


# -- files that are not readable specs, in every format -----------------------------------

SECRET = "ab12" * 16  # 64 hexadecimal characters: a credential to NS501


@pytest.fixture
def unreadable(project: Path) -> Path:
    (project / "broken.yaml").write_bytes(b"name: [x\n")
    (project / "latin1.yaml").write_bytes(b"name: caf\xe9\n")
    (project / "binary.yaml").write_bytes(b"name: a\x00\n")
    (project / "big.yaml").write_bytes(b"name: big\n" + b"#" * 2000 + b"\n")
    (project / "multi.yaml").write_text(
        f'name: Good\nuser_credentials: true\n---\n- not a mapping\n---\n"{SECRET}"\n'
    )
    return project


UNREAD = [
    (
        "big.yaml:1:1",
        "NS008 input-limit: the file is larger than the 1024 bytes limit and was not parsed; "
        "raise the limit (max-file-size, --max-file-size) if it really is a spec",
    ),
    (
        "binary.yaml:1:8",
        "NS001 yaml-syntax: this is a binary file, not YAML: it contains a NUL byte; an "
        "integration spec is UTF-8 text",
    ),
    (
        "broken.yaml:2:1",
        "NS001 yaml-syntax: YAML syntax error: the flow list `[` opened at line 1, column 7 "
        "is not closed: add `]` after its last item, or `,` between its items",
    ),
    (
        "latin1.yaml:1:10",
        "NS001 yaml-syntax: the file is not valid UTF-8: byte 0xe9 cannot be decoded; save "
        "the file as UTF-8",
    ),
    (
        "multi.yaml:4:1",
        "NS003 schema: the spec must be a mapping of fields (name, oauth2, ...), not a list",
    ),
    (
        "multi.yaml:6:1",
        "NS003 schema: the spec must be a mapping of fields (name, oauth2, ...), not a string "
        "(<redacted>)",
    ),
    (
        "multi.yaml:6:1",
        "NS501 secret-in-spec: `the spec` holds what looks like a credential: treat it as "
        "leaked, reset it (Reset Credentials on the integration record) and keep it in a "
        "secret store, not in the spec",
    ),
]
LIMIT = ("--max-file-size", "1KiB")


def test_json_lists_each_unreadable_file_with_its_findings(unreadable: Path) -> None:
    run = nslint("report", "--isolated", *LIMIT, "--format", "json")
    assert (run.code, run.err) == (0, "")
    assert SECRET not in run.out
    document = json.loads(run.out)
    assert [i["name"] for i in document["integrations"]] == ["Good"]
    assert document["integrations"][0]["findings"] == []  # the other documents' are not its
    unread = document["summary"]["unreadable"]
    assert [(u["path"], u["error"]) for u in unread] == [
        (name, None) for name in ("big.yaml", "binary.yaml", "broken.yaml", "latin1.yaml")
    ] + [("multi.yaml", None)]
    listed = [
        (f"{f['path']}:{f['line']}:{f['column']}", f"{f['code']} {f['rule']}: {f['message']}")
        for u in unread
        for f in u["findings"]
    ]
    assert listed == UNREAD
    assert [(f["end_line"], f["end_column"]) for f in unread[4]["findings"]] == [
        (4, 16),
        (6, 67),
        (6, 67),
    ]


def test_markdown_lists_each_unreadable_file_with_its_findings(unreadable: Path) -> None:
    from nslint.display import markdown as md

    run = nslint("report", "--isolated", *LIMIT, "--format", "markdown")
    assert (run.code, run.err) == (0, "")
    assert SECRET not in run.out
    section = run.out.split("### Not read as integration specs\n\n")[1].split("\n\n")[0]
    assert section.splitlines() == [f"- {md(where)}: error {md(what)}" for where, what in UNREAD]


def test_csv_lists_each_unreadable_file_with_its_findings(unreadable: Path) -> None:
    run = nslint("report", "--isolated", *LIMIT, "--format", "csv")
    assert (run.code, run.err) == (0, "")
    assert SECRET not in run.out
    rows = list(csv.DictReader(io.StringIO(run.out)))
    assert [(r["Name"], r["File"], r["Problem"]) for r in rows] == [
        ("Good", "multi.yaml:1", ""),
        *(("(not read)", where, f"error {what}") for where, what in UNREAD),
    ]
    assert {(r["Errors"], r["Warnings"], r["Notices"]) for r in rows[1:]} == {("1", "0", "0")}


def test_html_lists_each_unreadable_file_with_its_findings(unreadable: Path) -> None:
    import html

    run = nslint("report", "--isolated", *LIMIT, "--format", "html")
    assert (run.code, run.err) == (0, "")
    assert SECRET not in run.out
    section = run.out.split("<h2>Not read as integration specs</h2><ul>")[1].split("</ul>")[0]
    assert section == "".join(
        f'<li><code>{html.escape(where)}</code>: <span class="error">error</span> '
        f"{html.escape(what)}</li>"
        for where, what in UNREAD
    )


def test_a_missing_file_is_listed_in_every_format(fixture: Path) -> None:
    problem = "cannot read missing.yaml: no such file or directory"
    unread = json.loads(nslint(*ARGS, "--format", "json", ".", "missing.yaml").out)
    assert unread["summary"]["unreadable"] == [
        {"path": "missing.yaml", "error": problem, "findings": []}
    ]
    text = nslint(*ARGS, "--format", "markdown", ".", "missing.yaml").out
    assert (
        "- missing\\.yaml: error cannot read missing\\.yaml\\: no such file or directory\n" in text
    )
    rows = list(
        csv.DictReader(io.StringIO(nslint(*ARGS, "--format", "csv", ".", "missing.yaml").out))
    )
    assert (rows[-1]["Name"], rows[-1]["File"], rows[-1]["Problem"], rows[-1]["Errors"]) == (
        "(not read)",
        "missing.yaml",
        f"error {problem}",
        "0",
    )
    page = nslint(*ARGS, "--format", "html", ".", "missing.yaml").out
    assert f'<li><code>missing.yaml</code>: <span class="error">error</span> {problem}</li>' in page


# -- values as the spec has them ----------------------------------------------------------


def test_values_of_the_wrong_type_are_shown_as_written_not_as_defaults(project: Path) -> None:
    (project / "quoted.yaml").write_text(
        "name: 48\nstate: 5\noauth2:\n  authorization_code_grant: true\n"
        '  refresh_token_validity_hours: "48"\n  max_token_rotation_hours: 1.5\n'
        "  scopes: restlets\n  redirect_uris: [https://example.com/cb]\n"
        "accounts:\n  '123': {state: null}\n"
    )
    integration = json.loads(report("json"))["integrations"][0]
    assert (integration["name"], integration["state"], integration["scopes"]) == (
        "48",
        "5",
        ['"restlets"'],
    )
    assert integration["accounts"] == [{"account": "123", "state": "null"}]
    assert integration["refresh_token_validity_hours"] == {
        "hours": "48",
        "default": False,
        "shown": '"48"',
    }
    assert integration["max_token_rotation_hours"] == {
        "hours": 1.5,
        "default": False,
        "shown": "1.5",
    }
    row = next(csv.DictReader(io.StringIO(report("csv"))))
    assert (row["Refresh token (h)"], row["Token rotation (h)"], row["State"]) == (
        '"48"',
        "1.5",
        "5",
    )
    assert "| 48 | quoted\\.yaml\\:1 | 5 | 123\\: null |" in report("markdown")
    assert "(default)" not in report("markdown")


def test_every_summary_key_the_docs_name_is_in_the_json(fixture: Path) -> None:
    summary = json.loads(report("json"))["summary"]
    docs = (REPO / "docs" / "report.md").read_text(encoding="utf-8")
    named = re.findall(r"`summary\.([a-z_.]+)`", docs)
    assert len(named) == 5
    for path in named:
        value = summary
        for part in path.split("."):
            assert isinstance(value, dict), path
            assert part in value, path
            value = value[part]


@pytest.mark.parametrize("flag", [("--fail-on", "warning"), ("--baseline", "b.json")])
def test_report_refuses_the_checks_options(fixture: Path, flag: tuple[str, str]) -> None:
    run = nslint(*ARGS, *flag)
    assert (run.code, run.out) == (2, "")
    assert f"Error: No such option '{flag[0]}'." in run.err
