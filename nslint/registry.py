"""Every rule nslint knows, by code: the one place that rule metadata is looked up.

The rules come from three places: the structural rules (checked by the parse and the
schema), the Python rules in ``nslint/checks/``, and the built-in declarative pack
``rules/netsuite.yaml``.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from nslint.rule import Check, Rule
from nslint.structural import RULES as STRUCTURAL_RULES


@functools.cache
def all_rules() -> dict[str, Rule]:
    """All rules by code, in code order."""
    from nslint.checks import RULES as PYTHON_RULES
    from nslint.declarative import builtin_rules

    rules = [*STRUCTURAL_RULES, *PYTHON_RULES, *builtin_rules()]
    by_code: dict[str, Rule] = {}
    for rule in sorted(rules, key=lambda r: r.code):
        if rule.code in by_code:
            raise ValueError(f"two rules have the code {rule.code}")
        by_code[rule.code] = rule
    return by_code


@functools.cache
def policy_checks() -> tuple[tuple[Check, Mapping[str, Any]], ...]:
    """(check, options) of each rule that runs on every document, worked out once."""
    return tuple(
        (rule.check, rule.options) for rule in all_rules().values() if rule.check is not None
    )
