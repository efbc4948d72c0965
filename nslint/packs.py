"""Rule packs: loading and validating the YAML files of declarative rules, the built-in
``rules/netsuite.yaml`` and an organisation's own (``rule-packs`` in the configuration).

A pack is validated against ``schemas/rule-pack.schema.json`` and every selector
(``selectors``), fragment and message is compiled when the pack is loaded, so that a
broken pack is a ``PackError`` naming the file, the line and the rule before any spec is
checked. Each rule of a pack becomes a ``Rule`` whose check is a ``DeclarativeRule``.

The built-in pack is edited as ``rules/netsuite.yaml`` and shipped as well as
``rules/netsuite.json``, its data, which every run reads instead: parsing the YAML with
positions cost each run about 2.7 ms, reading the JSON 0.1 ms (issue 16).
``python -m nslint.catalogue`` writes the JSON (``builtin_json``), and a test fails
when it is stale.
"""

from __future__ import annotations

import functools
import json
import string
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from nslint.declarative import DeclarativeRule, with_options
from nslint.diagnostics import Severity
from nslint.document import Document, JSONPath
from nslint.errors import UsageError, at
from nslint.resources import resource_path
from nslint.rule import Rule
from nslint.schema import SchemaChecker, compile_schema, json_path
from nslint.selectors import parse_selector
from nslint.values import show

BUILTIN_PACK = "netsuite.yaml"
BUILTIN_PACK_JSON = "netsuite.json"
PACK_SCHEMA = "rule-pack.schema.json"


class PackError(UsageError):
    """A rule pack that cannot be used: names the pack, the line, the rule and the fault."""


@functools.cache
def _pack_checker() -> SchemaChecker:
    return SchemaChecker(PACK_SCHEMA, "pack", "the rule pack", "rules", "it lists the rules")


def load_pack(path: str, *, builtin: bool = False, label: str | None = None) -> list[Rule]:
    """The rules of the pack file ``path``; a broken pack raises a ``PackError``.

    ``label`` is how the pack is named in messages and in ``nslint rules`` (its path by
    default). Only the built-in pack may use ``NS`` codes.
    """
    from nslint import yaml_file  # here: the parser is not needed for the built-in pack

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


def builtin_rules() -> list[Rule]:
    """The rules of the built-in pack, ``rules/netsuite.yaml``, read from its data in
    ``rules/netsuite.json`` (written from the YAML by ``python -m nslint.catalogue``)."""
    with open(resource_path("rules", BUILTIN_PACK_JSON), encoding="utf-8") as handle:
        data = json.load(handle)
    return [_rule(spec, BUILTIN_PACK) for spec in data["rules"]]


def builtin_json(yaml_path: str) -> str:
    """The text of ``rules/netsuite.json`` for the built-in pack at ``yaml_path``: its
    data, once its rules have loaded (a broken pack raises a ``PackError`` at its line)."""
    from nslint import yaml_file

    load_pack(yaml_path, builtin=True, label=BUILTIN_PACK)
    data = yaml_file.read(yaml_path, "rule pack", _pack_checker()).data
    note = f"Generated from rules/{BUILTIN_PACK} by `python -m nslint.catalogue`: edit the YAML"
    return json.dumps({"$comment": note, **data}, indent=1, ensure_ascii=False) + "\n"


def _pack_rule(
    doc: Document, where: JSONPath, spec: Mapping[str, Any], label: str, builtin: bool
) -> Rule:
    """The rule of ``spec``, the rule at ``where`` in the pack ``doc``, once it passes
    every check a pack's rule must (a ``PackError`` at its line when it does not)."""
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
            _check_fragment(fail, (part,), with_options(spec[part], defaults))
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
    return _rule(spec, label)


def _rule(spec: Mapping[str, Any], label: str) -> Rule:
    """The rule of a pack's ``spec`` that passed ``_pack_rule``'s checks: the built-in
    pack's JSON did, as YAML, when ``python -m nslint.catalogue`` wrote it (a test fails
    when the JSON is stale), so a run does not check it again."""
    option_schemas: dict[str, Any] = dict(spec.get("options", {}))
    defaults = {name: schema["default"] for name, schema in option_schemas.items()}
    description: str = spec.get("description", "")
    return Rule(
        code=spec["id"],
        name=spec["name"],
        severity=Severity.parse(spec["severity"]),
        summary=spec.get("summary") or _first_line(description) or spec["name"],
        doc=description,
        check=DeclarativeRule(spec, defaults),
        options=defaults,
        option_schema=option_schemas,
        enabled=spec.get("enabled", True),
        origin=label,
        tags=tuple(spec.get("tags", ())),
    )


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


def _check_fragment(
    fail: Callable[[JSONPath, str], PackError], where: JSONPath, fragment: Any
) -> None:
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
