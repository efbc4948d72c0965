"""Every rule nslint knows, by code: the one place that metadata is looked up."""

from __future__ import annotations

import functools

from nslint.rule import Rule
from nslint.structural import RULES as STRUCTURAL_RULES


@functools.cache
def all_rules() -> dict[str, Rule]:
    """All rules by code, in code order."""
    return {rule.code: rule for rule in sorted(STRUCTURAL_RULES, key=lambda r: r.code)}
