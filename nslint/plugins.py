"""Python plugins: rules that other packages expose through the entry-point group
``nslint.rules`` (``docs/writing-rules.md``).

A plugin is loaded only when the configuration names it (``plugins``, ``--plugin``), so
that a repository's results never depend on what else happens to be installed. The
entry point refers to a ``Rule`` or a list of them. A plugin that is not installed,
fails to import or exposes something that is not a valid rule is reported by name; the
run goes on with every other rule, and exits 2 at the end.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from importlib import metadata
from typing import Any

from nslint.diagnostics import Severity
from nslint.rule import Rule
from nslint.schema import compile_schema

GROUP = "nslint.rules"
CODE = re.compile(r"[A-Z]+[0-9]+")
NAME = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")


def installed() -> dict[str, metadata.EntryPoint]:
    """The installed plugins, by entry-point name."""
    return {entry.name: entry for entry in metadata.entry_points(group=GROUP)}


def load(names: Sequence[str]) -> tuple[list[Rule], list[str]]:
    """The rules of each named plugin, and a message for each plugin that failed."""
    available = installed()
    rules: list[Rule] = []
    problems: list[str] = []
    for name in names:
        entry = available.get(name)
        if entry is None:
            known = ", ".join(sorted(available)) or "none"
            problems.append(
                f"plugin {name!r} is not installed: no entry point {name!r} in the group "
                f"{GROUP} (installed plugins: {known})"
            )
            continue
        try:
            exposed = entry.load()
        except BaseException as error:  # a plugin's import may raise anything, even SystemExit
            if isinstance(error, KeyboardInterrupt):
                raise
            problems.append(
                f"plugin {name!r} ({entry.value}) failed to load: {type(error).__name__}: {error}"
            )
            continue
        try:
            rules.extend(_rules(name, exposed))
        except ValueError as error:
            problems.append(f"plugin {name!r} ({entry.value}): {error}")
    return rules, problems


def _rules(plugin: str, exposed: Any) -> list[Rule]:
    items: Iterable[Any] = [exposed] if isinstance(exposed, Rule) else exposed
    if not isinstance(items, (list, tuple)):
        raise ValueError(f"exposes {type(exposed).__name__}, not a Rule or a list of Rules")
    rules = []
    for item in items:
        if not isinstance(item, Rule):
            raise ValueError(f"exposes {type(item).__name__} among its rules, not a Rule")
        problem = _invalid(item)
        if problem:
            raise ValueError(f"rule {item.code!r}: {problem}")
        rules.append(item.replace(origin=f"plugin {plugin}"))
    return rules


def _invalid(rule: Rule) -> str | None:
    if not isinstance(rule.code, str) or not CODE.fullmatch(rule.code):
        return "a code is capital letters then digits, such as ACME001"
    if rule.code.startswith("NS"):
        return "the NS prefix is nslint's own; give the rule your organisation's"
    if not isinstance(rule.name, str) or not NAME.fullmatch(rule.name):
        return "a rule name is kebab-case, such as redirect-uri-on-our-domain"
    if not isinstance(rule.severity, Severity):
        return "the severity must be a nslint.rule.Severity"
    if not callable(rule.check):
        return "a plugin rule needs a check function"
    if not isinstance(rule.summary, str) or not isinstance(rule.doc, str):
        return "the summary and doc must be text"
    if not isinstance(rule.enabled, bool):
        return "enabled must be True or False"
    if not isinstance(rule.options, Mapping) or not isinstance(rule.option_schema, Mapping):
        return "options and option_schema must be mappings by option name"
    if rule.fix is not None or rule.always_on is not False or rule.redact is not False:
        # redact.find trusts that a file without an NS501 finding holds no credential,
        # and an always-on rule cannot be ignored: neither is a plugin's to claim.
        return "fix, always_on and redact are for nslint's own rules; leave them unset"
    return _invalid_options(rule)


def _invalid_options(rule: Rule) -> str | None:
    for name, schema in rule.option_schema.items():
        if name not in rule.options:
            return f"option_schema has `{name}`, which has no default in options"
        try:
            validator = compile_schema(schema)
        except (ValueError, TypeError) as error:
            reason = str(error).split("\n", 1)[0]
            return f"the schema of option `{name}` is not a JSON Schema: {reason}"
        if not validator.is_valid(rule.options[name]):
            return f"the default of option `{name}` breaks its schema"
    return None
