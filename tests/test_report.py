"""nslint report: the inventory's numbers, its formats, and the page in a real browser."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, nslint

FIXTURE = REPO / "tests" / "report_fixture"
GOLDEN = REPO / "tests" / "golden" / "expected" / "report.md"
ARGS = ("report", "--isolated", "--release", "2026.2")


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
    # new-tba.yaml has no application_id (a new record: blocked from 2027.1);
    # 2027-02-01 (assumed rollout of 2027.1) - 2026-08-01 (of 2026.2) = 184 days.
    assert summary["tba_migration"] == {"new": 1, "existing": 1, "days_left": 184}
    assert summary["public_clients"] == 1
    assert [(r["code"], r["count"]) for r in summary["findings_by_rule"]] == [
        ("NS401", 2),
        ("NS101", 1),
        ("NS205", 1),  # warehouse.yaml: token rotation hours with client credentials only
        ("NS301", 1),
    ]
    assert "Assumes NetSuite 2027.1 reaches accounts on 2027-02-01" in summary["assumption"]


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
    assert acme["refresh_token_validity_hours"] == {"hours": 24, "default": False}
    assert acme["max_token_rotation_hours"] == {"hours": 168, "default": True}
    sales = rows["Field sales app"]
    assert (sales["line"], sales["client"], [f["code"] for f in sales["findings"]]) == (
        13,
        "public",
        ["NS301", "NS101"],  # in line order: public_client (16), then the URI (17)
    )
    assert rows["Legacy order sync"]["state"] == "blocked"
    assert rows["New TBA integration"]["tba_migration"] == "new"
    assert rows["Warehouse robot"]["max_token_rotation_hours"] == {"hours": 72, "default": False}


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
    assert "### Files that could not be read" in run.out
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
    run = nslint("check", "--isolated", "--summary", "--format", "concise")
    assert "--summary does nothing: GITHUB_STEP_SUMMARY is not set" in run.err


def test_report_writes_to_a_file(fixture: Path) -> None:
    run = nslint(*ARGS, "--format", "html", "-o", "inventory.html")
    assert (run.code, run.out) == (0, "")
    assert (fixture / "inventory.html").read_text().startswith("<!DOCTYPE html>")


# -- the page in a real browser -----------------------------------------------------------


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
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--window-size=1280,900",
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


def test_the_page_renders_sorts_and_filters_in_chromium(fixture: Path, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    nslint(*ARGS, "--format", "html", "-o", "inventory.html")
    browser.get((fixture / "inventory.html").as_uri())
    # One row per integration.
    assert visible_names(browser) == [
        "Acme CRM",
        "Field sales app",
        "Legacy order sync",
        "New TBA integration",
        "Warehouse robot",
    ]
    # The charts are there, with a bar per value.
    charts = browser.find_elements(By.CSS_SELECTOR, "svg.chart")
    assert [c.get_attribute("data-chart") for c in charts] == [
        "authentication-methods",
        "tba-migration",
        "findings",
    ]
    assert len(charts[0].find_elements(By.TAG_NAME, "rect")) == 6
    # Sorting: by name, descending on the second click; by a number column.
    headings = browser.find_elements(By.CSS_SELECTOR, "#integrations thead th")
    name = next(h for h in headings if h.text.startswith("Name"))
    name.click()
    name.click()
    assert visible_names(browser)[0] == "Warehouse robot"
    assert name.get_attribute("aria-sort") == "descending"
    notices = next(h for h in headings if h.text.startswith("Notices"))
    notices.click()
    notices.click()
    assert sorted(visible_names(browser)[:2]) == ["Legacy order sync", "New TBA integration"]
    assert notices.get_attribute("aria-sort") == "descending"
    # Filtering: every word must match.
    search = browser.find_element(By.ID, "filter")
    search.send_keys("TBA new")
    assert visible_names(browser) == ["New TBA integration"]
    assert browser.find_element(By.ID, "shown").text == "1"
    search.clear()
    search.send_keys("public")
    assert visible_names(browser) == ["Field sales app"]
    # The name links to its findings, with the annotated source line.
    link = browser.find_element(By.LINK_TEXT, "Field sales app")
    target = browser.find_element(By.ID, link.get_attribute("href").split("#")[1])
    assert "^~~~" in target.text
    assert "error[NS101]" in target.text
