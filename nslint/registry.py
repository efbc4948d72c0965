"""Every rule a run knows, by code: the one place rule metadata is looked up.

The rules come from the structural rules (checked by the parse, the schema and the
suppression step), the Python rules in ``nslint/checks/``, the built-in declarative
pack ``rules/netsuite.yaml``, and then whatever the configuration adds: organisation
rule packs and plugins.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Final

from nslint.errors import UsageError
from nslint.packs import load_pack
from nslint.rule import Rule
from nslint.structural import RULES as STRUCTURAL_RULES
from nslint.suppress import RULES as SUPPRESSION_RULES


class Registry:
    """The rules of a run, in code order, and the plugins that failed to give theirs.

    A plain class, not a NamedTuple, so that importing it generates no code (issue 16)."""

    __slots__ = ("problems", "rules")

    def __init__(self, rules: Mapping[str, Rule], problems: tuple[str, ...] = ()) -> None:
        self.rules: Final = rules
        self.problems: Final = problems


@functools.cache
def builtin() -> Registry:
    """nslint's own rules."""
    from nslint.checks import RULES as PYTHON_RULES
    from nslint.packs import builtin_rules
    from nslint.sdf_rules import RULES as SDF_RULES

    return Registry(
        _by_code(
            [*STRUCTURAL_RULES, *SUPPRESSION_RULES, *PYTHON_RULES, *SDF_RULES, *builtin_rules()]
        )
    )


def all_rules() -> Mapping[str, Rule]:
    """nslint's own rules by code."""
    return builtin().rules


def build(packs: Sequence[str] = (), plugin_names: Sequence[str] = ()) -> Registry:
    """nslint's rules plus those of the given rule packs and plugins.

    A broken rule pack, or a pack rule whose code is taken, raises a ``UsageError``. A
    plugin problem is kept in ``problems`` and the plugin's rules are left out.
    """
    if not packs and not plugin_names:
        return builtin()
    rules = dict(builtin().rules)
    seen: set[str] = set()
    for pack in packs:
        if os.path.abspath(pack) in seen:
            continue  # named twice (in the configuration and on the command line)
        seen.add(os.path.abspath(pack))
        for rule in load_pack(pack):
            if rule.code in rules:
                taken = rules[rule.code].origin
                raise UsageError(f"{pack}: rule {rule.code} has the code of a rule from {taken}")
            rules[rule.code] = rule
    from nslint import plugins

    plugin_rules, problems = plugins.load(plugin_names) if plugin_names else ([], [])
    for rule in plugin_rules:
        if rule.code in rules:
            problems.append(
                f"{rule.origin}: rule {rule.code} has the code of a rule from "
                f"{rules[rule.code].origin}; it was not loaded"
            )
        else:
            rules[rule.code] = rule
    return Registry(_by_code(rules.values()), tuple(problems))


def _by_code(rules: Iterable[Rule]) -> dict[str, Rule]:
    by_code: dict[str, Rule] = {}
    for rule in sorted(rules, key=lambda r: r.code):
        if rule.code in by_code:
            raise ValueError(f"two rules have the code {rule.code}")
        by_code[rule.code] = rule
    return by_code
