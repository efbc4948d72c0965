"""A rule owns its behaviour: its fix and the fix's safety, whether it is always on,
whether its spans are credentials. ``fix`` names no rule; nothing reads a finding's
message to learn whether it can be fixed."""

from __future__ import annotations

import re
import types
from pathlib import Path

import pytest

from nslint import fix, plugins, redact
from nslint.diagnostics import Finding, Span, Unfixable
from nslint.engine import check
from nslint.registry import Registry, builtin
from nslint.results import Settings
from nslint.ruleset import RuleSet, default
from nslint.source import Source

RULES = builtin().rules


def test_the_fixes_and_their_safety_are_the_rules_own() -> None:
    safety = {code: rule.fix.safe for code, rule in RULES.items() if rule.fix is not None}
    assert safety == {
        "NS003": False,
        "NS004": True,
        "NS101": False,
        "NS104": True,
        "NS900": True,
    }
    only = {code: rule.fix.only for code, rule in RULES.items() if rule.fix and rule.fix.only}
    assert only == {"NS003": "a scope written as its form label or an older name"}


def test_fixable_codes_follow_the_safety_of_each_rules_fix() -> None:
    assert fix.fixable(RULES, unsafe=False) == {"NS004", "NS104", "NS900"}
    assert fix.fixable(RULES, unsafe=True) == {"NS003", "NS004", "NS101", "NS104", "NS900"}


def test_always_on_and_redact_are_rule_attributes_the_rule_set_gathers() -> None:
    assert {code for code, rule in RULES.items() if rule.always_on} == {"NS001", "NS008", "NS009"}
    assert {code for code, rule in RULES.items() if rule.redact} == {"NS501"}
    rules = default()
    assert rules.always_on == frozenset({"NS001", "NS008", "NS009"})
    assert rules.redacting is True
    assert rules.redact_codes == frozenset({"NS501"})
    without = RuleSet(rules.registry, rules.enabled - {"NS501"}, rules.severities, rules.options)
    assert (without.redact_codes, without.redacting) == (frozenset(), False)


@pytest.mark.parametrize("module", [fix, redact], ids=["fix", "redact"])
def test_fix_and_redact_name_no_rule_code(module: types.ModuleType) -> None:
    text = Path(module.__file__ or "").read_text(encoding="utf-8")
    assert re.findall(r"NS\d{3}|\bCODE\b", text) == []


def test_an_unfixable_finding_is_still_the_tuple_of_its_fields() -> None:
    span = Span(1, 1, 1, 2)
    unfixable = Unfixable("NS900", span, "m")
    assert unfixable == Finding("NS900", span, "m") == ("NS900", span, "m")
    assert (Finding("NS900", span, "m").fixable, unfixable.fixable) == (True, False)
    assert unfixable._replace(message="n").fixable is False


def test_whether_an_unused_suppression_is_fixable_is_told_not_read_from_its_message() -> None:
    text = (
        "name: Acme CRM  # nslint: disable=NS301\nstate: enabled  # nslint: disable=NS999,NS001\n"
    )
    result = check("spec.yaml", Settings(), data=text)
    found = [(d.code, d.span.line, d.span.column, d.fixable) for d in result.diagnostics]
    assert found == [
        ("NS601", 1, 1, True),  # no fix: fixable says only that nothing forbids one
        ("NS900", 1, 35, True),  # suppressed nothing: removed
        ("NS900", 2, 35, False),  # unknown (its plugin may not have loaded): kept
        ("NS900", 2, 41, False),  # cannot be suppressed: kept, for the reader to see
    ]
    rules = default().rules
    edits = fix.plan(Source(text), result.diagnostics, rules, fix.fixable(rules, False))
    assert fix.apply(text, edits) == "name: Acme CRM\n" + text.splitlines(keepends=True)[1]


def test_the_cache_keeps_whether_a_finding_is_fixable() -> None:
    from nslint import cache_trust

    text = "name: Acme CRM  # nslint: disable=NS301,NS999\n"
    result = check("spec.yaml", Settings(), data=text)
    stored = cache_trust.dump(result, 1)
    loaded = cache_trust.findings_of("spec.yaml", stored, default())
    assert loaded is not None
    assert [(d.code, d.span.column, d.fixable) for d in loaded.diagnostics] == [
        ("NS601", 1, True),
        ("NS900", 35, True),
        ("NS900", 41, False),
    ]
    assert loaded.diagnostics == result.diagnostics


@pytest.mark.parametrize(
    "claim",
    [
        {"always_on": True},
        {"redact": True},
        {"fix": RULES["NS004"].fix},
    ],
)
def test_a_plugin_rule_cannot_claim_nslints_own_behaviour(claim: dict[str, object]) -> None:
    rule = RULES["NS104"].replace(code="ACME001", **claim)
    message = (
        "rule 'ACME001': fix, always_on and redact are for nslint's own rules; leave them unset"
    )
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        plugins._rules("acme", rule)
    assert plugins._rules("acme", RULES["NS104"].replace(code="ACME001", fix=None))


def test_each_rule_is_checked_when_its_precheck_passes_and_only_then() -> None:
    """``RuleSet.checks_for`` keeps the rules' order and drops exactly those whose
    precheck is false for the text, whichever of several prechecks pass (a truthy
    result counts as passing); it remembers its answer per outcome, not per text."""
    rules = default()
    registry = dict(rules.registry.rules)
    registry["NS101"] = registry["NS101"].replace(precheck=lambda text: "a" in text)
    registry["NS606"] = registry["NS606"].replace(precheck=lambda text: re.search("b", text))
    prechecked = RuleSet(
        Registry(registry, rules.registry.problems), rules.enabled, rules.severities, rules.options
    )
    every = [rule.code for rule, _, _ in prechecked.checks]
    assert every[:2] == ["NS101", "NS102"]
    assert every[-3:] == ["NS605", "NS606", "NS701"]
    for text, dropped in [
        ("ab", {"NS501"}),
        ("a", {"NS501", "NS606"}),
        ("b", {"NS501", "NS101"}),
        ("", {"NS501", "NS101", "NS606"}),
        ("ab password", set()),
        ("note: x\n", {"NS501", "NS101", "NS606"}),  # the same outcome as ""
    ]:
        kept = [rule.code for rule, _, _ in prechecked.checks_for(text)]
        assert kept == [code for code in every if code not in dropped], text
    assert len(prechecked._checks_passing) == 5  # one per outcome met
    assert [rule.code for rule, _, _ in rules.checks_for("password")] == every
