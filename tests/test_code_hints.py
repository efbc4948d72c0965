"""A mistyped rule code gets a suggestion: --select (upper case, O for 0) and explain
(the codes a prefix starts, a pack's code without its pack)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import nslint


@pytest.mark.parametrize(
    ("given", "meant"),
    [("NS1O1", "NS101"), ("ns101", "NS101"), ("ns3", "NS3"), ("nS1o1", "NS101")],
)
def test_select_suggests_the_upper_case_code(project: Path, given: str, meant: str) -> None:
    run = nslint("check", "--isolated", "--select", given)
    assert (run.code, run.out, run.err.splitlines()[-1]) == (
        2,
        "",
        f"Error: Invalid value for '--select': {given!r} is not a rule code or prefix "
        f"(such as NS301, NS3); did you mean {meant}?",
    )


def test_select_says_no_more_when_nothing_is_meant(project: Path) -> None:
    run = nslint("check", "--isolated", "--ignore", "NS-1")
    assert run.err.endswith(
        "Error: Invalid value for '--ignore': 'NS-1' is not a rule code or prefix (such as "
        "NS301, NS3)\n"
    )


def explain_error(code: str) -> str:
    run = nslint("explain", "--isolated", code)
    assert (run.code, run.out) == (2, "")
    return run.err.splitlines()[-1]


def test_explain_a_prefix_lists_the_codes_it_starts(project: Path) -> None:
    assert explain_error("NS10") == (
        "Error: no rule 'NS10'; it is the prefix of NS101, NS102, NS103, NS104, NS105, "
        "NS106, NS107: explain one of them"
    )


def test_explain_a_packs_code_names_rule_pack(project: Path) -> None:
    assert explain_error("ORG001") == (
        "Error: no rule 'ORG001'; no rule loaded has a code starting ORG: a rule pack's rule "
        "is explained with its pack (--rule-pack PATH, or rule-packs in the configuration)"
    )


def test_explain_a_close_code_or_name(project: Path) -> None:
    assert explain_error("NS999") == "Error: no rule 'NS999'; did you mean NS901?"
    assert explain_error("redirect-uri-schem") == (
        "Error: no rule 'redirect-uri-schem'; did you mean redirect-uri-scheme?"
    )
