"""Rules written as data: the built-in pack ``rules/netsuite.yaml`` (and, later, an
organisation's own packs).

A declarative rule says *where* (a selector of spec locations), *when* (an optional
JSON Schema that the whole spec must match for the rule to apply) and *what must hold*
(a JSON Schema fragment that each selected value must match). A selected value that does
not match is a finding, located at that value (or at its key, with ``at: key``)::

    - id: NS301
      name: public-client
      severity: warning
      select: oauth2.public_client
      assert: {const: false}
      message: "..."

Selectors are dotted paths: ``oauth2.redirect_uris[*]`` (every item of a list),
``accounts.*.state`` (every value of a mapping), ``$`` (the whole spec). An option is
used in a fragment as ``{$option: max}`` and in a message as ``{max}``; messages may
also use ``{value}``, ``{path}`` and ``{key}``.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator, Mapping
from typing import Any

import jsonschema_rs
import yaml

from nslint.diagnostics import Finding, Severity
from nslint.document import Document, JSONPath
from nslint.resources import resource_path
from nslint.rule import Context, Rule
from nslint.values import path_text, show

BUILTIN_PACK = "netsuite.yaml"

_STEP = re.compile(r"([^.\[\]]+)|\[(\*|\d+)\]|\.")


class PackError(ValueError):
    """A rule pack that cannot be used: names the pack, the rule and what is wrong."""


class _AnyKey:
    """A selector step that matches every value of a mapping (``*``)."""


class _AnyItem:
    """A selector step that matches every item of a list (``[*]``)."""


ANY_KEY, ANY_ITEM = _AnyKey(), _AnyItem()
Step = str | int | _AnyKey | _AnyItem


def parse_selector(text: str) -> tuple[Step, ...]:
    """``"oauth2.redirect_uris[*]"`` -> ("oauth2", "redirect_uris", ANY_ITEM)."""
    if text in ("$", ""):
        return ()
    steps: list[Step] = []
    position = 0
    expect_name = True
    while position < len(text):
        match = _STEP.match(text, position)
        if match is None or (match.group(0) == "." and expect_name):
            raise ValueError(f"bad selector {text!r} at character {position + 1}")
        name, index = match.group(1), match.group(2)
        if name is not None:
            if not expect_name:
                raise ValueError(f"bad selector {text!r}: a '.' is missing before {name!r}")
            steps.append(ANY_KEY if name == "*" else name)
            expect_name = False
        elif index is not None:
            steps.append(ANY_ITEM if index == "*" else int(index))
        else:
            expect_name = True
        position = match.end()
    if expect_name:
        raise ValueError(f"bad selector {text!r}: it ends with '.'")
    return tuple(steps)


def select(data: Any, steps: tuple[Step, ...]) -> Iterator[tuple[JSONPath, Any]]:
    """Every (path, value) in ``data`` that the selector steps reach."""
    frontier: list[tuple[JSONPath, Any]] = [((), data)]
    for step in steps:
        reached: list[tuple[JSONPath, Any]] = []
        for path, node in frontier:
            if isinstance(step, _AnyKey) and isinstance(node, dict):
                reached.extend(((*path, key), value) for key, value in node.items())
            elif isinstance(step, _AnyItem) and isinstance(node, list):
                reached.extend(((*path, i), value) for i, value in enumerate(node))
            elif isinstance(step, str) and isinstance(node, dict) and step in node:
                reached.append(((*path, step), node[step]))
            elif type(step) is int and isinstance(node, list) and 0 <= step < len(node):
                reached.append(((*path, step), node[step]))
        frontier = reached
    yield from frontier


def _with_options(fragment: Any, options: Mapping[str, Any]) -> Any:
    """Replace each ``{$option: name}`` in a schema fragment with the option's value."""
    if isinstance(fragment, dict):
        if set(fragment) == {"$option"}:
            return options[fragment["$option"]]
        return {key: _with_options(value, options) for key, value in fragment.items()}
    if isinstance(fragment, list):
        return [_with_options(item, options) for item in fragment]
    return fragment


class DeclarativeRule:
    """The check of one declarative rule (compiled once per set of options)."""

    def __init__(self, spec: Mapping[str, Any], pack: str) -> None:
        self.code: str = spec["id"]
        where = f"rule pack {pack}, rule {self.code}"
        self.at_key = spec.get("at", "value") == "key"
        self.message: str = spec["message"]
        self.defaults: dict[str, Any] = dict(spec.get("options", {}))
        selectors = spec["select"]
        try:
            self.selectors = [
                parse_selector(s)
                for s in ([selectors] if isinstance(selectors, str) else selectors)
            ]
        except ValueError as error:
            raise PackError(f"{where}: {error}") from None
        fields = {name for _, name, _, _ in string.Formatter().parse(self.message) if name}
        unknown = fields - {"value", "path", "key"} - set(self.defaults)
        if unknown:
            raise PackError(f"{where}: the message uses unknown fields {sorted(unknown)}")
        self.when_schema = spec.get("when")
        self.assert_schema = spec["assert"]
        self._compiled: dict[str, tuple[Any, Any]] = {}
        try:
            self._validators(self.defaults)
        except (ValueError, KeyError) as error:
            raise PackError(f"{where}: invalid schema fragment: {error}") from None

    def _validators(self, options: Mapping[str, Any]) -> tuple[Any, Any]:
        key = repr(sorted(options.items()))
        compiled = self._compiled.get(key)
        if compiled is None:
            when = None
            if self.when_schema is not None:
                when = jsonschema_rs.validator_for(_with_options(self.when_schema, options))
            check = jsonschema_rs.validator_for(_with_options(self.assert_schema, options))
            compiled = self._compiled[key] = (when, check)
        return compiled

    def __call__(
        self, doc: Document, options: Mapping[str, Any], context: Context
    ) -> Iterator[Finding]:
        when, check = self._validators(options)
        if when is not None and not when.is_valid(doc.data):
            return
        for steps in self.selectors:
            for path, value in select(doc.data, steps):
                if check.is_valid(value):
                    continue
                span = doc.key_span(path) if self.at_key else doc.value_span(path)
                fields = {
                    **options,
                    "value": show(value),
                    "path": path_text(path) or "the spec",
                    "key": path[-1] if path else "",
                }
                yield Finding(self.code, span, self.message.format_map(fields))


def load_pack(path: str, label: str) -> list[Rule]:
    """The rules of one pack file."""
    with open(path, encoding="utf-8") as handle:
        content = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    rules = []
    for spec in content["rules"]:
        check = DeclarativeRule(spec, label)
        rules.append(
            Rule(
                code=spec["id"],
                name=spec["name"],
                severity=Severity.parse(spec["severity"]),
                summary=spec["summary"],
                doc=spec["doc"],
                check=check,
                options=check.defaults,
                origin=label,
            )
        )
    return rules


def builtin_rules() -> list[Rule]:
    """The rules of the built-in pack, ``rules/netsuite.yaml``."""
    return load_pack(str(resource_path("rules", BUILTIN_PACK)), BUILTIN_PACK)
