"""Rules written as data: the built-in pack ``rules/netsuite.yaml`` and an organisation's
own rule packs (``rule-packs`` in the configuration).

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
``accounts.*.state`` (every value of a mapping), ``$`` (the whole spec). With
``missing: report``, a selected key that is absent is a finding too, located at its
parent's key. An option is used in a fragment as ``{$option: max}`` and in a message as
``{max}``; messages may also use ``{value}``, ``{path}`` and ``{key}``.

A pack is validated against ``schemas/rule-pack.schema.json`` and every selector,
fragment and message is compiled when the pack is loaded, so that a broken pack is a
``PackError`` naming the file, the line and the rule before any spec is checked.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Iterator, Mapping
from typing import Any

from nslint import yaml_file
from nslint.diagnostics import Finding, Severity
from nslint.document import Document, JSONPath
from nslint.errors import UsageError, at
from nslint.resources import resource_path
from nslint.rule import Context, Rule
from nslint.schema import SchemaChecker, compile_schema, json_path
from nslint.values import path_text, show

BUILTIN_PACK = "netsuite.yaml"
PACK_SCHEMA = "rule-pack.schema.json"
MISSING = "missing"
"""What ``{value}`` says in a message about an absent key (``missing: report``)."""

_STEP = re.compile(r"([^.\[\]]+)|\[(\*|\d+)\]|\.")


class PackError(UsageError):
    """A rule pack that cannot be used: names the pack, the line, the rule and the fault."""


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
    if text.startswith("$."):
        text = text[2:]  # the JSONPath habit: $.oauth2.scopes
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
            if expect_name:
                raise ValueError(
                    f"bad selector {text!r}: [{index}] must follow a key, as in "
                    "oauth2.redirect_uris[*]"
                )
            steps.append(ANY_ITEM if index == "*" else int(index))
        else:
            expect_name = True
        position = match.end()
    if expect_name:
        raise ValueError(f"bad selector {text!r}: it ends with '.'")
    return tuple(steps)


def select(data: Any, steps: tuple[Step, ...]) -> tuple[list[tuple[JSONPath, Any]], list[JSONPath]]:
    """(path, value) of what the steps reach, and the paths of a last key that is absent
    from a mapping that exists. (Runs for every rule on every document: kept lean.)"""
    frontier: list[tuple[JSONPath, Any]] = [((), data)]
    missing: list[JSONPath] = []
    for step in steps:
        reached: list[tuple[JSONPath, Any]] = []
        missing = []
        for path, node in frontier:
            node_kind = type(node)
            if type(step) is str:
                if node_kind is dict:
                    if step in node:
                        reached.append(((*path, step), node[step]))
                    else:
                        missing.append((*path, step))
            elif step is ANY_KEY:
                if node_kind is dict:
                    reached.extend(((*path, key), value) for key, value in node.items())
            elif step is ANY_ITEM:
                if node_kind is list:
                    reached.extend(((*path, i), value) for i, value in enumerate(node))
            elif type(step) is int and node_kind is list and 0 <= step < len(node):
                reached.append(((*path, step), node[step]))
        frontier = reached
    return frontier, missing


def _option_uses(fragment: Any, path: JSONPath = ()) -> Iterator[tuple[JSONPath, Any]]:
    """Each ``{$option: name}`` in a schema fragment: (its path in the fragment, name)."""
    stack: list[tuple[JSONPath, Any]] = [(path, fragment)]
    while stack:
        where, node = stack.pop()
        if isinstance(node, dict):
            if set(node) == {"$option"}:
                yield where, node["$option"]
                continue
            stack.extend(((*where, key), value) for key, value in node.items())
        elif isinstance(node, list):
            stack.extend(((*where, i), value) for i, value in enumerate(node))


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

    def __init__(self, spec: Mapping[str, Any], defaults: Mapping[str, Any]) -> None:
        self.code: str = spec["id"]
        self.at_key = spec.get("at", "value") == "key"
        self.report_missing = spec.get("missing", "ignore") == "report"
        self.message: str = spec["message"]
        selectors = spec["select"]
        self.selectors = [
            parse_selector(s) for s in ([selectors] if isinstance(selectors, str) else selectors)
        ]
        # The usual rule selects plain key paths (no wildcard, no index), mostly absent.
        self._plain_paths: list[tuple[str, ...]] | None = None
        if not self.report_missing and all(
            steps and all(type(step) is str for step in steps) for steps in self.selectors
        ):
            self._plain_paths = self.selectors  # type: ignore[assignment]
        self.when_schema = spec.get("when")
        self.assert_schema = spec["assert"]
        self._compiled: dict[str, tuple[Any, Any]] = {}
        self._last: tuple[Mapping[str, Any], tuple[Any, Any]] | None = None
        # Compiled on first use; a pack's fragments were compiled once when it loaded.

    def prepare(self, options: Mapping[str, Any]) -> str | None:
        """Compile the rule for these options; why it cannot be, if it cannot."""
        try:
            self._validators(options)
        except (ValueError, TypeError) as error:
            return (
                "with this value, the rule's JSON Schema is invalid: "
                + str(error).split("\n", 1)[0]
            )
        return None

    def _validators(self, options: Mapping[str, Any]) -> tuple[Any, Any]:
        last = self._last
        if last is not None and last[0] is options:  # the run's own options mapping
            return last[1]
        key = repr(sorted(options.items()))
        compiled = self._compiled.get(key)
        if compiled is None:
            when = None
            if self.when_schema is not None:
                when = compile_schema(_with_options(self.when_schema, options))
            check = compile_schema(_with_options(self.assert_schema, options))
            compiled = self._compiled[key] = (when, check)
        self._last = (options, compiled)
        return compiled

    def __call__(
        self, doc: Document, options: Mapping[str, Any], context: Context
    ) -> Iterator[Finding]:
        plains = self._plain_paths
        found: list[tuple[list[tuple[JSONPath, Any]], list[JSONPath]]]
        if plains is not None:
            found = []
            for plain in plains:
                node = doc.data
                for key in plain:
                    if type(node) is not dict or key not in node:
                        break
                    node = node[key]
                else:
                    found.append(([(plain, node)], []))
            if not found:
                return
        else:
            found = [select(doc.data, steps) for steps in self.selectors]
            if not any(values or (self.report_missing and missing) for values, missing in found):
                return  # nothing selected: no need to evaluate `when` on the whole spec
        when, check = self._validators(options)
        if when is not None and not when.is_valid(doc.data):
            return
        for values, missing in found:
            for path, value in values:
                if not check.is_valid(value):
                    span = doc.key_span(path) if self.at_key else doc.value_span(path)
                    yield Finding(self.code, span, self._message(options, path, show(value)))
            if self.report_missing:
                for path in missing:
                    yield Finding(
                        self.code, doc.key_span(path[:-1]), self._message(options, path, MISSING)
                    )

    def _message(self, options: Mapping[str, Any], path: JSONPath, value: str) -> str:
        fields = {
            **options,
            "value": value,
            "path": path_text(path) or "the spec",
            "key": path[-1] if path else "",
        }
        return self.message.format_map(fields)


@functools.cache
def _pack_checker() -> SchemaChecker:
    return SchemaChecker(PACK_SCHEMA, "pack", "the rule pack", "rules", "it lists the rules")


def load_pack(path: str, *, builtin: bool = False, label: str | None = None) -> list[Rule]:
    """The rules of the pack file ``path``; a broken pack raises a ``PackError``.

    ``label`` is how the pack is named in messages and in ``nslint rules`` (its path by
    default). Only the built-in pack may use ``NS`` codes.
    """
    label = label or path
    try:
        doc = yaml_file.read(path, "rule pack", None if builtin else _pack_checker())
    except PackError:
        raise
    except UsageError as error:
        raise PackError(str(error)) from None
    rules: list[Rule] = []
    seen: set[str] = set()
    for index, spec in enumerate(doc.data["rules"]):
        rule = _pack_rule(doc, ("rules", index), spec, label, builtin)
        if rule.code in seen:
            raise PackError(
                at(
                    label,
                    doc.value_span(("rules", index, "id")),
                    f"two rules have the id {rule.code}",
                )
            )
        seen.add(rule.code)
        rules.append(rule)
    return rules


def _pack_rule(
    doc: Document, where: JSONPath, spec: Mapping[str, Any], label: str, builtin: bool
) -> Rule:
    code = spec["id"]

    def fail(path: JSONPath, message: str) -> PackError:
        return PackError(at(label, doc.value_span((*where, *path)), f"rule {code}: {message}"))

    if code.startswith("NS") and not builtin:
        raise fail(("id",), "the NS prefix is nslint's own; give the rule your organisation's")
    selectors = spec["select"]
    for index, text in enumerate([selectors] if isinstance(selectors, str) else selectors):
        try:
            parse_selector(text)
        except ValueError as error:
            place = ("select",) if isinstance(selectors, str) else ("select", index)
            raise fail(place, str(error)) from None
    option_schemas: dict[str, Any] = dict(spec.get("options", {}))
    defaults = {name: schema["default"] for name, schema in option_schemas.items()}
    # The built-in pack's schemas are compiled by its tests, and on first use at run time.
    for name, schema in () if builtin else option_schemas.items():
        _check_fragment(fail, ("options", name), schema)
        if not compile_schema(schema).is_valid(schema["default"]):
            raise fail(
                ("options", name, "default"), f"the default of option `{name}` breaks its schema"
            )
    for part in ("when", "assert"):
        if part not in spec:
            continue
        for path, name in _option_uses(spec[part], (part,)):
            if not isinstance(name, str) or name not in defaults:
                shown = name if isinstance(name, str) else show(name)
                raise fail(path, f"`{{$option: {shown}}}` names no option of this rule")
        if not builtin:
            _check_fragment(fail, (part,), _with_options(spec[part], defaults))
    try:
        parsed = list(string.Formatter().parse(spec["message"]))
    except ValueError as error:
        raise fail(("message",), f"the message is not a valid template: {error}") from None
    fields = {name for _, name, _, _ in parsed if name is not None}
    unknown = fields - {"value", "path", "key"} - set(defaults)
    if unknown:
        raise fail(("message",), f"the message uses unknown fields {sorted(unknown)}")
    if any(spec_ or conversion for _, name, spec_, conversion in parsed if name is not None):
        raise fail(
            ("message",), "message fields are plain `{name}`, without a conversion or format"
        )
    description: str = spec.get("description", "")
    return Rule(
        code=code,
        name=spec["name"],
        severity=Severity.parse(spec["severity"]),
        summary=spec.get("summary") or _first_line(description) or spec["name"],
        doc=description,
        check=DeclarativeRule(spec, defaults),
        options=defaults,
        option_schema=option_schemas,
        enabled=spec.get("enabled", True),
        origin=label,
    )


def _check_fragment(fail: Any, where: JSONPath, fragment: Any) -> None:
    try:
        compile_schema(fragment)
    except ValueError as error:
        inner = json_path(fragment, getattr(error, "instance_path", []))
        reason = str(error).split("\n", 1)[0]
        if reason.endswith('is not a "regex"'):
            reason += (
                " (patterns run in linear time: lookaround and backreferences are not "
                "supported, and a pattern must compile to less than 1 MiB)"
            )
        raise fail((*where, *inner), f"invalid JSON Schema in `{where[0]}`: {reason}") from None


def _first_line(markdown: str) -> str:
    for line in markdown.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            return line
    return ""


def builtin_rules() -> list[Rule]:
    """The rules of the built-in pack, ``rules/netsuite.yaml``."""
    return load_pack(str(resource_path("rules", BUILTIN_PACK)), builtin=True, label=BUILTIN_PACK)
