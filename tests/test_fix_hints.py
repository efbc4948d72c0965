"""Fixes can be found: the text summary says how many findings --fix (and --unsafe-fixes)
would rewrite, as ruff's does, and --diff says what --unsafe-fixes would add."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import nslint

HTTP = """\
name: Acme CRM
oauth2:
  authorization_code_grant: true
  redirect_uris: [http://crm.example.com/cb]
  scopes: [restlets]
"""
HIDDEN = "No fixes available (1 hidden fix can be enabled with the `--unsafe-fixes` option).\n"
ARGS = ("check", "--isolated", "--no-cache")


def test_the_text_summary_counts_the_hidden_fix(project: Path) -> None:
    (project / "http.yaml").write_text(HTTP)
    run = nslint(*ARGS, "http.yaml")
    assert run.code == 1
    assert run.out.endswith("\nFound 1 error in 1 of 1 file.\n" + HIDDEN)


def test_concise_stays_one_line_per_finding(project: Path) -> None:
    (project / "http.yaml").write_text(HTTP)
    run = nslint(*ARGS, "--format", "concise", "http.yaml")
    assert len(run.out.splitlines()) == 1
    assert run.out.startswith("http.yaml:4:19: error NS101 ")
    run = nslint(*ARGS, "--quiet", "http.yaml")
    assert "fix" not in run.out


def test_safe_and_hidden_fixes_are_counted_apart(project: Path) -> None:
    (project / "http.yaml").write_text(HTTP)
    (project / "yes.yaml").write_text(
        "name: Acme\noauth2:\n  client_credentials: yes\n  scopes: [restlets]\n"
    )
    run = nslint(*ARGS, ".")
    assert run.out.splitlines()[-1] == (
        "[*] 1 fixable with the `--fix` option (1 hidden fix can be enabled with the "
        "`--unsafe-fixes` option)."
    )


def test_no_note_without_a_fixable_finding(project: Path) -> None:
    (project / "a.yaml").write_text("name: a\nscopes: 1\n")
    run = nslint(*ARGS, "a.yaml")
    assert "fix" not in run.out


def test_diff_names_the_unsafe_fix_it_leaves_out(project: Path) -> None:
    spec = project / "http.yaml"
    spec.write_text(HTTP)
    run = nslint(*ARGS, "--diff", "http.yaml")
    assert (run.code, run.out, run.err) == (
        0,
        "",
        "nslint: 1 hidden fix can be enabled with the `--unsafe-fixes` option\n",
    )
    run = nslint(*ARGS, "--diff", "--unsafe-fixes", "http.yaml")
    assert (run.code, run.err) == (1, "")
    assert "+  redirect_uris: [https://crm.example.com/cb]\n" in run.out
    assert spec.read_text() == HTTP
