"""The Python rules: one small module each, its documentation in its docstring.

Plain data checks live in the declarative pack ``rules/netsuite.yaml`` instead; the
rules here need logic (URI parsing, defaults, release comparison, secret detection).

Adding one is adding its module: every module of this package that defines ``RULE`` is
a rule (the others, such as ``uris``, are helpers that rules share).
"""

from __future__ import annotations

import importlib
import os

from nslint.rule import Rule


def _found() -> tuple[Rule, ...]:
    """The ``RULE`` of every module beside this file, by code. (A listing of the folder,
    not ``pkgutil``: importing that costs a one-file run more than the listing.)"""
    rules = []
    with os.scandir(__path__[0]) as entries:
        names = sorted(e.name[:-3] for e in entries if e.name.endswith(".py") and e.name[0] != "_")
    for name in names:
        rule = getattr(importlib.import_module(f"{__name__}.{name}"), "RULE", None)
        if isinstance(rule, Rule):
            rules.append(rule)
    return tuple(sorted(rules, key=lambda rule: rule.code))


RULES: tuple[Rule, ...] = _found()
